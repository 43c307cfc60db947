#!/usr/bin/env bash
# Serve the embedded demo: Django on 127.0.0.1:$PORT (8000 unless PORT is set) plus one Celery worker
# with beat, on kombu's filesystem transport under var/ (no Redis needed). Ctrl-C stops both.
set -euo pipefail
PORT="${PORT:-8000}"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || (( PORT < 1 || PORT > 65535 )); then
  echo "PORT must be a port number (1-65535), not '$PORT'" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
BIN=.venv/bin
mkdir -p var/log
"$BIN/celery" -A wuse worker -B --pool=solo --loglevel=INFO \
  --schedule var/celery/beat-schedule >var/log/celery.log 2>&1 &
CELERY_PID=$!
trap 'kill $CELERY_PID 2>/dev/null || true; wait $CELERY_PID 2>/dev/null || true' EXIT INT TERM
echo "Celery worker and beat running (pid $CELERY_PID, log var/log/celery.log)"
echo "Demo logins: see docs/DEMO.md (password for all: Wuse-demo-2026!)"
echo "Serving http://127.0.0.1:$PORT"
"$BIN/python" manage.py runserver "127.0.0.1:$PORT" --noreload
