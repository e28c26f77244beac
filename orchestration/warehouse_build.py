"""Where a warehouse build starts: a copy of the published warehouse, whose staging tables then
replace only the rows of the documents whose landing files changed, appeared or disappeared (an
incremental build), or an empty file (a full build, reading every landing file).

Each build records in its own file, schema `build`:

- `landing_files`: the landing files dbt reads (dataset, file name, size, mtime_ns), listed before
  dbt reads them, so that a file rewritten meanwhile differs from its record next time and is
  read again;
- `landing_changes`: the documents whose staging rows this build replaces (dataset, document id,
  and the file read, null when the document's file is gone); dbt's staging models read it
  (dbt/macros/landing_increment.sql);
- `build_info`: the fingerprint of the build code, the mode and why, and the file it was planned
  for.

Since the record travels with the warehouse, the next build compares the landing zone with what
the published file was built from whichever way the refresh runs (`make run`, the UI, the sensor,
the schedule). A build is incremental only when nothing about the published file is in doubt;
otherwise, and when a full build is asked for (the run tag `FULL_BUILD_TAG`), it starts from an
empty file as before:

- there is a published warehouse, with no write-ahead log beside it, and it is the very file the
  last build published (`published_warehouse.json` beside it, written after each publication,
  holds its size and mtime_ns): a client that opened it read-write may have changed it, and its
  writes must never reach the next warehouse;
- it was built by the same build code (`BUILD_CODE`: the dbt project with the staging SQL and
  their macros, the landing schema, this planning; and the versions of DuckDB, dbt-core and
  dbt-duckdb);
- no landing file was set aside as broken since (`landing.set_aside`) and no landing schema file
  was written anew: either says the zone was repaired, and a full read checks every file again;
- at most `FULL_BUILD_SHARE` of the documents changed: past that, reading the changed files one
  by one gains little over one read of each folder (a daily refresh ingests every document again).

Everything downstream of staging is rebuilt from staging in both modes. A failed build is thrown
away as before (`remove_build_leftovers`): the published file is only ever read and copied.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import duckdb
import pyarrow as pa

from orchestration import warehouse
from orchestration.build_state import file_signature, tree_hash
from orchestration.ingest import landing
from orchestration.settings import DBT_PROJECT_DIR, Settings

FULL, INCREMENTAL = "full", "incremental"
BUILD_SCHEMA = "build"
# The staging models that replace changed documents only; stg_landing__rejections reads its folder
# whole (one file per refused document: a handful).
INCREMENTAL_DATASETS = ("documents", "figures", "extractions")
# The landing folders dbt reads: a file set aside in any of them makes the next build full.
READ_DATASETS = (*INCREMENTAL_DATASETS, "rejections")
FULL_BUILD_SHARE = 0.25
BUILD_CODE = (DBT_PROJECT_DIR, Path(landing.__file__), Path(__file__))
BUILD_PACKAGES = ("duckdb", "dbt-core", "dbt-duckdb")
PUBLISHED_RECORD_NAME = "published_warehouse.json"

Listing = dict[tuple[str, str], tuple[int, int]]  # (dataset, file name) -> (size, mtime_ns)


@dataclass(frozen=True)
class BuildPlan:
    mode: str
    reason: str
    # dataset -> document id -> the file to read (None when the document's file is gone)
    changes: dict[str, dict[str, str | None]] = field(default_factory=dict)

    @property
    def changed_documents(self) -> set[str]:
        return {document_id for documents in self.changes.values() for document_id in documents}

    def summary(self) -> str:
        return f"{self.mode} build: {self.reason}"


def build_fingerprint() -> str:
    packages = ", ".join(f"{package} {version(package)}" for package in BUILD_PACKAGES)
    return hashlib.sha256(f"{packages}\0{tree_hash(BUILD_CODE)}".encode()).hexdigest()


def landing_listing(landing_dir: Path) -> Listing:
    """The Parquet files of the folders dbt reads, and the files set aside there as broken."""
    listing: Listing = {}
    for dataset in READ_DATASETS:
        try:
            with os.scandir(landing.dataset_dir(landing_dir, dataset)) as entries:
                for entry in entries:
                    if not (entry.name.endswith(".parquet") or landing.SET_ASIDE_MARK in entry.name):
                        continue  # a writer's temp file
                    try:
                        stat = entry.stat()
                    except FileNotFoundError:  # replaced or removed since the folder was listed
                        continue
                    listing[(dataset, entry.name)] = (stat.st_size, stat.st_mtime_ns)
        except FileNotFoundError:
            continue
    return listing


def published_record_path(settings: Settings) -> Path:
    return settings.warehouse_dir / PUBLISHED_RECORD_NAME


def record_published(settings: Settings) -> None:
    """After a publication: the published file's size and mtime_ns, which only a write to it changes."""
    target = published_record_path(settings)
    temporary = target.with_name(f".{target.name}.tmp")
    temporary.write_text(json.dumps({"signature": file_signature(settings.warehouse)}), encoding="utf-8")
    os.replace(temporary, target)


def _published_untouched(settings: Settings) -> bool:
    try:
        recorded = json.loads(published_record_path(settings).read_text(encoding="utf-8"))["signature"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return recorded is not None and recorded == file_signature(settings.warehouse)


def prepare(settings: Settings, full_requested: bool = False) -> BuildPlan:
    """Put the file dbt builds into in place (`settings.next_warehouse`: a copy of the published
    warehouse, or a new file) with the build's record, and say how it is built. The landing zone is
    listed first, before dbt reads it."""
    listing = landing_listing(settings.landing_dir)
    fingerprint = build_fingerprint()
    if full_requested:
        plan = BuildPlan(FULL, "a full build was asked for")
    else:
        plan = _plan_from_published(settings, listing, fingerprint)
    if plan.mode == INCREMENTAL:
        shutil.copyfile(settings.warehouse, settings.next_warehouse)
        if not _published_untouched(settings):
            plan = BuildPlan(FULL, "the published warehouse was written to while it was copied")
    if plan.mode == FULL:
        settings.next_warehouse.unlink(missing_ok=True)  # a copy that turned out doubtful
    _record(settings, plan, listing, fingerprint)
    return plan


def _plan_from_published(settings: Settings, listing: Listing, fingerprint: str) -> BuildPlan:
    if not settings.warehouse.exists():
        return BuildPlan(FULL, "there is no published warehouse")
    if warehouse.write_ahead_log(settings.warehouse).exists():
        return BuildPlan(FULL, "a write-ahead log lies beside the published warehouse: a client wrote to it")
    if not _published_untouched(settings):
        return BuildPlan(FULL, "the published warehouse is not the file the last build published (written to since, or replaced)")
    try:
        with warehouse.connect(settings.warehouse, settings.duckdb_config()) as con:
            (built_with,) = con.execute(f"select fingerprint from {BUILD_SCHEMA}.build_info").fetchone()
            recorded: Listing = {
                (dataset, file_name): (size, mtime_ns)
                for dataset, file_name, size, mtime_ns in con.execute(
                    f"select dataset, file_name, size_bytes, mtime_ns from {BUILD_SCHEMA}.landing_files").fetchall()
            }
    except duckdb.Error as error:
        return BuildPlan(FULL, f"the published warehouse's build record cannot be read ({type(error).__name__}: {str(error).splitlines()[0]})")
    if built_with != fingerprint:
        return BuildPlan(FULL, "the build code changed (dbt project, landing schema or package versions)")
    set_aside = sorted(f"{dataset}/{name}" for dataset, name in listing.keys() - recorded.keys() if landing.SET_ASIDE_MARK in name)
    if set_aside:
        return BuildPlan(FULL, f"landing files were set aside as broken: {', '.join(set_aside)}")
    schema_files = [f"{dataset}/{landing.SCHEMA_FILE}" for dataset in READ_DATASETS
                    if listing.get((dataset, landing.SCHEMA_FILE)) != recorded.get((dataset, landing.SCHEMA_FILE))]
    if schema_files:
        return BuildPlan(FULL, f"landing schema files were written anew: {', '.join(schema_files)}")
    changes = {dataset: _changed_documents(dataset, listing, recorded) for dataset in INCREMENTAL_DATASETS}
    changed = {document_id for documents in changes.values() for document_id in documents}
    landed = sum(1 for dataset, name in recorded if dataset == "documents" and name != landing.SCHEMA_FILE)
    if len(changed) > FULL_BUILD_SHARE * landed:
        return BuildPlan(FULL, f"{len(changed)} of {landed} documents changed, more than {FULL_BUILD_SHARE:.0%}")
    return BuildPlan(INCREMENTAL, f"{len(changed)} of {landed} documents changed", changes)


def _changed_documents(dataset: str, listing: Listing, recorded: Listing) -> dict[str, str | None]:
    """document id -> its file to read, or None when it is gone: files new, changed or removed
    since the published build listed them."""
    def documents(files: Listing) -> dict[str, tuple[int, int]]:
        return {
            name.removesuffix(".parquet"): signature for (folder, name), signature in files.items()
            if folder == dataset and name.endswith(".parquet") and name != landing.SCHEMA_FILE
        }

    now, before = documents(listing), documents(recorded)
    changes: dict[str, str | None] = {
        document_id: f"{document_id}.parquet" for document_id, signature in now.items() if before.get(document_id) != signature
    }
    changes.update({document_id: None for document_id in before.keys() - now.keys()})
    return changes


def _record(settings: Settings, plan: BuildPlan, listing: Listing, fingerprint: str) -> None:
    files = pa.table({
        "dataset": [dataset for dataset, _ in listing],
        "file_name": [name for _, name in listing],
        "size_bytes": pa.array([size for size, _ in listing.values()], pa.int64()),
        "mtime_ns": pa.array([mtime_ns for _, mtime_ns in listing.values()], pa.int64()),
    })
    rows = [(dataset, document_id, file_name)
            for dataset, documents in plan.changes.items() for document_id, file_name in sorted(documents.items())]
    changes = pa.table({
        "dataset": pa.array([row[0] for row in rows], pa.string()),
        "document_id": pa.array([row[1] for row in rows], pa.string()),
        "file_name": pa.array([row[2] for row in rows], pa.string()),
    })
    with duckdb.connect(str(settings.next_warehouse), config=settings.duckdb_config()) as con:
        con.execute(f"create schema if not exists {BUILD_SCHEMA}")
        con.register("files", files)
        con.register("changes", changes)
        con.execute(f"create or replace table {BUILD_SCHEMA}.landing_files as select * from files")
        con.execute(f"create or replace table {BUILD_SCHEMA}.landing_changes as select * from changes")
        con.execute(
            f"create or replace table {BUILD_SCHEMA}.build_info as "
            "select ? as fingerprint, ? as mode, ? as reason, ? as build_file, current_timestamp as planned_at",
            [fingerprint, plan.mode, plan.reason, str(settings.next_warehouse)],
        )
