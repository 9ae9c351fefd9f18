# Two commands on a fresh machine: `make run` (the app) and `make test` (every check CI runs).
# Each installs what it needs: a virtual environment from requirements.txt, and for the
# tests Debian's Chromium, strace and nginx (see scripts/ensure_system.sh).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8501

# pytest in this many processes (pytest-xdist), each test file whole in one of them: two on this
# 2-core machine take 6-7 minutes where one took 11. Each process starts its own test server and browser.
TEST_WORKERS ?= 2

.PHONY: run cluster test lint validate unit messages clean

$(STAMP): requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(PY) -m streamlit run server.py --server.address $(HOST) --server.port $(PORT)

# Several replicas behind Debian's nginx on this machine (REPLICAS, default 2; nginx on port 8080).
REPLICAS ?= 2
cluster: $(STAMP)
	bash scripts/ensure_system.sh
	$(PY) -m deploy.cluster --replicas $(REPLICAS) --port 8080

test: $(STAMP)
	bash scripts/ensure_system.sh
	$(PY) -m ruff check --no-cache .
	$(PY) -m mypy
	$(PY) -m components.data.validate
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile

# Faster loop while developing: no browser tests.
unit: $(STAMP)
	$(PY) -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not e2e"

lint: $(STAMP)
	$(PY) -m ruff check --no-cache .
	$(PY) -m mypy

validate: $(STAMP)
	$(PY) -m components.data.validate

# The interface's catalogs (components/data/i18n.py): extract every string marked with _(), N_() or
# ngettext() into i18n/messages.pot and merge it into i18n/locale/{zh,ru}/LC_MESSAGES/messages.po,
# where translators fill in msgstr. The app compiles the .po files in memory when it starts.
LANGS := zh ru
messages: $(STAMP)
	$(VENV)/bin/pybabel extract -F i18n/babel.cfg -k _ -k N_ -k ngettext:1,2 --no-location --sort-output -w 100 \
	  --add-comments=TRANSLATORS: --project "China-Central Asia Cooperation Monitor" -o i18n/messages.pot .
	for l in $(LANGS); do \
	  if [ -f i18n/locale/$$l/LC_MESSAGES/messages.po ]; then \
	    $(VENV)/bin/pybabel update --no-fuzzy-matching --ignore-obsolete -w 100 -i i18n/messages.pot -d i18n/locale -l $$l; \
	  else $(VENV)/bin/pybabel init -i i18n/messages.pot -d i18n/locale -l $$l; fi; \
	done

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
