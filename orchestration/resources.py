"""Resources, built in one place from the settings resolved once by the code location.

- `settings`: the `Settings` themselves (typed paths), taken by assets, checks, sensors and the
  schedule as `dg.ResourceParam[Settings]`.
- `dbt`: the dbt CLI of this environment on the project in dbt/, its target folder the
  warehouse's own (`Settings.dbt_target_dir`, exported as DBT_TARGET_PATH by `dbt_environment`);
  `WarehouseDbtResource`, dagster-dbt's resource without its per-invocation version check and
  adapter.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject
from packaging.version import Version

from orchestration.settings import DBT_PROJECT_DIR, Settings


class WarehouseDbtResource(DbtCliResource):
    """dagster-dbt's dbt CLI resource without two costs of its own on every refresh that this
    project has no use for:

    - the dbt version, which dagster-dbt asks of a `dbt --version` process: a dbt start-up, and
      two requests to pypi.org for the latest dbt-core and dbt-duckdb (nothing may reach out at run
      time); the dbt run is this environment's dbt-core (pinned in pyproject.toml), whose version is
      its package's;
    - a dbt adapter opened in the Dagster process (profile, project and every macro loaded) before
      each invocation, which dagster-dbt uses only to fetch row counts and column metadata on
      request: the previews of orchestration/assets/transform.py read the published file instead.

    Measured at load 9 to 11 on 300 documents: the two took 18 s and 14 s of wall time per refresh
    (docs/benchmarks.md)."""

    @cached_property
    def _cli_version(self) -> Version:
        return Version(version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args):  # noqa: ARG002 - dagster-dbt's signature
        return None


def dbt_project(settings: Settings) -> DbtProject:
    """The dbt project with the warehouse's target folder, where the set-up parsed its manifest."""
    return DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR, target_path=settings.dbt_target_dir)


def build_resources(settings: Settings) -> dict[str, object]:
    return {
        "settings": settings,
        "dbt": WarehouseDbtResource(
            project_dir=dbt_project(settings),
            profiles_dir=str(DBT_PROJECT_DIR),
            # The dbt of this environment, whether or not the virtualenv is on PATH.
            dbt_executable=str(Path(sys.executable).parent / "dbt"),
        ),
    }


@contextmanager
def dbt_environment(settings: Settings) -> Iterator[None]:
    """The variables dbt's profiles.yml and sources read and dbt's target folder, set for the length
    of one dbt call and restored after it. dagster-dbt hands the process environment to the dbt subprocess and to the
    adapter it opens in process, so it must be there for the call and no longer."""
    variables = settings.dbt_environment()
    saved = {name: os.environ.get(name) for name in variables}
    os.environ.update(variables)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
