#!/usr/bin/env bash
# `manage.py check --deploy` under the production settings with production-like values.
# The values below are placeholders for the check only (hosts that do not resolve, a key used nowhere):
# a real deployment sets its own (see README, Configuration). Nothing connects to a database or Redis.
set -euo pipefail
cd "$(dirname "$0")/.."
exec env -i PATH="$PATH" HOME="${HOME:-/tmp}" LANG=C.UTF-8 \
  DJANGO_SETTINGS_MODULE=wuse.settings.production \
  SECRET_KEY="lint-only-9Xq2Lr7Tz4Vw8Kp1Hs6Nd3Bf5Gj0Mc-placeholder-never-deployed" \
  DATABASE_URL="postgres://wuse:lint@db.invalid:5432/wuse" \
  REDIS_URL="redis://cache.invalid:6379/0" \
  ALLOWED_HOSTS="wuse.example.gov.cn" \
  PII_ENCRYPTION_KEYS="bGludC1vbmx5LXBsYWNlaG9sZGVyLWtleS0wMDAwMDA=" \
  PII_INDEX_KEY="lint-only-index-key-placeholder-0123456789" \
  "${PYTHON:-.venv/bin/python}" manage.py check --deploy --fail-level WARNING
