"""Lines, cells and the body of a table laid out as text.

Tables come in two layouts:
- **cell per line** (documents converted from PDF/Word): a run of short lines, one cell each,
  usually tab-led (an empty cell is a line holding just a tab), rows separated by blank lines;
- **row per line**: one row a line, its cells separated by tabs, by pipes (`| 品种 | 9月 |`, a
  markdown rule `|---|:--:|` is skipped), in space-aligned tables by runs of two or more spaces
  (an ideographic space counts as two), or, as a PDF's text layer sets a row, by single spaces
  between single words (精炼铜 万吨 90.9 3.6: told from prose by rows of a label and two value
  cells or more).
A table is introduced by a caption (专栏N / 表N / 附表N …, or a short line ending in a unit in
parentheses such as "…产量（万吨）", or a 单位 line); a row-per-line table needs none: it starts
at its header row, and the short title lines just above it (a release's title, a statement's
name, its 单位 line) are its caption.

The body is read from the caption until prose (a long line, a sentence), a note (注：, 资料来源 …),
a new caption, or — for tab-led tables — a line that is not tab-led; a row-per-line table also
ends at a line that is not a row of its layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .units import parse_unit

# A line that starts a note under a table (and ends the table).
NOTE_RE = re.compile(r"^(?:注[0-9０-９一二三①-⑩]*\s*[:：]|注\s|注释|资料来源|数据来源|来源\s*[:：]|说明\s*[:：]|备注)")

CN_DIGITS = "一二三四五六七八九十"
CAPTION_RE = re.compile(
    rf"^\s*(?:专栏|附表|续表|图表|表)\s*[0-9０-９{CN_DIGITS}]+(?:[-－.．][0-9０-９]+)?"
    rf"(?=$|[\s:：、.．)）]|[\u4e00-\u9fff“\"《（(])"
)
UNIT_PAREN_RE = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([^（）()]{1,15}?)\s*[）)]")
_CURRENCY_NAMED = re.compile(r"\s*币种\s*[:：]\s*[^\s，,；;。）)]{1,6}")
UNIT_WORD_RE = re.compile(r"单位\s*[:：]\s*([^\s，,；;。）)]{1,12})")
_CELL_NUMBER = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"  # 1,234.5 and 1，234
# A value cell: a number, signed, bracketed ([10], a five-year cumulative change) or in an
# accountant's parentheses ((876.3), a negative amount), and a footnote marker after it (5.2¹, 12.3*).
NUM_CELL_RE = re.compile(
    rf"^(?:(?P<open>[\[［【〔])|(?P<paren>[（(]))?\s*(?P<sign>[+\-−－])?(?P<num>{_CELL_NUMBER})\s*(?P<pct>%|％)?"
    r"\s*(?:(?P<close>[\]］】〕])|(?P<unparen>[）)]))?\s*(?P<mark>[¹²³⁴-⁹⁰]+|[*＊※]+|[①-⑳])?$"
)
NULL_CELL_RE = re.compile(r"^(?:[-—－–~～/／×*…．.·\s]*|(?i:n/?a|n\.a\.?|无|空|持平))$")
# a header ending in a percent sign outside brackets (同比±%, 增长%)
BARE_PERCENT = re.compile(r"(?:±|\+/?-)?\s*[%％]\Z")
# 比去年同期±%金额: a signed percent names a growth column whatever it is of
_SIGNED_PERCENT = re.compile(r"(?:±|\+/?-)\s*[%％]")
UNIT_COLUMN_HEADERS = lexicon.words("table_words", role="unit_column_header")
# A cell holding both ends of a range (a price table's 79310-79450): two figures.
RANGE_CELL_RE = re.compile(rf"^(?P<low>{_CELL_NUMBER})\s*(?:-|—{{1,2}}|–|~|～|至)\s*(?P<high>{_CELL_NUMBER})$")
# Cell separators of a row-per-line table, by layout.
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*$")
_SPACED_SEPARATOR = re.compile(r"(?: {2,}|\u3000)[ \u3000]*")
_MAY_SEPARATE_CELLS = re.compile(r"[\t|\u3000 ]")
# What a title line may hold besides words: years, months and spans of them (1-9月), days, quarters,
# table numbers.
_TITLE_DATES = re.compile(r"(?:19|20)\d{2}\s*[-—－~～至]\s*(?:19|20)\d{2}|\d{1,2}\s*[-—－~～至]\s*\d{1,2}\s*月"
                          r"|\d{1,4}\s*[年月日季]|[QH][1-4]|表\s*\d+")
MAX_TITLE_LINES = 3
ROW_LAYOUTS = ("tabbed", "pipe", "spaced", "single")
MAX_WORD_CELL_CHARS = 16  # a longer word between single spaces is prose
MAX_ROW_CHARS = 400  # a longer line is prose
# Layouts whose separators mark cells beyond doubt (a title may hold single spaces).
_CELL_MARKING_LAYOUTS = ("tabbed", "pipe", "spaced")
# A footnote marker after a label: 精炼铜①, 冶金级氧化铝*, 再生铜（注1）, 铝材(2), 产量¹.
_FOOTNOTE_MARK = re.compile(r"(?:[①-⑳⑴-⒇]|[*＊※]+|[（(]\s*注?\s*\d{1,2}\s*[)）]|注\s*\d{1,2}|[¹²³⁴-⁹⁰]+)+$")
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
    t = _CURRENCY_NAMED.sub("", text).strip()  # 单位：元 币种：人民币
    units = _listed_units(t)
    if units is not None:  # 单位：万吨; 单位：万吨、% lists the levels' unit first, the rates' after it
        return next((u for u in units if u and u != "%"), None) or (units[0] if units else None)
    if t in ("%", "％") or BARE_PERCENT.search(t) or _SIGNED_PERCENT.search(t):
        return "%"
    if t and (bare := normalise_unit(t)):  # a header row of units: 人民币千元, 万吨
        return bare
    for m in reversed(list(UNIT_PAREN_RE.finditer(t))):
        unit = normalise_unit(m.group(1))
        if unit:
            return unit
    return None


_UNIT_LIST_SEPARATOR = re.compile(r"[、/，,]")


def _listed_units(text: str) -> list[str | None] | None:
    """The units a 单位 line lists (单位：万吨、%), each normalised (None where it is no unit); None
    when the text holds no 单位 line."""
    m = UNIT_WORD_RE.search(text)
    return [normalise_unit(u) for u in _UNIT_LIST_SEPARATOR.split(m.group(1))] if m else None


def lists_percent(text: str) -> bool:
    """A 单位 line listing % beside another unit (单位：万吨、%): growth and share columns are in %."""
    units = _listed_units(text)
    return units is not None and len(units) > 1 and "%" in units


_BASIS_AFTER = re.compile(r"(?:金属量|金属|实物量|实物|折纯|纯量)\Z")
_CURRENCY_BEFORE = re.compile(r"^(?:人民币|RMB)")


def normalise_unit(written: str) -> str | None:
    """The unit a header writes, if it is one; a currency named before it (人民币百万元) is no
    part of the unit, as in running text."""
    u = written.replace("\n", "").replace(" ", "").replace("\u3000", "")
    if u == "％":
        u = "%"
    if parse_unit(u) is None:
        u = _CURRENCY_BEFORE.sub("", u)
    if parse_unit(u) is None:
        u = _BASIS_AFTER.sub("", u)  # 万吨金属量: a mass counted as metal content
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
        """The text without layout spaces and without a footnote marker after it."""
        return _FOOTNOTE_MARK.sub("", clean(self.text)) or clean(self.text)


@dataclass
class NumCell:
    value: float
    number_text: str  # as written in the cell, without its sign
    plain: str  # in ASCII digits, without thousands separators (for exact decimal scaling)
    start: int
    end: int
    bracketed: bool
    pct: bool
    signed: bool  # written with a sign (+3.1, -2.6): no direction word flips it


_SEPARATORS = str.maketrans({",": None, "，": None})


def _plain_number(num: str) -> str:
    s = num.translate(_SEPARATORS)
    return "".join(str(int(c)) if c.isdigit() and not c.isascii() else c for c in s)


def parse_num(cell: Cell) -> NumCell | None:
    read = _read_number_cell(cell.text)
    if read is None:
        return None
    value, number_text, plain, start, end, bracketed, pct, signed = read
    return NumCell(value, number_text, plain, cell.start + start, cell.start + end, bracketed, pct, signed)


@lru_cache(maxsize=4096)  # a grid is read several times (header split, columns, values)
def _read_number_cell(text: str) -> tuple[float, str, str, int, int, bool, bool, bool] | None:
    m = NUM_CELL_RE.match(text)
    if not m or bool(m.group("open")) != bool(m.group("close")) or bool(m.group("paren")) != bool(m.group("unparen")):
        return None
    if m.group("paren") and re.fullmatch(r"\d{1,2}", m.group("num")):
        return None  # (1), (12): a list ordinal or a note's number, not an amount
    negative = m.group("sign") in ("-", "−", "－") or (m.group("paren") is not None and m.group("sign") is None)
    plain = ("-" if negative else "") + _plain_number(m.group("num"))
    try:
        value = float(plain)
    except ValueError:
        return None
    return (value, m.group("num"), plain, m.start("num"), m.end("num"), bool(m.group("open")), bool(m.group("pct")),
            m.group("sign") is not None or m.group("paren") is not None)


def cell_numbers(cell: Cell) -> list[tuple[NumCell, str | None]]:
    """The numbers of a value cell and their qualifiers: one, or the two ends of a range cell
    (range_low, range_high, in the order written)."""
    num = parse_num(cell)
    if num is not None:
        return [(num, None)]
    m = RANGE_CELL_RE.match(cell.text)
    if m is None:
        return []
    ends = [parse_num(Cell(m.group(g), cell.start + m.start(g), cell.start + m.end(g))) for g in ("low", "high")]
    if any(end is None for end in ends):
        return []
    return [(ends[0], "range_low"), (ends[1], "range_high")]


def _value_like(cell: Cell) -> bool:
    return bool(cell_numbers(cell)) or bool(NULL_CELL_RE.match(cell.text))


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int

    def numeric(self) -> list[NumCell]:
        return [n for c in self.cells for n, _ in cell_numbers(c)]

    def labels(self) -> list[str]:
        """The texts of the cells before its trailing value cells."""
        return [c.clean for c in self.cells[: len(self.cells) - self.trailing_values()]]

    def dashes_only(self) -> bool:
        """A labelled row whose values are all blank or dash cells (西藏 — —): data, no figures."""
        k = self.trailing_values()
        values = self.cells[len(self.cells) - k:] if k else []
        return (0 < k < len(self.cells) and any(self.labels())
                and any(c.text for c in values) and not any(cell_numbers(c) for c in values))

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

    def cells(self, layout: str = "tab") -> list[Cell]:
        """The line's cells in a table of `layout`: split at tabs ("tab": a leading tab only
        marks a cell-per-line table; "tabbed": it leaves an empty first cell), at pipes
        ("pipe"), or at runs of spaces ("spaced")."""
        content, base = self.content, self.start
        if layout == "pipe":
            return _split(content, base, content.strip().strip("|").split("|"), content.index("|") + 1)
        if layout == "spaced":
            return [Cell(m.group(), base + m.start(), base + m.end())
                    for m in _SPACED_CELL.finditer(content)] or [Cell("", base, base)]
        if layout == "single":
            return _word_cells(content, base)
        if layout != "tabbed" and content.startswith("\t"):
            content, base = content[1:], base + 1
        return _split(content, base, content.split("\t"), 0)


_SPACED_CELL = re.compile(r"\S(?:[^\S\u3000]?\S)*")  # words joined by single spaces
_WORD = re.compile(r"\S+")


def _word_cells(content: str, base: int) -> list[Cell]:
    """The cells of a row whose cells are single words (a PDF's text layer: 精炼铜 万吨 90.9 3.6):
    in a row holding values, the words before the first value or unit are one label."""
    words = [Cell(m.group(), base + m.start(), base + m.end()) for m in _WORD.finditer(content)]
    first = next((k for k, w in enumerate(words)
                  if _value_like(w) or k > 0 and normalise_unit(w.text.strip("（()）"))), None)
    if first is None or first <= 1 or not any(parse_num(w) for w in words[first:]):
        return words or [Cell("", base, base)]
    label = Cell(content[words[0].start - base:words[first - 1].end - base], words[0].start, words[first - 1].end)
    return [label, *words[first:]]


def _split(content: str, base: int, pieces: list[str], offset: int) -> list[Cell]:
    """Cells of `pieces`, consecutive pieces of `content[offset:]` separated by one character."""
    out, pos = [], offset
    for piece in pieces:
        stripped = piece.strip()
        lead = len(piece) - len(piece.lstrip())
        s = base + pos + (lead if stripped else 0)
        out.append(Cell(stripped, s, s + len(stripped)))
        pos += len(piece) + 1
    return out


def row_layout(line: Line) -> str | None:
    """The layout of a row-per-line table row: "pipe", "tabbed" (tab-separated), "spaced" (runs
    of spaces) or "single" (single words between single spaces, as a PDF's text layer sets a
    row); None for a line that is no such row (one cell, a tab-led cell line, prose)."""
    return _layout_of(line.content)


@lru_cache(maxsize=4096)  # a line is asked for while finding, heading and reading a table
def _layout_of(content: str) -> str | None:
    s = content.strip()
    if content.startswith("\t\t") and s and "\t" not in s and not _SENTENCE_END.search(s):
        return "tabbed"  # \t\t（%）: a header row's empty cells before its last one
    if not s or len(s) > MAX_ROW_CHARS or not _MAY_SEPARATE_CELLS.search(s) or _SENTENCE_END.search(s):
        return None
    if _PIPE_ROW.match(content) and s.count("|") >= 3:
        return "pipe"
    if "\t" in s:
        return "tabbed"
    if content.startswith("\t"):
        return None
    if _SPACED_SEPARATOR.search(s):
        return "spaced" if len(_SPACED_CELL.findall(s)) >= 2 else None
    words = s.split(" ")
    if len(words) >= 2 and all(0 < len(w) <= MAX_WORD_CELL_CHARS for w in words):
        return "single"
    return None


def is_pipe_rule(line: Line) -> bool:
    return bool(_PIPE_RULE.match(line.content))


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
    explicit_cells: bool  # cells are marked (tab-led or row-per-line), not guessed from a run of lines
    rates_in_percent: bool = False  # its unit line lists % after the levels' unit (单位：万吨、%)



def caption_kind(line: Line) -> str | None:
    """"numbered" (表1 …), "unit" (…产量（万吨）), "unit line" (单位：万吨 alone) or None: not a caption."""
    s = line.content.strip()
    if not s or len(s) > MAX_CAPTION_CHARS or _SENTENCE_END.search(s):
        return None
    if CAPTION_RE.match(s):
        return "numbered"
    if "单位" in s and UNIT_WORD_RE.fullmatch(_CURRENCY_NAMED.sub("", s).strip("（()）")):
        return "unit line"  # 单位：元  币种：人民币, though its spaces look like two cells
    if line.tab_led or row_layout(line) in _CELL_MARKING_LAYOUTS:  # a header cell, a header row
        return None
    if s.endswith(("）", ")")):
        tail = _UNIT_TAIL.search(s)
        if tail and unit_of(tail.group(0)):
            return "unit"
    if "单位" in s and UNIT_WORD_RE.search(s):
        return "unit"
    return None


def read_body(lines: list[Line], first: int) -> tuple[list[Row], str | None, str | None, int]:
    """Rows from lines[first] on: (rows, the text of a 单位 line, layout, next line index). The layout is
    "tab" (tab-led cell per line), "plain" (cell per line), "tabbed", "pipe" or "spaced" (row
    per line)."""
    rows: list[Row] = []
    table_unit: str | None = None
    block: list[Line] = []
    mode: str | None = None

    def flush() -> None:
        if not block:
            return
        # a tab before every row of a tab-separated table marks the layout, not an empty cell
        layout = "tab" if mode == "tabbed" and all(ln.tab_led for ln in block) else mode
        split = _trailing_text_column([ln.cells(layout) for ln in block])
        if all(len(cs) == 1 for cs in split) and mode not in ROW_LAYOUTS:
            rows.append(Row([cs[0] for cs in split], block[0].start, block[-1].end))
        else:
            for ln, cs in zip(block, split):
                rows.append(Row(cs, ln.start, ln.end))
        block.clear()

    i = first
    while i < len(lines):
        line = lines[i]
        if line.blank:
            if mode in ROW_LAYOUTS:
                break
            flush()
            i += 1
            continue
        s = line.content.strip()
        if _is_note(s) or CAPTION_RE.match(s):
            break
        if mode is None and not rows and not block and UNIT_WORD_RE.fullmatch(s.strip("（()）")):
            table_unit = s
            i += 1
            continue
        if mode is None:
            mode = row_layout(line) or ("tab" if line.tab_led else "plain")
        if mode == "tab" and not line.tab_led:
            break
        if mode == "pipe" and is_pipe_rule(line):
            i += 1
            continue
        if mode in ROW_LAYOUTS and row_layout(line) != mode and not _section_label(line):
            break
        if any(_is_prose(c.text) for c in line.cells(mode)):
            break
        block.append(line)
        i += 1
    flush()
    return rows, table_unit, mode, i


def _trailing_text_column(rows: list[list[Cell]]) -> list[list[Cell]]:
    """A column of words after the values of every row that holds numbers: a unit column set last
    (品名 价格区间 均价 涨跌 单位, rows ending in 元/吨) is read as if it stood after the row labels,
    where the grid reads a unit column; any other (属性: 预期性/约束性, 备注) holds no figure and
    is left out, or its words would be taken for labels and no cell for a value."""
    data = [cells for cells in rows if len(cells) >= 3 and any(cell_numbers(c) for c in cells[:-1])]
    ending_in_words = [cells for cells in data if not _value_like(cells[-1]) and _value_like(cells[-2])]
    if not data or len(ending_in_words) * 2 <= len(data):
        return rows
    if all(normalise_unit(cells[-1].clean) for cells in ending_in_words):
        return [[cells[0], cells[-1], *cells[1:-1]]
                if len(cells) >= 3 and (normalise_unit(cells[-1].clean) or cells[-1].clean in UNIT_COLUMN_HEADERS)
                else cells for cells in rows]
    width = len(ending_in_words[0])
    return [cells[:-1] if len(cells) == width else cells for cells in rows]


def _section_label(line: Line) -> bool:
    """A one-cell line inside a row-per-line table: a group label (其中：, 按地区分)."""
    s = line.content.strip().strip("|").strip()
    return 0 < len(s) <= 20 and not _SENTENCE_END.search(s) and parse_num(Cell(s, 0, len(s))) is None


def starts_table(lines: list[Line], i: int) -> bool:
    """lines[i] starts a table with no caption of its own: the first row of a row-per-line
    table (it and the row after it, a markdown rule skipped, are rows of one layout, and a
    number follows), or the first line of a run of tab-led cell lines holding two rows or more
    and a number."""
    layout = row_layout(lines[i])
    if layout is None:
        return _starts_cell_lines(lines, i)
    k = i + 1
    while k < len(lines):
        line = lines[k]
        k += 1
        if layout == "pipe" and is_pipe_rule(line):
            continue
        if row_layout(line) != layout:
            break
        if _data_row(line, layout):
            return True
    return False


def _data_row(line: Line, layout: str) -> bool:
    """A row holding a number; a row of single words (as prose may read) also needs a label and
    two value cells after it (精炼铜 90.9 —)."""
    if layout != "single":
        return any(parse_num(c) for c in line.cells(layout))
    row = Row(line.cells(layout), line.start, line.end)
    k = row.trailing_values()
    return 2 <= k < len(row.cells) and bool(row.numeric())


def single_words_header(lines: list[Line], i: int) -> bool:
    """lines[i] is a header of single words over a data row (品种 2020年 1-5月（万吨）), not a
    caption ending in a unit."""
    return row_layout(lines[i]) == "single" and starts_table(lines, i)


def _starts_cell_lines(lines: list[Line], i: int) -> bool:
    if not lines[i].tab_led or (i > 0 and lines[i - 1].tab_led) or not lines[i].content.strip():
        return False
    blocks, numeric = 1, False
    k = i
    while k < len(lines) and (lines[k].tab_led or lines[k].blank):
        if lines[k].blank:
            blocks += k + 1 < len(lines) and lines[k + 1].tab_led
        elif not numeric and parse_num(Cell(lines[k].content.strip(), 0, 0)):
            numeric = True
        k += 1
    return blocks >= 2 and numeric


def title_lines(lines: list[Line], i: int, floor: int) -> list[Line]:
    """The title lines just above a caption-less table starting at lines[i] (not above
    lines[floor]), a blank line between them allowed: short lines that are no sentence, no row
    and hold no number but dates."""
    titles: list[Line] = []
    k = i - 1
    if k > floor and lines[k].blank:  # one blank line may part a title from its table
        k -= 1
    while k >= floor and len(titles) < MAX_TITLE_LINES:
        s = lines[k].content.strip()
        if (not s or len(s) > MAX_CAPTION_CHARS or _SENTENCE_END.search(s) or row_layout(lines[k]) in _CELL_MARKING_LAYOUTS
                or lines[k].tab_led or _is_note(s) or re.search(r"\d", _TITLE_DATES.sub("", strip_units(s)))):
            break
        titles.insert(0, lines[k])
        k -= 1
    return titles
