"""Asset check evaluations stored one by one, as a refresh stores its dbt data tests' results, by
Dagster's SQLite event storage and by the project's (orchestration/event_log.py), in turns.

    .venv/bin/python -m benchmarks.event_log_speed [--events 200] [--rounds 3]

Each round stores `--events` evaluations of one run into a fresh folder with each storage and
prints the wall milliseconds per event with the load average (the time is mostly the disk's:
commits and checkpoints). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time

import dagster as dg
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluation
from dagster._core.events import DagsterEvent, DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage

from orchestration.event_log import BatchedSqliteEventLogStorage


def _evaluation(index: int) -> EventLogEntry:
    evaluation = AssetCheckEvaluation(
        asset_key=dg.AssetKey(["marts", "fct_figure"]), check_name=f"data_test_{index}", passed=True,
        metadata={"failures": dg.MetadataValue.int(0)},
    )
    event = DagsterEvent(event_type_value=DagsterEventType.ASSET_CHECK_EVALUATION.value, job_name="refresh",
                         event_specific_data=evaluation, step_key="warehouse_models")
    return EventLogEntry(error_info=None, level=20, user_message="", run_id="refresh_run", timestamp=time.time(),
                         step_key="warehouse_models", job_name="refresh", dagster_event=event)


def _ms_per_event(storage_class, events: list[EventLogEntry]) -> float:
    with tempfile.TemporaryDirectory() as folder:
        storage = storage_class(base_dir=folder)
        started = time.perf_counter()
        for event in events:
            storage.store_event(event)
        elapsed = time.perf_counter() - started
        storage.dispose()
    return elapsed / len(events) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    events = [_evaluation(index) for index in range(args.events)]
    for round_number in range(1, args.rounds + 1):
        for name, storage_class in (("dagster", SqliteEventLogStorage), ("project", BatchedSqliteEventLogStorage)):
            milliseconds = _ms_per_event(storage_class, events)
            load = os.getloadavg()[0]
            print(f"round {round_number}  {name:8} {milliseconds:7.2f} ms per check evaluation  (load {load:.1f})")


if __name__ == "__main__":
    main()
