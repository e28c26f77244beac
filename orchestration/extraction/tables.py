"""Tables flattened one cell per line -> one `Figure` per numeric cell.

`extract_tables` finds each table by its caption, rebuilds its grid (table_layout.py) and
reads its cells (table_cells.py). A table that cannot be read is skipped with a diagnostic;
it never takes the document down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import Figure
from .periods import Period
from .table_cells import table_figures
from .table_layout import Table, caption_kind, clean, read_body, read_grid, split_lines, unit_of


@dataclass
class TableResult:
    figures: list[Figure] = field(default_factory=list)  # parent_index indexes this list
    ranges: list[tuple[int, int]] = field(default_factory=list)  # caption to last data row
    diagnostics: list[str] = field(default_factory=list)


def extract_tables(text: str, document_date: date | None, reference: Period | None = None) -> TableResult:
    """Figures of every numeric cell of the flattened tables in `text`, and the (start, end)
    character ranges the tables cover, for the prose parser to skip. `reference` is the period
    a release's title names: the period of cells whose table states none."""
    result = TableResult()
    if not isinstance(text, str) or not text:
        return result
    lines = split_lines(text)
    i = 0
    while i < len(lines):
        if caption_kind(lines[i]) is None:
            i += 1
            continue
        caption = lines[i]
        try:
            rows, unit_line, mode, stop = read_body(lines, i + 1)
            caption_text = clean(caption.content)
            table = Table(caption, caption_text, rows, unit_line or unit_of(caption_text), mode == "tab")
            grid = read_grid(table)
            figures, last_end = table_figures(table, grid, document_date, len(result.figures), reference) if grid else ([], None)
        except Exception as exc:  # noqa: BLE001 - garbage in, nothing out, and say so
            result.diagnostics.append(
                f"table at line {i + 1} ({caption.content.strip()[:30]}) not read: {type(exc).__name__}: {exc}")
            i += 1
            continue
        if figures and last_end is not None:
            result.figures.extend(figures)
            result.ranges.append((caption.start, last_end))
            i = max(stop, i + 1)
        else:
            i += 1
    return result
