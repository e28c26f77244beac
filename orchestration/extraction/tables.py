"""Tables flattened one cell per line -> one `Figure` per numeric cell.

`extract_tables` finds each table by its caption, or a row-per-line table by its rows
(table_lines.py), rebuilds its grid (table_layout.py) and reads its cells (table_cells.py). A table that cannot be read is skipped with a diagnostic;
it never takes the document down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .document_date import date_line
from .model import Figure
from .periods import Period, find_periods
from .table_cells import table_figures
from .table_columns import header_period
from .table_layout import read_grid
from .table_lines import (Line, Table, caption_kind, clean, lists_percent, read_body, single_words_header, split_lines, starts_table,
                          title_lines, unit_of)


@dataclass
class TableResult:
    figures: list[Figure] = field(default_factory=list)  # parent_index indexes this list
    ranges: list[tuple[int, int]] = field(default_factory=list)  # caption to last data row
    diagnostics: list[str] = field(default_factory=list)


def _report_of_title(title: str) -> Period | None:
    """The period of the periodic report a company document's title names (南岭矿业2023年第三季度
    报告): what its tables' 本报告期 and 年初至报告期末 columns are relative to."""
    report = next((m for m in find_periods(title) if m.report and m.year is not None), None)
    return report.resolve(None, None) if report is not None else None


_HEAD_LINES = 6  # a filing's title stands within its first lines, under 证券代码 and the issuer's name


def _head_lines(lines) -> list[str]:
    """The first lines of a document up to its first sentence: where a filing's title stands (a
    listed firm's filing opens with 证券代码：…　证券简称：… and its name before the title)."""
    head: list[str] = []
    for line in lines:
        if line.blank:
            continue
        if len(head) == _HEAD_LINES or line.content.rstrip().endswith("。"):
            break
        head.append(clean(line.content))
    return head


def extract_tables(text: str, document_date: date | None, reference: Period | None = None) -> TableResult:
    """Figures of every numeric cell of the flattened tables in `text`, and the (start, end)
    character ranges the tables cover, for the prose parser to skip. `reference` is the period
    a release's title names (or the periodic report a company's title names): the period of cells
    whose table states none; a release title's quantity is the quantity of cells whose table names
    none."""
    result = TableResult()
    if not isinstance(text, str) or not text:
        return result
    lines = split_lines(text)
    title = next((clean(line.content) for line in lines if not line.blank), None)
    release_title = title if reference else None
    if reference is None and title:
        reference = next((p for p in map(_report_of_title, _head_lines(lines)) if p is not None), None)
    i = 0
    floor = 0  # lines above this one belong to the previous table
    while i < len(lines):
        kind = None if single_words_header(lines, i) else caption_kind(lines[i])
        if kind in ("unit", "unit line") and not header_period(lines[i].content, None)[0]:
            # 单位：万元, 主要会计数据（单位：元）: the title lines above say what and when
            captions, first = [*title_lines(lines, i, floor), lines[i]], i + 1
        elif kind is not None:
            captions, first = [lines[i]], i + 1
        elif starts_table(lines, i):
            captions, first = title_lines(lines, i, floor), i
        else:
            i += 1
            continue
        caption = captions[0] if captions else Line(lines[i].start, "")
        # under a release's title, a dateline over the table dates the release, not its figures:
        # the title is the caption
        caption_text = " ".join(clean(c.content) for c in captions
                                if not (release_title and date_line(c.content))) or (release_title or "")
        try:
            rows, unit_line, mode, stop = read_body(lines, first)
            unit_text = unit_line or caption_text
            table = Table(caption, caption_text, rows, unit_of(unit_text), mode != "plain", lists_percent(unit_text))
            grid = read_grid(table)
            figures, last_end = table_figures(table, grid, document_date, len(result.figures), reference,
                                                           release_title) if grid else ([], None)
        except Exception as exc:  # noqa: BLE001 - garbage in, nothing out, and say so
            result.diagnostics.append(
                f"table at line {i + 1} ({lines[i].content.strip()[:30]}) not read: {type(exc).__name__}: {exc}")
            i += 1
            continue
        if figures and last_end is not None:
            result.figures.extend(figures)
            result.ranges.append((caption.start, last_end))
            i = floor = max(stop, i + 1)
        else:
            i += 1
    return result
