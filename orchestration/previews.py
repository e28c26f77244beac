"""What an asset's materialization shows in the Dagster UI: its row count (`dagster/row_count`,
which the UI shows beside the asset) and the first rows as a small markdown table; a view, which
only reading computes, says so instead."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dagster as dg

PREVIEW_ROWS = 5
CELL_CHARACTERS = 40
ROW_COUNT = "dagster/row_count"


def markdown_table(columns: Sequence[str], rows: Sequence[Sequence[Any]], limit: int = PREVIEW_ROWS) -> str:
    """The first `limit` rows; long cells (a document's text) cut to CELL_CHARACTERS."""
    if not rows:
        return "*(no rows)*"

    def cell(value: Any) -> str:
        text = "" if value is None else str(value)
        text = text.replace("\n", " ").replace("|", "\\|")
        return text if len(text) <= CELL_CHARACTERS else text[: CELL_CHARACTERS - 1] + "…"

    lines = ["| " + " | ".join(map(cell, columns)) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(map(cell, row)) + " |" for row in rows[:limit]]
    if len(rows) > limit:
        lines.append(f"\n*first {limit} of {len(rows)} rows*")
    return "\n".join(lines)


def preview_metadata(count: int, columns: Sequence[str], rows: Sequence[Sequence[Any]], after: str = "") -> dict[str, Any]:
    """Row count and preview of rows already in hand (the first few of `count`), with markdown
    `after` the table (links, say, which a table cell would cut)."""
    shown = rows[:PREVIEW_ROWS]
    body = markdown_table(columns, shown)
    if count > len(shown) and shown:
        body += f"\n\n*first {len(shown)} of {count} rows*"
    if after:
        body += "\n\n" + after
    return {ROW_COUNT: dg.MetadataValue.int(count), "preview": dg.MetadataValue.md(body)}


def records_preview(count: int, records: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> dict[str, Any]:
    """The same for dict rows (landing rows, figures), showing `columns` of the first few."""
    shown = [[record.get(column) for column in columns] for record in records[:PREVIEW_ROWS]]
    return preview_metadata(count, columns, shown)


def table_preview(con, relation: str) -> dict[str, Any]:
    """Row count and preview of a table (`schema.name`) in the warehouse. A view is computed when
    it is read: counting it costs a full evaluation (a wide series view pivots fct_observation; a
    view over the landing files would read every one of them), so a view says what it is instead."""
    schema, name = relation.split(".", 1)
    kind = con.execute("select table_type from information_schema.tables where table_schema = ? and table_name = ?",
                       [schema, name]).fetchone()
    if kind is not None and kind[0] == "VIEW":
        return {"preview": dg.MetadataValue.md(f"A view, computed when read: `select * from {relation} limit {PREVIEW_ROWS}`")}
    count = con.execute(f"select count(*) from {relation}").fetchone()[0]
    cursor = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}")
    columns = [column[0] for column in cursor.description]
    return preview_metadata(count, columns, cursor.fetchall())
