"""Grid layout of tables flattened one cell per line: lines, cells, the table body and its
header rows, rebuilt into column paths.

Documents converted from PDF/Word often carry their tables as a run of short lines, one cell
per line (usually tab-led; an empty cell is a line holding just a tab), rows separated by blank
lines; or one row per line with tab-separated cells. A table is introduced by a caption
(专栏N / 表N / 附表N …, or a short line ending in a unit in parentheses such as "…产量（万吨）").

1. **Body.** From the caption, rows are read until prose (a long line, a sentence), a note
   (注：, 资料来源 …), a new caption, or — for tab-led tables — a line that is not tab-led.
2. **Header / data.** Rows before the first row holding a numeric cell are header rows.
   A data row is its label cells followed by value cells (numbers, "[10]", "-", empty); the
   value-column count N is the most common count of trailing value cells.
3. **Columns.** The lowest header row with N entries is the base; each header row above is
   spread over the columns of the row below it (an empty child cell is a column of its own, a
   run of sub-headers belongs to one parent; a run restarts when a sub-header repeats), so
   each column gets a path such as 生产量（万吨） > 年均增长率（%） > 十一五.

What the cells mean is read in table_cells.py.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .periods import LABEL_PLAN, LABEL_YEAR
from .units import parse_unit

# Words in a column header -> what its cells measure (cagr: the annual-average markers).
COLUMN_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cagr", lexicon.words("markers", marker="cagr")),
    *((kind, lexicon.words("table_words", role=f"column_{kind}"))
      for kind in ("change", "yoy", "share", "forecast", "target", "actual")),
)
# Headers of the row-label column.
SUBJECT_LABEL_HEADERS = lexicon.words("table_words", role="subject_label_header")
LABEL_HEADER_WORDS: tuple[str, ...] = (
    *SUBJECT_LABEL_HEADERS, *lexicon.words("table_words", role="indicator_label_header"),
    *lexicon.words("table_words", role="other_label_header"),
)


# A line that starts a note under a table (and ends the table).
NOTE_RE = re.compile(r"^(?:注[0-9０-９一二三①-⑩]*\s*[:：]|注\s|注释|资料来源|数据来源|来源\s*[:：]|说明\s*[:：]|备注)")

CN_DIGITS = "一二三四五六七八九十"
CAPTION_RE = re.compile(
    rf"^\s*(?:专栏|附表|续表|图表|表)\s*[0-9０-９{CN_DIGITS}]+(?:[-－.．][0-9０-９]+)?"
    rf"(?=$|[\s:：、.．)）]|[\u4e00-\u9fff“\"《（(])"
)
UNIT_PAREN_RE = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([^（）()]{1,15}?)\s*[）)]")
UNIT_WORD_RE = re.compile(r"单位\s*[:：]\s*([^\s，,；;。）)]{1,12})")
NUM_CELL_RE = re.compile(
    r"^(?P<open>[\[［【〔])?\s*(?P<num>[+\-−－]?\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(?P<pct>%|％)?"
    r"\s*(?P<close>[\]］】〕])?$"
)
NULL_CELL_RE = re.compile(r"^(?:[-—－–~～/／×*…．.·\s]*|(?i:n/?a|n\.a\.?|无|空))$")
_SPACE_RE = re.compile(r"\s+")
PUNCT_EDGES = " \t\u3000:：,，、;；.．“”\"'‘’《》「」()（）-—"
_SENTENCE_PUNCT = ("。", "！", "？")
_SENTENCE_END = re.compile("[" + "".join(_SENTENCE_PUNCT) + "]")
_UNIT_TAIL = re.compile(r"[（(][^（）()]{1,15}[）)]\s*$")
MAX_CELL_CHARS = 50  # a longer line is prose, not a cell
MAX_CAPTION_CHARS = 60


def clean(text: str) -> str:
    """Drop whitespace except between two ASCII word characters (品   种 -> 品种)."""
    out = []
    parts = _SPACE_RE.split(text.strip())
    for part in parts:
        if out and out[-1][-1:].isascii() and out[-1][-1:].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out.append(" ")
        out.append(part)
    return "".join(out)



def unit_of(text: str) -> str | None:
    """A unit stated in a header or label: （万吨）, (%), （单位：亿元）, 单位：万吨, or a bare %."""
    t = text.strip()
    if t in ("%", "％"):
        return "%"
    for m in reversed(list(UNIT_PAREN_RE.finditer(t))):
        unit = normalise_unit(m.group(1))
        if unit:
            return unit
    m = UNIT_WORD_RE.search(t)
    if m:
        return normalise_unit(m.group(1))
    return None


def normalise_unit(written: str) -> str | None:
    u = written.replace("\n", "").replace(" ", "").replace("\u3000", "")
    if u == "％":
        u = "%"
    return u if parse_unit(u) is not None else None


def strip_units(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return "" if normalise_unit(m.group(1)) else m.group(0)

    text = UNIT_PAREN_RE.sub(repl, text)
    return UNIT_WORD_RE.sub("", text)


def _is_prose(line: str) -> bool:
    s = line.strip()
    return len(s) > MAX_CELL_CHARS or any(p in s for p in _SENTENCE_PUNCT)


def _is_note(s: str) -> bool:
    return bool(NOTE_RE.match(s.strip()))



@dataclass
class Cell:
    text: str  # stripped
    start: int  # offsets of the stripped text in the document
    end: int

    @property
    def clean(self) -> str:
        return clean(self.text)


@dataclass
class NumCell:
    value: float
    number_text: str  # as written in the cell
    plain: str  # in ASCII digits, without thousands separators (for exact decimal scaling)
    start: int
    end: int
    bracketed: bool
    pct: bool


_MINUS = str.maketrans({"−": "-", "－": "-", ",": None, "，": None})


def _plain_number(num: str) -> str:
    s = num.translate(_MINUS)
    return "".join(str(int(c)) if c.isdigit() and not c.isascii() else c for c in s)


def parse_num(cell: Cell) -> NumCell | None:
    read = _read_number_cell(cell.text)
    if read is None:
        return None
    value, number_text, plain, start, end, bracketed, pct = read
    return NumCell(value, number_text, plain, cell.start + start, cell.start + end, bracketed, pct)


@lru_cache(maxsize=4096)  # a grid is read several times (header split, columns, values)
def _read_number_cell(text: str) -> tuple[float, str, str, int, int, bool, bool] | None:
    m = NUM_CELL_RE.match(text)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    plain = _plain_number(m.group("num"))
    try:
        value = float(plain)
    except ValueError:
        return None
    return value, m.group("num"), plain, m.start("num"), m.end("num"), bool(m.group("open")), bool(m.group("pct"))


def _value_like(cell: Cell) -> bool:
    return parse_num(cell) is not None or bool(NULL_CELL_RE.match(cell.text))


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int

    def numeric(self) -> list[NumCell]:
        return [n for n in (parse_num(c) for c in self.cells) if n is not None]

    def trailing_values(self) -> int:
        k = 0
        for c in reversed(self.cells):
            if not _value_like(c):
                break
            k += 1
        return k


@dataclass
class Line:
    start: int  # offset of the first character
    content: str  # without the line break (and a trailing \r)

    @property
    def end(self) -> int:
        return self.start + len(self.content)

    @property
    def blank(self) -> bool:
        return "\t" not in self.content and not self.content.strip()

    @property
    def tab_led(self) -> bool:
        return self.content.startswith("\t")

    def cells(self) -> list[Cell]:
        content, base = self.content, self.start
        if content.startswith("\t"):
            content, base = content[1:], base + 1
        out, pos = [], 0
        for piece in content.split("\t"):
            stripped = piece.strip()
            lead = len(piece) - len(piece.lstrip())
            s = base + pos + (lead if stripped else 0)
            out.append(Cell(stripped, s, s + len(stripped)))
            pos += len(piece) + 1
        return out


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(pos, content))
        pos += len(raw) + 1
    return lines


@dataclass
class Table:
    caption: Line
    caption_text: str
    rows: list[Row]
    unit: str | None
    tab_led: bool



def caption_kind(line: Line) -> str | None:
    """"numbered" (表1 …), "unit" (…产量（万吨）, 单位：万吨) or None: not a caption."""
    s = line.content.strip()
    if not s or len(s) > MAX_CAPTION_CHARS or _SENTENCE_END.search(s):
        return None
    if CAPTION_RE.match(s):
        return "numbered"
    if line.tab_led:  # a tab-led "…（万吨）" is a header cell, not a caption
        return None
    if s.endswith(("）", ")")):
        tail = _UNIT_TAIL.search(s)
        if tail and unit_of(tail.group(0)):
            return "unit"
    if "单位" in s and UNIT_WORD_RE.search(s):
        return "unit"
    return None


def read_body(lines: list[Line], first: int) -> tuple[list[Row], str | None, str | None, int]:
    """Rows after the caption at lines[first-1]: (rows, unit line, "tab"/"plain", next line index)."""
    rows: list[Row] = []
    table_unit: str | None = None
    block: list[Line] = []
    mode: str | None = None

    def flush() -> None:
        if not block:
            return
        split = [ln.cells() for ln in block]
        if all(len(cs) == 1 for cs in split):
            rows.append(Row([cs[0] for cs in split], block[0].start, block[-1].end))
        else:
            for ln, cs in zip(block, split):
                rows.append(Row(cs, ln.start, ln.end))
        block.clear()

    i = first
    while i < len(lines):
        line = lines[i]
        if line.blank:
            flush()
            i += 1
            continue
        s = line.content.strip()
        if _is_note(s) or CAPTION_RE.match(s):
            break
        if mode is None and not rows and not block and UNIT_WORD_RE.fullmatch(s.strip("（()）")):
            table_unit = unit_of(s)
            i += 1
            continue
        if mode is None:
            mode = "tab" if line.tab_led else "plain"
        if mode == "tab" and not line.tab_led:
            break
        if any(_is_prose(c.text) for c in line.cells()):
            break
        block.append(line)
        i += 1
    flush()
    return rows, table_unit, mode, i


# --------------------------------------------------------------------------------------------
# Header reconstruction
# --------------------------------------------------------------------------------------------

def _looks_like_value_header(text: str) -> bool:
    t = clean(text)
    return bool(unit_of(t) or LABEL_YEAR.search(t) or LABEL_PLAN.search(t) or kinds_of(t))


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


def read_grid(table: Table) -> Grid | None:
    """Header and data rows of a table and its value columns; None when it holds no grid of
    numbers (a plain, not tab-led, table must have most data rows agree on the column count)."""
    rows = table.rows
    first_data = None
    for k, r in enumerate(rows):
        nums = r.numeric()
        if not nums:
            continue
        if first_data is None and all(
            n.value.is_integer() and 1900 <= n.value <= 2100 and not n.bracketed and not n.pct for n in nums
        ):
            continue  # a header of bare years
        first_data = k
        break
    if first_data is None:
        return None
    header_rows, body = rows[:first_data], rows[first_data:]
    counts = []
    for r in body:
        if r.numeric():
            t = r.trailing_values()
            counts.append(t - 1 if t == len(r.cells) and len(r.cells) > 1 else t)
    if not counts:
        return None
    tally = Counter(counts)
    n_cols = max(tally, key=lambda c: (tally[c], c))
    if n_cols <= 0:
        return None
    if not table.tab_led and (len(counts) < 2 or tally[n_cols] * 2 < len(counts)):
        return None
    paths, label_headers = build_columns(header_rows, n_cols)
    return Grid(header_rows, body, n_cols, paths, label_headers)
