"""Period phrases of table labels (headers, captions, row labels) -> periods: a year, a span of
years, a five-year plan, months, quarters, halves, a year's end, "six months ended ..."."""

from __future__ import annotations

import re
from datetime import date

from .periods import (DAY, MONTH, Period, digit_years, five_year_plan, half_period, instant, month_end, month_period,
                      months_ending, months_period, quarter_period, small_int, year_period, years_period)

# Labels name periods tersely: bare years (2010), plans without quotes (十一五, 九五), year ends
# without 年 (2015末); they are read by these patterns, most specific first.
_CN_DIGITS = "一二三四五六七八九十"
LABEL_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?![\d.])")
LABEL_YEAR_RANGE = re.compile(r"((?:19|20)\d{2})\s*[-—－~～至到]\s*((?:19|20)\d{2})")
# A five-year plan name (十一五, “十三五”): quoted, alone, or followed by a plan word.
LABEL_PLAN = re.compile(
    rf"(?<![{_CN_DIGITS}第])(十[{_CN_DIGITS[:-1]}]?|[{_CN_DIGITS[:-1]}])五"
    r"(?=[”\"’」』]|期间|时期|规划|计划|目标|预测|末|初|以来|累计|年均|$|\s)"
)
LABEL_MONTHS = re.compile(r"(?<!\d)(\d{1,2})\s*[-—－~～至]\s*(\d{1,2})\s*月")
LABEL_MONTH = re.compile(r"(?<![\d-])(\d{1,2})\s*月(份|末|底)?")
LABEL_QUARTERS_YTD = re.compile(r"(?:前|[一1]\s*[-—－~～至]\s*)([二三2-3])个?季度")
LABEL_QUARTER = re.compile(r"([一二三四1-4])季度|第([一二三四1-4])季|(?<![A-Za-z])[Qq]([1-4])(?![A-Za-z\d])")
# 上半年, 下半年; a half-year report (半年度报告, 中期报告); H1 / 2023H2
LABEL_HALF = re.compile(r"([上下])半年|(半年度|中期)|(?<![A-Za-z])[Hh]([12])(?![A-Za-z\d])")
# one day (a daily report's 2024年7月5日, 7月5日价格): the day, when the label names no other
# month (a release's title over its dateline names the release's month and the dateline's day)
LABEL_DAY = re.compile(r"(?<!\d)(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
LABEL_YEAR_END = re.compile(r"((?:19|20)\d{2})\s*年?\s*(末|底)")
# a filing's span: 截至六月三十日止六个月, 截至2023年12月31日止年度
LABEL_MONTHS_ENDED = re.compile(
    rf"(?:截至|截止)(?:\d{{4}}年)?{MONTH}月{DAY}日止?(?:的)?(?:(年度|全年)|(\d{{1,2}}|十[一二]?|[一二三四五六七八九])个月)")


def label_period(text: str, default_year: int | None) -> tuple[Period | None, bool]:
    """The period a table label names, and whether it is a five-year plan. A label without a
    year of its own takes `default_year` (the caption's or the document's)."""
    m = LABEL_PLAN.search(text)
    if m:
        k = small_int(m.group(1))
        plan = five_year_plan(k) if k else None
        if plan:
            return plan, True
    m = LABEL_YEAR_RANGE.search(text)
    if m and int(m.group(2)) > int(m.group(1)):
        return years_period(int(m.group(1)), int(m.group(2))), False
    text = digit_years(text)
    years = LABEL_YEAR.findall(text)
    year = int(years[-1]) if years else default_year
    m = LABEL_MONTHS_ENDED.search(text)
    if m and year is not None:
        mo, d, n = small_int(m.group(1)), small_int(m.group(2)), 12 if m.group(3) else small_int(m.group(4))
        if mo and d and n and 1 <= n <= 12:
            try:
                return months_ending(date(year, mo, d), n), False
            except ValueError:
                pass
    m = LABEL_YEAR_END.search(text)
    if m:
        return instant(date(int(m.group(1)), 12, 31)), False
    if year is not None:
        days = LABEL_DAY.findall(text)
        if len(days) == 1 and len(LABEL_MONTH.findall(text)) == 1:
            try:
                return instant(date(year, int(days[0][0]), int(days[0][1]))), False
            except ValueError:
                pass
        m = LABEL_MONTHS.search(text)
        if m and 1 <= int(m.group(1)) < int(m.group(2)) <= 12:
            return months_period(year, int(m.group(1)), int(m.group(2))), False
        m = LABEL_MONTH.search(text)
        if m and 1 <= int(m.group(1)) <= 12:
            if m.group(2) in ("末", "底"):
                return instant(month_end(year, int(m.group(1)))), False
            return month_period(year, int(m.group(1))), False
        m = LABEL_QUARTERS_YTD.search(text)
        if m:
            return Period(date(year, 1, 1), month_end(year, 3 * (small_int(m.group(1)) or 0)), "ytd"), False
        m = LABEL_QUARTER.search(text)
        if m:
            q = small_int(m.group(1) or m.group(2) or m.group(3)) or 0
            if 1 <= q <= 4:
                return quarter_period(year, q), False
        m = LABEL_HALF.search(text)
        if m:
            return half_period(year, 2 if m.group(1) == "下" or m.group(3) == "2" else 1), False
    if years:
        return year_period(int(years[-1])), False
    return None, False
