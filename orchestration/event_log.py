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

It also keeps its connection to the cross-run index database open. Dagster's SQLite storage
opens a new engine for every statement group and closes it after: an asset check evaluation
alone opens the index database five times, and in WAL mode the last connection to close
checkpoints the log and syncs the file to disk each time (Dagster also asks the index, in a
connection of its own, whether it has a check table before each evaluation), so a refresh's 186 check evaluations
took 16 s (86 ms each at load 8; 4 to 18 ms with the connection kept). The kept connection
commits with `synchronous=NORMAL`, WAL's setting for "consistent after a power cut, the last
commits may be lost": a history of runs, not the warehouse. The per-run databases keep Dagster's
open-and-close: the UI follows a running run by watching its database file, which only changes
when a connection to it closes and checkpoints.

dagster.yaml selects it (orchestration.setup.write_dagster_config), in the folder of Dagster's
default event log; the run and schedule storages stay Dagster's defaults, so an existing Dagster
home keeps its history.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from dagster._core.events import ASSET_EVENTS, DagsterEventType
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log.sqlite.sqlite_event_log import (
    INDEX_SHARD_NAME,
    SQLITE_BUSY_TIMEOUT_SECONDS,
    SqliteEventLogStorage,
)
from dagster._core.storage.sqlalchemy_compat import db_result
import sqlalchemy
from sqlalchemy import create_engine
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import QueuePool

# What Dagster sends in batches: a step's asset events, a run's planned materializations and checks.
BATCHED = ASSET_EVENTS | {DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED}


class BatchedSqliteEventLogStorage(SqliteEventLogStorage):
    """SQLite event log storage that commits a batch of one run's asset events at once, and keeps
    its connection to the index database open."""

    def __init__(self, base_dir: str, inst_data=None):
        self._index_engine: tuple[int, Engine] | None = None  # (the process that opened it, the engine)
        self._present_tables: set[str] = set()
        super().__init__(base_dir, inst_data)

    @classmethod
    def from_config_value(cls, inst_data, config_value):  # ty: ignore[invalid-method-override]
        return cls(inst_data=inst_data, **config_value)

    @contextmanager
    def _connect(self, shard: str) -> Iterator[Connection]:
        if shard != INDEX_SHARD_NAME:
            with super()._connect(shard) as conn:
                yield conn
            return
        with self._db_lock:
            with self._kept_index_engine().connect() as conn, conn.begin():
                yield conn

    def has_table(self, table_name: str) -> bool:
        # Asked before every check evaluation is stored (`supports_asset_checks`), in an engine of its
        # own and outside the storage's lock (Dagster asks it inside index transactions too). A table
        # once there stays: only its absence is asked again.
        if table_name not in self._present_tables:
            if not super().has_table(table_name):
                return False
            self._present_tables.add(table_name)
        return True

    def _kept_index_engine(self) -> Engine:
        # A process forked from this one must not share the parent's SQLite connection: it opens its own.
        if self._index_engine is None or self._index_engine[0] != os.getpid():
            engine = create_engine(
                self.conn_string_for_shard(INDEX_SHARD_NAME), poolclass=QueuePool, pool_size=1,
                connect_args={"timeout": SQLITE_BUSY_TIMEOUT_SECONDS},
            )
            sqlalchemy.event.listen(engine, "connect", _commit_without_waiting_for_the_disk)
            if INDEX_SHARD_NAME not in self._initialized_dbs:
                self._initdb(engine)
                self._initialized_dbs.add(INDEX_SHARD_NAME)
            self._index_engine = (os.getpid(), engine)
        return self._index_engine[1]

    def dispose(self) -> None:
        if self._index_engine is not None and self._index_engine[0] == os.getpid():
            self._index_engine[1].dispose()
        self._index_engine = None
        super().dispose()

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


def _commit_without_waiting_for_the_disk(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()
