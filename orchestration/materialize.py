"""`make run`: bring the warehouse up to date with the raw folder, without a UI.

1. Sync the dynamic partitions with the documents in the raw folder (new files added; files
   gone are removed together with their landing files).
2. One run for every document partition (documents -> figures), spread over the cores.
3. One run for the dbt models and their checks, which publishes the new warehouse file.
"""

from __future__ import annotations

import os
import socket
import sys

import dagster as dg

from orchestration.assets.ingest import document_partitions
from orchestration.definitions import defs
from orchestration.ingest import landing
from orchestration.ingest.readers import is_document
from orchestration.settings import Settings

INGEST = dg.AssetSelection.groups("ingest")
RUN_TAGS = {"nonferrous/trigger": "make_run", "nonferrous/pid": str(os.getpid()), "nonferrous/host": socket.gethostname()}


def release_runs_of_dead_processes(instance: dg.DagsterInstance) -> list[str]:
    """A run killed mid-step (make run, or a daemon/UI run) stays STARTED with its duckdb_writer
    pool slot taken, which would make every later run wait for ever. Runs whose process is gone
    are marked failed and their slots freed."""
    released = []
    started = instance.get_runs(filters=dg.RunsFilter(
        statuses=[dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING],
    ))
    for run in started:
        if run.tags.get("nonferrous/host", socket.gethostname()) != socket.gethostname():
            continue  # another machine's run: its own process ids mean nothing here
        pid = _owner_pid(instance, run)
        if pid is None or _process_alive(pid):
            continue
        instance.report_run_failed(run, message=f"the process that ran it (pid {pid}) is gone; marked failed by the next run")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released


def _owner_pid(instance: dg.DagsterInstance, run: dg.DagsterRun) -> int | None:
    """The process executing a run: tagged by make run, else the run worker the default launcher
    started (daemon and UI runs). Remote launchers' own monitoring owns their runs: None."""
    from dagster._core.launcher import DefaultRunLauncher

    if run.tags.get("nonferrous/pid"):
        return int(run.tags["nonferrous/pid"])
    if not isinstance(instance.run_launcher, DefaultRunLauncher):
        return None
    starts = instance.all_logs(run.run_id, of_type=dg.DagsterEventType.RUN_START)
    return starts[-1].dagster_event.pid if starts and starts[-1].dagster_event else None


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sync_partitions(instance: dg.DagsterInstance, settings: Settings) -> list[str]:
    present = sorted({path.stem for path in settings.raw_dir.iterdir() if is_document(path)})
    known = set(instance.get_dynamic_partitions(document_partitions.name))
    new = [key for key in present if key not in known]
    gone = known - set(present)
    if new:
        instance.add_dynamic_partitions(document_partitions.name, new)
    for key in sorted(gone):
        instance.delete_dynamic_partition(document_partitions.name, key)
    for key in sorted(gone | (landing.landed_document_ids(settings.landing_dir, "documents") - set(present))):
        for path in landing.remove_document(settings.landing_dir, key):
            print(f"removed {path} (its document left {settings.raw_dir})", file=sys.stderr)
    return present


def materialize_all(instance: dg.DagsterInstance, settings: Settings) -> None:
    if not settings.raw_dir.is_dir():
        raise SystemExit(f"raw folder {settings.raw_dir} does not exist (set NONFERROUS_RAW_DIR)")
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    landing.ensure_landing(settings.landing_dir)
    for run_id in release_runs_of_dead_processes(instance):
        print(f"run {run_id} was left running by a killed process: marked failed, its pool slot freed", file=sys.stderr)
    keys = sync_partitions(instance, settings)
    print(f"{len(keys)} documents in {settings.raw_dir}", file=sys.stderr)
    all_assets = [*defs.assets, *defs.asset_checks]
    if keys:
        ordered = instance.get_dynamic_partitions(document_partitions.name)
        dg.materialize(
            all_assets,
            instance=instance,
            resources=defs.resources,
            selection=INGEST,
            tags={
                **RUN_TAGS,
                "dagster/asset_partition_range_start": ordered[0],
                "dagster/asset_partition_range_end": ordered[-1],
            },
        )
    dg.materialize(
        all_assets, instance=instance, resources=defs.resources, selection=dg.AssetSelection.all() - INGEST, tags=RUN_TAGS
    )
    print(f"warehouse ready: {settings.warehouse}", file=sys.stderr)


def main() -> None:
    with dg.DagsterInstance.get() as instance:
        materialize_all(instance, Settings.from_env())


if __name__ == "__main__":
    main()
