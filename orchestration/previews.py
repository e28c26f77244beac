"""What an asset's materialization shows in the Dagster UI: its row count and the first rows as a
small markdown table."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

PREVIEW_ROWS = 5
CELL_CHARACTERS = 40


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


def table_preview(con, relation: str) -> tuple[int, str]:
    """Row count and a markdown preview of a table or view (`schema.name`) in the warehouse."""
    count = con.execute(f"select count(*) from {relation}").fetchone()[0]
    cursor = con.execute(f"select * from {relation} limit {PREVIEW_ROWS}")
    columns = [column[0] for column in cursor.description]
    body = markdown_table(columns, cursor.fetchall())
    if count > PREVIEW_ROWS:
        body += f"\n\n*first {PREVIEW_ROWS} of {count} rows*"
    return count, body
