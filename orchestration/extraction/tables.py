"""Tables flattened one cell per line -> one `Figure` per numeric cell.

Documents converted from PDF/Word often carry their tables as a run of short lines, one cell
per line (usually tab-led; an empty cell is a line holding just a tab), rows separated by blank
lines; or one row per line with tab-separated cells. A table is introduced by a caption
(专栏N / 表N / 附表N …, or a short line ending in a unit in parentheses such as "…产量（万吨）").

The grid is rebuilt in four steps:

1. **Body.** From the caption, rows are read until prose (a long line, a sentence), a note
   (注：, 资料来源 …), a new caption, or — for tab-led tables — a line that is not tab-led.
2. **Header / data.** Rows before the first row holding a numeric cell are header rows.
   A data row is its label cells followed by value cells (numbers, "[10]", "-", empty); the
   value-column count N is the most common count of trailing value cells.
3. **Columns.** The lowest header row with N entries is the base; each header row above is
   spread over the columns of the row below it (an empty child cell is a column of its own, a
   run of sub-headers belongs to one parent; a run restarts when a sub-header repeats), so
   each column gets a path such as 生产量（万吨） > 年均增长率（%） > 十一五.
4. **Cells.** Each numeric cell becomes a figure: unit from the row label (黄金（吨）) or the
   column header (a % column keeps %), period from the column (2010年, 十二五 …) or the
   caption, measure from the column / row words (年均 -> cagr_pct, 目标 -> target, 预测 or a
   future year in a 预测 table -> forecast, "[x]" -> five-year cumulative change), and the
   of-which (其中 / 主要…) rows linked to the total row just above them.

Everything keyed to words lives in the tables of keywords below, as data.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from .model import Figure
from .units import parse_unit

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------
# Keyword data
# --------------------------------------------------------------------------------------------

# What a figure measures -> category. First match wins, so the specific come first.
CATEGORY_KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("energy_env", ("能耗", "电耗", "水耗", "煤耗", "排放", "二氧化硫", "二氧化碳", "碳", "固废",
                    "固体废物", "赤泥", "尾矿", "废水", "废气", "污染", "节能", "减排", "清洁能源")),
    ("macro", ("GDP", "国内生产总值", "社会消费品零售", "居民消费价格", "CPI")),
    ("other", ("研发", "专利", "从业人员", "职工", "人才", "标准")),
    ("trade", ("进出口", "进口", "出口", "贸易", "依存度", "顺差", "逆差")),
    ("index", ("指数", "PMI")),
    ("price", ("价格", "均价", "电价", "单价", "价差")),
    ("investment", ("投资",)),
    ("profit", ("利润", "亏损", "收入", "营收", "成本", "税金", "盈利", "费用")),
    ("capacity", ("产能", "装机", "生产能力")),
    ("consumption", ("消费", "需求", "用量")),
    ("output", ("产量", "生产", "产出", "供应", "增加值", "产值", "销量", "销售量")),
)

# Words in a column header -> what its cells measure.
COLUMN_MEASURE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("cagr", ("年均增长", "年均增速", "年均增幅", "年平均增长", "年均")),
    ("change", ("累计增减", "增减", "增减量", "增量", "变化", "变动")),
    ("yoy", ("同比", "增长率", "增速", "增幅", "比上年", "较上年", "比去年", "增长", "下降")),
    ("share", ("比重", "占比", "份额")),
    ("forecast", ("预测", "预计", "展望")),
    ("target", ("目标", "规划", "计划", "预期")),
    ("actual", ("实际", "完成", "实绩")),
)

# Words removed from a header to leave the measured quantity (2015年表观消费量（万吨） -> 表观消费量).
HEADER_NOISE_WORDS: tuple[str, ...] = (
    "年平均增长率", "年均增长率", "年均增速", "年均增幅", "年均增长", "年均", "累计增减", "累计", "增减量",
    "增减", "增量", "同比增长率", "同比增长", "同比", "比上年增长", "比上年", "较上年", "比去年",
    "增长率", "增速", "增幅", "增长", "下降", "变化", "变动", "实际", "完成", "实绩", "目标值",
    "目标", "预测值", "预测", "预计", "展望", "规划", "计划", "预期", "数值", "数量", "绝对量",
    "绝对值", "本期", "当期", "数据", "单位",
    "时期", "期间", "年度", "年末", "年底", "年",
)

# Row-label endings that make the row a change (the sign comes from the word).
CHANGE_ENDINGS: tuple[tuple[str, int], ...] = (
    ("降低", -1), ("下降", -1), ("减少", -1), ("削减", -1), ("压减", -1), ("降幅", -1),
    ("增长率", 1), ("增长", 1), ("提高", 1), ("增加", 1), ("上升", 1), ("增速", 1), ("增幅", 1),
)
CAGR_WORDS: tuple[str, ...] = ("年均增长", "年均增速", "年均增幅", "年平均增长", "年均")
SHARE_WORDS: tuple[str, ...] = ("比重", "占比", "份额", "比例")
RATE_ENDINGS: tuple[str, ...] = ("率", "依存度", "集中度")

# Headers of the row-label column. A subject header (品种, 地区 …) makes the rows subjects; an
# indicator header (指标, 项目) is only a weak hint, as "指标" also heads lists of commodities.
SUBJECT_LABEL_HEADERS: tuple[str, ...] = (
    "品种", "产品", "金属", "矿种", "商品", "地区", "省份", "省区", "区域", "国家", "国别",
    "企业", "公司", "名称", "行业", "类别", "门类",
)
INDICATOR_LABEL_HEADERS: tuple[str, ...] = ("指标", "项目", "主要指标", "指标名称")

LABEL_HEADER_WORDS: tuple[str, ...] = (
    *SUBJECT_LABEL_HEADERS, *INDICATOR_LABEL_HEADERS, "年份", "时间", "月份", "序号",
)

# A group label that opens an of-which block under the total row just above it.
OF_WHICH_PREFIXES: tuple[str, ...] = ("其中", "包括", "主要")

# Measured quantities, longest first: used to split "海绵钛电耗" into subject 海绵钛 + 电耗 and
# to take an indicator from a caption ("2024年主要有色金属产量" -> 产量).
QUANTITY_HEADS: tuple[str, ...] = tuple(sorted((
    "综合交流电耗", "交流电耗", "直流电耗", "综合能耗", "单位能耗", "电耗", "能耗", "水耗",
    "表观消费量", "消费量", "生产量", "产量", "需求量", "进口量", "出口量", "进口额", "出口额",
    "进出口额", "利润总额", "主营业务收入", "营业收入", "销售收入", "固定资产投资", "投资额",
    "产能", "库存", "销量", "销售量", "价格", "均价", "增加值", "产值",
), key=len, reverse=True))

# The measured part of "X占Y比重" trimmed to leave its subject (深加工产品销售收入 -> 深加工产品).
SHARE_PART_HEADS: tuple[str, ...] = tuple(sorted((
    *QUANTITY_HEADS, "研发支出", "研发投入", "支出", "收入", "利润", "投资", "产值", "资产",
), key=len, reverse=True))

# Scope of a row subject.
SCOPE_PATTERNS: tuple[tuple[str, str], ...] = (
    ("world", r"^(全球|世界|国外|海外|境外|国际)|(美国|日本|欧洲|欧盟|印度|非洲|澳大利亚|智利|秘鲁|印尼)"),
    ("regional", r"(省|自治区|地区|区域|[东西南北中]部|华东|华南|华北|华中|西南|西北|东北)$"),
    ("firm", r"(集团|公司|股份|有限|厂|矿业)$"),
)

# A line that starts a note under a table (and ends the table).
NOTE_RE = re.compile(r"^(?:注[0-9０-９一二三①-⑩]*\s*[:：]|注\s|注释|资料来源|数据来源|来源\s*[:：]|说明\s*[:：]|备注)")

# --------------------------------------------------------------------------------------------
# Patterns
# --------------------------------------------------------------------------------------------

_CN_NUM = "一二三四五六七八九十"
CAPTION_RE = re.compile(
    rf"^\s*(?:专栏|附表|续表|图表|表)\s*[0-9０-９{_CN_NUM}]+(?:[-－.．][0-9０-９]+)?"
    rf"(?=$|[\s:：、.．)）]|[\u4e00-\u9fff“\"《（(])"
)
UNIT_PAREN_RE = re.compile(r"[（(]\s*(?:单位\s*[:：]\s*)?([^（）()]{1,15}?)\s*[）)]")
UNIT_WORD_RE = re.compile(r"单位\s*[:：]\s*([^\s，,；;。）)]{1,12})")
NUM_CELL_RE = re.compile(
    r"^(?P<open>[\[［【〔])?\s*(?P<num>[+\-−－]?\d+(?:[,，]\d{3})*(?:\.\d+)?)\s*(?P<pct>%|％)?"
    r"\s*(?P<close>[\]］】〕])?$"
)
NULL_CELL_RE = re.compile(r"^(?:[-—－–~～/／×*…．.·\s]*|(?i:n/?a|n\.a\.?|无|空))$")
YEAR_RE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
YEAR_RANGE_RE = re.compile(r"((?:19|20)\d{2})\s*[-—－~～至到]\s*((?:19|20)\d{2})")
# A five-year plan name (十一五, “十三五”): quoted, alone, or followed by a plan word.
FYP_RE = re.compile(
    rf"(?<![{_CN_NUM}第])(十[{_CN_NUM[:-1]}]?|[{_CN_NUM[:-1]}])五"
    r"(?=[”\"’」』]|期间|时期|规划|计划|目标|预测|末|初|以来|累计|年均|$|\s)"
)
MONTHS_RE = re.compile(r"(?<!\d)(\d{1,2})\s*[-—－~～至]\s*(\d{1,2})\s*月")
MONTH_RE = re.compile(r"(?<![\d-])(\d{1,2})\s*月(份|末|底)?")
QUARTER_RE = re.compile(r"([一二三四1-4])季度|第([一二三四1-4])季")
HALF_RE = re.compile(r"([上下])半年")
YEAR_END_RE = re.compile(r"((?:19|20)\d{2})\s*年?\s*(末|底)")
_SPACE_RE = re.compile(r"\s+")
_PUNCT_EDGES = " \t\u3000:：,，、;；.．“”\"'‘’《》「」()（）-—"
_SENTENCE_PUNCT = ("。", "！", "？")
MAX_CELL_CHARS = 50  # a longer line is prose, not a cell
MAX_CAPTION_CHARS = 60


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------

def _clean(text: str) -> str:
    """Drop whitespace except between two ASCII word characters (品   种 -> 品种)."""
    out = []
    parts = _SPACE_RE.split(text.strip())
    for part in parts:
        if out and out[-1][-1:].isascii() and out[-1][-1:].isalnum() and part[:1].isascii() and part[:1].isalnum():
            out.append(" ")
        out.append(part)
    return "".join(out)


def _cn_int(text: str) -> int | None:
    if not text:
        return None
    if text.isdigit():
        return int(text)
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if text == "十":
        return 10
    if text.startswith("十"):
        return 10 + digits.get(text[1], 0) if len(text) == 2 else None
    if len(text) == 1:
        return digits.get(text)
    if len(text) == 2 and text[1] == "十":
        return digits.get(text[0], 0) * 10
    return None


def _five_year_plan(k: int) -> tuple[int, int] | None:
    """The k-th five-year plan: 十一五 -> 2006..2010 (the 3rd started in 1966)."""
    if k < 3 or k > 30:
        return None
    start = 1966 + 5 * (k - 3)
    return start, start + 4


def _unit_of(text: str) -> str | None:
    """A unit stated in a header or label: （万吨）, (%), （单位：亿元）, 单位：万吨, or a bare %."""
    t = text.strip()
    if t in ("%", "％"):
        return "%"
    for m in reversed(list(UNIT_PAREN_RE.finditer(t))):
        unit = _normalise_unit(m.group(1))
        if unit:
            return unit
    m = UNIT_WORD_RE.search(t)
    if m:
        return _normalise_unit(m.group(1))
    return None


def _normalise_unit(written: str) -> str | None:
    u = written.replace("\n", "").replace(" ", "").replace("\u3000", "")
    if u == "％":
        u = "%"
    return u if parse_unit(u) is not None else None


def _strip_units(text: str) -> str:
    def repl(m: re.Match[str]) -> str:
        return "" if _normalise_unit(m.group(1)) else m.group(0)

    text = UNIT_PAREN_RE.sub(repl, text)
    return UNIT_WORD_RE.sub("", text)


def _is_prose(line: str) -> bool:
    s = line.strip()
    return len(s) > MAX_CELL_CHARS or any(p in s for p in _SENTENCE_PUNCT)


def _is_note(s: str) -> bool:
    return bool(NOTE_RE.match(s.strip()))


def _number_value(num: str) -> float:
    s = num.replace("−", "-").replace("－", "-").replace(",", "").replace("，", "")
    s = "".join(str(int(c)) if c.isdigit() and not c.isascii() else c for c in s)
    return float(s)


def _scaled(value_text: str, multiplier: float) -> float:
    try:
        s = value_text.replace("−", "-").replace("－", "-").replace(",", "").replace("，", "")
        s = "".join(str(int(c)) if c.isdigit() and not c.isascii() else c for c in s)
        return float(Decimal(s) * Decimal(repr(multiplier)))
    except (InvalidOperation, ValueError):
        return _number_value(value_text) * multiplier


# --------------------------------------------------------------------------------------------
# Grid model
# --------------------------------------------------------------------------------------------

@dataclass
class Cell:
    text: str  # stripped
    start: int  # offsets of the stripped text in the document
    end: int

    @property
    def clean(self) -> str:
        return _clean(self.text)


@dataclass
class NumCell:
    value: float
    number_text: str
    start: int
    end: int
    bracketed: bool
    pct: bool


def _parse_num(cell: Cell) -> NumCell | None:
    m = NUM_CELL_RE.match(cell.text)
    if not m or bool(m.group("open")) != bool(m.group("close")):
        return None
    try:
        value = _number_value(m.group("num"))
    except ValueError:
        return None
    return NumCell(
        value=value,
        number_text=m.group("num"),
        start=cell.start + m.start("num"),
        end=cell.start + m.end("num"),
        bracketed=bool(m.group("open")),
        pct=bool(m.group("pct")),
    )


def _value_like(cell: Cell) -> bool:
    return _parse_num(cell) is not None or bool(NULL_CELL_RE.match(cell.text))


@dataclass
class Row:
    cells: list[Cell]
    start: int
    end: int

    def numeric(self) -> list[NumCell]:
        return [n for n in (_parse_num(c) for c in self.cells) if n is not None]

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


def _split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for raw in text.split("\n"):
        content = raw[:-1] if raw.endswith("\r") else raw
        lines.append(Line(pos, content))
        pos += len(raw) + 1
    return lines


@dataclass
class Column:
    path: list[str]
    unit: str | None = None
    period: tuple[date, date, str] | None = None
    from_plan: bool = False  # period is a five-year plan
    year: int | None = None  # last year the column covers
    kinds: set[str] = field(default_factory=set)
    indicator: str | None = None
    sign: int = 1

    @property
    def header(self) -> str:
        return " ".join(self.path)


@dataclass
class DataRow:
    row: Row
    labels: list[Cell]
    values: list[tuple[int, Cell]]  # (column index, cell)
    group: str | None = None  # the group label in force ('' when none)
    item: str = ""
    unit: str | None = None
    opens: bool = False  # this row's own label cell opens the group
    period: tuple[date, date, str] | None = None  # the row label is a period (a row per year)


# --------------------------------------------------------------------------------------------
# Body reading
# --------------------------------------------------------------------------------------------

def _caption_kind(line: Line) -> str | None:
    s = line.content.strip()
    if not s or len(s) > MAX_CAPTION_CHARS or any(p in s for p in _SENTENCE_PUNCT):
        return None
    if CAPTION_RE.match(s):
        return "numbered"
    if line.tab_led:  # a tab-led "…（万吨）" is a header cell, not a caption
        return None
    tail = re.search(r"[（(][^（）()]{1,15}[）)]\s*$", s)
    if (tail and _unit_of(tail.group(0))) or UNIT_WORD_RE.search(s):
        return "unit"
    return None


def _read_body(lines: list[Line], first: int) -> tuple[list[Row], str | None, str | None, int]:
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
            table_unit = _unit_of(s)
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
    t = _clean(text)
    return bool(_unit_of(t) or YEAR_RE.search(t) or FYP_RE.search(t)
                or any(w in t for _, words in COLUMN_MEASURE_WORDS for w in words))


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
    takers = [k for k, p in enumerate(parent) if _kinds_of(p) & {"cagr", "yoy", "change"}]
    if len(takers) != len(runs):
        return None
    out: list[str] = []
    for k in range(len(parent)):
        out.extend(children[u] for u in runs[takers.index(k)]) if k in takers else out.append("")
    return out


def _build_columns(header_rows: list[Row], n_cols: int) -> tuple[list[list[str]], list[str]]:
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


# --------------------------------------------------------------------------------------------
# Column and row semantics
# --------------------------------------------------------------------------------------------

def _parse_period(text: str, default_year: int | None) -> tuple[tuple[date, date, str] | None, bool]:
    """(start, end, grain) of a header/caption text, and whether it is a five-year plan."""
    t = _clean(text)
    m = FYP_RE.search(t)
    if m:
        k = _cn_int(m.group(1))
        span = _five_year_plan(k) if k else None
        if span:
            return (date(span[0], 1, 1), date(span[1], 12, 31), "multi_year"), True
    m = YEAR_RANGE_RE.search(t)
    if m and int(m.group(2)) > int(m.group(1)):
        return (date(int(m.group(1)), 1, 1), date(int(m.group(2)), 12, 31), "multi_year"), False
    years = YEAR_RE.findall(t)
    year = int(years[-1]) if years else default_year
    m = YEAR_END_RE.search(t)
    if m:
        y = int(m.group(1))
        return (date(y, 12, 31), date(y, 12, 31), "instant"), False
    if year is not None:
        m = MONTHS_RE.search(t)
        if m:
            m1, m2 = int(m.group(1)), int(m.group(2))
            if 1 <= m1 < m2 <= 12:
                return (date(year, m1, 1), _month_end(year, m2), "ytd" if m1 == 1 else "month"), False
        m = MONTH_RE.search(t)
        if m and 1 <= int(m.group(1)) <= 12:
            mo = int(m.group(1))
            if m.group(2) in ("末", "底"):
                d = _month_end(year, mo)
                return (d, d, "instant"), False
            return (date(year, mo, 1), _month_end(year, mo), "month"), False
        m = QUARTER_RE.search(t)
        if m:
            q = _cn_int(m.group(1) or m.group(2)) or 0
            if 1 <= q <= 4:
                return (date(year, 3 * q - 2, 1), _month_end(year, 3 * q), "quarter"), False
        m = HALF_RE.search(t)
        if m:
            if m.group(1) == "上":
                return (date(year, 1, 1), date(year, 6, 30), "half"), False
            return (date(year, 7, 1), date(year, 12, 31), "half"), False
    if years:
        y = int(years[-1])
        return (date(y, 1, 1), date(y, 12, 31), "year"), False
    return None, False


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


def _kinds_of(text: str) -> set[str]:
    t = _clean(text)
    return {kind for kind, words in COLUMN_MEASURE_WORDS if any(w in t for w in words)}


def _strip_header_noise(text: str) -> str:
    t = _strip_units(_clean(text))
    t = YEAR_RANGE_RE.sub("", t)
    t = re.sub(r"(?:19|20)\d{2}\s*年?", "", t)
    t = FYP_RE.sub("", t)
    t = re.sub(r"\d{1,2}\s*[-—－~～至]\s*\d{1,2}\s*月|\d{1,2}\s*月(?:份|末|底)?|[一二三四1-4]季度|[上下]半年", "", t)
    for w in HEADER_NOISE_WORDS:
        t = t.replace(w, "")
    t = re.sub(r"^[\d一二三四五六七八九十]+[.．、]", "", t)
    return t.strip(_PUNCT_EDGES)


def _caption_indicator(caption: str) -> str | None:
    """The last quantity the caption names (…生产及消费量 -> 消费量; 表观消费量 beats 消费量)."""
    t = _strip_units(_clean(CAPTION_RE.sub("", caption)))
    best, best_key = None, (-1, 0)
    for head in QUANTITY_HEADS:
        pos = t.rfind(head)
        key = (pos + len(head), len(head))
        if pos >= 0 and key > best_key:
            best, best_key = head, key
    return best


def _category(*texts: str | None) -> str:
    for text in texts:
        if not text:
            continue
        for category, words in CATEGORY_KEYWORDS:
            if any(w in text for w in words):
                return category
    return "other"


def _flow(text: str) -> str | None:
    if "进出口" in text or "贸易总额" in text:
        return "total"
    if "顺差" in text or "逆差" in text or "净进口" in text or "净出口" in text:
        return "balance"
    if "进口" in text:
        return "import"
    if "出口" in text:
        return "export"
    return None


def _scope(subject: str | None) -> str:
    if not subject:
        return "national"
    for scope, pattern in SCOPE_PATTERNS:
        if re.search(pattern, subject):
            return scope
    return "national"


@dataclass
class RowMeaning:
    label: str  # the row label without its unit
    kind: str | None  # cagr, change, share, rate or None
    sign: int
    indicator: str | None
    subject: str | None


def _row_kind(label: str) -> tuple[str | None, int, str]:
    """(kind, sign, label without a trailing change word)."""
    if any(w in label for w in CAGR_WORDS):
        return "cagr", 1, label
    for word, sign in CHANGE_ENDINGS:
        if label.endswith(word) and len(label) > len(word):
            return "change", sign, label[: -len(word)]
    if any(w in label for w in SHARE_WORDS) or re.search(r"占.+[比重例]", label):
        return "share", 1, label
    if label.endswith(RATE_ENDINGS):
        return "rate", 1, label
    return None, 1, label


def _split_subject(label: str) -> tuple[str | None, str]:
    """"海绵钛电耗" -> (海绵钛, 电耗); "再生铜占铜供应量比重" -> (再生铜, whole); else (None, whole)."""
    if "占" in label and any(w in label for w in SHARE_WORDS):
        subject = label.split("占", 1)[0]
        for head in SHARE_PART_HEADS:  # 重点企业研发支出占… -> 重点企业
            if subject.endswith(head) and len(subject) > len(head):
                subject = subject[: -len(head)]
                break
        return (subject or None), label
    for head in QUANTITY_HEADS:
        if label.endswith(head) and len(label) > len(head):
            prefix = label[: -len(head)]
            if "单位" in prefix or prefix.endswith(("增加值", "产值", "收入")) or len(prefix) > 12:
                return None, label
            return prefix, head
    for ending in ("综合利用率", "利用率", "回收率"):
        if label.endswith(ending) and len(label) > len(ending):
            return label[: -len(ending)], label
    return None, label


# --------------------------------------------------------------------------------------------
# Table -> figures
# --------------------------------------------------------------------------------------------

@dataclass
class Table:
    caption: Line
    caption_text: str
    rows: list[Row]
    unit: str | None
    tab_led: bool


def _table_figures(table: Table, document_date: date | None, offset: int) -> tuple[list[Figure], int | None]:
    """Figures of one table (parent_index offset by `offset`) and the end of its last data row."""
    rows = table.rows
    caption = table.caption_text
    # --- header / data split
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
        return [], None
    header_rows, body = rows[:first_data], rows[first_data:]
    counts = []
    for r in body:
        if r.numeric():
            t = r.trailing_values()
            counts.append(t - 1 if t == len(r.cells) and len(r.cells) > 1 else t)
    if not counts:
        return [], None
    tally = Counter(counts)
    n_cols = max(tally, key=lambda c: (tally[c], c))
    if n_cols <= 0:
        return [], None
    # plain (not tab-led) tables must look like a grid: most data rows agree on the column count
    if not table.tab_led:
        if len(counts) < 2 or tally[n_cols] * 2 < len(counts):
            return [], None

    paths, label_headers = _build_columns(header_rows, n_cols)
    context_year = None
    cap_period, cap_plan = _parse_period(caption, None)
    if cap_period:
        context_year = cap_period[1].year
    elif document_date:
        context_year = document_date.year
    columns = [_column(path, context_year) for path in paths]
    # a growth/share column without a quantity of its own measures the column before it
    last = None
    for col in columns:
        if col.indicator:
            last = col.indicator
        elif last and col.kinds & {"cagr", "yoy", "change", "share"}:
            col.indicator = last
    label_head = "".join(label_headers)
    caption_indicator = _caption_indicator(caption)
    plan_context = cap_plan or any(c.from_plan for c in columns)
    years = sorted({c.year for c in columns if c.year})
    if document_date:
        ref_year: int | None = document_date.year
    elif len(years) > 1:
        ref_year = years[0]
    else:
        ref_year = None
    caption_kinds = _kinds_of(caption)

    # --- data rows: labels, group, own unit
    data_rows: list[DataRow | None] = []
    group: str | None = None
    in_cell_group = False  # a group opened by "其中：X" inside a single label cell
    for r in body:
        nums = r.numeric()
        t = r.trailing_values()
        n_values = min(t, n_cols)
        if n_values == len(r.cells) and len(r.cells) > 1 and nums:
            n_values -= 1
        labels = r.cells[: len(r.cells) - n_values]
        values = list(enumerate(r.cells[len(r.cells) - n_values:]))
        if not nums:
            group, in_cell_group = None, False  # a section row ends any group
            data_rows.append(None)
            continue
        row_unit = None
        label_texts = []
        for k, c in enumerate(labels):
            bare = c.clean.strip("（()）")
            if k > 0 and _normalise_unit(bare):
                row_unit = _normalise_unit(bare)  # a 单位 column
                continue
            label_texts.append(c.clean)
        if not label_texts:
            label_texts = [""]
        item_raw = label_texts[-1]
        opens = False
        if len(label_texts) >= 2:
            in_cell_group = False
            if label_texts[0]:
                group, opens = label_texts[0], True
        else:
            m = re.match(r"^(其中|包括)\s*[:：]?\s*(.+)$", item_raw)
            if m:
                group, item_raw, opens, in_cell_group = m.group(1), m.group(2), True, True
            elif not in_cell_group:
                group = None
        row_unit = _unit_of(item_raw) or row_unit
        item = _strip_units(item_raw).strip(_PUNCT_EDGES) or item_raw
        row_period = None
        if item and not _strip_header_noise(item):  # a row per year / month: 2024, 2024年, 1-6月
            row_period = _parse_period(item, context_year)[0]
        data_rows.append(DataRow(r, labels, values, group=group, item=item, unit=row_unit, opens=opens,
                                 period=row_period))

    # --- are the rows indicators (a targets table) or subjects (commodities, regions, firms)?
    if any(c.indicator for c in columns) or any(h in label_head for h in SUBJECT_LABEL_HEADERS):
        indicator_rows = False
    else:
        labelled = [d for d in data_rows if d is not None and d.item]
        quantity_like = sum(1 for d in labelled if _label_is_indicator(d))
        if labelled and quantity_like * 2 > len(labelled):
            indicator_rows = True
        else:  # the caption names the quantity (…产量（万吨）): rows are what it is measured for
            indicator_rows = not caption_indicator

    # --- figures
    figures: list[Figure] = []
    last_end = None
    cell_index: dict[tuple[int, int], int] = {}  # (row position, column) -> index in `figures`
    total_pos: int | None = None  # the total row of the of-which group in force
    part_sums: dict[int, float] = {}
    for pos, dr in enumerate(data_rows):
        if dr is None:
            total_pos, part_sums = None, {}
            continue
        if dr.group is None:
            total_pos, part_sums = None, {}
        elif dr.opens:
            total_pos, part_sums = None, {}
            previous = data_rows[pos - 1] if pos > 0 else None
            if dr.group.startswith(OF_WHICH_PREFIXES) and previous is not None and previous.group is None:
                total_pos = pos - 1
        meaning = _row_meaning(dr, indicator_rows, caption_indicator)
        row_label = " ".join(x for x in ([dr.group] if dr.group else []) + [dr.item] if x)
        row_figs: list[tuple[int, Figure]] = []
        for col_idx, cell in dr.values:
            num = _parse_num(cell)
            if num is None or col_idx >= len(columns):
                continue
            fig = _cell_figure(
                num, columns[col_idx], meaning, dr, table, caption, caption_kinds, row_label,
                plan_context, ref_year, cap_period, cap_plan, indicator_rows,
            )
            row_figs.append((col_idx, fig))
        links = _of_which_links(dr, data_rows[total_pos] if total_pos is not None else None,
                                total_pos, row_figs, cell_index, figures, part_sums)
        for col_idx, fig in row_figs:
            if col_idx in links:
                fig = _with_parent(fig, offset + links[col_idx])
            cell_index[(pos, col_idx)] = len(figures)
            figures.append(fig)
            last_end = dr.row.end
    return figures, last_end


def _label_is_indicator(dr: DataRow) -> bool:
    """A row label that names a quantity: a unit of its own, a quantity word, a rate or change."""
    label = _clean(dr.item)
    return bool(dr.unit) or any(h in label for h in QUANTITY_HEADS) or _row_kind(label)[0] is not None


def _of_which_links(dr: DataRow, total: DataRow | None, total_pos: int | None,
                    row_figs: list[tuple[int, Figure]], cell_index: dict[tuple[int, int], int],
                    figures: list[Figure], part_sums: dict[int, float]) -> dict[int, int]:
    """Column -> index of the total row's figure in that column, for a row of an of-which group.

    A row in its own unit (黄金（吨） under a 万吨 total) is not a part; nor is a row that would
    push the parts' sum of a level column past the total (parts never exceed their whole).
    """
    if total is None or total_pos is None or dr.unit != total.unit:
        return {}
    links: dict[int, int] = {}
    sums = dict(part_sums)
    for col_idx, fig in row_figs:
        k = cell_index.get((total_pos, col_idx))
        if k is None:
            continue
        whole = figures[k]
        if whole.measure != fig.measure or whole.unit != fig.unit:
            continue
        if fig.measure in ("level", "target", "forecast") and fig.unit_base != "pct":
            sums[col_idx] = sums.get(col_idx, 0.0) + fig.value
            if whole.value >= 0 and sums[col_idx] > whole.value * 1.005 + 1e-9:
                return {}
        links[col_idx] = k
    part_sums.update(sums)
    return links


def _with_parent(fig: Figure, parent_index: int) -> Figure:
    from dataclasses import replace

    return replace(fig, parent_index=parent_index)


def _column(path: list[str], context_year: int | None) -> Column:
    col = Column(path=list(path))
    for text in reversed(path):
        col.unit = _unit_of(text)
        if col.unit:
            break
    joined = " ".join(path)
    period, plan = _parse_period(joined, context_year)
    col.period, col.from_plan = period, plan
    if period:
        col.year = period[1].year
    col.kinds = _kinds_of(joined)
    if any(word in _clean(joined) for word, sign in CHANGE_ENDINGS if sign < 0):
        col.sign = -1
    parts = [_strip_header_noise(p) for p in path]
    indicator = "".join(p for p in parts if p)
    col.indicator = indicator or None
    return col


def _row_meaning(dr: DataRow, indicator_rows: bool, caption_indicator: str | None) -> RowMeaning:
    item = dr.item
    group = dr.group if dr.group and not dr.group.startswith(OF_WHICH_PREFIXES) else None
    if indicator_rows:
        base = _clean(_strip_units(group or item)).strip(_PUNCT_EDGES)
        base = re.sub(r"^[\d一二三四五六七八九十]+[.．、]\s*", "", base)
        kind, sign, core = _row_kind(base)
        subject, indicator = _split_subject(core)
        if group:
            subject = f"{subject}（{item}）" if subject else item
        return RowMeaning(label=base, kind=kind, sign=sign, indicator=indicator, subject=subject)
    kind, sign, _ = _row_kind(_clean(item))
    subject = None if dr.period else (item or None)
    return RowMeaning(label=item, kind=kind if kind in ("share", "rate") else None, sign=1,
                      indicator=caption_indicator, subject=subject)


def _cell_figure(num: NumCell, col: Column, meaning: RowMeaning, dr: DataRow, table: Table, caption: str,
                 caption_kinds: set[str], row_label: str, plan_context: bool, ref_year: int | None,
                 cap_period, cap_plan: bool, indicator_rows: bool) -> Figure:
    # unit: a % column keeps %, else the row's own unit, else the column's, else the table's
    col_unit = col.unit
    if num.pct:
        unit = "%"
    elif col_unit and parse_unit(col_unit) and parse_unit(col_unit).unit_base in ("pct", "pp"):
        unit = col_unit
    else:
        unit = dr.unit or col_unit or table.unit
    kinds = col.kinds
    row_kind = meaning.kind
    change = num.bracketed or "change" in kinds
    if unit is None and (row_kind in ("cagr", "change", "share", "rate") or kinds & {"cagr", "yoy", "share"}):
        unit = "%"
    parsed = parse_unit(unit) if unit else None
    is_pct = parsed is not None and parsed.unit_base == "pct"
    is_pp = parsed is not None and parsed.unit_base == "pp"
    period = col.period or dr.period or cap_period
    year = col.year or (dr.period[1].year if dr.period else None) or (cap_period[1].year if cap_period else None)
    future = bool(year and ref_year and year > ref_year)
    value = num.value
    explicit_sign = num.number_text[:1] in "+-−－"
    sign = meaning.sign if indicator_rows else col.sign

    if change:
        if col.from_plan and col.period:
            period = col.period
        elif year:
            period = (date(year - 4, 1, 1), date(year, 12, 31), "multi_year")
        if row_kind in ("share", "rate") or is_pp:
            measure = "pp_change"
        elif is_pct:
            measure = "yoy_pct"
        else:
            measure = "abs_change"
    elif row_kind == "cagr" or "cagr" in kinds:
        measure = "cagr_pct"
        if row_kind == "cagr" and not col.from_plan and year and plan_context:
            period = (date(year - 4, 1, 1), date(year, 12, 31), "multi_year")
    elif row_kind == "change" or "yoy" in kinds:
        measure = "pp_change" if is_pp else ("yoy_pct" if is_pct or unit is None else "abs_change")
    elif "forecast" in kinds or ("forecast" in caption_kinds and future and "actual" not in kinds):
        measure = "forecast"
    elif "target" in kinds or (("target" in caption_kinds or cap_plan) and future and "actual" not in kinds):
        measure = "target"
    elif (row_kind == "share" or "share" in kinds) and is_pct:
        measure = "share_pct"
    elif row_kind == "rate" and is_pct:
        measure = "rate_pct"
    else:
        measure = "level"
    if measure in ("yoy_pct", "pp_change", "abs_change", "cagr_pct") and not explicit_sign and sign < 0:
        value = -value

    if measure == "pp_change":
        unit_base = "pp"
        value_base = value
    elif parsed is not None:
        unit_base = parsed.unit_base
        value_base = _scaled(num.number_text, parsed.multiplier)
        if value < 0 and value_base > 0:
            value_base = -value_base
    else:
        unit_base, value_base = None, None

    if indicator_rows:
        indicator = meaning.indicator or col.indicator
        subject = meaning.subject
    else:
        indicator = col.indicator or meaning.indicator
        subject = meaning.subject
    category = _category(indicator, meaning.label, row_label if indicator_rows else None, col.header, caption)
    flow = _flow(" ".join(x for x in (indicator, col.header, meaning.label if indicator_rows else "") if x)) \
        if category == "trade" else None
    source = "｜".join(x for x in (caption, row_label, col.header) if x)
    start, end, grain = period if period else (None, None, None)
    return Figure(
        char_start=num.start,
        char_end=num.end,
        number_text=num.number_text,
        source_text=source,
        category=category,
        indicator_zh=indicator or None,
        subject_zh=subject or None,
        measure=measure,
        value=value,
        unit=unit,
        value_base=value_base,
        unit_base=unit_base,
        qualifier=None,
        period_start=start,
        period_end=end,
        period_grain=grain,
        flow=flow,
        scope=_scope(subject) if not indicator_rows else "national",
        parent_index=None,
    )


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------

def extract_tables(text: str, document_date: date | None) -> tuple[list[Figure], list[tuple[int, int]]]:
    """Figures of every numeric cell of the flattened tables in `text`, and the (start, end)
    character ranges the tables cover (caption to last data row), for the prose engine to skip.

    `parent_index` of a figure indexes the returned list. Never raises on odd input: a table
    that cannot be rebuilt is skipped.
    """
    if not isinstance(text, str) or not text:
        return [], []
    figures: list[Figure] = []
    ranges: list[tuple[int, int]] = []
    lines = _split_lines(text)
    i = 0
    while i < len(lines):
        kind = _caption_kind(lines[i])
        if kind is None:
            i += 1
            continue
        try:
            rows, unit_line, mode, stop = _read_body(lines, i + 1)
            caption = lines[i]
            caption_text = _clean(caption.content)
            table = Table(caption, caption_text, rows, unit_line or _unit_of(caption_text), mode == "tab")
            table_figs, last_end = _table_figures(table, document_date, len(figures))
        except Exception:  # noqa: BLE001 - garbage in, nothing out; never take the document down
            log.warning("table at line %d could not be rebuilt", i + 1, exc_info=True)
            i += 1
            continue
        if table_figs and last_end is not None:
            figures.extend(table_figs)
            ranges.append((caption.start, last_end))
            i = max(stop, i + 1)
        else:
            i += 1
    return figures, ranges
