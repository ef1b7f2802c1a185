# Everything runs in a local virtual environment that the targets create.
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: setup serve test test-all bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

serve: setup
	$(VENV)/bin/nnbuilder serve

test: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

test-all: setup
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q -m "slow or not slow"

bench: setup
	$(PY) bench/check_latency.py
	$(PY) bench/convert_times.py

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .hypothesis
