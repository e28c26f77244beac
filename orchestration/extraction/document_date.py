"""The present a document speaks from: its date (a newspaper header, else the dates the text
states, else the sidecar's published_on), the present of an undated plan, and recent days."""

from __future__ import annotations

import re
from datetime import date

from .periods import Period, instant, month_end, year_period

PLAN_TITLE = re.compile(r"(?:规划|计划|方案|纲要)\s*[（(](\d{4})\s*[-~至到]\s*(\d{4})年?[）)]")


def present_period(norm: str, doc: date | None) -> Period | None:
    """The present the text speaks from (目前, 当前, and what counts as the future): the document
    date; for an undated plan whose title states its span (…规划（2016-2020年）), the plan's first
    year, as plans are issued when their span begins."""
    if doc is not None:
        return instant(doc)
    m = PLAN_TITLE.search(norm[:200])
    if m and 1900 <= int(m.group(1)) <= int(m.group(2)) <= 2100:
        return year_period(int(m.group(1)))
    return None


def recent_day(month: int, day: int, doc: date) -> date | None:
    """A month-day within two months before the document date: news reports date recent events
    without the year (a January issue's 1月6日, a June issue's 5月28日)."""
    for y in (doc.year, doc.year - 1):
        try:
            d = date(y, month, day)
        except ValueError:
            return None
        if d <= doc and (doc - d).days <= 62:
            return d
    return None


HEADER = re.compile(r"星期[一二三四五六日天]\s*(\d{4})年(\d{1,2})月(\d{1,2})日")
FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?!\d)")
MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_FUTURE_BEFORE = re.compile(r"(到|至|预计|预测|计划|力争|将于|将在)$")
# after a date: a deadline or a start (…前, …起施行), or the first end of a range (1970年3月至…)
_FUTURE_AFTER = re.compile(r"^(前|起|之前|以前|以后|开始|实施|施行|起施行|至|到|-|~)")


def detect_document_date(norm: str, published_on: date | None) -> tuple[date | None, str | None]:
    """Header date first (a newspaper's 星期六 2025年4月19日), else the latest full date or
    year-month the text states as the present (not a deadline "到2028年底", a start "…起施行"
    or a cut-off "…前"), refined by later month-day mentions of the same year; else the sidecar."""
    m = HEADER.search(norm[:3000])
    if m:
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3))), "header"
        except ValueError:
            pass
    candidates: list[date] = []
    for pattern, full in ((FULL_DATE, True), (YEAR_MONTH, False)):
        for m in pattern.finditer(norm):
            before = norm[max(0, m.start() - 4):m.start()]
            after = norm[m.end():m.end() + 4]
            if _FUTURE_BEFORE.search(before) or _FUTURE_AFTER.search(after):
                continue
            try:
                y, mo = int(m.group(1)), int(m.group(2))
                if not 1900 <= y <= 2100:
                    continue
                d = date(y, mo, int(m.group(3))) if full else month_end(y, mo)
            except ValueError:
                continue
            candidates.append(d)
    if candidates:
        best = max(candidates)
        # A report for May published in June mentions "6月9日" without a year.
        for m in MONTH_DAY.finditer(norm):
            try:
                mo, d = int(m.group(1)), int(m.group(2))
                cand = date(best.year, mo, d)
            except ValueError:
                continue
            if best < cand and (cand - best).days <= 62:
                best = cand
        return best, "text"
    if published_on is not None:
        return published_on, "sidecar"
    return None, None
