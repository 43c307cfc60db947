"""Settings of the served bench: the production settings (DEBUG off, PostgreSQL, Redis cache, database
sessions saved on every request, the second factor for city accounts…) with what a loopback bench needs.

Only for ``bench/``: the secrets below are fixed so that every gunicorn worker and the bench process that
creates the sessions agree, and they protect nothing. The environment may override them (the smoke test
passes its own SECRET_KEY so that sessions it creates are valid in the served process).
"""

import os
from pathlib import Path

os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-7c1e5a9b3d0f2468ace13579bdf02468ace1357")
# A Fernet key is 32 url-safe base64 bytes: this is base64 of "bench-only-not-a-secret-32bytes!".
os.environ.setdefault("PII_ENCRYPTION_KEYS", "YmVuY2gtb25seS1ub3QtYS1zZWNyZXQtMzJieXRlcyE=")
os.environ.setdefault("PII_INDEX_KEY", "bench-only-blind-index-key-not-secret-0123456789")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/13")
os.environ.setdefault("LOG_LEVEL", "WARNING")

from wuse.settings.production import *  # noqa: E402, F403
from wuse.settings.production import ALLOWED_HOSTS, TEMPLATES  # noqa: E402

BENCH_DIR = Path(__file__).resolve().parent

# The bare 20-row view lives at /bench/bare/, next to every URL of the project (bench/urls.py).
ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BENCH_DIR / "templates"]}]
# The hashed-name storage needs `collectstatic`'s manifest; the plain one costs the same per page.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Django's test client (the in-process figures) calls itself "testserver". The load client sends
# X-Forwarded-Proto: https like the TLS proxy in front of production, so SECURE_SSL_REDIRECT stays on.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]
