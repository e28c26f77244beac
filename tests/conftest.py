"""Shared fixtures: a warehouse built from the corpus into a temporary folder, once per session.

Tests that need a built warehouse (the corpus one, or one of their own), or that run the pipeline
in processes of their own (dbt, `make run`, Dagster runs), carry the `warehouse` mark: tests using
one of the WAREHOUSE_FIXTURES get it here, the others are marked where they are written.
`make test-fast` runs the rest (`-m "not warehouse"`), spread over both cores by pytest-xdist.
`make test` runs everything over every core, a module's tests on one worker (`--dist loadfile`),
scheduled by `pytest_xdist_make_scheduler` below."""

from __future__ import annotations

import os
import re
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
# The session warehouses (fixtures below) that several modules read: under `make test` the modules
# naming one run on one worker, so that each is built once.
SHARED_SESSION_WAREHOUSES = ("corpus_warehouse", "series_probe_warehouse")
# Seconds each slow module took on its worker in a parallel `make test` (junit times, fixtures'
# builds included; 3 workers on 2 cores, 2 December 19:24 to 20:02 at load 9 to 17: the shared session
# warehouses count in test_browser and test_cli, the first modules reading them): the scheduler starts
# the longest work first (the unit of the modules reading the shared warehouses, about 1,950 s, then
# test_resilience), so that no worker is left alone with a long module at the end. Only the order
# matters; a module not listed counts as quick.
MODULE_SECONDS = {
    "test_resilience.py": 1621, "test_ui.py": 689, "test_quarantine.py": 591, "test_bench.py": 502,
    "test_browser.py": 435, "test_warehouse.py": 402, "test_cli.py": 393, "test_automation.py": 357,
    "test_reconciliation.py": 326, "test_hostile_input.py": 237, "test_dbt_project.py": 230,
    "test_quality.py": 148, "test_setup.py": 33, "test_pages.py": 9, "test_extraction_properties.py": 7,
    "test_specs.py": 7, "test_series.py": 5, "test_spec_texts.py": 5,
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


def environment(root: Path) -> dict[str, str]:
    """The environment of a warehouse in `root`: raw/, warehouse/nonferrous.duckdb, dagster_home/."""
    return {
        **os.environ,
        "NONFERROUS_RAW_DIR": str(root / "raw"),
        "NONFERROUS_WAREHOUSE": str(root / "warehouse" / "nonferrous.duckdb"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }


def located_at(root: Path) -> BuiltWarehouse:
    return BuiltWarehouse(root / "raw", root / "warehouse" / "nonferrous.duckdb", root / "dagster_home", environment(root))


def build_warehouse(root: Path, documents: list[Path]) -> BuiltWarehouse:
    built = located_at(root)
    built.raw_dir.mkdir(parents=True)
    for document in documents:
        shutil.copy2(document, built.raw_dir / document.name)
    run_materialize(built.env)
    return built


def clone(built: BuiltWarehouse, root: Path) -> BuiltWarehouse:
    """A copy of a built warehouse (raw folder, DuckDB file, landing files, Dagster home) in `root`,
    for a test that changes it: a build costs tens of seconds, a copy of a small one a fraction of one
    (its first run parses the dbt project again, for the new location)."""
    shutil.copytree(built.raw_dir, root / "raw")
    shutil.copytree(built.warehouse.parent, root / "warehouse")
    shutil.copytree(built.dagster_home, root / "dagster_home")
    return located_at(root)


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


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadfile` (what `make test` asks for) made to suit the suite; other modes as xdist has them.

    xdist's own grouping mark (`--dist loadgroup`) does nothing with pytest-xdist 3.8 under pytest
    9.2: it marks a group by rewriting `Node._nodeid`, which pytest 9.2 no longer reads."""
    if config.getoption("dist") != "loadfile":
        return None
    return _shared_warehouse_scheduling(config, log)


def _shared_warehouse_scheduling(config: pytest.Config, log):
    from xdist.scheduler import LoadScopeScheduling

    class SharedWarehouseScheduling(LoadScopeScheduling):
        """A module's tests on one worker, as loadfile; the modules reading a shared session
        warehouse all on one worker (one unit of work); the longest unit given out first; a worker
        given more only when it has nothing left but its last test (which it holds until it knows
        what comes next), so that work queued behind a long test cannot strand another worker."""

        _SHARED = "shared session warehouses"

        def __init__(self, config: pytest.Config, log=None) -> None:
            super().__init__(config, log)
            self._rootpath = config.rootpath
            self._unit_of_module: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            if module not in self._unit_of_module:
                self._unit_of_module[module] = self._SHARED if _reads_a_shared_warehouse(self._rootpath / module) else module
            return self._unit_of_module[module]

        def _expected_seconds(self, scope: str) -> tuple[int, int]:
            nodeids = self.workqueue[scope]
            modules = {Path(nodeid.split("::", 1)[0]).name for nodeid in nodeids}
            return sum(MODULE_SECONDS.get(module, 0) for module in modules), len(nodeids)

        def _assign_work_unit(self, node) -> None:
            self.workqueue.move_to_end(max(self.workqueue, key=self._expected_seconds), last=False)
            super()._assign_work_unit(node)

        def _reschedule(self, node) -> None:
            if node.shutting_down:
                return
            if not self.workqueue:
                node.shutdown()
                return
            if self._pending_of(self.assigned_work[node]) > 1:
                return
            self._assign_work_unit(node)

    return SharedWarehouseScheduling(config, log)


def _reads_a_shared_warehouse(module: Path) -> bool:
    try:
        source = module.read_text(encoding="utf-8")
    except OSError:  # not a file of ours (a doctest, a plugin's item): its own unit
        return False
    return any(re.search(rf"\b{name}\b", source) for name in SHARED_SESSION_WAREHOUSES)
