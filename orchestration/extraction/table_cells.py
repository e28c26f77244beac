"""Cell reading: each numeric cell of a rebuilt grid (table_layout.py) becomes a figure.

Unit from the row label (黄金（吨）), a 单位 column or the column header (a % column keeps %),
period from the column (table_columns.py: 2010年, 十二五, 1-8月, 本期 …) or the caption, measure from the column / row words (年均 -> cagr_pct,
目标 -> target, 预测 or a future year in a 预测 table -> forecast, "[x]" -> five-year cumulative
change), category and flow from the lexicon's meaning of the indicator (`classify_label`),
and the of-which (其中 / 主要…) rows linked to the total row just above them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from . import lexicon
from .keywords import COMMODITIES, TRADE_NAMES, classify_label, scope_of_subject
from .label_periods import LABEL_MONTHS_ENDED
from .model import Figure
from .periods import Period, digit_years
from .table_columns import CHANGE_ENDINGS, Column, header_period, longest_first, read_columns, strip_header_noise
from .table_layout import INDICATOR_LABEL_HEADERS, SUBJECT_LABEL_HEADERS, Grid, kinds_of
from .table_lines import (CAPTION_RE, PUNCT_EDGES, Cell, NumCell, Row, Table, cell_numbers, clean, normalise_unit, strip_units,
                          unit_of)
from .units import CURRENCIES, parse_unit, to_base


CAGR_WORDS = lexicon.words("markers", marker="cagr")
SHARE_WORDS = lexicon.words("markers", marker="share")
RATE_ENDINGS = lexicon.words("table_words", role="rate_ending")
OF_WHICH_PREFIXES = lexicon.words("table_words", role="of_which_prefix")
# Measured quantities: split "海绵钛电耗" into subject 海绵钛 + 电耗, take an indicator from a caption.
QUANTITY_HEADS = longest_first(lexicon.words("table_words", role="quantity_head"))
# Quantities named by a phrase of their own (工业增加值, 固定资产投资): a row label that is one is not split.
NAMED_QUANTITIES = frozenset(lexicon.words("indicators"))
# The measured part of "X占Y比重" trimmed to leave its subject (深加工产品销售收入 -> 深加工产品).
SHARE_PART_HEADS = longest_first((*QUANTITY_HEADS, *lexicon.words("table_words", role="share_part_head")))
FIRM_GROUP_HEADS = tuple(lexicon.words("table_words", role="firm_group_head"))
# 镁冶炼综合能耗 / 硅热法: a sub-row naming how the group's quantity is made is no part of what it is about
METHOD_ENDINGS = tuple(lexicon.words("table_words", role="method_ending"))
_LIST_NUMBER_SPACED = re.compile(r"^[\d一二三四五六七八九十]+[.．、]\s*")
_SHARE_OF = re.compile(r"占.+[比重例]")
_GROUP_IN_CELL = re.compile(r"^(其中|包括)\s*[:：]?\s*(.+)$")
PARTNER_PREFIXES = longest_first(lexicon.words("table_words", role="partner_prefix"))
LEVEL_MEASURES = ("level", "target", "forecast")


@dataclass
class DataRow:
    row: Row
    labels: list[Cell]
    values: list[tuple[int, Cell]]  # (column index, cell)
    group: str | None = None  # the group label in force ('' when none)
    item: str = ""
    unit: str | None = None
    own_unit: bool = False  # the unit is written in the row label (黄金（吨）), not in a 单位 column
    opens: bool = False  # this row's own label cell opens the group
    period: Period | None = None  # the row label is a period (a row per year)

    @property
    def percent_levels(self) -> bool:
        """The row's quantity is itself a percentage (研发经费投入强度（%） 1.0 1.5 [0.5]): it states
        a level in %, not only a change."""
        return self.unit == "%" and any(not n.bracketed for _, c in self.values for n, _ in cell_numbers(c))


@dataclass
class RowMeaning:
    label: str  # the row label without its unit
    kind: str | None  # cagr, change, share, rate or None
    sign: int
    indicator: str | None
    subject: str | None


@dataclass
class TableFacts:
    """What holds for every cell of one table."""
    table: Table
    caption: str
    caption_kinds: set[str]
    caption_period: Period | None
    caption_plan: bool
    plan_context: bool
    ref_year: int | None  # a later year is the future
    indicator_rows: bool  # rows name indicators (a targets table), not subjects
    release_title: str  # the title of the release the table stands in ("" when none): what it is about


NATIONAL_WORDS = frozenset(lexicon.words("subjects", kind="national"))
# A trade table's flow, as the words its indicators are named with (进口 + 量/额), and the
# header words of a column counting money rather than goods.
TRADE_FLOW_WORDS = {"import": "进口", "export": "出口", "total": "进出口"}
MONEY_HEADER_WORDS = lexicon.words("table_words", role="money_header")


def _same_dimension(a: str, b: str) -> bool:
    parsed_a, parsed_b = parse_unit(a), parse_unit(b)
    return parsed_a is None or parsed_b is None or parsed_a.unit_base == parsed_b.unit_base


def _without(text: str, words) -> str:
    """The text less the words (longest first): 指标名称 less 指标名称 holds no 名称."""
    for w in sorted(words, key=len, reverse=True):
        text = text.replace(w, "")
    return text


def _caption_indicator(caption: str) -> str | None:
    """The last quantity the caption names (…生产及消费量 -> 消费量; 表观消费量 beats 消费量)."""
    t = strip_units(clean(CAPTION_RE.sub("", caption)))
    best, best_key = None, (-1, 0)
    for head in QUANTITY_HEADS:
        pos = t.rfind(head)
        key = (pos + len(head), len(head))
        if pos >= 0 and key > best_key:
            best, best_key = head, key
    return best


def _category(*texts: str | None) -> tuple[str, str | None]:
    """The category and flow of the first text the lexicon can classify."""
    for text in texts:
        if text:
            meaning = classify_label(text)
            if meaning is not None:
                return meaning
    return "other", None


def _row_kind(label: str) -> tuple[str | None, int, str]:
    """(kind, sign, label without a trailing change word)."""
    if any(w in label for w in CAGR_WORDS):
        return "cagr", 1, label
    for word, sign in CHANGE_ENDINGS:
        if label.endswith(word) and len(label) > len(word):
            return "change", sign, label[: -len(word)]
    if any(w in label for w in SHARE_WORDS) or _SHARE_OF.search(label):
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
        if subject.endswith(FIRM_GROUP_HEADS):  # a group of firms is not repeated in the indicator
            return subject, label[len(subject):]
        return (subject or None), label
    if label in NAMED_QUANTITIES:  # 工业增加值 is one quantity's name, not 增加值 of 工业
        return None, label
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


_ALIAS_AFTER_GOOD = re.compile(r"[（(][^（）()]{1,12}[）)]$")


def _row_label(text: str) -> str:
    """A row label without the punctuation around it, its brackets kept whole; a good's other
    name or a note on it in brackets is dropped (精炼铜（电解铜） is 精炼铜, as the prose reads it)."""
    label = text.strip(PUNCT_EDGES)
    for opening, closing in (("（", "）"), ("(", ")")):
        if label.count(opening) > label.count(closing):
            label += closing
    alias = _ALIAS_AFTER_GOOD.search(label)
    if alias is not None and (label[:alias.start()] in COMMODITIES.phrases or _names_flow(alias.group())):
        return label[:alias.start()]  # 钨品（出口）: the flow is the row's, not part of the good's name
    return label


def _names_flow(note: str) -> bool:
    meaning = classify_label(note.strip("（）()"))
    return meaning is not None and meaning[1] is not None


def _data_rows(body: list[Row], n_cols: int, context_year: int | None) -> list[DataRow | None]:
    """Each body row's labels, values, of-which group and own unit; None for a section row."""
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
        if not nums and not r.dashes_only():
            group, in_cell_group = None, False  # a section row ends any group
            data_rows.append(None)
            continue
        row_unit = None
        label_texts = []
        for k, c in enumerate(labels):
            bare = c.clean.strip("（()）")
            if k > 0 and normalise_unit(bare):
                row_unit = normalise_unit(bare)  # a 单位 column
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
            m = _GROUP_IN_CELL.match(item_raw)
            if m:
                group, item_raw, opens, in_cell_group = m.group(1), m.group(2), True, True
            elif not in_cell_group:
                group = None
        own_unit = unit_of(item_raw)
        row_unit = own_unit or row_unit
        item = _row_label(strip_units(item_raw)) or item_raw
        row_period = None
        if item and not strip_header_noise(item):  # a row per year / month: 2024, 2024年, 1-6月
            row_period = header_period(item, context_year)[0]
        data_rows.append(DataRow(r, labels, values, group=group, item=item, unit=row_unit,
                                 own_unit=own_unit is not None, opens=opens, period=row_period))
    return data_rows


def _label_is_indicator(dr: DataRow) -> bool:
    """A row label that names a quantity: a unit of its own, a quantity word, a rate or change."""
    label = clean(dr.item)
    return dr.own_unit or any(h in label for h in QUANTITY_HEADS) or _row_kind(label)[0] is not None


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
        if fig.measure in LEVEL_MEASURES and fig.unit_base != "pct":
            sums[col_idx] = sums.get(col_idx, 0.0) + fig.value
            if whole.value >= 0 and sums[col_idx] > whole.value * 1.005 + 1e-9:
                return {}
        links[col_idx] = k
    part_sums.update(sums)
    return links


def _row_meaning(dr: DataRow, indicator_rows: bool, caption_indicator: str | None,
                 whole: RowMeaning | None = None) -> RowMeaning:
    item = dr.item
    group = dr.group if dr.group and not dr.group.startswith(OF_WHICH_PREFIXES) else None
    if indicator_rows and whole is not None and whole.indicator and item in COMMODITIES.phrases:
        # 十种有色金属产量 / 其中：铅: a part named by a good alone is that good's share of the whole's quantity
        return RowMeaning(label=item, kind=whole.kind, sign=whole.sign, indicator=whole.indicator, subject=item)
    if indicator_rows:
        base = clean(strip_units(group or item)).strip(PUNCT_EDGES)
        base = _LIST_NUMBER_SPACED.sub("", base)
        kind, sign, core = _row_kind(base)
        subject, indicator = _split_subject(core)
        if group and not clean(strip_units(item)).strip(PUNCT_EDGES).endswith(METHOD_ENDINGS):
            subject = f"{subject}（{item}）" if subject else item
        return RowMeaning(label=base, kind=kind, sign=sign, indicator=indicator, subject=subject)
    kind, sign, _ = _row_kind(clean(item))
    # a row of the national total (全国, 全行业) is about no subject, as national aggregates are
    subject = None if dr.period or item in NATIONAL_WORDS else (_partner(item) or None)
    if kind not in ("share", "rate") and caption_indicator and caption_indicator.endswith(RATE_ENDINGS):
        kind = "rate"  # 主要冶炼厂开工率: the rate the caption names, for each row's firm
    return RowMeaning(label=item, kind=kind if kind in ("share", "rate") else None, sign=1,
                      indicator=caption_indicator, subject=subject)


_NOTE = re.compile(r"[（(]([^（）()]{1,6})[）)]")


def _notes(dr: DataRow) -> list[str]:
    """The bracketed notes of a row's label: 未锻轧铝及铝材（出口） says the row is the exports,
    whatever flow the caption (…进出口) names."""
    return [m.group(1) for cell in dr.labels for m in _NOTE.finditer(cell.text)]


def _partner(label: str) -> str:
    """A row label without the word before a trade partner (自秘鲁 -> 秘鲁)."""
    for prefix in PARTNER_PREFIXES:
        if label.startswith(prefix) and scope_of_subject(label[len(prefix):]) != "national":
            return label[len(prefix):]
    return label


def _five_years_to(year: int) -> Period:
    return Period(date(year - 4, 1, 1), date(year, 12, 31), "multi_year")


def _restated_header(row: Row, n_cols: int, context_year: int | None) -> list[list[str]] | None:
    """The column paths of a row without numbers that heads the rows below it with periods of its
    own (an annual report's 2023年末 2022年末 … over its balance-sheet rows, below the 2023年 2022年
    … of its income rows): most of its last `n_cols` cells name a period."""
    cells = [c.clean for c in row.cells]
    if len(cells) < n_cols or n_cols < 2:
        return None
    heads = cells[len(cells) - n_cols:]
    if sum(header_period(h, context_year)[0] is not None for h in heads) * 2 <= n_cols:
        return None
    return [[h] for h in heads]


def _counts_money(header: str) -> bool:
    return any(w in header for w in MONEY_HEADER_WORDS)


def _names_price(header: str) -> bool:
    meaning = classify_label(clean(header)) if header else None
    return meaning is not None and meaning[0] == "price"


def _is_money(unit: str | None) -> bool:
    parsed = parse_unit(unit) if unit else None
    return parsed is not None and parsed.unit_base in CURRENCIES.values()


def _cell_figure(num: NumCell, col: Column, meaning: RowMeaning, dr: DataRow, facts: TableFacts,
                 row_label: str, qualifier: str | None) -> Figure:
    table, indicator_rows = facts.table, facts.indicator_rows
    # unit: a % column keeps %, else the row's own unit, else the column's, else the table's
    col_unit = col.unit
    if num.pct:
        unit = "%"
    elif col_unit and parse_unit(col_unit) and parse_unit(col_unit).unit_base in ("pct", "pp"):
        unit = col_unit
    elif _is_money(col_unit) and dr.unit and _names_price(col.header) and parse_unit(f"{col_unit}/{dr.unit}"):
        unit = f"{col_unit}/{dr.unit}"  # 本期价格（元） beside a 单位 column of 吨: a price of 元/吨
    elif col_unit and dr.unit and not _same_dimension(col_unit, dr.unit):
        unit = col_unit  # 金额（万元） beside a 计量单位 column of 万吨: the column names its own
    elif dr.unit and not col_unit and _counts_money(col.header) and _is_money(table.unit) and not _is_money(dr.unit):
        unit = table.unit  # 单位：千美元 over a 计量单位 column of 万吨: the 金额 columns are in the table's money
    elif table.rates_in_percent and not (dr.unit or col_unit) and col.kinds & {"yoy", "mom", "share", "cagr"}:
        unit = "%"  # 单位：万吨、%: the levels in 万吨, the rates in %
    else:
        unit = dr.unit or col_unit or table.unit
    kinds = col.kinds
    row_kind = meaning.kind
    # a change column of a plan's table is the change over the plan's five years
    change = num.bracketed or ("change" in kinds and facts.plan_context)
    if unit is None and (row_kind in ("cagr", "change", "share", "rate") or kinds & {"cagr", "yoy", "mom", "share"}):
        unit = "%"
    parsed = parse_unit(unit) if unit else None
    is_pct = parsed is not None and parsed.unit_base == "pct"
    is_pp = parsed is not None and parsed.unit_base == "pp"
    period = col.period or dr.period or facts.caption_period
    year = col.year or (dr.period.end.year if dr.period else None) or (
        facts.caption_period.end.year if facts.caption_period else None)
    future = bool(year and facts.ref_year and year > facts.ref_year)
    value = num.value
    explicit_sign = num.signed
    sign = meaning.sign if indicator_rows else col.sign
    caption_kinds = facts.caption_kinds

    if change:
        if col.from_plan and col.period:
            period = col.period
        elif year:
            period = _five_years_to(year)
        if row_kind in ("share", "rate") or is_pp or (is_pct and dr.percent_levels):
            measure = "pp_change"
        elif is_pct:
            measure = "yoy_pct"
        else:
            measure = "abs_change"
    elif row_kind == "cagr" or "cagr" in kinds:
        measure = "cagr_pct"
        if not col.from_plan and year and facts.plan_context:
            period = _five_years_to(year)  # a plan's annual average runs over its five years
    elif kinds & {"mom", "week"}:  # a move from the previous report
        measure = "pp_change" if is_pp else ("mom_pct" if is_pct or unit is None else "abs_change")
    elif row_kind == "change" or kinds & {"yoy", "change"}:
        measure = "pp_change" if is_pp else ("yoy_pct" if is_pct or unit is None else "abs_change")
    elif "forecast" in kinds or ("forecast" in caption_kinds and future and "actual" not in kinds):
        measure = "forecast"
    elif "target" in kinds or (("target" in caption_kinds or facts.caption_plan) and future and "actual" not in kinds):
        measure = "target"
    elif (row_kind == "share" or "share" in kinds) and is_pct:
        measure = "share_pct"
    elif row_kind == "rate" and is_pct:
        measure = "rate_pct"
    else:
        measure = "level"
    if "week" in kinds:
        period = None  # a move over one week: no grain fits it
    if measure in ("yoy_pct", "pp_change", "abs_change", "cagr_pct") and not explicit_sign and sign < 0:
        value = -value

    if measure == "pp_change":
        unit_base, value_base = "pp", value
    elif parsed is not None:
        unit_base = parsed.unit_base
        value_base = to_base(num.plain, parsed)
        if value < 0 and value_base > 0:
            value_base = -value_base
    else:
        unit_base, value_base = None, None

    if indicator_rows:
        indicator = meaning.indicator or col.indicator
    else:
        indicator = col.indicator or meaning.indicator
    subject = meaning.subject
    category, _ = _category(indicator, meaning.label, row_label if indicator_rows else None, col.header,
                            facts.caption, facts.release_title)
    flow = None
    if category == "trade":
        flow_text = " ".join(x for x in (indicator, col.header, meaning.label if indicator_rows else "") if x)
        flow = next((meaning[1] for text in (*_notes(dr), flow_text, facts.caption, facts.release_title)
                     if text and (meaning := classify_label(text)) and meaning[1]), None)
    if category == "trade" and not indicator and flow in TRADE_FLOW_WORDS:
        # 数量 / 金额 columns under an imports table: 进口量 / 进口额
        counts = "money" if (parsed and parsed.unit_base in CURRENCIES.values()) or _counts_money(col.header) else "mass"
        indicator = TRADE_NAMES.get((TRADE_FLOW_WORDS[flow], counts))
    source = "｜".join(x for x in (facts.caption, row_label, col.header) if x)
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
        qualifier=qualifier,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        period_grain=period.grain if period else None,
        flow=flow,
        scope=scope_of_subject(subject) if not indicator_rows else "national",
        parent_index=None,
    )


def table_figures(table: Table, grid: Grid, document_date: date | None, offset: int,
                  reference: Period | None = None, release_title: str | None = None) -> tuple[list[Figure], int | None]:
    """Figures of one table (parent_index offset by `offset`) and the end of its last data row.
    A caption stating no period takes `reference`, the period the release's title names; one
    naming no quantity takes the quantity `release_title` names (…主要产品产量: 产量)."""
    caption = table.caption_text
    cap_period, cap_plan = header_period(caption, None)
    if cap_period is None:
        cap_period = reference
    if cap_period:
        context_year = cap_period.end.year
    else:
        context_year = document_date.year if document_date else None
    # a span the caption names (截至六月三十日止六个月 over year columns) is the span their years cover,
    # as when the header over the label column names it
    span = LABEL_MONTHS_ENDED.search(digit_years(clean(caption)))
    columns = read_columns(grid.paths, context_year, cap_period,
                           " ".join([*grid.label_headers, *([span.group()] if span else [])]))
    label_head = "".join(grid.label_headers)
    caption_indicator = _caption_indicator(caption) or (_caption_indicator(release_title) if release_title else None)
    years = sorted({c.year for c in columns if c.year})
    if document_date:
        ref_year: int | None = document_date.year
    elif len(years) > 1:
        ref_year = years[0]
    else:
        ref_year = None
    data_rows = _data_rows(grid.body, grid.n_cols, context_year)

    # --- are the rows indicators (a targets table) or subjects (commodities, regions, firms)?
    if any(c.indicator for c in columns) or any(h in _without(label_head, INDICATOR_LABEL_HEADERS) for h in SUBJECT_LABEL_HEADERS):
        indicator_rows = False
    else:
        labelled = [d for d in data_rows if d is not None and d.item]
        quantity_like = sum(1 for d in labelled if _label_is_indicator(d))
        if labelled and quantity_like * 2 > len(labelled):
            indicator_rows = True
        else:  # the caption names the quantity (…产量（万吨）): rows are what it is measured for
            indicator_rows = not caption_indicator
    facts = TableFacts(table, caption, kinds_of(caption), cap_period, cap_plan,
                       cap_plan or any(c.from_plan for c in columns), ref_year, indicator_rows, release_title or "")

    figures: list[Figure] = []
    last_end = None
    cell_index: dict[tuple[int, int], int] = {}  # (row position, column) -> index in `figures`
    total_pos: int | None = None  # the total row of the of-which group in force
    part_sums: dict[int, float] = {}
    meanings: dict[int, RowMeaning] = {}  # row position -> what its label means
    for pos, dr in enumerate(data_rows):
        if dr is None:
            total_pos, part_sums = None, {}
            restated = _restated_header(grid.body[pos], grid.n_cols, context_year)
            if restated is not None:  # the rows below take the periods of a header repeated mid-table
                columns = read_columns(restated, context_year, cap_period, label_head)
            continue
        if dr.group is None:
            total_pos, part_sums = None, {}
        elif dr.opens:
            total_pos, part_sums = None, {}
            previous = data_rows[pos - 1] if pos > 0 else None
            if dr.group.startswith(OF_WHICH_PREFIXES) and previous is not None and previous.group is None:
                total_pos = pos - 1
        whole = meanings.get(total_pos) if total_pos is not None else None
        meaning = _row_meaning(dr, indicator_rows, caption_indicator, whole)
        meanings[pos] = meaning
        row_label = " ".join(x for x in ([dr.group] if dr.group else []) + [dr.item] if x)
        row_figs: list[tuple[int, Figure]] = []
        for col_idx, cell in dr.values:
            if col_idx >= len(columns):
                continue
            for num, qualifier in cell_numbers(cell):
                row_figs.append((col_idx, _cell_figure(num, columns[col_idx], meaning, dr, facts, row_label, qualifier)))
        links = _of_which_links(dr, data_rows[total_pos] if total_pos is not None else None,
                                total_pos, row_figs, cell_index, figures, part_sums)
        for col_idx, fig in row_figs:
            if col_idx in links:
                fig = replace(fig, parent_index=offset + links[col_idx])
            cell_index[(pos, col_idx)] = len(figures)
            figures.append(fig)
            last_end = dr.row.end
    return figures, last_end
