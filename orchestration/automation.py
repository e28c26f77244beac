"""Refreshes that run themselves: a sensor on the raw folder, a daily schedule, and the dbt
refresh that follows every ingest run.

Three pieces, all visible and switchable in the UI (*Automation*), their on/off state and the
sensor cursor kept in DAGSTER_HOME:

- `raw_folder_sensor` (every 30 s) compares the raw folder with its cursor. A new file adds its
  dynamic partition; a changed file (same name, other bytes) is re-ingested; a removed file loses
  its partition and its landing files. New and changed documents are ingested in one run per
  contiguous block of partitions (newly added keys always form one block: see
  `sync_document_partitions`), usually exactly one run per tick.
- `daily_refresh` (06:00 Asia/Shanghai) syncs the partitions the same way, then ingests every
  document in one run.
- `refresh_after_ingest` runs the dbt models and their checks (and so publishes a new warehouse
  file) after every successful run that materialized the ingest assets, whoever started it:
  the sensor, the schedule, or a person in the UI -- except the ingest run of a backfill that
  selects the warehouse assets too ("Materialize all"), whose next run builds them. A removal has
  no ingest run, so the sensor requests the same refresh job itself.

Why a run-status sensor, not AutomationCondition, for "dbt after ingest":
- A removal must refresh the warehouse but materializes nothing upstream, so no upstream-update
  condition would see it; the sensor has to request the dbt run anyway, and with a run-status
  sensor both paths request the same job.
- `AutomationCondition.eager()` waits while any upstream partition is missing: one document the
  readers reject (never materialized) would hold back every later refresh.
- It gives exactly one dbt run per successful ingest run, and none after a failed one, which can
  be stated and tested; an already queued refresh absorbs the next request (see
  `_refresh_pending`), so a burst of ingest runs does not build the warehouse over and over on
  two shared cores.
- The dbt build is one `dbt build` over the whole project (a subset copies the warehouse first);
  condition-by-condition evaluation of ~50 dbt assets buys nothing here.

`python -m orchestration.automation` reports the last daily refresh (its ingest and refresh runs
and any failed check) and exits 1 unless all went well: for a monitor or a morning glance.

Hand-off points: files should appear in the raw folder by rename (copy to a hidden or `.tmp`
name, then move), which `is_document` ignores until the move; a file caught half-written is
ingested once and again when it is complete. The cursor moves when a run is *requested*: a run
that fails is not retried until the file changes again or the daily refresh comes round.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

import dagster as dg
import pyarrow.parquet as pq

from orchestration import hygiene
from orchestration.ingest import landing, raw_folder
from orchestration.ingest.readers import SIDECAR_SUFFIXES
from orchestration.jobs import (
    AFTER_RUN_TAG,
    BACKFILL_TAG,
    DOCUMENTS_TAG,
    INGEST,
    RANGE_END_TAG,
    RANGE_START_TAG,
    REMOVED_TAG,
    TRIGGER_TAG,
    WAREHOUSE,
    ingest_job,
    refresh_job,
)
from orchestration.partitions import listing, sync_document_partitions
from orchestration.settings import Settings

SENSOR_NAME = "raw_folder_sensor"
SCHEDULE_NAME = "daily_refresh"
SENSOR_INTERVAL_SECONDS = 30


# --- the raw folder ----------------------------------------------------------------------------

def quick_signature(raw_dir: Path, files: Sequence[Path]) -> dict:
    """The cheap pre-filter: names, total size and latest mtime (ns) of a document's files."""
    stats = [raw_folder.entry_stat(path, raw_dir) for path in files]
    return {
        "size": sum(stat.st_size for stat in stats),
        "mtime": max(stat.st_mtime_ns for stat in stats),
        "files": [path.name for path in files],
    }


def fingerprint(raw_dir: Path, files: Sequence[Path]) -> dict:
    """Cursor entry of a document: its quick signature and the sha256 that confirms a change.
    With a single file (the usual case) `sha256` is that file's, as in marts.dim_document; with a
    sidecar (or, wrongly, two files of one id) it is the hash of each file's name and hash."""
    signature = quick_signature(raw_dir, files)
    hashes = [(path.name, raw_folder.entry_sha256(path, raw_dir)) for path in files]
    if len(hashes) == 1:
        sha256 = hashes[0][1]
    else:
        sha256 = hashlib.sha256("".join(f"{name}\0{sha}\n" for name, sha in hashes).encode()).hexdigest()
    return {"sha256": sha256, **signature}


def _same_signature(entry: dict, signature: dict) -> bool:
    return all(entry.get(key) == value for key, value in signature.items())


def _landed_up_to_date(settings: Settings, document_id: str, files: Sequence[Path], entry: dict) -> bool:
    """A document the sensor has not seen yet, but which is already landed from these very bytes
    (e.g. by `make run`) after its last change: no need to ingest it again."""
    documents_file = landing.document_file(settings.landing_dir, "documents", document_id)
    figures_file = landing.document_file(settings.landing_dir, "figures", document_id)
    document_files = [path for path in files if path.suffix.lower() not in SIDECAR_SUFFIXES]
    if len(document_files) != 1 or not documents_file.exists() or not figures_file.exists():
        return False
    try:
        landed = pq.read_table(documents_file, columns=["sha256"]).column("sha256").to_pylist()
        landed_at = documents_file.stat().st_mtime_ns
    except Exception:  # noqa: BLE001 - an unreadable landing file means: ingest again
        return False
    sha256 = entry["sha256"] if len(files) == 1 else raw_folder.entry_sha256(document_files[0], settings.raw_dir)
    return landed == [sha256] and landed_at >= entry["mtime"]


# --- partitions --------------------------------------------------------------------------------

def contiguous_blocks(ordered: Sequence[str], keys: Iterable[str]) -> list[list[str]]:
    """Split `keys` into runs of neighbours in the partition order `ordered`."""
    wanted = set(keys)
    blocks: list[list[str]] = []
    previous_index = None
    for index, key in enumerate(ordered):
        if key not in wanted:
            continue
        if previous_index is not None and index == previous_index + 1:
            blocks[-1].append(key)
        else:
            blocks.append([key])
        previous_index = index
    return blocks


def ingest_request(block: Sequence[str], tags: dict[str, str]) -> dg.RunRequest:
    """One ingest run over a contiguous block of document partitions."""
    if len(block) == 1:
        return dg.RunRequest(job_name=ingest_job.name, partition_key=block[0], tags=tags)
    return dg.RunRequest(
        job_name=ingest_job.name,
        tags={**tags, RANGE_START_TAG: block[0], RANGE_END_TAG: block[-1]},
    )


# --- the dbt refresh ---------------------------------------------------------------------------

_WAITING = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, dg.DagsterRunStatus.STARTING]


def _refresh_pending(instance: dg.DagsterInstance, finished_at: float | None = None) -> str | None:
    """The id of a refresh run that will see everything landed so far: one not started yet, or
    (given when an ingest run finished) one that started after it. None if there is no such run."""
    for record in instance.get_run_records(dg.RunsFilter(job_name=refresh_job.name, statuses=_WAITING), limit=1):
        return record.dagster_run.run_id
    if finished_at is not None:
        started = instance.get_run_records(
            dg.RunsFilter(job_name=refresh_job.name, statuses=[dg.DagsterRunStatus.STARTED]), limit=5
        )
        for record in started:
            if record.start_time is not None and record.start_time >= finished_at:
                return record.dagster_run.run_id
    return None


def refresh_request(tags: dict[str, str]) -> dg.RunRequest:
    return dg.RunRequest(job_name=refresh_job.name, tags=tags)


# --- the sensor on the raw folder ---------------------------------------------------------------

def _load_cursor(cursor: str | None) -> dict[str, dict]:
    try:
        loaded = json.loads(cursor) if cursor else {}
    except json.JSONDecodeError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _dump_cursor(entries: dict[str, dict]) -> str:
    return json.dumps(entries, sort_keys=True, separators=(",", ":"))


@dg.sensor(
    name=SENSOR_NAME,
    jobs=[ingest_job, refresh_job],
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Watches the raw folder: new documents get a partition and are ingested, changed ones "
        "(sha256) re-ingested, removed ones lose their partition and landing files. The dbt "
        "refresh follows (refresh_after_ingest, or directly after a removal). Cursor: JSON of "
        "document id -> sha256, size, mtime."
    ),
)
def raw_folder_sensor(context: dg.SensorEvaluationContext, settings: dg.ResourceParam[Settings]):
    for message in hygiene.sweep(context.instance, settings).messages():
        context.log.warning(message)
    if not settings.raw_dir.is_dir():
        return dg.SkipReason(f"raw folder {settings.raw_dir} does not exist (set NONFERROUS_RAW_DIR)")
    previous = _load_cursor(context.cursor)
    sync = sync_document_partitions(context.instance, settings, context.log)
    members = raw_folder.members(settings.raw_dir)

    entries: dict[str, dict] = {}
    new, changed, unlanded, touched = [], [], [], []
    for document_id in sync.present:
        files = members.get(document_id)
        before = previous.get(document_id)
        try:
            if not files:
                raise FileNotFoundError(document_id)
            if document_id in sync.new:
                entry = fingerprint(settings.raw_dir, files)
                new.append(document_id)
            elif before is None:
                entry = fingerprint(settings.raw_dir, files)
                if not _landed_up_to_date(settings, document_id, files, entry):
                    unlanded.append(document_id)
            elif _same_signature(before, quick_signature(settings.raw_dir, files)):
                entry = before
            else:
                entry = fingerprint(settings.raw_dir, files)
                (touched if entry["sha256"] == before.get("sha256") else changed).append(document_id)
        except OSError as error:  # gone or unreadable since the listing: look again next tick
            context.log.warning(f"{document_id}: could not be read this tick ({error}); will look again")
            if before is not None:
                entries[document_id] = before
            continue
        entries[document_id] = entry
    # Removed: whatever the sync deleted, and what the cursor knew that is gone now (the schedule,
    # `make run` or a UI preview may have deleted its partition first: it must still be unpublished).
    removed = sorted(set(sync.removed) | (set(previous) - set(sync.present)))

    run_requests = []
    to_ingest = new + changed + unlanded
    if to_ingest:
        for kind, keys in (("new", new), ("changed", changed), ("not yet landed", unlanded)):
            if keys:
                context.log.info(f"{kind}: {listing(keys)}")
        blocks = contiguous_blocks(sync.ordered, to_ingest)
        if len(blocks) > 1:
            context.log.info(f"{len(to_ingest)} documents in {len(blocks)} contiguous partition ranges: one run each")
        for block in blocks:
            run_requests.append(ingest_request(block, {TRIGGER_TAG: SENSOR_NAME, DOCUMENTS_TAG: listing(block)}))
    if removed:
        pending = _refresh_pending(context.instance)
        if pending:
            context.log.info(f"removed {listing(removed)}: refresh run {pending} is already waiting to publish it")
        else:
            context.log.info(f"removed {listing(removed)}: requesting a warehouse refresh")
            run_requests.append(refresh_request({TRIGGER_TAG: SENSOR_NAME, REMOVED_TAG: listing(removed)}))

    cursor = _dump_cursor(entries)
    if run_requests:
        return dg.SensorResult(run_requests=run_requests, cursor=cursor)
    reason = f"no change in {len(entries)} document(s) in {settings.raw_dir}"
    if touched:
        reason += f"; {len(touched)} touched with the same content ({listing(touched)})"
    if removed:
        reason += f"; removal of {listing(removed)} already awaiting a refresh"
    return dg.SensorResult(skip_reason=reason, cursor=cursor)


# --- dbt after ingest ---------------------------------------------------------------------------

def _planned_asset_keys(context: dg.RunStatusSensorContext) -> set[dg.AssetKey]:
    run = context.dagster_run
    if run.asset_selection:
        return set(run.asset_selection)
    repository = context.repository_def
    if repository is not None and repository.has_job(run.job_name):
        return set(repository.get_job(run.job_name).asset_layer.selected_asset_keys)
    return set()


@dg.run_status_sensor(
    name="refresh_after_ingest",
    run_status=dg.DagsterRunStatus.SUCCESS,
    request_job=refresh_job,
    minimum_interval_seconds=SENSOR_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "After every successful run that materialized the ingest assets (sensor, schedule or by "
        "hand), one run of every dbt model and its checks -- unless a waiting refresh covers it, or "
        "the run's backfill builds the warehouse itself."
    ),
)
def refresh_after_ingest(context: dg.RunStatusSensorContext):
    run = context.dagster_run
    if run.job_name == refresh_job.name:
        return dg.SkipReason(f"run {run.run_id} is itself a refresh")
    repository = context.repository_def
    if repository is None:
        return dg.SkipReason("no code location to resolve the asset selections in")
    graph = repository.asset_graph
    ingest_keys = INGEST.resolve(graph)
    warehouse_keys = WAREHOUSE.resolve(graph)
    planned = _planned_asset_keys(context)
    if not planned & ingest_keys:
        return dg.SkipReason(f"run {run.run_id} did not materialize the ingest assets")
    if warehouse_keys <= planned:
        return dg.SkipReason(f"run {run.run_id} already built the warehouse after its ingest")
    backfill = context.instance.get_backfill(run.tags[BACKFILL_TAG]) if BACKFILL_TAG in run.tags else None
    if backfill is not None and warehouse_keys <= set(backfill.asset_selection or ()):
        return dg.SkipReason(f"run {run.run_id} is part of backfill {backfill.backfill_id}, which builds the warehouse in a run of its own")
    finished = context.instance.get_run_record_by_id(run.run_id)
    pending = _refresh_pending(context.instance, finished.end_time if finished else None)
    if pending:
        return dg.SkipReason(f"refresh run {pending} will publish what run {run.run_id} landed")
    return dg.RunRequest(
        run_key=f"after-{run.run_id}",
        job_name=refresh_job.name,
        tags={TRIGGER_TAG: run.tags.get(TRIGGER_TAG, "manual"), AFTER_RUN_TAG: run.run_id},
    )


# --- every morning ------------------------------------------------------------------------------

@dg.schedule(
    name=SCHEDULE_NAME,
    cron_schedule="0 6 * * *",
    execution_timezone="Asia/Shanghai",
    job=ingest_job,
    default_status=dg.DefaultScheduleStatus.RUNNING,
    description=(
        "06:00 Beijing time: sync the document partitions with the raw folder, ingest every "
        "document in one run; refresh_after_ingest then rebuilds the warehouse and runs every check."
    ),
)
def daily_refresh(context: dg.ScheduleEvaluationContext, settings: dg.ResourceParam[Settings]):
    if not settings.raw_dir.is_dir():
        return dg.SkipReason(f"raw folder {settings.raw_dir} does not exist (set NONFERROUS_RAW_DIR)")
    sync = sync_document_partitions(context.instance, settings, context.log)
    if not sync.ordered:
        return dg.SkipReason(f"no documents in {settings.raw_dir}")
    tags = {TRIGGER_TAG: SCHEDULE_NAME, DOCUMENTS_TAG: f"all {len(sync.ordered)}"}
    return ingest_request(sync.ordered, tags)


def main() -> None:
    """`python -m orchestration.automation [trigger]`: report the last refresh, exit 1 unless all
    well. The run history is read from the settings' DAGSTER_HOME (exported or not)."""
    import sys

    from orchestration.report import refresh_report

    trigger = sys.argv[1] if len(sys.argv) > 1 else SCHEDULE_NAME
    with Settings.from_env().dagster_instance() as instance:
        ok, lines = refresh_report(instance, trigger)
    print("\n".join(lines))
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
