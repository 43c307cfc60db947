"""Background jobs: long work run by a Celery worker with a progress page (see ``kinds.py``)."""
