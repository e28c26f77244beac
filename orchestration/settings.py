"""Where things live. One place resolves every path; the DuckDB resource, the landing writers
and dbt's profiles.yml (through the exported environment) all read it from here."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt"
EXPECTATIONS_DIR = PROJECT_ROOT / "expectations"


@dataclass(frozen=True)
class Settings:
    raw_dir: Path
    warehouse: Path
    max_document_bytes: int = 50 * 1024 * 1024

    @classmethod
    def from_env(cls) -> "Settings":
        raw = os.environ.get("NONFERROUS_RAW_DIR") or str(PROJECT_ROOT / "raw")
        warehouse = os.environ.get("NONFERROUS_WAREHOUSE") or str(PROJECT_ROOT / "warehouse" / "nonferrous.duckdb")
        max_bytes = int(os.environ.get("NONFERROUS_MAX_DOCUMENT_BYTES", 50 * 1024 * 1024))
        return cls(_absolute(raw), _absolute(warehouse), max_bytes)

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
    def data_docs_dir(self) -> Path:
        return self.warehouse_dir / "data_docs"

    def dbt_environment(self) -> dict[str, str]:
        """The variables dbt's profiles.yml and sources read."""
        return {
            "NONFERROUS_DBT_DATABASE": str(self.next_warehouse),
            "NONFERROUS_LANDING_DIR": str(self.landing_dir),
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        }


def _absolute(path: str) -> Path:
    candidate = Path(path).expanduser()
    return candidate if candidate.is_absolute() else (Path.cwd() / candidate).resolve()
