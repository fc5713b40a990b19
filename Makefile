# make run   - set up everything and serve the demo site on http://127.0.0.1:8000/
# make prod  - the same demo as in production: nginx in front of gunicorn, debug off
# make test  - lint, checks and the whole test suite
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
VPY := $(VENV)/bin/python
MANAGE := $(VPY) manage.py
# The first Python 3.12+ on PATH (pyenv picks 3.13 through .python-version).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 python; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null \
	&& { command -v $$p; break; }; done)
PO_FILES := $(wildcard locale/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)

.PHONY: help run prod test bench load lighthouse messages compilemessages clean

help:
	@echo "make run    set up .venv, translations, database and demo data; serve http://127.0.0.1:8000/"
	@echo "make prod   as make run, then serve http://127.0.0.1:8080/ as in production: nginx with"
	@echo "            deploy/nginx/backman.conf in front of gunicorn, debug off (needs nginx;"
	@echo "            PORT=8081 for another port)"
	@echo "make test   ruff, Django checks, migrations check and pytest"
	@echo "make bench  load each public page with wrk through gunicorn on 127.0.0.1, page cache on and off,"
	@echo "            on SQLite and on PostgreSQL + Redis: server CPU per request against a bare response,"
	@echo "            and the latency after a content change (needs wrk), then make load"
	@echo "make load   2 minutes of load on 32 connections while results are imported and an article published"
	@echo "make lighthouse  Lighthouse on five pages through gunicorn on 127.0.0.1 (needs Chromium, npm)"
	@echo "make messages   extract translatable strings into locale/ (needs GNU gettext)"

$(VENV)/.python-ok:
	@if [ -z "$(PYTHON)" ] || ! "$(PYTHON)" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Python 3.12 or newer is needed (3.13 recommended); found: $(or $(PYTHON),none)."; \
		echo "Install it, e.g. 'pyenv install 3.13' or your system's python3.13 package, then rerun."; \
		exit 1; \
	fi
	@if [ -x $(VPY) ] && ! $(VPY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		echo "Removing $(VENV): it was made with a Python older than 3.12."; rm -rf $(VENV); \
	fi
	$(PYTHON) -m venv $(VENV)
	@touch $@

$(VENV)/.run-installed: requirements.txt $(VENV)/.python-ok
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt $(VENV)/.python-ok
	$(VPY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.run-installed

%.mo: %.po $(VENV)/.run-installed
	$(VENV)/bin/pybabel --quiet compile --domain=django -i $< -o $@

compilemessages: $(MO_FILES)

run: export DJANGO_DEBUG ?= true
run: $(VENV)/.run-installed compilemessages
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) demo
	@echo "Serving http://127.0.0.1:8000/ (Ctrl-C to stop)"
	$(MANAGE) runserver 127.0.0.1:8000

# The setup is make run's, plus collectstatic: nginx serves the collected files. The
# server itself runs with debug off (deploy/prod_local.py).
PORT ?= 8080
prod: export DJANGO_DEBUG ?= true
prod: $(VENV)/.run-installed compilemessages
	@{ command -v nginx || PATH=/usr/local/sbin:/usr/sbin:/sbin command -v nginx; } >/dev/null \
		|| { echo "nginx is needed: apt-get install -y nginx-light (or your system's nginx)"; exit 1; }
	$(MANAGE) migrate --noinput --verbosity 0
	$(MANAGE) demo
	$(MANAGE) collectstatic --noinput --verbosity 0
	$(VPY) -m deploy.prod_local --port $(PORT)

test: export DJANGO_DEBUG ?= true
test: $(VENV)/.dev-installed compilemessages
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest --ignore=tests/e2e
	# The browser tests in a process of their own: each ends with a flush of the
	# database, which no other test must follow.
	$(VENV)/bin/pytest tests/e2e -n0

# Every .py, .html and .txt of the project: the apps, their admin, templates/ (the admin's
# own templates/admin/ and templates/simple_history/ too) and wtcrsite/package_strings.py
# (other packages' words the admin shows); not what is installed or made here.
messages: export DJANGO_DEBUG ?= true
messages: $(VENV)/.run-installed
	@command -v xgettext >/dev/null || { echo "GNU gettext is needed: apt-get install gettext"; exit 1; }
	$(MANAGE) makemessages --locale sv --locale en --no-obsolete --add-location file \
		--ignore node_modules --ignore staticfiles --ignore test-results --ignore var

clean:
	rm -rf $(VENV) staticfiles $(MO_FILES) lighthouse/node_modules

bench: $(VENV)/.run-installed compilemessages
	@command -v wrk >/dev/null || { echo "wrk is needed: apt-get install -y wrk"; exit 1; }
	$(VPY) bench/run.py
	$(VPY) bench/load_with_writes.py

load: $(VENV)/.run-installed compilemessages
	$(VPY) bench/load_with_writes.py

# npm ci rewrites node_modules/.package-lock.json, so a changed lock file reinstalls.
lighthouse/node_modules/.package-lock.json: lighthouse/package.json lighthouse/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 18.20+ and npm are needed: apt-get install -y nodejs npm"; exit 1; }
	npm ci --prefix lighthouse --no-audit --no-fund
	@touch $@

lighthouse: $(VENV)/.run-installed compilemessages lighthouse/node_modules/.package-lock.json
	$(VPY) bench/lighthouse.py
