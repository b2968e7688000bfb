# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test lint migrate content worker browser-deps clean prod-check prune

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

migrate: $(STAMP)
	$(BIN)/python manage.py migrate --noinput

content: migrate
	$(BIN)/python manage.py load_school_content

# Serve the site with a background task worker beside it; Ctrl-C stops both.
run: content
	@echo "Site: http://$(HOST):$(PORT)/   Admin: http://$(HOST):$(PORT)/admin/"
	@trap 'kill 0' INT TERM EXIT; \
	$(BIN)/python manage.py db_worker --backend db --queue-name '*' & \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: $(STAMP)
	$(BIN)/python manage.py db_worker --backend db --queue-name '*'

# One worker per core (pytest-xdist), whole test files per worker, in the order collected.
TEST_WORKERS ?= auto
test: $(STAMP)
	$(BIN)/python -m pytest --numprocesses=$(TEST_WORKERS) --dist=loadfile --no-loadscope-reorder \
		$(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# Production readiness: check --deploy, the migration check and a smoke request against
# gunicorn (deploy/prod_check.py). Set REDIS_URL (and DATABASE_URL to check a real database).
prod-check: $(STAMP)
	$(BIN)/python deploy/prod_check.py

prune: $(STAMP)
	$(BIN)/python manage.py prune_personal_data

# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here).
browser-deps:
	command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)

clean:
	rm -rf $(VENV) var
