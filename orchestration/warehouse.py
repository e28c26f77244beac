"""The DuckDB warehouse file: how it is opened (one way, read-only: dbt is the only writer, and
it writes a fresh file) and how a finished build replaces it (one rename)."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a warehouse file (the published one, or a build before it is
    published). Use it as a context manager."""
    return duckdb.connect(str(path), read_only=True)


def publish(built: Path, warehouse: Path) -> None:
    """Put a finished build in place of the warehouse in one rename: readers see the old file or
    the new one, never a mix."""
    os.replace(built, warehouse)


def build_leftovers(built: Path) -> list[Path]:
    """What an unfinished build at `built` leaves: the file, its write-ahead log and DuckDB's
    spill folder (`<file>.tmp/`)."""
    candidates = [built, built.with_name(built.name + ".wal"), built.with_name(built.name + ".tmp")]
    return [path for path in candidates if path.exists() or path.is_symlink()]
