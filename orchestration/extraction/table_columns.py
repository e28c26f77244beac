"""Column meaning: what the cells under a header path measure, for when and in what unit.

A column's header path (table_layout.py) gives its unit (（万吨）, (%)), its period (2010年,
十二五, 1-8月, 第三季度, 2023H1 …) and its kinds (cagr, change, yoy, share, forecast, target,
actual: table_words.tsv). Two kinds of column have no period of their own:
- the columns of a financial statement or a monthly release name it relative to the report the
  table belongs to, its caption's or its release title's period (本期/本报告期/本月 the report's
  period, 上期/上年同期 the same period a year earlier, 期末 and 期初 its closing and opening
  days, 年初至报告期末/累计 the year to its end);
- a growth column (同比增长(%), 增减(%)) compares the latest period of the level columns before
  it (since the previous growth column; of two ending together, the nearer): 1-8月 | 同比增长(%)
  is year-to-date growth, 2020年上半年 | 2019年上半年 | 增减(%) the growth of 2020's first half;
- a 上年同期 column after level columns of their own periods is the year before the latest of them
  (一季度 | 二季度 | 上半年 | 上年同期: the first half a year earlier).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from . import lexicon
from .label_periods import LABEL_PLAN, LABEL_YEAR, LABEL_YEAR_RANGE, label_period
from .periods import Period, digit_years, instant, years_earlier
from .table_layout import kinds_of
from .table_lines import BARE_PERCENT, PUNCT_EDGES, clean, normalise_unit, strip_units, unit_of


def longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


# Words removed from a header to leave the measured quantity (2015年表观消费量（万吨） -> 表观消费量).
HEADER_NOISE_WORDS = longest_first(lexicon.words("table_words", role="header_noise"))
# Row-label endings that make the row a change (the sign comes from the word).
CHANGE_ENDINGS: tuple[tuple[str, int], ...] = tuple(sorted(
    [(w, -1) for w in lexicon.words("table_words", role="label_fall")]
    + [(w, 1) for w in lexicon.words("table_words", role="label_rise")], key=lambda ws: -len(ws[0])))
# Financial-statement columns named relative to the report's period, most specific first.
REPORT_COLUMNS: tuple[tuple[str, str], ...] = tuple(sorted(
    ((w, role.removeprefix("report_")) for role in ("report_current", "report_prior_year", "report_closing",
                                                     "report_opening", "report_year_to_date")
     for w in lexicon.words("table_words", role=role)), key=lambda wr: -len(wr[0])))
_YEAR_IN_HEADER = re.compile(r"(?:19|20)\d{2}\s*年?")
_MONTHS_IN_HEADER = re.compile(
    r"\d{1,2}\s*[-—－~～至]\s*\d{1,2}\s*月|\d{1,2}\s*月\s*\d{1,2}\s*[日号]|\d{1,2}\s*月(?:份|末|底)?|[前第]?[一二三四1-4]个?季度?|[上下]半年|半年度"
    r"|(?<![A-Za-z])[QqHh][1-4](?![A-Za-z\d])")
_LIST_NUMBER = re.compile(r"^[\d一二三四五六七八九十]+[.．、]")
_GROWTH_KINDS = {"yoy", "mom", "change"}


def header_period(text: str, default_year: int | None) -> tuple[Period | None, bool]:
    return label_period(clean(text), default_year)


def strip_header_noise(text: str) -> str:
    if normalise_unit(clean(text)):
        return ""  # a unit is no quantity
    t = BARE_PERCENT.sub("", digit_years(strip_units(clean(text))))
    t = LABEL_YEAR_RANGE.sub("", t)
    t = _YEAR_IN_HEADER.sub("", t)
    t = LABEL_PLAN.sub("", t)
    t = _MONTHS_IN_HEADER.sub("", t)
    for w in HEADER_NOISE_WORDS:
        t = t.replace(w, "")
    t = _LIST_NUMBER.sub("", t)
    return t.strip(PUNCT_EDGES)


@dataclass
class Column:
    path: list[str]
    unit: str | None = None
    period: Period | None = None
    from_plan: bool = False  # period is a five-year plan
    year: int | None = None  # last year the column covers
    kinds: set[str] = field(default_factory=set)
    indicator: str | None = None
    sign: int = 1
    prior_year: bool = False  # a 上年同期 column: the same period a year earlier, of no period of its own

    @property
    def header(self) -> str:
        return " ".join(self.path)


_COMPARED_WITH = re.compile(r"(?:比|较|对比|相比)\s*$")


def _report_role(joined: str) -> str | None:
    """Which period relative to the report a column header names (current, prior_year, closing,
    opening, year_to_date), or None."""
    text = clean(joined)
    for word, role in REPORT_COLUMNS:
        if word in text:
            if role == "prior_year" and _COMPARED_WITH.search(text, 0, text.index(word)):
                continue  # 比去年同期±%: the base a change is taken against, not the column's period
            return role
    return None


def _report_period(role: str | None, report: Period | None) -> Period | None:
    """The period of a financial-statement column relative to the report's period (a plan's
    five years are no report)."""
    if role is None or report is None or report.grain == "multi_year":
        return None
    if role == "current":
        return report
    if role == "prior_year":
        return years_earlier(report, 1)
    if role == "closing":
        return instant(report.end)
    if role == "opening":
        return instant(date(report.end.year, 1, 1) - timedelta(days=1))
    return Period(date(report.end.year, 1, 1), report.end, "ytd" if report.end.month < 12 else "year")


def _column(path: list[str], context_year: int | None, report: Period | None, label_header: str) -> Column:
    col = Column(path=list(path))
    for text in reversed(path):
        col.unit = unit_of(text)
        if col.unit:
            break
    joined = " ".join(path)
    # the header over the label column may name the span the columns' years cover (截至六月三十日止六个月)
    named_year = bool(LABEL_YEAR.search(digit_years(clean(joined))))
    col.period, col.from_plan = header_period(f"{label_header} {joined}" if named_year else joined, context_year)
    if col.period is None:
        role = _report_role(joined)
        col.period = _report_period(role, report)
        col.prior_year = role == "prior_year"
    if col.period:
        col.year = col.period.end.year
    col.kinds = kinds_of(joined)
    if any(word in clean(joined) for word, sign in CHANGE_ENDINGS if sign < 0):
        col.sign = -1
    col.indicator = "".join(p for p in (strip_header_noise(p) for p in path) if p) or None
    return col


def read_columns(paths: list[list[str]], context_year: int | None, report: Period | None,
                 label_header: str = "") -> list[Column]:
    """The columns of a grid: each from its own header path (and the header over the label
    column, for the span its years cover), then a growth or share column
    without a quantity of its own measures the column before it, and a growth column without a
    period of its own compares the latest period of the level columns before it."""
    columns = [_column(path, context_year, report, label_header) for path in paths]
    last = None
    for col in columns:
        if col.indicator:
            last = col.indicator
        elif last and col.kinds & {"cagr", "yoy", "mom", "change", "share"}:
            col.indicator = last
    _date_prior_year_columns(columns)
    compared: list[Period] = []  # the periods of the level columns since the last growth column
    for col in columns:
        if not col.kinds & _GROWTH_KINDS:
            if col.period is not None:
                compared.append(col.period)
            continue
        between = _between_instants(compared) if col.period is None and "change" in col.kinds else None
        if between == "none":
            col.kinds.add("week")  # 11月14日 | 11月21日 | 增减: a move over a week, which no grain fits
        elif between is not None:
            col.period = between
            col.year = between.end.year
        elif col.period is None and compared:
            # the latest-ending period; of two ending together, the nearer column (1月 5月 1-5月 同比)
            col.period = _annual_average_span(col, compared) or max(reversed(compared), key=lambda p: p.end)
            col.year = col.period.end.year
        compared = []
    return columns


_GRAIN_OF_DAYS = ((range(28, 32), "month"), (range(89, 93), "quarter"), (range(181, 185), "half"),
                  (range(365, 367), "year"))


def _between_instants(compared: list[Period]) -> Period | str | None:
    """A change column after two day columns (3月31日 | 4月30日 | 增减) covers the first day to the
    second, with the grain their distance fits; "none" when no grain fits it (a week); None when
    the columns before it are no two days."""
    if len(compared) < 2 or not all(p.grain == "instant" for p in compared[-2:]):
        return None
    first, last = compared[-2].end, compared[-1].end
    grain = next((g for days, g in _GRAIN_OF_DAYS if (last - first).days in days), None)
    return Period(first, last, grain) if grain else "none"


def _annual_average_span(col: Column, compared: list[Period]) -> Period | None:
    """2010年 | 2015年 | 年均增长(%): an annual average between year columns runs over the years
    after the first one up to the last (2011-2015)."""
    years = sorted({p.end.year for p in compared if p.grain == "year"})
    if "cagr" not in col.kinds or len(years) < 2:
        return None
    return Period(date(years[0] + 1, 1, 1), date(years[-1], 12, 31), "multi_year")


def _date_prior_year_columns(columns: list[Column]) -> None:
    """A 上年同期 column after level columns of their own periods (一季度 | 二季度 | 上半年 | 上年同期)
    is the year before the latest of them (of two ending together, the nearer), not the
    report's."""
    stated: list[Period] = []
    for col in columns:
        if col.prior_year and stated:
            col.period = years_earlier(max(reversed(stated), key=lambda p: p.end), 1)
            col.year = col.period.end.year
            stated = []
        elif not col.kinds & _GROWTH_KINDS and not col.prior_year and col.period is not None:
            stated.append(col.period)
