"""Period phrases -> periods: the Period type and the phrases of running text (those of table
labels are label_periods.py's).

A period phrase is found in the normalised view and kept as a `PeriodMention`: its span, its
*role* in the sentence (the period a figure covers, a comparison base "比2010年", a deadline
"到2020年", or a plain date that is not a period at all "4月14日"), and a resolver that turns
it into concrete dates once the year is known. Years come from the phrase itself, else from
the latest explicit year stated earlier in the paragraph, else from the document date; a
phrase that still has no year is unresolved (null dates, counted in the diagnostics).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from . import lexicon
from .numbers import parse_chinese

CN = "零〇一二两三四五六七八九十"
_NUM = rf"(?:\d{{1,2}}|[{CN}]{{1,3}})"
# A month or a day of the month, in digits or Chinese numerals (六月, 十二月, 三十一日).
MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"
DAY = r"(\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"


_CHINESE_DIGIT = {ch: str(d) for d, chars in enumerate(("零〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"))
                  for ch in chars}
_CHINESE_YEAR = re.compile(r"(?<![十百千万亿])[零〇一二三四五六七八九]{4}(?=年)")


def digit_years(text: str) -> str:
    """Years written digit by digit in Chinese numerals in digits (二零二二年 -> 2022年), the
    same length: filings date their periods so."""
    if "年" not in text:
        return text
    return _CHINESE_YEAR.sub(lambda m: "".join(_CHINESE_DIGIT[ch] for ch in m.group()), text)


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date
    grain: str


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def year_period(y: int) -> Period:
    return Period(date(y, 1, 1), date(y, 12, 31), "year")


def years_period(y1: int, y2: int) -> Period:
    return Period(date(y1, 1, 1), date(y2, 12, 31), "multi_year" if y2 > y1 else "year")


def month_period(y: int, m: int) -> Period:
    return Period(date(y, m, 1), month_end(y, m), "month")


def months_period(y: int, m1: int, m2: int) -> Period:
    if m1 == m2:
        return month_period(y, m1)
    return Period(date(y, m1, 1), month_end(y, m2), "ytd" if m1 == 1 else "month")


def quarter_period(y: int, q: int) -> Period:
    return Period(date(y, 3 * q - 2, 1), month_end(y, 3 * q), "quarter")


def half_period(y: int, h: int) -> Period:
    return Period(date(y, 1, 1), date(y, 6, 30), "half") if h == 1 else Period(
        date(y, 7, 1), date(y, 12, 31), "half")


def instant(d: date) -> Period:
    return Period(d, d, "instant")


_GRAIN_OF_MONTHS = {3: "quarter", 6: "half", 12: "year"}


def months_ending(end: date, n: int) -> Period:
    """The `n` months ending on `end` (a filing's 截至6月30日止六个月: 1 January - 30 June); a
    span that starts in January and is no quarter, half or year is year-to-date."""
    first = end.year * 12 + end.month - n  # months since year 0 of the span's first month, 0-based
    start = date(first // 12, first % 12 + 1, 1)
    grain = _GRAIN_OF_MONTHS.get(n) or ("ytd" if start.month == 1 else "month")
    return Period(start, end, grain)


def years_earlier(p: Period, years: int) -> Period:
    """The same span `years` earlier (去年同期 of 1-7月 2022 is 1-7月 2021); a span ending at a
    month's end still does (29 February)."""
    def shift(d: date, to_month_end: bool) -> date:
        y = d.year - years
        if to_month_end:
            return month_end(y, d.month)
        return date(y, d.month, min(d.day, calendar.monthrange(y, d.month)[1]))
    return Period(shift(p.start, False), shift(p.end, p.end == month_end(p.end.year, p.end.month)), p.grain)


def five_year_plan(k: int) -> Period | None:
    """The k-th five-year plan ("十三五" -> 2016-2020); the 3rd began in 1966."""
    if k < 3 or k > 30:
        return None
    y = 1966 + 5 * (k - 3)
    return Period(date(y, 1, 1), date(y + 4, 12, 31), "multi_year")


def small_int(text: str) -> int | None:
    """A small whole number written in digits or Chinese (12, 十二, 第三)."""
    if text.isdigit():
        return int(text)
    v = parse_chinese(text.replace("第", ""))
    return int(v) if v is not None and v == int(v) else None


@dataclass(frozen=True, slots=True)
class PeriodMention:
    start: int  # view offsets
    end: int
    role: str  # period, base, deadline, date, since, comparison
    year: int | None  # explicit year stated in the phrase (None: needs context)
    kind: str  # year, month, months, quarter, half, instant, plan, ytd, day, relative_year...
    args: tuple
    relative: int | None = None  # year offset from the document year (今年 0, 去年 -1)
    report: bool = False  # a periodic report's period (2018年三季报, and 报告期 after it)

    def resolve(self, year_ctx: int | None, doc: date | None) -> Period | None:
        if self.report and self.year is None and doc is not None:
            # a report named without a year is the latest one out by the document date
            for year in (doc.year, doc.year - 1):
                latest = replace(self, year=year, report=False).resolve(None, None)
                if latest is None or latest.end <= doc:
                    return latest
        y = self.year
        if y is None and self.relative is not None:
            y = doc.year + self.relative if doc else None
        if y is None and self.kind not in ("plan", "rel_month", "rel_day", "next_years"):
            y = year_ctx
            if y is None and doc is not None:
                y = doc.year
                # A bare month later than the document's month was last year (a January issue
                # reporting 11月).
                first_month = self.args[0] if self.kind in ("month", "months", "month_instant") else None
                if first_month and first_month > doc.month:
                    y -= 1
        k, a = self.kind, self.args
        try:
            if k == "plan":
                plan = five_year_plan(a[0])
                if plan is None or len(a) < 2:
                    return plan
                # 十三五末 / 十三五初: the plan's last or first year
                return year_period(plan.end.year if a[1] == "末" else plan.start.year)
            if k == "rel_month":
                if doc is None:
                    return None
                m = doc.month + a[0]
                yy = doc.year + (m - 1) // 12
                m = (m - 1) % 12 + 1
                return month_period(yy, m)
            if k == "rel_day":
                return instant(doc + timedelta(days=a[0])) if doc is not None else None
            if k == "next_years":  # 未来三年 in a 2018 document: 2018-2020
                return years_period(doc.year, doc.year + a[0] - 1) if doc is not None else None
            if y is None:
                return None
            if k == "year":
                return year_period(y)
            if k == "years":
                return years_period(a[0], a[1])
            if k == "year_list":
                return years_period(min(a), max(a))
            if k == "month":
                return month_period(y, a[0])
            if k == "months":
                return months_period(y, a[0], a[1])
            if k == "month_instant":
                return instant(month_end(y, a[0]))
            if k == "quarter":
                return quarter_period(y, a[0])
            if k == "quarter_instant":
                return instant(month_end(y, 3 * a[0]))
            if k == "quarters_ytd":
                return Period(date(y, 1, 1), month_end(y, 3 * a[0]), "ytd")
            if k == "half":
                return half_period(y, a[0])
            if k == "year_instant":
                return instant(date(y, 12, 31))
            if k == "day":
                return instant(date(y, a[0], a[1]))
            if k == "months_ending":
                return months_ending(date(y, a[0], a[1]), a[2])
            if k == "year_start":
                return instant(date(y, 1, 1))
            if k == "part_of_month":
                return None
        except ValueError:
            return None
        return None


_REL_YEAR = {w: int(o) for w, o in lexicon.meanings("period_words", "offset", kind="relative_year").items()}
_REL_MONTH = {w: int(o) for w, o in lexicon.meanings("period_words", "offset", kind="relative_month").items()}
_REL_DAY = {w: int(o) for w, o in lexicon.meanings("period_words", "offset", kind="relative_day").items()}
_NOW_WORDS = lexicon.words("period_words", kind="now")
# a periodic report's name -> the kind and args of the period it covers
_COVERS = {"Q1": ("quarter", (1,)), "H1": ("half", (1,)), "Q3": ("quarter", (3,)), "FY": ("year", ())}
_REPORTS = {w: _COVERS[c] for w, c in lexicon.meanings("period_words", "covers", kind="report").items()}
_REPORT_PERIOD = lexicon.words("period_words", kind="report_period")


def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_Y = r"(\d{4})年"
PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # a filing's reporting period: 截至2023年6月30日止六个月, 截至十二月三十一日止年度
    (re.compile(rf"(?:截至|截止)(?:{_Y})?{MONTH}月{DAY}日止?(?:的)?(?:(年度|全年)|(\d{{1,2}}|十[一二]?|[一二三四五六七八九])个月)"),
     "months_ending"),
    # the start of the year a change is measured from (较年初下降8.7%): 1 January of the current year
    (re.compile(r"(?<=[较比与])年初"), "year_start"),
    # a ten-day part of a month (9月上旬, 2014年11月下旬) or a week of it (2014年11月第3周): no grain
    # fits it, so what it dates has no period
    (re.compile(rf"(?:{_Y})?{MONTH}月份?(?:[上中下]旬|第[1-5一二三四五]周)"), "part_of_month"),
    (re.compile(r"(?<!\d)((?:19|20)\d{2}年?(?:[、和与及](?:19|20)\d{2}年?)+)(?<=年)"), "year_list"),
    (re.compile(r"(?<![\d.])(\d{2}(?:[、和与及]\d{2})+)年"), "year_list"),
    # a year written short (18年每股收益, 19年末, 较17年): only where a year's words follow it or a
    # comparison precedes it, as "10年" is far more often ten years
    (re.compile(r"(?:(?<=[较比从由])|(?<![\d.]))(\d{2})年(?:(末|底)|(?=每股|全年|上半年|下半年|[一二三四]季度|前三季度|[较比]\d{2}年))"
                r"|(?<=[较比从由])(\d{2})年"), "short_year"),
    (re.compile(r"(\d{4})[-~至到](\d{4})年"), "years"),
    # a span of years written without 年 (预计2018至2020中国锂需求…), not a range of quantities
    (re.compile(r"(?<![\d.])((?:19|20)\d{2})[-~至到]((?:19|20)\d{2})(?=[\u4e00-\u9fff）)，,、])(?![万亿千百吨元台辆个家项倍])"), "bare_years"),
    (re.compile(r"未来\s*(\d{1,2}|[一二两三四五六七八九十])\s*个?年"), "next_years"),
    (re.compile(rf"(?:(\d{{4}})(?:年的?(?=[一二三半中第年])|(?=年[报度])))?({_alternatives(_REPORTS)})"), "report"),
    (re.compile(_alternatives(_REPORT_PERIOD)), "report_period"),
    (re.compile(rf"{_Y}(\d{{1,2}})[-~至到](\d{{1,2}})月份?"), "Ymonths"),
    (re.compile(rf"{_Y}{MONTH}月{DAY}日"), "Yday"),
    (re.compile(rf"{_Y}(\d{{1,2}})月(?:末|底)"), "Ymonth_instant"),
    (re.compile(rf"{_Y}{MONTH}月份?"), "Ymonth"),
    (re.compile(rf"{_Y}(?:第)?([一二三四1-4])季度末"), "Yquarter_instant"),
    (re.compile(rf"{_Y}(?:第)?([一二三四1-4])季度"), "Yquarter"),
    (re.compile(rf"{_Y}前([一二三1-3])季度"), "Yquarters_ytd"),
    (re.compile(rf"{_Y}([上下])半年"), "Yhalf"),
    (re.compile(rf"{_Y}前({_NUM})个?月"), "Yytd"),
    (re.compile(rf"{_Y}同期"), "Ysame_period"),
    (re.compile(rf"{_Y}(?:底|末)"), "Yyear_instant"),
    (re.compile(rf"{_Y}(?:度|全年)?"), "Yyear"),
    (re.compile(rf"({_alternatives(_REL_YEAR)})(?:前({_NUM})个?月|(\d{{1,2}})[-~至到](\d{{1,2}})月份?|(?:第)?([一二三四])季度|([上下])半年|(底|末)|全年|(\d{{1,2}})月(?:份|(末|底))?|(同期)|前([一二三])季度)?"), "rel"),
    (re.compile(rf"({_alternatives(_REL_MONTH)})(?:个)?月"), "relmonth"),
    (re.compile(_alternatives(_REL_DAY)), "relday"),
    (re.compile(r"(\d{1,2})[-~至到](\d{1,2})月份?"), "months"),
    (re.compile(rf"前({_NUM})个?月"), "ytd"),
    (re.compile(r"(\d{1,2})月(\d{1,2})日"), "day"),
    (re.compile(r"(\d{1,2})月(?:末|底)"), "month_instant"),
    (re.compile(r"(\d{1,2})月份?"), "month"),
    (re.compile(r"前([一二三1-3])个?季度"), "quarters_ytd"),
    (re.compile(r"(?:第)?([一二三四1-4])季度末"), "quarter_instant"),
    (re.compile(r"(?:第)?([一二三四1-4])季度|(首)季"), "quarter"),
    (re.compile(r"([上下])半年"), "half"),
    (re.compile(r"全年"), "year"),
    (re.compile(r"年(?:底|末)"), "year_instant"),
    (re.compile(r"“?十([一二三四五六七八九])五”?(?:规划)?(?:(期间|时期|以来)|(末|初))?"), "plan"),
    # the present, as of the document date (目前, 如今, 至今…): resolved by the reader
    (re.compile(_alternatives(_NOW_WORDS)), "now"),
]

_NAMES_A_CONTRACT = re.compile(r"份?(?:期货)?合约")
_BASE_BEFORE = re.compile(r"(比|较|高于|低于|快于|慢于|与|同|相比|对比)$")
_FROM_BEFORE = re.compile(r"(由|从)$")
# 以2017年12月31日为估值的基准日: the day a valuation is made at
_VALUATION_DATE_AFTER = re.compile(r"为[^，,。；;]{0,6}?基准日")
_BY_YEAR_START = re.compile(r"之前|以前|前(?![\d一二三四五六七八九十两]|期)")
_BASE_OF_GROWTH = re.compile(r"度?的?基础上")  # 在上年度的基础上增长30%: growth on that base
_REACHED_BEFORE = re.compile(r"(?:[月年日底末度份]|[升增长高降低少加大落跌涨])\s?(?:至|到)$")
# 以来, 来 (三年来), but not the 来 of a verb (前两个月来自于美国, 今年来看)
_SINCE_AFTER = re.compile(r"以来|来(?![自源看说讲到])")
# a time after which something holds (2003年后, 2003年实行所得税收入改革后，…): its clause ends in 后
_AFTER_EVENT = re.compile(r"[^，,。；;：:！？\d]{0,12}?(?:以后|之后|后)(?=[，,])")
_DEADLINE_BEFORE = re.compile(r"(到|至|截至|截止|力争|预计|预测|计划)$")


def _role(norm: str, start: int, end: int) -> str:
    if _NAMES_A_CONTRACT.match(norm, end):
        return "date"  # 沪铝主力8月合约: the month names a futures contract, it dates nothing
    before = norm[max(0, start - 3):start]
    after = norm[end:end + 3]
    if _BASE_BEFORE.search(before) or _BASE_OF_GROWTH.match(norm, end, end + 6):
        return "base"
    if _VALUATION_DATE_AFTER.match(norm, end, end + 12):
        return "valuation_date"
    if _FROM_BEFORE.search(before):
        return "from"
    # 至/到 closing a range (1959年6月至1965年底) or after a change verb (提升至2025年的28.9%)
    # ends a period that has been reached; it is not a deadline
    if _REACHED_BEFORE.search(norm[max(0, start - 4):start]):
        return "period"
    if _DEADLINE_BEFORE.search(before):
        if before.endswith(("截至", "截止")):
            return "period"
        return "deadline"
    if _SINCE_AFTER.match(after):
        return "since"
    if after.startswith(("前", "起", "之前", "以前", "开始")):
        return "date"
    if _AFTER_EVENT.match(norm, end, min(len(norm), end + 16)):
        return "since"
    return "period"


def _day_role(norm: str, end: int, role: str) -> str:
    """A day is the instant a count or event refers to, unless it is a deadline (…日前)."""
    if norm[end:end + 2].startswith(("前", "以前", "之前")):
        return "date"
    return "period" if role in ("date", "period") else role


# Where a pattern's matches can start, from a character every match holds at a known distance
# from its start: (anchor, distances, digits the anchor follows). The pattern is tried there
# only, leftmost first and without overlaps, as a scan would find them: a document is not
# scanned once per pattern. Patterns not listed (quick literal ones) are scanned.
_Y_ANCHOR = ("年", (4,), 4)
_ANCHORS: dict[str, tuple[str, tuple[int, ...], int]] = {
    "years": ("年", (9,), 4),
    **{kind: _Y_ANCHOR for _, kind in PATTERNS if kind.startswith("Y")},
    "rel": ("年", tuple(sorted({len(w) - 1 for w in _REL_YEAR}, reverse=True)), 0),
    "short_year": ("年", (2,), 2),
    # 报 of a report's name, after nothing, "2018", "2018年" or "2018年的"
    "report": ("报", tuple(sorted({w.index("报") + p for w in _REPORTS for p in (0, 4, 5, 6)}, reverse=True)), 0),
    "relmonth": ("月", tuple(sorted({n for w in _REL_MONTH for n in (len(w), len(w) + 1)}, reverse=True)), 0),
    "months": ("月", (5, 4, 3), 1),
    "ytd": ("月", (5, 4, 3, 2), 0),
    "day": ("月", (2, 1), 1),
    "month_instant": ("月", (2, 1), 1),
    "month": ("月", (2, 1), 1),
    "quarters_ytd": ("季", (3, 2), 0),
    "quarter_instant": ("季", (2, 1), 0),
    "quarter": ("季", (2, 1), 0),
    "half": ("半", (1,), 0),
}
if not all(w.endswith("年") for w in _REL_YEAR):
    del _ANCHORS["rel"]  # a relative year not ending in 年 is found by a scan


def _anchored(pattern: re.Pattern[str], norm: str, starts: list[int]):
    reached = 0
    for s in starts:
        if s < reached:
            continue
        m = pattern.match(norm, s)
        if m:
            yield m
            reached = m.end()


def _candidate_starts(norm: str) -> dict[tuple[str, tuple[int, ...], int], list[int]]:
    found: dict[str, list[int]] = {}
    for anchor in {a for a, _, _ in _ANCHORS.values()}:
        positions, i = [], norm.find(anchor)
        while i != -1:
            positions.append(i)
            i = norm.find(anchor, i + 1)
        found[anchor] = positions
    starts = {}
    for spec in set(_ANCHORS.values()):
        anchor, distances, digits = spec
        starts[spec] = sorted({a - d for a in found[anchor]
                               if not digits or a >= digits and norm[a - digits:a].isdigit()
                               for d in distances if a - d >= 0})
    return starts


_SAME_MONTH = "当本"  # 当月, 本月


def find_periods(norm: str) -> list[PeriodMention]:
    taken = [False] * len(norm)
    mentions: list[PeriodMention] = []
    starts = _candidate_starts(norm)
    for pattern, kind in PATTERNS:
        spec = _ANCHORS.get(kind)
        for m in (_anchored(pattern, norm, starts[spec]) if spec else pattern.finditer(norm)):
            s, e = m.span()
            if any(taken[s:e]):
                continue
            mention = _mention(m, kind, norm)
            if mention is None:
                continue
            # digits glued before the phrase ("12月" inside "2012月") are not a period
            if s > 0 and norm[s - 1].isdigit() and kind in ("months", "month", "day", "month_instant"):
                continue
            for i in range(s, e):
                taken[i] = True
            mentions.append(mention)
    mentions.sort(key=lambda p: p.start)
    return _report_periods(_restated_months(mentions, norm))


def _restated_months(mentions: list[PeriodMention], norm: str) -> list[PeriodMention]:
    """11月当月, 11月份本月: 当月 right after a named month restates it, it is not the document's month."""
    kept: list[PeriodMention] = []
    for m in mentions:
        if m.kind == "rel_month" and kept and kept[-1].kind == "month" and kept[-1].end == m.start \
                and norm[m.start] in _SAME_MONTH:
            continue
        kept.append(m)
    return kept


def _report_periods(mentions: list[PeriodMention]) -> list[PeriodMention]:
    """报告期 is the period of the report named before it, a periodic report's (2018年三季报) or the
    span a filing's title closes (截至2012年6月30日止六个月); with none named it stays unresolved."""
    report: PeriodMention | None = None
    for i, m in enumerate(mentions):
        if m.kind == "report_period" and report is not None:
            mentions[i] = replace(report, start=m.start, end=m.end, role=m.role)
        elif m.report or m.kind == "months_ending":
            report = m
    return mentions


def _mention(m: re.Match[str], kind: str, norm: str) -> PeriodMention | None:
    s, e = m.span()
    g = m.groups()
    role = _role(norm, s, e)

    def mk(k: str, year: int | None, args: tuple = (), relative: int | None = None, r: str = role):
        return PeriodMention(s, e, r, year, k, args, relative)

    if kind == "months_ending":
        mo, d = small_int(g[1]), small_int(g[2])
        n = 12 if g[3] else small_int(g[4])
        if not (mo and d and n and 1 <= mo <= 12 and 1 <= d <= 31 and 1 <= n <= 12):
            return None
        return mk("months_ending", int(g[0]) if g[0] else None, (mo, d, n), r="period")
    if kind == "year_list":
        years = tuple(int(y) if len(y) == 4 else 2000 + int(y) for y in re.findall(r"\d{2,4}", g[0]))
        if len(set(years)) != len(years) or not all(1900 <= y <= 2100 for y in years):
            return None
        return mk("year_list", None, years)
    if kind == "short_year":
        year = 2000 + int(g[0] or g[2])
        return mk("year_instant" if g[1] else "year", year)
    if kind == "next_years":
        n = small_int(g[0])
        return mk("next_years", None, (n,)) if n and 1 <= n <= 30 else None
    if kind in ("years", "bare_years"):
        y1, y2 = int(g[0]), int(g[1])
        if not (1900 <= y1 <= y2 <= 2100):
            return None
        return mk("years", y1, (y1, y2))
    if kind.startswith("Y"):
        y = int(g[0])
        if not 1900 <= y <= 2100:
            return None
        k = kind[1:]
        if k == "months":
            m1, m2 = int(g[1]), int(g[2])
            if not 1 <= m1 <= m2 <= 12:
                return None
            return mk("months", y, (m1, m2))
        if k == "day":
            mo, d = small_int(g[1]) or 0, small_int(g[2]) or 0
            if not (1 <= mo <= 12 and 1 <= d <= 31):
                return None
            return mk("day", y, (mo, d), r=_day_role(norm, e, role))
        if k in ("month", "month_instant"):
            mo = small_int(g[1]) or 0
            if not 1 <= mo <= 12:
                return None
            return mk(k, y, (mo,))
        if k in ("quarter", "quarter_instant", "quarters_ytd"):
            q = small_int(g[1])
            return mk(k, y, (q,)) if q and 1 <= q <= 4 else None
        if k == "half":
            return mk("half", y, (1 if g[1] == "上" else 2,))
        if k == "ytd":
            n = small_int(g[1])
            return mk("months", y, (1, n)) if n and 1 <= n <= 12 else None
        if k == "year_instant":
            return mk("year_instant", y)
        if k == "same_period":
            return mk("same_period", y)  # 2015年同期: the period reported before, in 2015
        if k == "year":
            if norm[e:e + 2] in ("（第", "(第"):
                return mk("year", y, r="date")  # 2025年（第二十一届）: the name of an event
            if role == "date" and _BY_YEAR_START.match(norm, e) and norm[max(0, s - 1):s] == "在":
                return mk("year_instant", y - 1, r="deadline")  # 在2019年之前: by the end of 2018
            return mk("year", y)
    if kind == "rel":
        rel = _REL_YEAR[g[0]]
        if g[1]:
            n = small_int(g[1])
            return mk("months", None, (1, n), rel) if n and 1 <= n <= 12 else None
        if g[2]:
            m1, m2 = int(g[2]), int(g[3])
            return mk("months", None, (m1, m2), rel) if 1 <= m1 <= m2 <= 12 else None
        if g[4]:
            return mk("quarter", None, (small_int(g[4]),), rel)
        if g[5]:
            return mk("half", None, (1 if g[5] == "上" else 2,), rel)
        if g[6]:
            return mk("year_instant", None, (), rel)
        if g[7]:
            mo = int(g[7])
            return mk("month_instant" if g[8] else "month", None, (mo,), rel) if 1 <= mo <= 12 else None
        if g[9]:
            return mk("same_period", None, (), rel)  # 去年同期: the current period, a year earlier
        if g[10]:
            return mk("quarters_ytd", None, (small_int(g[10]),), rel)
        return mk("year", None, (), rel)
    if kind == "year_start":
        return mk("year_start", None)
    if kind == "part_of_month":
        mo = small_int(g[1]) or 0
        return mk("part_of_month", int(g[0]) if g[0] else None, (mo,)) if 1 <= mo <= 12 else None
    if kind == "report":
        year = int(g[0]) if g[0] else None
        if year is not None and not 1900 <= year <= 2100:
            return None
        covered, args = _REPORTS[g[1]]
        # the name of a document, not the period of the figures around it (半年报的预计…)
        return PeriodMention(s, e, "date", year, covered, args, None, report=True)
    if kind == "report_period":
        return mk("report_period", None)
    if kind == "relmonth":
        return mk("rel_month", None, (_REL_MONTH[g[0]],))
    if kind == "relday":
        return mk("rel_day", None, (_REL_DAY[m.group()],))
    if kind == "months":
        m1, m2 = int(g[0]), int(g[1])
        return mk("months", None, (m1, m2)) if 1 <= m1 <= m2 <= 12 else None
    if kind == "ytd":
        n = small_int(g[0])
        return mk("months", None, (1, n)) if n and 1 <= n <= 12 else None
    if kind == "day":
        mo, d = int(g[0]), int(g[1])
        return mk("day", None, (mo, d), r=_day_role(norm, e, role)) if 1 <= mo <= 12 and 1 <= d <= 31 else None
    if kind in ("month", "month_instant"):
        mo = int(g[0])
        return mk(kind, None, (mo,)) if 1 <= mo <= 12 else None
    if kind in ("quarter", "quarter_instant"):
        q = 1 if (len(g) > 1 and g[1] == "首") else small_int(g[0] or "")
        return mk(kind, None, (q,)) if q and 1 <= q <= 4 else None
    if kind == "quarters_ytd":
        q = small_int(g[0])
        return mk(kind, None, (q,)) if q else None
    if kind == "half":
        return mk("half", None, (1 if g[0] == "上" else 2,))
    if kind == "year":
        return mk("year", None)
    if kind == "year_instant":
        return mk("year_instant", None)
    if kind == "plan":
        k = small_int("十" + g[0])
        if not k:
            return None
        return mk("plan", None, (k, g[2]) if g[2] else (k,))
    if kind == "now":
        return mk("now", None)
    return None


# an amount converted at a day's exchange rate: 按照…外汇中间价折合, 参照…汇率中间价…计算
_CONVERSION = re.compile(r"(?:按照|参照|按)[^，,。；;]*?(?:汇率|中间价)[^，,。；;]*?(?:计算|折合|换算)")


def outside_conversions(norm: str, start: int, end: int, mentions: list[PeriodMention]) -> list[PeriodMention]:
    """The mentions but the day of an exchange rate an amount is converted at in norm[start:end]
    (按照2012年11月12日的外汇中间价折合…): it dates the rate, not the amounts nor what follows."""
    if not mentions or "汇率" not in norm[start:end] and "中间价" not in norm[start:end]:
        return mentions
    spans = [m.span() for m in _CONVERSION.finditer(norm, start, end)]
    return [m for m in mentions if not any(a <= m.start < b for a, b in spans)]


