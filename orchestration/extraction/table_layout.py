"""Grid layout of a table's rows (table_lines.py): header rows and data rows, and the header
rebuilt into column paths.

1. **Header / data.** Rows before the first row holding a numeric cell are header rows.
   A data row is its label cells followed by value cells (numbers, "[10]", "-", empty); the
   value-column count N is the most common count of trailing value cells.
2. **Columns.** The lowest header row with N entries is the base; each header row above is
   spread over the columns of the row below it (an empty child cell is a column of its own, a
   run of sub-headers belongs to one parent; a run restarts when a sub-header repeats), so
   each column gets a path such as 生产量（万吨） > 年均增长率（%） > 十一五.

What the cells mean is read in table_cells.py.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from . import lexicon
from .label_periods import LABEL_HALF, LABEL_MONTH, LABEL_MONTHS, LABEL_PLAN, LABEL_QUARTER, LABEL_YEAR
from .table_lines import Row, Table, clean, unit_of

# Words in a column header -> what its cells measure (cagr: the annual-average markers).
COLUMN_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cagr", lexicon.words("markers", marker="cagr")),
    *((kind, lexicon.words("table_words", role=f"column_{kind}"))
      for kind in ("change", "yoy", "mom", "share", "forecast", "target", "actual", "week")),
)
# Headers of the row-label column.
SUBJECT_LABEL_HEADERS = lexicon.words("table_words", role="subject_label_header")
INDICATOR_LABEL_HEADERS = lexicon.words("table_words", role="indicator_label_header")
LABEL_HEADER_WORDS: tuple[str, ...] = (
    *SUBJECT_LABEL_HEADERS, *INDICATOR_LABEL_HEADERS,
    *lexicon.words("table_words", role="other_label_header"),
)

def _looks_like_value_header(text: str) -> bool:
    t = clean(text)
    return bool(unit_of(t) or kinds_of(t)
                or any(p.search(t) for p in (LABEL_YEAR, LABEL_PLAN, LABEL_MONTHS, LABEL_MONTH, LABEL_QUARTER, LABEL_HALF)))


def kinds_of(text: str) -> set[str]:
    """What the cells under a header measure, by its words (cagr, change, yoy, share …)."""
    t = clean(text)
    return {kind for kind, words in COLUMN_KINDS if any(w in t for w in words)}


def _group_units(level: list[tuple[str, list[int]]]) -> list[list[int]]:
    """Group the entries of a header level into the spans their parents cover."""
    units: list[list[int]] = []
    run: list[int] = []
    for k, (text, _) in enumerate(level):
        if not text:
            if run:
                units.append(run)
                run = []
            units.append([k])
        elif run and text == level[run[0]][0]:
            units.append(run)
            run = [k]
        else:
            run.append(k)
    if run:
        units.append(run)
    return units


def _repair_sub_headers(parent: list[str], children: list[str], n_cols: int) -> list[str] | None:
    """Sub-headers flattened without their empty cells (十一五, 十二五, 十一五, 十二五 under
    2010年, 2015年, 年均增长率, …): give each run of sub-headers to a growth-rate parent."""
    if not all(children) or len(children) >= n_cols or len(parent) >= n_cols:
        return None
    runs = _group_units([(c, [k]) for k, c in enumerate(children)])
    if len(parent) - len(runs) + len(children) != n_cols:
        return None
    takers = [k for k, p in enumerate(parent) if kinds_of(p) & {"cagr", "yoy", "change"}]
    if len(takers) != len(runs):
        return None
    out: list[str] = []
    for k in range(len(parent)):
        out.extend(children[u] for u in runs[takers.index(k)]) if k in takers else out.append("")
    return out


_RATE_KINDS = {"cagr", "yoy", "mom", "change", "share"}


def _percent_row_below(row: list[str], base_entries: list[str]) -> list[int] | None:
    """The rate columns a row of bare percent signs under the base header belongs to: （%） under
    each 同比增长 of 3月 | 同比增长 | 1-3月 | 同比增长, flattened without the empty cells over the
    level columns (one sign per rate column, in order); None when the row is no such row."""
    signs = [e for e in row if e]
    if not signs or len(signs) == len(base_entries) or any(unit_of(e) != "%" for e in signs):
        return None
    takers = [j for j, e in enumerate(base_entries) if kinds_of(e) & _RATE_KINDS]
    return takers if len(takers) == len(signs) else None


def build_columns(header_rows: list[Row], n_cols: int) -> tuple[list[list[str]], list[str]]:
    """Column paths (top -> bottom header texts) and the label-column header texts."""
    rows = [[c.clean for c in r.cells] for r in header_rows]
    rows = [r for r in rows if any(r)]
    if not rows or n_cols <= 0:
        return [[] for _ in range(n_cols)], []
    finest = max(len(r) for r in rows)
    lh = max(0, finest - n_cols)
    label_headers: list[str] = []
    entries_per_row: list[list[str]] = []
    for r in rows:
        k = lh
        if len(r) < finest and r and r[0] and _looks_like_value_header(r[0]):
            k = 0
        elif lh == 0 and len(r) > 1 and (not r[0] or any(h in r[0] for h in LABEL_HEADER_WORDS)):
            k = 1  # header rows short of the column count still start with the label column
        if len(r) > k:
            label_headers.extend(x for x in r[:k] if x)
        entries = r[k:]
        entries_per_row.append(entries if any(entries) else [])
    usable = [k for k, e in enumerate(entries_per_row) if e]
    if not usable:
        return [[] for _ in range(n_cols)], label_headers
    exact = [k for k in usable if len(entries_per_row[k]) == n_cols]
    if not exact and len(usable) >= 2:
        repaired = _repair_sub_headers(entries_per_row[usable[-2]], entries_per_row[usable[-1]], n_cols)
        if repaired:
            entries_per_row[usable[-1]] = repaired
            exact = [usable[-1]]
    base = exact[-1] if exact else usable[-1]
    base_entries = (entries_per_row[base] + [""] * n_cols)[:n_cols]
    paths: list[list[str]] = [[e] if e else [] for e in base_entries]
    for k in usable:
        if k > base and (takers := _percent_row_below(entries_per_row[k], base_entries)):
            for j in takers:
                paths[j].append("%")
    level: list[tuple[str, list[int]]] = [(e, [j]) for j, e in enumerate(base_entries)]
    for k in reversed(usable):
        if k >= base:
            continue
        parent = entries_per_row[k]
        m = len(parent)
        units = _group_units(level)
        if m == len(level) and not all(parent) and all(
            not parent[u] for unit in units for u in unit[1:]
        ):
            # a merged cell flattened as its text followed by empty cells: 进口量, "", 出口量, ""
            parent = [parent[unit[0]] for unit in units]
            spans = [[j for u in unit for j in level[u][1]] for unit in units]
        elif len(units) == m:
            spans = [[j for u in unit for j in level[u][1]] for unit in units]
        elif len(merged := [p for k, p in enumerate(parent) if p or k == 0]) == len(units) and merged[0]:
            # a merged cell flattened as its text and fewer empty cells than it spans
            parent = merged
            spans = [[j for u in unit for j in level[u][1]] for unit in units]
        elif len(level) % m == 0:
            per = len(level) // m
            spans = [[j for u in range(p * per, (p + 1) * per) for j in level[u][1]] for p in range(m)]
        elif n_cols % m == 0:
            per = n_cols // m
            spans = [list(range(p * per, (p + 1) * per)) for p in range(m)]
        else:
            continue
        level = []
        for text, cols in zip(parent, spans):
            level.append((text, cols))
            if text:
                for j in cols:
                    paths[j].insert(0, text)
    return paths, label_headers


@dataclass
class Grid:
    header_rows: list[Row]
    body: list[Row]
    n_cols: int  # value columns
    paths: list[list[str]]  # each value column's header path, top to bottom
    label_headers: list[str]  # the header texts over the row-label column


def _without_blank_tail(row: Row, n_cols: int) -> Row:
    """A row set with a separator after its last cell (`铝合金\t万吨\t88.9\t-\t`) has an empty
    cell more than the grid's columns: no cell, or every value would shift a column left."""
    t = row.trailing_values()
    width = n_cols + (t == len(row.cells))  # a row of values only: its first one is the label
    cells = row.cells
    while t > width and cells and not cells[-1].text:
        cells, t = cells[:-1], t - 1
    return row if cells is row.cells else Row(cells, row.start, row.end)


def read_grid(table: Table) -> Grid | None:
    """Header and data rows of a table and its value columns; None when it holds no grid of
    numbers (a table whose cells are guessed from a run of lines must have most data rows agree
    on the column count)."""
    rows = table.rows
    first_data = None
    for k, r in enumerate(rows):
        nums = r.numeric()
        if not nums:
            if r.dashes_only() and any(row.numeric() for row in rows[k + 1:]):
                first_data = k
                break
            continue
        if all(n.value.is_integer() and 1900 <= n.value <= 2100 and not n.bracketed and not n.pct for n in nums) \
                and not any(label and not any(h in label for h in LABEL_HEADER_WORDS) for label in r.labels()):
            continue  # a header of bare years (over an empty or a 年份/品种 label cell)
        first_data = k
        break
    if first_data is None:
        return None
    header_rows, body = rows[:first_data], rows[first_data:]
    counts, ending_blank = [], []
    for r in body:
        if r.numeric():
            t = r.trailing_values()
            counts.append(t - 1 if t == len(r.cells) and len(r.cells) > 1 else t)
            ending_blank.append(not r.cells[-1].text)
    if not counts:
        return None
    # A row whose last cell is empty may end in a separator rather than a blank cell: the rows
    # that end in a cell say how many columns there are, when there are such rows.
    tally = Counter(c for c, blank in zip(counts, ending_blank) if not blank) or Counter(counts)
    n_cols = max(tally, key=lambda c: (tally[c], c))
    if n_cols <= 0:
        return None
    if not table.explicit_cells and (len(counts) < 2 or tally[n_cols] * 2 < len(counts)):
        return None
    body = [_without_blank_tail(r, n_cols) for r in body]
    paths, label_headers = build_columns(header_rows, n_cols)
    return Grid(header_rows, body, n_cols, paths, label_headers)
