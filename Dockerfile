# Production image for wuse: gunicorn (web), celery worker and celery beat all run from it
# (see docker-compose.yml). Settings: wuse.settings.production, configured by environment.
FROM python:3.11-slim

# BASE_DIR (templates/, static/, locale/) is derived from the settings file's location, so
# the code must be imported from /app, not from the copy `pip install .` puts in
# site-packages: PYTHONPATH makes gunicorn, celery and manage.py all find /app first.
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

# Runtime Debian packages: CJK fonts and Pango for generated documents (WeasyPrint PDFs).
# psycopg[binary] bundles libpq, so no libpq5 is needed.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 wuse \
    && useradd --system --uid 10001 --gid wuse --home-dir /app --shell /usr/sbin/nologin wuse

WORKDIR /app
COPY . /app
RUN pip install . && rm -rf build wuse.egg-info

# production.py refuses to start without real-looking values; these dummies exist only for
# this RUN line (collectstatic touches neither the database nor Redis).
RUN DJANGO_SETTINGS_MODULE=wuse.settings.production \
    SECRET_KEY=build-only-collectstatic-not-a-secret-0123456789abcdefghij \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    REDIS_URL=redis://localhost:6379/0 \
    python manage.py collectstatic --noinput --verbosity 1

# var/ holds uploaded media (a volume in docker-compose.yml); the app user must own it.
RUN mkdir -p /app/var/media /app/var/celery && chown -R wuse:wuse /app/var

USER wuse
EXPOSE 8000
ENV DJANGO_SETTINGS_MODULE=wuse.settings.production
CMD ["gunicorn", "wuse.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--forwarded-allow-ips=*", "--access-logfile", "-"]
