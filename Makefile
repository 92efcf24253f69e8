# newsflow: `make run` on a fresh clone installs into .venv and runs the pipeline on seeds/;
# `make test` installs and runs the whole suite.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test test-unit test-flows test-quality test-e2e serve bench eval clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Error: $(PYTHON) not found (Python 3.11 is required)"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,scale]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/newsflow run

test: install
	$(BIN)/python -m pytest

# The tiers: unit (library, seconds), flows (the DAG under prefect_test_harness), quality (gold
# files and corpus-wide floors, minutes), e2e (installed CLI, real Prefect server, real browser).
test-unit: install
	$(BIN)/python -m pytest tests/unit

test-flows: install
	$(BIN)/python -m pytest tests/flows

test-quality: install
	$(BIN)/python -m pytest tests/quality

test-e2e: install
	$(BIN)/python -m pytest tests/e2e

serve: install
	$(BIN)/newsflow serve

bench: install
	$(BIN)/python -m bench.throughput

eval: install
	$(BIN)/newsflow eval ../shared/corpus/bbc

clean:
	rm -rf data .pytest_cache
