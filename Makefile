# Two commands for a fresh machine with only Python >= 3.11 and make:
#   make demo   — set up .venv, install coffeechat, run the demo on data/sample into reports/
#   make test   — set up .venv with the dev extra, lint, type-check and run the whole test suite
# Both are idempotent: the install steps re-run only when pyproject.toml changes.

PYTHON ?= $(shell for p in python3.13 python3.12 python3.11 python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
	&& { echo $$p; break; }; done)
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.coffeechat-run
DEV_STAMP := $(VENV)/.coffeechat-dev

.PHONY: demo test quick lint typecheck bench sample clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Error: Python >= 3.11 not found, install it and run make again"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(DEV_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(RUN_STAMP)

# An editable install leaves the source uncompiled, and PYTHONDONTWRITEBYTECODE (set on some
# machines) keeps Python from caching it: compile it ahead (only what changed; a tenth of a second),
# so each command does not compile every module again.
COMPILE := $(BIN)/python -m compileall -q -j 0 src

demo: $(RUN_STAMP)
	@$(COMPILE)
	$(BIN)/coffeechat demo --out reports

test: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/lint-imports --no-cache
	$(BIN)/vulture
	@$(COMPILE)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

# The local loop: every check but the slow end-to-end tests, in parallel.
quick: $(DEV_STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy src
	$(BIN)/python -m pytest -q -n auto --dist loadfile -m "not slow"

lint: $(DEV_STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

# Regenerate the committed synthetic sample (deterministic: the files only change when the generator does).
sample: $(RUN_STAMP)
	$(BIN)/python -m coffeechat.sample data/sample

# Every benchmark in turn (the import one builds a 500,000-row directory and takes a few minutes).
bench: $(DEV_STAMP)
	cd benchmarks && for script in bench_outreach.py bench_workbook.py bench_rank_speed.py \
		bench_ranking_quality.py bench_import.py bench_interactive.py; do \
		echo "== $$script"; ../$(BIN)/python $$script || exit 1; done
	@echo "== bench_semantic.py (needs pip install -e '.[semantic]')"
	-cd benchmarks && ../$(BIN)/python bench_semantic.py

clean:
	rm -rf $(VENV) reports/*.xlsx reports/*.png reports/*.svg reports/*.html reports/workspace
