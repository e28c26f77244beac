# Every target bootstraps its own tools: a fresh machine has python3, pip and venv only.
SHELL := /bin/bash
.DEFAULT_GOAL := run

BOOTSTRAP := .bootstrap
UV := $(BOOTSTRAP)/bin/uv
VENV := .venv
PY := $(VENV)/bin/python

export DO_NOT_TRACK := 1
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export GX_ANALYTICS_ENABLED := false
# Run history, sensor cursors and schedule state live beside the warehouse they describe.
WAREHOUSE_FILE := $(or $(NONFERROUS_WAREHOUSE),warehouse/nonferrous.duckdb)
export DAGSTER_HOME ?= $(abspath $(dir $(WAREHOUSE_FILE)))/dagster_home
export UV_LINK_MODE := copy

.PHONY: run test ui serve eval setup clean

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

eval: setup
	$(PY) -m orchestration.evaluation $(ARGS)

ui: setup
	$(VENV)/bin/dagster dev -m orchestration.definitions --host 127.0.0.1 --port 3000

# Unattended: the webserver and the daemon (schedules, sensors, run queue) side by side;
# stopping one stops both.
serve: setup
	trap 'kill 0' EXIT INT TERM; \
	$(VENV)/bin/dagster-daemon run -m orchestration.definitions & \
	$(VENV)/bin/dagster-webserver -m orchestration.definitions --host $${DAGSTER_HOST:-127.0.0.1} --port $${DAGSTER_PORT:-3000} & \
	wait -n

clean:
	rm -rf warehouse $(VENV) $(BOOTSTRAP) dbt/target dbt/logs
