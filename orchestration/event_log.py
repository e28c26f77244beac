"""Dagster's SQLite event log, writing a batch of asset events in one transaction per database.

A run over N document partitions records, for each of its four ingest assets, a planned and a
materialization event per document: 8 × N asset events. Dagster's SQLite storage writes each in
transactions of its own (the run's database, then the index database), and each commit waits for
the disk: about 95 ms of wall time per event here, 12 ms of it CPU, so a 1,000-document backfill
spent minutes committing. Dagster hands these events over in batches when
DAGSTER_EVENT_BATCH_SIZE is set (orchestration.settings.DAGSTER_EVENT_BATCHING), but its SQLite
storage stores a batch one event at a time; this one writes a batch in one transaction per
database, doing per event what `SqliteEventLogStorage.store_event` does. A run's planned checks
come in the same batch as its planned materializations (about 150 for the warehouse run): their
rows go in with the batch, and their check-execution records one by one, as Dagster writes them.

dagster.yaml selects it (orchestration.setup.write_dagster_config), in the folder of Dagster's
default event log; the run and schedule storages stay Dagster's defaults, so an existing Dagster
home keeps its history.
"""

from __future__ import annotations

from collections.abc import Sequence

from dagster._core.events import ASSET_EVENTS, DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import SqliteEventLogStorage
from dagster._core.storage.sqlalchemy_compat import db_result

# What Dagster sends in batches: a step's asset events, a run's planned materializations and checks.
BATCHED = ASSET_EVENTS | {DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED}


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    """SQLite event log storage that commits a batch of one run's asset events at once."""

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # ty: ignore[invalid-method-override]
        return cls(inst_data=inst_data, **config_value)

    def store_event_batch(self, events: Sequence[EventLogEntry]) -> None:
        run_ids = {event.run_id for event in events}
        if len(run_ids) != 1 or not all(event.is_dagster_event and event.dagster_event_type in BATCHED for event in events):
            super().store_event_batch(events)  # anything else, one by one
            return
        (run_id,) = run_ids
        statements = [self.prepare_insert_event(event) for event in events]
        with self.run_connection(run_id) as conn:
            for statement in statements:
                conn.execute(statement)
        # mirrored into the cross-run index database in the batch's order, as store_event does
        asset_events, asset_event_ids, checks = [], [], []
        with self.index_transaction() as conn:
            for event, statement in zip(events, statements):
                with db_result(conn, statement) as result:
                    event_id = result.inserted_primary_key[0]
                if event.dagster_event_type in ASSET_EVENTS:
                    asset_events.append(event)
                    asset_event_ids.append(event_id)
                else:
                    checks.append((event, event_id))
            self._store_asset_event_tags(conn, asset_events, asset_event_ids)
            for event, event_id in zip(asset_events, asset_event_ids):
                self._store_asset_event(conn, event, event_id)
        for event, event_id in checks:
            self.store_asset_check_event(event, event_id)
