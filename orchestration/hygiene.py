"""Run hygiene: what a killed run leaves behind, cleared on every path that starts work (`make
run`, every tick of the raw-folder sensor under the daemon, the dbt step itself).

- A run whose process died (SIGKILL, the OOM killer, a container restart) stays STARTED: it is
  marked failed.
- A run that ended still holding its duckdb_writer pool slot would make every later dbt step wait
  for ever (and, under the daemon, keep every later refresh QUEUED): its slots are freed. Dagster
  marks a daemon-launched run whose worker was killed failed by itself (the code server sees the
  signal) but leaves its slot claimed; a run of `make run` gets here through the point above.
- An unfinished build (`<warehouse>.next`, its write-ahead log and DuckDB's spill folder
  `<warehouse>.next.tmp/`) is removed once no run is in progress that could still be writing it.
"""

from __future__ import annotations

import os
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
from dagster._core.storage.dagster_run import FINISHED_STATUSES

from orchestration.jobs import HOST_TAG, PID_TAG
from orchestration.settings import Settings
from orchestration.warehouse import build_leftovers

_IN_PROGRESS = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING]


@dataclass
class Sweep:
    failed_runs: list[str] = field(default_factory=list)
    freed_runs: list[str] = field(default_factory=list)
    removed_paths: list[Path] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [
            *(f"run {run_id} was left running by a process that is gone: marked failed" for run_id in self.failed_runs),
            *(f"run {run_id} ended still holding its writer slot: freed" for run_id in self.freed_runs),
            *(f"removed {path}, left by an unfinished build" for path in self.removed_paths),
        ]


def sweep(instance: dg.DagsterInstance, settings: Settings) -> Sweep:
    """Fail runs of dead processes, free the slots of ended runs; remove leftovers of unfinished
    builds if nothing is running."""
    failed = fail_runs_of_dead_processes(instance)
    freed = free_slots_of_ended_runs(instance)
    removed = [] if runs_in_progress(instance) else remove_build_leftovers(settings)
    return Sweep(failed, freed, removed)


def runs_in_progress(instance: dg.DagsterInstance) -> list[dg.DagsterRun]:
    return list(instance.get_runs(filters=dg.RunsFilter(statuses=_IN_PROGRESS)))


def remove_build_leftovers(settings: Settings) -> list[Path]:
    """Delete `<warehouse>.next` and what DuckDB keeps beside it. Only the holder of the writer
    slot (the dbt step) or a caller that knows no run is going may call this."""
    removed = []
    for path in build_leftovers(settings.next_warehouse):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path)
    return removed


def fail_runs_of_dead_processes(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs whose process is gone."""
    failed = []
    for run in runs_in_progress(instance):
        if run.tags.get(HOST_TAG, socket.gethostname()) != socket.gethostname():
            continue  # another machine's run: its own process ids mean nothing here
        pid = _owner_pid(instance, run)
        if pid is None or _process_alive(pid):
            continue
        instance.report_run_failed(run, message=f"the process that ran it (pid {pid}) is gone; marked failed by the run hygiene")
        failed.append(run.run_id)
    return failed


def free_slots_of_ended_runs(instance: dg.DagsterInstance) -> list[str]:
    """Free the pool slots (claimed or pending) of runs that have ended: a run gives its slot back
    when its step ends, so an ended run holding one was cut short."""
    storage = instance.event_log_storage
    if not storage.supports_global_concurrency_limits:
        return []
    holders = storage.get_concurrency_run_ids()
    if not holders:
        return []
    ended = instance.get_runs(filters=dg.RunsFilter(run_ids=sorted(holders), statuses=list(FINISHED_STATUSES)))
    for run in ended:
        storage.free_concurrency_slots_for_run(run.run_id)
    return [run.run_id for run in ended]


def _owner_pid(instance: dg.DagsterInstance, run: dg.DagsterRun) -> int | None:
    """The process executing a run: tagged by make run, else the run worker the default launcher
    started (daemon and UI runs). Remote launchers' own monitoring owns their runs: None."""
    from dagster._core.launcher import DefaultRunLauncher

    if run.tags.get(PID_TAG):
        return int(run.tags[PID_TAG])
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
