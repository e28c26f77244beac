"""Shared fixtures: a warehouse built from the corpus into a temporary folder, once per session.

Tests that need a built warehouse (the corpus one, or one of their own) carry the `warehouse`
mark: tests using one of the WAREHOUSE_FIXTURES get it here, tests that build one themselves are
marked where they are written. `make test-fast` runs the rest (`-m "not warehouse"`)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "raw"
# Fixtures that build a warehouse with dbt (here and in test modules).
WAREHOUSE_FIXTURES = {"corpus_warehouse", "altered_warehouse", "base", "killed_mid_dbt"}


@dataclass
class BuiltWarehouse:
    raw_dir: Path
    warehouse: Path
    dagster_home: Path
    env: dict[str, str]

    def connect(self) -> duckdb.DuckDBPyConnection:
        return duckdb.connect(str(self.warehouse), read_only=True)

    def rebuild(self, *arguments: str) -> subprocess.CompletedProcess:
        return run_materialize(self.env, *arguments)


def run_materialize(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    subprocess.run([sys.executable, "-m", "orchestration.setup"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    completed = subprocess.run(
        [sys.executable, "-m", "orchestration.materialize", *arguments], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    if completed.returncode != 0:
        raise AssertionError(f"materialize failed:\n{completed.stdout[-5000:]}\n{completed.stderr[-10000:]}")
    return completed


def build_warehouse(root: Path, documents: list[Path]) -> BuiltWarehouse:
    raw_dir = root / "raw"
    raw_dir.mkdir(parents=True)
    for document in documents:
        shutil.copy2(document, raw_dir / document.name)
    warehouse = root / "warehouse" / "nonferrous.duckdb"
    dagster_home = root / "dagster_home"
    env = {
        **os.environ,
        "NONFERROUS_RAW_DIR": str(raw_dir),
        "NONFERROUS_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(dagster_home),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    built = BuiltWarehouse(raw_dir, warehouse, dagster_home, env)
    run_materialize(env)
    return built


@pytest.fixture(scope="session")
def corpus_warehouse(tmp_path_factory) -> BuiltWarehouse:
    return build_warehouse(tmp_path_factory.mktemp("corpus"), sorted(CORPUS.glob("*.txt")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if WAREHOUSE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.warehouse)
