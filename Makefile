# wuse — 五社联动 case management. `make help` lists the targets.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
REGIONS ?= data/hangzhou-divisions-2023.csv
PORT ?= 8000
# pytest-xdist processes for `make test` (0: one process). Not --dist worksteal: a stolen test can run after a
# transactional test has flushed the rows the migrations seeded (pytest-django runs those tests last).
TEST_WORKERS ?= 2

.DEFAULT_GOAL := help
.PHONY: help install run test lint migrate demo messages bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## Create .venv and install wuse with its dev tools

migrate: install ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

demo: migrate ## Import the region tree and load the demo accounts and records
	$(BIN)/python manage.py import_regions $(REGIONS)
	$(BIN)/python manage.py load_demo

run: demo ## Set up and serve the embedded demo on http://127.0.0.1:8000, or PORT=8001 make run (SQLite, in-process Celery)
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	WUSE_DEMO=1 PORT=$(PORT) bash scripts/run-embedded.sh

test: install ## Run the whole test suite (services are used when DATABASE_URL/REDIS_URL are set)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

lint: install ## ruff, Django's checks (also --deploy under production settings), no missing migration, no import cycle
	$(BIN)/ruff check .
	$(BIN)/python manage.py check --fail-level WARNING
	PYTHON=$(BIN)/python bash scripts/check-deploy.sh
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python scripts/import_graph.py

messages: install ## Re-extract, translate (scripts/zh_hans.py) and compile the zh-hans catalog
	$(BIN)/python manage.py makemessages -l zh_Hans --no-obsolete -i '.venv/*' -i 'staticfiles/*' -i 'tests/*' -i 'var/*'
	-$(BIN)/python scripts/zh_hans.py  # lists what is untranslated; tests/test_i18n.py fails on it
	$(BIN)/python manage.py compilemessages -l zh_Hans -i '.venv'

bench: install ## Print performance figures (see bench/README.md; flags: BENCH_ARGS='--seconds 5 --skip breakdown')
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean: ## Remove the embedded database, broker files and collected static files
	rm -rf var staticfiles
