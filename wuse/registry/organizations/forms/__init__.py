"""The organization forms (``organizations.py``: registration, status, members, documents, filters) and the
social-worker forms (``workers.py``)."""
