# Every target bootstraps its own tools: a fresh machine has python3, pip and venv only.
SHELL := /bin/bash
.DEFAULT_GOAL := run

BOOTSTRAP := .bootstrap
UV := $(BOOTSTRAP)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

# DAGSTER_HOME, the telemetry switches and every path come from orchestration/settings.py.
export UV_LINK_MODE := copy
# Byte-compiled at install: start-up of every command (nonferrous, dagster, dbt) skips compiling
# sources, which matters where PYTHONDONTWRITEBYTECODE is set.
export UV_COMPILE_BYTECODE := 1

.PHONY: run test test-fast bench bench-quick ui serve eval setup clean

$(UV):
	python3 -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet "uv>=0.5,<1"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python python3
	@touch $@

setup: $(VENV)/.synced
	$(PY) -m orchestration.setup

run: setup
	$(PY) -m orchestration.materialize

test: setup
	$(PY) -m pytest

# The tests that need no built warehouse (no dbt build, no Dagster run): under a minute.
test-fast: setup
	$(PY) -m pytest -m "not warehouse"

# Speed at scale (docs/benchmarks.md): prints a table, writes warehouse/bench.json.
bench: setup
	$(PY) -m benchmarks.bench $(ARGS)

bench-quick: setup
	$(PY) -m benchmarks.bench --quick $(ARGS)

eval: setup
	$(PY) -m orchestration.evaluation $(ARGS)

ui: setup
	$(PY) -m orchestration.serve ui

# Unattended: the webserver and the daemon (schedules, sensors, run queue) side by side;
# stopping one stops both.
serve: setup
	$(PY) -m orchestration.serve serve

clean:
	rm -rf warehouse $(VENV) $(BOOTSTRAP) dbt/target dbt/logs
