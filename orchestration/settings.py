"""Where things live, resolved once from the environment (`Settings.from_env`) and handed to every
resource, sensor and entry point as typed paths. Each default is written here and nowhere else:
the folders, the document size cap (the readers' own), the cap on figures per document, DuckDB's
memory and spill bounds, DAGSTER_HOME and the telemetry switches."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ingest.readers import DEFAULT_MAX_BYTES

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"

# Where `make ui` and `make serve` serve the warehouse's pages (index, proofreading pages, charts,
# Data Docs) over http, so that links in the Dagster UI open: a browser does not follow file://
# links from an http page.
DEFAULT_PAGES_URL = "http://127.0.0.1:3001"

# Telemetry off for every tool, in the environment of every process the project starts (dbt,
# the Dagster webserver and daemon). Dagster's own switch is in the dagster.yaml of setup.py.
TELEMETRY_OFF = {
    "DO_NOT_TRACK": "1",
    "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    "GX_ANALYTICS_ENABLED": "false",
}

# Dagster hands the asset events of a step (one per document partition and asset) to the event
# log in batches of this many, which orchestration/event_log.py commits at once; read by Dagster
# from the environment of the process that runs the job.
DAGSTER_EVENT_BATCHING = {"DAGSTER_EVENT_BATCH_SIZE": "1000"}


# A document with more figures is rejected: the corpus's largest has about 230, a statistical
# yearbook a few thousand; tens of thousands in one file is a generated or broken document.
DEFAULT_MAX_FIGURES_PER_DOCUMENT = 20_000
# DuckDB's own defaults are 80% of the memory and 90% of the free disk, so one hostile document
# could take the machine. A whole run is to stay under 4 GB: dbt's process peaks at about its
# DuckDB limit + 0.6 GB and the Dagster process beside it at about 0.6 GB, so 2GB, and DuckDB
# spills beyond it up to a bound far from a full disk (measured at 10,000 documents: a full build
# peaks at 3.3 GB at 2GB and at 9.1 GB at 8GB; the spilling costs a one-document refresh there
# 257 s instead of 156 s at 3GB, docs/benchmarks.md). Each DuckDB connection of the pipeline gets
# the same bounds.
DEFAULT_DUCKDB_MEMORY_LIMIT = "2GB"
DEFAULT_DUCKDB_MAX_TEMP_DIRECTORY_SIZE = "20GB"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    max_document_bytes: int = DEFAULT_MAX_BYTES
    # Run history, sensor cursors and schedule state live beside the warehouse they describe.
    dagster_home: Path = field(default=None)  # type: ignore[assignment]
    pages_url: str = DEFAULT_PAGES_URL
    max_figures_per_document: int = DEFAULT_MAX_FIGURES_PER_DOCUMENT
    duckdb_memory_limit: str = DEFAULT_DUCKDB_MEMORY_LIMIT
    duckdb_max_temp_directory_size: str = DEFAULT_DUCKDB_MAX_TEMP_DIRECTORY_SIZE

    def __post_init__(self) -> None:
        if self.dagster_home is None:
            object.__setattr__(self, "dagster_home", self.warehouse_dir / "dagster_home")

    @classmethod
    def from_env(cls, environ: os._Environ | dict[str, str] = os.environ) -> "Settings":
        raw = environ.get("NONFERROUS_RAW_DIR") or str(PROJECT_ROOT / "raw")
        warehouse = _absolute(environ.get("NONFERROUS_WAREHOUSE") or str(PROJECT_ROOT / "warehouse" / "nonferrous.duckdb"))
        max_bytes = int(environ.get("NONFERROUS_MAX_DOCUMENT_BYTES") or DEFAULT_MAX_BYTES)
        dagster_home = environ.get("DAGSTER_HOME")
        pages_url = (environ.get("NONFERROUS_PAGES_URL") or DEFAULT_PAGES_URL).rstrip("/")
        return cls(
            _absolute(raw),
            warehouse,
            max_bytes,
            _absolute(dagster_home) if dagster_home else None,
            pages_url=pages_url,
            max_figures_per_document=int(
                environ.get("NONFERROUS_MAX_FIGURES_PER_DOCUMENT") or DEFAULT_MAX_FIGURES_PER_DOCUMENT),
            duckdb_memory_limit=environ.get("NONFERROUS_DUCKDB_MEMORY_LIMIT") or DEFAULT_DUCKDB_MEMORY_LIMIT,
            duckdb_max_temp_directory_size=(
                environ.get("NONFERROUS_DUCKDB_MAX_TEMP_DIRECTORY_SIZE") or DEFAULT_DUCKDB_MAX_TEMP_DIRECTORY_SIZE),
        )

    @property
    def warehouse_dir(self) -> Path:
        return self.warehouse.parent

    @property
    def landing_dir(self) -> Path:
        return self.warehouse_dir / "landing"

    @property
    def next_warehouse(self) -> Path:
        """dbt builds here; the finished file replaces `warehouse` in one rename."""
        return self.warehouse.with_name(self.warehouse.name + ".next")

    @property
    def review_dir(self) -> Path:
        return self.warehouse_dir / "review"

    @property
    def charts_dir(self) -> Path:
        return self.warehouse_dir / "charts"

    @property
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"

    @property
    def dbt_target_dir(self) -> Path:
        """dbt's target folder (manifest, partial parse, each build's artifacts and log) for this
        warehouse: one per warehouse location, so builds of two warehouses from one checkout
        neither share nor overwrite each other's manifest, and neither parses again for the other."""
        return self.warehouse_dir / "dbt_target"

    def dagster_instance(self):
        """The Dagster instance kept in `dagster_home` (run history, sensor cursors, schedules),
        whether or not DAGSTER_HOME is exported. Use it as a context manager."""
        import dagster as dg

        return dg.DagsterInstance.from_config(str(self.dagster_home))

    def duckdb_config(self) -> dict[str, str]:
        """The resource bounds of every DuckDB connection the pipeline opens (dbt's profile reads
        the same values from `dbt_environment`)."""
        return {
            "memory_limit": self.duckdb_memory_limit,
            "max_temp_directory_size": self.duckdb_max_temp_directory_size,
        }

    def dbt_environment(self) -> dict[str, str]:
        """The variables dbt's profiles.yml and sources read, dbt's target and log folder, with the
        telemetry switches."""
        return {
            "DBT_TARGET_PATH": str(self.dbt_target_dir),
            "DBT_LOG_PATH": str(self.dbt_target_dir),
            "NONFERROUS_DBT_DATABASE": str(self.next_warehouse),
            "NONFERROUS_LANDING_DIR": str(self.landing_dir),
            "NONFERROUS_DUCKDB_MEMORY_LIMIT": self.duckdb_memory_limit,
            "NONFERROUS_DUCKDB_MAX_TEMP_DIRECTORY_SIZE": self.duckdb_max_temp_directory_size,
            **TELEMETRY_OFF,
        }

    def process_environment(self, base: dict[str, str] | os._Environ = os.environ) -> dict[str, str]:
        """The environment for a Dagster process the project starts (webserver, daemon): the
        same settings, spelled out, so that its runs resolve the same paths."""
        return {
            **base,
            **TELEMETRY_OFF,
            **DAGSTER_EVENT_BATCHING,
            "NONFERROUS_RAW_DIR": str(self.raw_dir),
            "NONFERROUS_WAREHOUSE": str(self.warehouse),
            "NONFERROUS_MAX_DOCUMENT_BYTES": str(self.max_document_bytes),
            "NONFERROUS_MAX_FIGURES_PER_DOCUMENT": str(self.max_figures_per_document),
            "NONFERROUS_DUCKDB_MEMORY_LIMIT": self.duckdb_memory_limit,
            "NONFERROUS_DUCKDB_MAX_TEMP_DIRECTORY_SIZE": self.duckdb_max_temp_directory_size,
            "DAGSTER_HOME": str(self.dagster_home),
            "NONFERROUS_PAGES_URL": self.pages_url,
        }


def _absolute(path: str) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (Path.cwd() / candidate).resolve()
