# ocop-desk: the two set-up commands of the README are `make run` and `make test`.
# Each creates .venv on first use; later runs reinstall only when pyproject.toml changes.

PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PYTEST_ARGS ?=
RUN_ARGS ?=

.PHONY: run test dist i18n i18n-check clean distclean

# --- virtual environment, one stamp per set of extras --------------------------
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed-app: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

# --- the two README commands ---------------------------------------------------
run: $(VENV)/.installed-app
	$(BIN)/ocop-desk gui $(RUN_ARGS)

test: $(VENV)/.installed-test
	$(BIN)/python -m mypy
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest $(PYTEST_ARGS)

# --- maintainers ---------------------------------------------------------------
i18n: $(VENV)/.installed-dev
	$(BIN)/python -m tools.i18n

i18n-check: $(VENV)/.installed-dev
	$(BIN)/python -m tools.i18n --check

dist: $(VENV)/.installed-dev i18n
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN build.spec
	rm -f dist/ocop-desk.zip
	cd dist && $(abspath $(BIN))/python -c "import shutil; shutil.make_archive('ocop-desk', 'zip', '.', 'ocop-desk')"
	@du -sh dist/ocop-desk dist/ocop-desk.zip

clean:
	rm -rf build dist .pytest_cache .hypothesis .mypy_cache

distclean: clean
	rm -rf $(VENV)
