# The two commands of the quick start: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup venv lint messages clean bench lock

# The development environment: what the portal runs on (requirements.lock) and the test and
# lint tools (requirements-dev.lock, pinned to the same versions). The image installs only
# requirements.lock.
$(VENV)/.installed: requirements.lock requirements-dev.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -r requirements.lock -r requirements-dev.lock
	touch $@

venv: $(VENV)/.installed

messages: venv
	$(PY) manage.py compilemessages --ignore=$(VENV) --verbosity=0

setup: venv messages
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py demo_accounts

# The web server, a Celery worker and Celery beat (demo/management/commands/serve.py);
# Ctrl-C stops all three. E-mails link to http://$(HOST):$(PORT) unless PORTAL_BASE_URL is set.
run: setup
	@echo "Serving the RCM Portal on http://$(HOST):$(PORT)/ with a Celery worker and Celery beat; Ctrl-C stops them."
	$(PY) manage.py serve --host $(HOST) --port $(PORT)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint

test: lint messages
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest

# Figures for the pages and the PDF render on the demo data.
bench: setup
	$(PY) manage.py benchmark

# Both lock files from the dependencies declared in pyproject.toml, keeping the versions already
# pinned; `make lock UPGRADE=--upgrade` takes the newest versions the ranges allow.
lock: venv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --custom-compile-command "make lock" $(UPGRADE) --quiet -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --group dev -c requirements.lock --python-version 3.11 --custom-compile-command "make lock" $(UPGRADE) --quiet -o requirements-dev.lock

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
