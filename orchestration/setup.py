"""Set-up shared by `make run`, `make test` and `make ui`: the Dagster instance configuration
and the dbt manifest the Dagster definitions load."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from orchestration.resources import dbt_environment
from orchestration.settings import DBT_PROJECT_DIR, Settings

DAGSTER_CONFIG = {
    "telemetry": {"enabled": False},
    "concurrency": {
        # One writer at a time for DuckDB: the dbt step runs in a pool of this limit.
        "pools": {"default_limit": 1},
        # Queued runs wait for the one in progress rather than collide.
        "runs": {"max_concurrent_runs": 1},
    },
}


def write_dagster_config(dagster_home: Path) -> Path:
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    config.write_text(yaml.safe_dump(DAGSTER_CONFIG, sort_keys=False))
    return config


def parse_dbt_project(settings: Settings) -> None:
    """Write dbt/target/manifest.json, which the dbt assets are defined from."""
    from dbt.cli.main import dbtRunner

    with dbt_environment(settings):
        result = dbtRunner().invoke(["parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)])
    if not result.success:
        raise SystemExit(f"dbt parse failed: {result.exception}")


def main() -> None:
    settings = Settings.from_env()
    write_dagster_config(settings.dagster_home)
    parse_dbt_project(settings)
    print(f"set-up done: dbt manifest in {DBT_PROJECT_DIR / 'target'}, Dagster home {settings.dagster_home}", file=sys.stderr)


if __name__ == "__main__":
    main()
