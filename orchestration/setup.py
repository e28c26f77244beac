"""Set-up shared by `make run`, `make test` and `make ui`: the Dagster instance configuration
and the dbt manifest the Dagster definitions load.

Parsing the dbt project takes seconds to tens of seconds on two shared cores, so the manifest is
made again only when the project (models, macros, seeds, profiles, dbt's own version) or the
warehouse it is parsed for changed since the last parse: `manifest.fingerprint` beside it records
what it was made from. Each warehouse location has its own dbt target folder
(`Settings.dbt_target_dir`, `dbt_target/` beside the DuckDB file), so set-ups for two warehouses
from one checkout keep their manifests apart and never parse again for each other."""

from __future__ import annotations

import hashlib
import os
import sys
from importlib.metadata import version
from pathlib import Path

import yaml

from orchestration.build_state import tree_hash
from orchestration.settings import DBT_PROJECT_DIR, Settings

MANIFEST_FINGERPRINT_NAME = "manifest.fingerprint"

DAGSTER_CONFIG = {
    "telemetry": {"enabled": False},
    # No first-visit "join the community" dialog in the UI (it loads a page from the internet).
    "nux": {"enabled": False},
    "concurrency": {
        # One writer at a time for DuckDB: the dbt step runs in a pool of this limit.
        "pools": {"default_limit": 1},
        # Queued runs wait for the one in progress rather than collide.
        "runs": {"max_concurrent_runs": 1},
    },
}


def write_dagster_config(dagster_home: Path) -> Path:
    """dagster.yaml, written again by every set-up: the event log's folder is an absolute path
    (Dagster's configuration has no path relative to its home), so a moved home is set right."""
    dagster_home.mkdir(parents=True, exist_ok=True)
    config = dagster_home / "dagster.yaml"
    # The event log writes a batch of asset events in one transaction (orchestration/event_log.py),
    # in the folder of Dagster's default SQLite event log; named, not imported: the set-up of a run
    # with nothing to do must not import Dagster.
    event_log = {"event_log_storage": {
        "module": "orchestration.event_log",
        "class": "BatchedSqliteEventLogStorage",
        "config": {"base_dir": str(dagster_home / "history" / "runs")},
    }}
    config.write_text(yaml.safe_dump({**DAGSTER_CONFIG, **event_log}, sort_keys=False))
    return config


def dbt_project_fingerprint(settings: Settings) -> str:
    """The project's files, dbt's version, and the variables profiles.yml and the sources read:
    dbt's partial parsing (which every `dbt build` starts from) is refused when the profile it
    was made with differs, so a warehouse elsewhere gets its own parse once."""
    versions = f"dbt-core {version('dbt-core')}, dbt-duckdb {version('dbt-duckdb')}"
    environment = sorted(settings.dbt_environment().items())
    return hashlib.sha256(f"{versions}\0{environment}\0{tree_hash((DBT_PROJECT_DIR,))}".encode()).hexdigest()


def parse_dbt_project(settings: Settings) -> bool:
    """Write the manifest.json the dbt assets are defined from into the warehouse's dbt target
    folder, unless the one there was made from the project as it is. True when it parsed."""
    fingerprint = dbt_project_fingerprint(settings)
    manifest = settings.dbt_target_dir / "manifest.json"  # where dbt writes it, and resources.dbt_project reads it
    manifest_fingerprint = settings.dbt_target_dir / MANIFEST_FINGERPRINT_NAME
    if manifest.exists() and manifest_fingerprint.exists() and manifest_fingerprint.read_text() == fingerprint:
        return False
    # imported only to parse: dbt and the resources (Dagster) take seconds to import
    from dbt.cli.main import dbtRunner

    from orchestration.resources import dbt_environment

    with dbt_environment(settings):
        result = dbtRunner().invoke(["parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)])
    if not result.success:
        raise SystemExit(f"dbt parse failed: {result.exception}")
    temporary = manifest_fingerprint.with_name(f".{manifest_fingerprint.name}.{os.getpid()}")
    temporary.write_text(fingerprint)
    os.replace(temporary, manifest_fingerprint)
    return True


def main() -> None:
    settings = Settings.from_env()
    write_dagster_config(settings.dagster_home)
    parsed = parse_dbt_project(settings)
    manifest = "parsed" if parsed else "unchanged, not parsed again"
    print(f"set-up done: dbt manifest {manifest} in {settings.dbt_target_dir}, Dagster home {settings.dagster_home}", file=sys.stderr)


if __name__ == "__main__":
    main()
