"""Resources, configured in one place from orchestration.settings."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import dagster as dg
from dagster_dbt import DbtCliResource, DbtProject
from dagster_duckdb import DuckDBResource

from orchestration.settings import DBT_PROJECT_DIR, Settings


class WarehousePaths(dg.ConfigurableResource):
    """The input folder, the DuckDB file and everything placed beside it."""

    raw_dir: str
    warehouse: str
    max_document_bytes: int

    @property
    def settings(self) -> Settings:
        return Settings(Path(self.raw_dir), Path(self.warehouse), self.max_document_bytes)

    def export_dbt_environment(self) -> None:
        # dbt reads its database path and landing folder from the environment (profiles.yml,
        # sources.yml); the dbt subprocess and dagster-dbt's in-process adapter both inherit it.
        os.environ.update(self.settings.dbt_environment())


dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


def build_resources(settings: Settings) -> dict[str, object]:
    return {
        "paths": WarehousePaths(
            raw_dir=str(settings.raw_dir),
            warehouse=str(settings.warehouse),
            max_document_bytes=settings.max_document_bytes,
        ),
        # Readers only: dbt is the single writer, and it writes a fresh file, not this one.
        "duckdb": DuckDBResource(database=str(settings.warehouse), connection_config={"access_mode": "READ_ONLY"}),
        "dbt": DbtCliResource(
            project_dir=dbt_project,
            profiles_dir=str(DBT_PROJECT_DIR),
            # The dbt of this environment, whether or not the virtualenv is on PATH.
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    }
