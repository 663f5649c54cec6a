# `make run`: the app on SQLite with demo data at http://127.0.0.1:5000, and its mail worker
# `make test`: lint and the whole test suite (PostgreSQL too when TEST_DATABASE_URL is set)
# `make messages`: re-extract translatable strings and update the catalogs (then translate what is new)
# `make translations`: compile the catalogs (.po → .mo); `run` and `test` do it when needed
# `make bench`: benchmarks (bench/run.py --quick on SQLite; override with BENCH_ARGS=..., see docs/benchmarks.md);
#   installs wrk when missing (root) and fails only on errors, not on missed targets
# `make mutants`: break each key promise on purpose (mutation/curated.toml) in a scratch copy and
#   fail unless a test notices; PostgreSQL too when TEST_DATABASE_URL is set (docs/testing.md)
# `make mutmut`: mutmut's score of the pure rules modules (bookings, workspaces, budget); not in `make test`
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export FLASK_APP := wsgi

# Catalogs: coworking/translations/<lang>/LC_MESSAGES/messages.po, compiled to .mo (not committed).
I18N_DIR := coworking/translations
POT      := $(I18N_DIR)/messages.pot
PO_FILES := $(wildcard $(I18N_DIR)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)

BENCH_ARGS ?= --quick
MUTANTS_ARGS ?=

.PHONY: run test lint format install install-dev clean translations messages bench mutants mutmut

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# The worker runs beside the dev server and sends the outbox (development writes each mail as an
# .eml under instance/mail/); Ctrl-C stops both, and the worker stops too if the server exits.
run: install translations
	COWORKING_ENVIRONMENT=development $(BIN)/flask db upgrade
	COWORKING_ENVIRONMENT=development $(BIN)/flask seed-demo
	@export COWORKING_ENVIRONMENT=development; \
	$(BIN)/flask worker & worker=$$!; \
	trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
	trap 'exit 130' INT TERM; \
	$(BIN)/flask run --host 127.0.0.1 --port 5000

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/bandit -q -r coworking -ll
	$(BIN)/lint-imports --no-cache

format: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint translations
	$(BIN)/python -m pytest

bench: install-dev translations
	bash bench/ensure-wrk
	$(BIN)/python -m bench.run $(BENCH_ARGS)

mutants: install-dev translations
	$(BIN)/python -m mutation.run $(MUTANTS_ARGS)

# mutmut copies the tree to mutants/ and runs the fast rules tests on SQLite only.
mutmut: install-dev translations
	rm -rf mutants
	env -u TEST_DATABASE_URL $(BIN)/mutmut run
	$(BIN)/mutmut results

translations: $(MO_FILES)

$(I18N_DIR)/%/LC_MESSAGES/messages.mo: $(I18N_DIR)/%/LC_MESSAGES/messages.po | $(VENV)/.runtime
	$(BIN)/pybabel compile --statistics -l $* -i $< -o $@

messages: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -k lazy_ngettext:1,2 --add-comments=Translators: --add-location=file \
		--project=coworking --copyright-holder="coworking contributors" --sort-by-file -o $(POT) .
	$(BIN)/pybabel update -i $(POT) -d $(I18N_DIR) --ignore-obsolete --previous

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis mutants
	rm -f $(MO_FILES)
