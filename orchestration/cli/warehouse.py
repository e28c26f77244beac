"""The warehouse as the command line reads it: read-only, and a plain word when it cannot be read."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

REQUIRED_TABLES = ("marts.dim_series", "marts.fct_observation", "marts.fct_figure")


class WarehouseUnavailable(Exception):
    """The warehouse cannot be read; the message says why and what to do."""


class QueryFailed(Exception):
    """A query the user wrote is not valid SQL for this warehouse."""


def default_path() -> Path:
    from orchestration.settings import Settings

    return Settings.from_env().warehouse


@dataclass
class Rows:
    columns: list[str]
    rows: list[tuple]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]


class Warehouse:
    """A read-only connection; it never creates, locks out or changes the file."""

    def __init__(self, path: Path):
        import duckdb

        self.path = path
        if not path.exists():
            in_progress = path.with_name(path.name + ".next").exists()
            raise WarehouseUnavailable(
                f"No warehouse at {path}."
                + (" A build is in progress (its .next file exists); the warehouse appears when it finishes." if in_progress else "")
                + " Build it with `make run` in the project folder, or point --warehouse (or NONFERROUS_WAREHOUSE) at a built one."
            )
        try:
            self.connection = duckdb.connect(str(path), read_only=True)
        except duckdb.Error as error:
            raise self._unavailable(error) from None
        present = {f"{schema}.{table}" for schema, table in self.fetch(
            "select table_schema, table_name from information_schema.tables"
        ).rows}
        missing = [table for table in REQUIRED_TABLES if table not in present]
        if missing:
            self.close()
            raise WarehouseUnavailable(
                f"{path} has no {', '.join(missing)}: it was built by an older version of the project. "
                "Rebuild it with `make run`."
            )

    def fetch(self, sql: str, parameters: list[Any] | None = None) -> Rows:
        import duckdb

        try:
            cursor = self.connection.execute(sql, parameters or [])
            return Rows([column[0] for column in cursor.description], cursor.fetchall())
        except duckdb.IOException as error:  # a damaged file can surface at the first read
            raise self._unavailable(error) from None
        except duckdb.Error as error:
            raise QueryFailed(str(error).splitlines()[0]) from None

    def close(self) -> None:
        self.connection.close()

    def _unavailable(self, error: Exception) -> WarehouseUnavailable:
        message = str(error).splitlines()[0]
        if "lock" in message.lower():
            return WarehouseUnavailable(
                f"{self.path} is locked: another program opened it for writing ({message}). The pipeline "
                "never writes this file in place (it builds a new one and renames it), so close the other "
                "program (a SQL client opened without read-only?) and try again."
            )
        return WarehouseUnavailable(
            f"{self.path} cannot be read: it is incomplete or damaged ({message}). "
            "Was it copied half-way? Rebuild it with `make run`, or copy it again."
        )
