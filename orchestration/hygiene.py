"""Run hygiene: what a killed run leaves behind, cleared on every path that starts work (`make
run`, every tick of the raw-folder sensor under the daemon, the dbt step itself).

- A run whose process died (SIGKILL, the OOM killer, a container restart) stays STARTED with its
  duckdb_writer pool slot claimed, which would make every later dbt step wait for ever: it is
  marked failed and its slots are freed.
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

from orchestration.jobs import HOST_TAG, PID_TAG
from orchestration.settings import Settings
from orchestration.warehouse import build_leftovers

_IN_PROGRESS = [dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.CANCELING]


@dataclass
class Sweep:
    released_runs: list[str] = field(default_factory=list)
    removed_paths: list[Path] = field(default_factory=list)

    def messages(self) -> list[str]:
        return [
            *(f"run {run_id} was left running by a process that is gone: marked failed, its writer slot freed"
              for run_id in self.released_runs),
            *(f"removed {path}, left by an unfinished build" for path in self.removed_paths),
        ]


def sweep(instance: dg.DagsterInstance, settings: Settings) -> Sweep:
    """Free what dead runs hold; remove leftovers of unfinished builds if nothing is running."""
    released = release_runs_of_dead_processes(instance)
    removed = [] if runs_in_progress(instance) else remove_build_leftovers(settings)
    return Sweep(released, removed)


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


def release_runs_of_dead_processes(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs whose process is gone, and free their pool slots."""
    released = []
    for run in runs_in_progress(instance):
        if run.tags.get(HOST_TAG, socket.gethostname()) != socket.gethostname():
            continue  # another machine's run: its own process ids mean nothing here
        pid = _owner_pid(instance, run)
        if pid is None or _process_alive(pid):
            continue
        instance.report_run_failed(run, message=f"the process that ran it (pid {pid}) is gone; marked failed by the run hygiene")
        instance.event_log_storage.free_concurrency_slots_for_run(run.run_id)
        released.append(run.run_id)
    return released


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
