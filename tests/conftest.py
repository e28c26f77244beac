"""Shared fixtures: a warehouse built from the corpus into a temporary folder, once per session.

Tests that need a built warehouse (the corpus one, or one of their own), or that run the pipeline
in processes of their own (dbt, `make run`, Dagster runs), carry the `warehouse` mark: tests using
one of the WAREHOUSE_FIXTURES get it here, the others are marked where they are written.
`make test-fast` runs the rest (`-m "not warehouse"`), spread over both cores by pytest-xdist."""

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
WAREHOUSE_FIXTURES = {
    "corpus_warehouse", "altered_warehouse", "base", "killed_mid_dbt", "series_probe_warehouse",
    "built",  # test_quarantine: two `make run`s over a folder of implausible documents
    "hostile_warehouse",  # test_hostile_input: `make run` over a hostile raw folder
}


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


@pytest.fixture(autouse=True)
def no_dagster_state_storage_left_current():
    """Dagster keeps the state storage of the instance last entered (`with instance:`) in a context
    variable that definitions read when they load; one left behind by an earlier test points at a
    disposed instance ("Attempted to resolve undefined DagsterInstance weakref", seen in a serial
    `make test`). Each test starts without one and leaves none behind."""
    from dagster._core.storage.defs_state.base import set_defs_state_storage

    with set_defs_state_storage(None):
        yield


@pytest.fixture(scope="session")
def migrated_dagster_home(tmp_path_factory) -> Path:
    """A Dagster home whose SQLite storages (runs, event log index, schedules) are created and
    migrated once per session: a test copies it into its own folder rather than migrating anew
    (about a second of CPU per fresh instance, a few milliseconds per copy)."""
    import dagster as dg

    home = tmp_path_factory.mktemp("migrated_dagster_home")
    dg.DagsterInstance.local_temp(tempdir=str(home)).dispose()
    return home


# Documents that state what raw/ does not: two year-to-date levels one month apart (1-4月 and 1-5月),
# a single month also stated (5月份 精炼铜), and a level a year earlier with the next year's growth.
SERIES_PROBE_DOCUMENTS = {
    "probe_ytd_april": ("2025-05-20", "本报讯 1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。"
                        "其中，精炼铜产量为478.1万吨、增长5.7%，原铝产量为1749.3万吨、增长3.2%。\n"),
    "probe_ytd_may": ("2025-06-20", "本报讯 1-5月，十种常用有色金属产量为3340.5万吨，比去年同期增长2.6%。"
                      "其中，精炼铜产量为597.6万吨、增长5.9%，原铝产量为2200.1万吨、增长3.5%。\n"),
    "probe_month_may": ("2025-06-20", "本报讯 5月份，精炼铜产量为119.5万吨，同比增长6.1%。\n"),
    "probe_annual": ("2026-01-20", "本报讯 2024年，全国精炼铜产量为1364.4万吨。2025年，全国精炼铜产量比上年增长4.6%。\n"),
}
# Corpus documents the probe warehouse shares with the corpus warehouse (series ids must agree).
SERIES_PROBE_SHARED = ("000_40164949131a04b4", "004_4df0d59ca522d426", "stats_2017_nbs_april_economy")


@pytest.fixture(scope="session")
def series_probe_warehouse(tmp_path_factory) -> BuiltWarehouse:
    """A second warehouse, in another folder: three corpus documents and the probe documents."""
    sources = tmp_path_factory.mktemp("probe_sources")
    documents = [CORPUS / f"{document_id}.txt" for document_id in SERIES_PROBE_SHARED]
    for document_id, (published_on, text) in SERIES_PROBE_DOCUMENTS.items():
        (sources / f"{document_id}.txt").write_text(text, encoding="utf-8")
        (sources / f"{document_id}.yaml").write_text(f"published_on: {published_on}\n", encoding="utf-8")
        documents += [sources / f"{document_id}.txt", sources / f"{document_id}.yaml"]
    return build_warehouse(tmp_path_factory.mktemp("probe"), documents)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if WAREHOUSE_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.warehouse)
