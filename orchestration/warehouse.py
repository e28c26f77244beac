"""The DuckDB warehouse file: how it is opened (one way, read-only: dbt is the only writer, and
it writes a fresh file) and how a finished build replaces it (one rename)."""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import duckdb

# Where write-ahead logs that do not belong to the published file are kept, beside the warehouse.
STALE_WAL_FOLDER = "stale_wal"


def connect(path: Path, config: dict[str, str] | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse file (the published one, or a build before it is
    published), with the resource bounds of `config` (`Settings.duckdb_config`). Use it as a
    context manager."""
    return duckdb.connect(str(path), read_only=True, config=config or {})


def records(con: duckdb.DuckDBPyConnection, sql: str, parameters=None) -> list[dict]:
    """The rows of a query as dicts, straight from DuckDB: dates stay dates (no pandas timestamps
    printing a midnight time) and NULL is None."""
    cursor = con.execute(sql, parameters)
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def publish(built: Path, warehouse: Path) -> Path | None:
    """Put a finished build in place of the warehouse in one rename: readers see the old file or
    the new one, never a mix.

    A write-ahead log beside the warehouse belongs to the file being replaced: a client opened it
    read-write (still open, or killed before it checkpointed). Left there, it would make every
    reader of the new file fail ("WAL does not match database file") until someone deleted it,
    so it is moved aside first -- kept, under `stale_wal/` with the time -- and where it went is
    returned (None when there was none)."""
    stale = write_ahead_log(warehouse)
    aside = None
    if stale.exists():
        folder = warehouse.parent / STALE_WAL_FOLDER
        folder.mkdir(exist_ok=True)
        aside = folder / f"{stale.name}.{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')}"
        os.replace(stale, aside)
    os.replace(built, warehouse)
    return aside


def write_ahead_log(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def build_leftovers(built: Path) -> list[Path]:
    """What an unfinished build at `built` leaves: the file, its write-ahead log and DuckDB's
    spill folder (`<file>.tmp/`)."""
    candidates = [built, write_ahead_log(built), built.with_name(built.name + ".tmp")]
    return [path for path in candidates if path.exists() or path.is_symlink()]
