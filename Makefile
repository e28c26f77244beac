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

# Debian packages beyond Python: a font that draws Chinese (charts) and Chromium (the browser
# test, driven by Playwright; never Playwright's own browser download). Installed when missing.
DEBIAN_PACKAGES := fonts-noto-cjk
TEST_DEBIAN_PACKAGES := chromium
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)

.PHONY: run test test-fast bench bench-quick ui serve eval setup clean debian-packages test-debian-packages

$(UV):
	python3 -m venv $(BOOTSTRAP)
	$(BOOTSTRAP)/bin/pip install --quiet "uv>=0.5,<1"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --python python3
	@touch $@

define install_debian
	@missing="$$(for package in $(1); do dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; done)"; \
	if [ -n "$$missing" ]; then \
		echo "installing Debian packages:" $$missing; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
endef

debian-packages:
	$(call install_debian,$(DEBIAN_PACKAGES))

test-debian-packages:
	$(call install_debian,$(TEST_DEBIAN_PACKAGES))

setup: $(VENV)/.synced debian-packages
	$(PY) -m orchestration.setup

# `make run STRICT=1`: a failed data check (ERROR severity) fails the run too.
run: setup
	$(PY) -m orchestration.materialize $(if $(STRICT),--strict)

# Everything, over every core (pytest-xdist): a module's tests on one worker, so that its fixtures
# are built once; the modules reading a shared session warehouse together on one worker, the
# longest work first (the scheduler is in tests/conftest.py). One worker more than the cores: the
# tests spend part of their time waiting (for a daemon's tick, a run queue, a process they killed),
# and the extra worker keeps the cores busy meanwhile.
test: setup test-debian-packages
	$(PY) -m pytest -n $$(( $$(nproc) + 1 )) --dist loadfile

# The tests that need no built warehouse (no dbt build, no Dagster run in a process of its own),
# over every core (pytest-xdist): under a minute on an idle machine.
test-fast: setup
	$(PY) -m pytest -m "not warehouse" -n auto

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
