"""Where things live, resolved once from the environment (`Settings.from_env`) and handed to every
resource, sensor and entry point as typed paths. Each default is written here and nowhere else:
the folders, the document size cap (the readers' own), DAGSTER_HOME and the telemetry switches."""

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


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    max_document_bytes: int = DEFAULT_MAX_BYTES
    # Run history, sensor cursors and schedule state live beside the warehouse they describe.
    dagster_home: Path = field(default=None)  # type: ignore[assignment]
    pages_url: str = DEFAULT_PAGES_URL

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
        return cls(_absolute(raw), warehouse, max_bytes, _absolute(dagster_home) if dagster_home else None, pages_url)

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

    def dagster_instance(self):
        """The Dagster instance kept in `dagster_home` (run history, sensor cursors, schedules),
        whether or not DAGSTER_HOME is exported. Use it as a context manager."""
        import dagster as dg

        return dg.DagsterInstance.from_config(str(self.dagster_home))

    def dbt_environment(self) -> dict[str, str]:
        """The variables dbt's profiles.yml and sources read, with the telemetry switches."""
        return {
            "NONFERROUS_DBT_DATABASE": str(self.next_warehouse),
            "NONFERROUS_LANDING_DIR": str(self.landing_dir),
            **TELEMETRY_OFF,
        }

    def process_environment(self, base: dict[str, str] | os._Environ = os.environ) -> dict[str, str]:
        """The environment for a Dagster process the project starts (webserver, daemon): the
        same settings, spelled out, so that its runs resolve the same paths."""
        return {
            **base,
            **TELEMETRY_OFF,
            "NONFERROUS_RAW_DIR": str(self.raw_dir),
            "NONFERROUS_WAREHOUSE": str(self.warehouse),
            "NONFERROUS_MAX_DOCUMENT_BYTES": str(self.max_document_bytes),
            "DAGSTER_HOME": str(self.dagster_home),
            "NONFERROUS_PAGES_URL": self.pages_url,
        }


def _absolute(path: str) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (Path.cwd() / candidate).resolve()
