# Everything runs in a local virtual environment that the targets create.
# Code copied verbatim into exported scripts: one folder, formatted at the default 88 columns.
STANDALONE_SOURCES = nnbuilder/verbatim/*.py
VENV ?= .venv
PYTHON ?= python3
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BUNDLES := $(addprefix nnbuilder/static/,editor.js editor.css training.js training.css app.js app.css digit-pad.js digit-pad.css)

.PHONY: setup widgets serve test test-all bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $(STAMP)

# The widgets' browser side; `pip install` builds it too, this rebuilds it after edits.
$(BUNDLES) &: $(shell find widgets/src -type f) $(wildcard nnbuilder/locale/*.json) widgets/package.json widgets/package-lock.json widgets/build.mjs
	cd widgets && npm install --no-audit --no-fund && npm run build  # as the package build does

widgets: $(BUNDLES)

setup: $(STAMP) $(BUNDLES)

serve: setup
	$(VENV)/bin/nnbuilder serve

# Tests without a browser run on two processes, a file to each at a time (a module's shared model is made
# once); the browser tests, whose servers and pages share the machine, run on one after them.
UNIT_TESTS := -n 2 --dist loadfile --ignore=tests/browser

test: lint
	cd widgets && npm test
	$(PY) -m pytest -q $(UNIT_TESTS)
	$(PY) -m pytest -q tests/browser

test-all: lint
	$(PY) -m pip install -q -e '.[dev,cluster]'  # the cluster engine's tests start a Ray cluster
	cd widgets && npm test
	$(PY) -m pytest -q -m "slow or not slow" $(UNIT_TESTS)
	$(PY) -m pytest -q -m "slow or not slow" tests/browser

bench: setup
	$(PY) bench/check_latency.py
	$(PY) bench/convert_times.py
	$(PY) bench/editor_scale.py
	$(PY) bench/editor_latency.py
	$(PY) bench/training_overhead.py
	$(PY) bench/launch_time.py
	$(PY) bench/serve_visitors.py
	$(PY) bench/real_data.py
	$(PY) bench/search_overhead.py
	$(PY) bench/histogram_overhead.py
	$(PY) bench/activation_view.py
	$(PY) bench/activation_click.py

# The static checks `test` runs first: Python lint and format, the import layers, types, the TypeScript lint.
lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff format --check --line-length 88 $(STANDALONE_SOURCES)
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy  # the packages named in pyproject's [tool.mypy] files, strictly
	cd widgets && npm run lint

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache .mypy_cache .hypothesis nnbuilder/static widgets/node_modules test-artifacts
