"""The present a document speaks from: its date, the reference period its title names, the
present of an undated plan, and recent days.

The date relative words (今年, 去年同期, 上月, 今日) resolve from is, in this order:
1. the sidecar's `published_on`, which an operator wrote on purpose (a date line of the text
   that disagrees with it is reported in a diagnostic);
2. the document's own date line in its head: a newspaper header (星期六 2025年4月19日), a
   dateline or byline in any common form (ISO with a time, 2019/03/12, 2019.03.12,
   2018年11月6日 17:05, RFC 2822, after a label such as 发布时间：), or a news agency's dateline
   without a year (新华社北京9月18日电, 7月13日消息), which takes the year the body states for the
   current period;
3. a date line signing off the text at its end (中国有色金属报 2021年07月09日);
4. the reference period a statistical release names at the start of its title (2023年8月份…
   dates the document to the end of August 2023; the period is also handed to tables that state
   none);
5. what the body itself states: the latest full date or year-month presented as the present
   (not a deadline, a start or a cut-off), refined by later month-days of the same news, and
   only when no later year is reported: a historical date is an event's, not the document's.
A document with none of these is undated: its relative words keep null periods.

A date line is a line of the head or the end that holds a full date and nothing of a sentence
(no clause punctuation besides the date itself: a source, an author, a clock time, a weekday),
or a date right after a label of the lexicon (lexicon/datelines.tsv).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

import cn2an

from . import lexicon
from .periods import Period, PeriodMention, digit_years, find_periods, instant, month_end, year_period

PLAN_TITLE = re.compile(r"(?:规划|计划|方案|纲要)\s*[（(](\d{4})\s*[-~至到]\s*(\d{4})年?[）)]")

HEAD_LINES = 6  # non-empty lines read for the head's date line
END_LINES = 4  # non-empty lines read for a sign-off

# Sources of the date (Extraction.document_date_source): the sidecar; the document's own date
# line (a header, dateline or byline in its head, or a sign-off at its end); the text (a
# release title's reference period, or what the body states).
SIDECAR, HEADER, TEXT = "sidecar", "header", "text"


@dataclass(frozen=True, slots=True)
class DocumentDate:
    date: date | None
    source: str | None
    reference: Period | None = None  # the reference period a release's title names
    diagnostics: tuple[str, ...] = ()


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


# ---------------------------------------------------------------- date lines ---------------
def _alternatives(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# (pattern, the groups holding year, month, day)
_FULL_DATES: tuple[tuple[re.Pattern[str], tuple[int, int, int]], ...] = (
    (re.compile(r"(?<![\d.])(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"), (1, 2, 3)),
    (re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.])"), (1, 3, 4)),
    (re.compile(r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(\d{1,2})\s+("
                + "|".join(_MONTHS) + r")[a-z]*\.?,?\s+(\d{4})(?!\d)"), (3, 2, 1)),
    # June 3, 2019; Jun. 3 2019
    (re.compile(r"(?<![A-Za-z])(" + "|".join(_MONTHS) + r")[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})(?!\d)"), (3, 1, 2)),
)
# 二〇一九年六月三日 (official documents sign off in Chinese numerals): read as digits first
_CHINESE_DATE = re.compile("([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")


def _arabic_date(m: re.Match[str]) -> str:
    month, day = (cn2an.cn2an(part, "smart") for part in (m.group(2), m.group(3)))
    return f"{digit_years(m.group(1) + '年')}{int(month)}月{int(day)}日"


_CLOCK = re.compile(r"(?<!\d)\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?!\d)")
# What makes a line a sentence rather than a date line.
_CLAUSE = re.compile(r"[，。；！？;!?]|,(?!\s*\d)")
_LABEL_BEFORE = re.compile(rf"(?:{_alternatives(lexicon.words('datelines', role='label'))})\s*[：:]?\s*$")
# A date followed by these is a deadline, a start or the first end of a range, not a date line.
_NOT_DATED_AFTER = re.compile(r"\s*(?:前|起|之前|以前|以后|以来|开始|实施|施行|止|为止|至|到|-|~)")
# （2022年11月14日-11月18日）: a weekly report's line dates it by the last day of its week
_RANGE_END = re.compile(r"\s*(?:-|~|～|—|–|至|到)\s*(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*日")
_DISPATCH = re.compile(
    rf"(?<![\d年])(\d{{1,2}})月(\d{{1,2}})日(?:{_alternatives(lexicon.words('datelines', role='dispatch_after'))})"
    rf"|(?:{_alternatives(lexicon.words('datelines', role='dispatch_before'))})\s*[（(]?[^）)\n]{{0,12}}?"
    r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
NEWSPAPER_HEADER = re.compile(r"星期[一二三四五六日天]\s*(\d{4})年(\d{1,2})月(\d{1,2})日")
_TITLE_TAG = re.compile(r"^\s*[【\[][^】\]]{0,12}[】\]]\s*")
_NOT_REPORTED = re.compile(_alternatives((*lexicon.words("markers", marker="forecast"),
                                          *lexicon.words("markers", marker="plan"))))
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
_TITLE_KINDS = ("month", "months", "quarter", "quarters_ytd", "half", "year")


def _make_date(y: str, m: str, d: str) -> date | None:
    try:
        month = _MONTHS.index(m) + 1 if m in _MONTHS else int(m)
        result = date(int(y), month, int(d))
    except ValueError:
        return None
    return result if 1900 <= result.year <= 2100 else None


def _fold(line: str) -> str:
    return unicodedata.normalize("NFKC", line)


def date_line(line: str) -> date | None:
    """The date of a date line: a full date after a label, or one in a line that states nothing
    of a sentence besides it (a source, an author, a clock time, a weekday)."""
    line = _CHINESE_DATE.sub(_arabic_date, _fold(line))
    for pattern, (gy, gm, gd) in _FULL_DATES:
        for m in pattern.finditer(line):
            end = _RANGE_END.match(line, m.end())
            if end is not None:
                d = _make_date(m.group(gy), end.group(1) or m.group(gm), end.group(2))
                span = (m.start(), end.end())
            elif _NOT_DATED_AFTER.match(line, m.end()):
                continue
            else:
                d = _make_date(m.group(gy), m.group(gm), m.group(gd))
                span = m.span()
            if d is None:
                continue
            if _LABEL_BEFORE.search(line, 0, span[0]):
                return d
            rest = _CLOCK.sub(" ", line[:span[0]] + " " + line[span[1]:])
            if not _CLAUSE.search(rest) and len(rest.strip()) <= 50:
                return d
    return None


def _non_empty_lines(text: str, count: int, from_end: bool) -> list[str]:
    lines: list[str] = []
    chunks = reversed(text.splitlines()) if from_end else iter(text.splitlines())
    for line in chunks:
        if line.strip():
            lines.append(line)
            if len(lines) == count:
                break
    return lines


def _reported(norm: str, m: PeriodMention) -> bool:
    """A period the text reports: not a deadline, a start or a cut-off (…起施行, …前), nor one
    its own sentence states as a forecast or a plan."""
    if m.year is None or m.role != "period" or _NOT_DATED_AFTER.match(norm, m.end):
        return False
    start = max(0, m.start - 40)
    ends = list(_SENTENCE_END.finditer(norm, start, m.start))
    if ends:
        start = ends[-1].end()
    return not _NOT_REPORTED.search(norm, start, m.start)


def _dispatch_date(month: int, day: int, norm: str, mentions: list[PeriodMention]) -> date | None:
    """A dateline without a year takes the year of the current period the body states: its
    first reported sub-year period (2018年上半年 -> a July dateline is 2018's; 2017年12月 -> a
    January one is 2018's), else its first reported year."""
    reported = [m for m in mentions if _reported(norm, m)]
    current = next((m for m in reported if m.kind not in ("year", "years", "plan")), None)
    if current is None:
        current = next((m for m in reported if m.kind == "year"), None)
        return _make_date(str(current.year), str(month), str(day)) if current else None
    period = current.resolve(None, None)
    if period is None:
        return None
    for year in (period.end.year, period.end.year + 1):
        d = _make_date(str(year), str(month), str(day))
        if d is not None and d >= period.end:
            return d
    return None


def _head_date(text: str, norm: str, mentions: list[PeriodMention]) -> date | None:
    m = NEWSPAPER_HEADER.search(norm[:3000])
    if m:
        d = _make_date(m.group(1), m.group(2), m.group(3))
        if d is not None:
            return d
    head = _non_empty_lines(text, HEAD_LINES, from_end=False)
    for line in head:
        d = date_line(line)
        if d is not None:
            return d
    for line in head:
        m = _DISPATCH.search(_fold(line))
        if m:
            month, day = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            return _dispatch_date(int(month), int(day), norm, mentions)
    return None


def _sign_off_date(text: str) -> date | None:
    for line in _non_empty_lines(text, END_LINES, from_end=True):
        d = date_line(line)
        if d is not None:
            return d
    return None


def title_reference(text: str) -> Period | None:
    """The reference period a statistical release names at the start of its title
    (2023年8月份规模以上工业增加值…, 2017年1-9月全省…, 【快讯】2016年二季度…): a reported
    period with its own year; a title announcing a forecast or a plan names none."""
    head = _non_empty_lines(text, 1, from_end=False)
    if not head:
        return None
    title = _TITLE_TAG.sub("", _fold(head[0]).strip())
    if not title or len(title) > 60 or "。" in title or _NOT_REPORTED.search(title):
        return None
    mentions = find_periods(title)
    if not mentions or mentions[0].start != 0:
        return None
    first = mentions[0]
    if first.year is None or first.role != "period" or first.kind not in _TITLE_KINDS:
        return None
    return first.resolve(None, None)


# ---------------------------------------------------------------- the body -----------------
_BODY_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_BODY_YEAR_MONTH = re.compile(r"(\d{4})年(\d{1,2})月(?!\d)")
_BODY_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_FUTURE_BEFORE = re.compile(r"(到|至|预计|预测|计划|力争|将于|将在)$")


def _body_date(norm: str, mentions: list[PeriodMention]) -> date | None:
    """The latest full date or year-month the text states as the present (not a deadline
    "到2028年底", a start "…起施行" or a cut-off "…前"), refined by later month-days of the same
    news; none when the text reports a later year than that date's (a historical date)."""
    candidates: list[date] = []
    for pattern, full in ((_BODY_FULL_DATE, True), (_BODY_YEAR_MONTH, False)):
        for m in pattern.finditer(norm):
            if _FUTURE_BEFORE.search(norm, max(0, m.start() - 4), m.start()) or _NOT_DATED_AFTER.match(norm, m.end()):
                continue
            try:
                y, mo = int(m.group(1)), int(m.group(2))
                if not 1900 <= y <= 2100:
                    continue
                d = date(y, mo, int(m.group(3))) if full else month_end(y, mo)
            except ValueError:
                continue
            candidates.append(d)
    if not candidates:
        return None
    best = max(candidates)
    if any(m.year > best.year for m in mentions if _reported(norm, m)):
        return None
    # A report for May published in June mentions "6月9日" without a year.
    for m in _BODY_MONTH_DAY.finditer(norm):
        try:
            cand = date(best.year, int(m.group(1)), int(m.group(2)))
        except ValueError:
            continue
        if best < cand and (cand - best).days <= 62:
            best = cand
    return best


def detect_document_date(text: str, norm: str, mentions: list[PeriodMention],
                         published_on: date | None) -> DocumentDate:
    """The document date and where it came from (`text` is the original, `norm` its normalised
    view, `mentions` the period phrases of the view)."""
    own = _head_date(text, norm, mentions) or _sign_off_date(text)
    reference = title_reference(text)
    if published_on is not None:
        diagnostics = ()
        if own is not None and own != published_on:
            diagnostics = (f"document date: the sidecar's published_on {published_on.isoformat()} outranks "
                           f"the date line of the text ({own.isoformat()})",)
        return DocumentDate(published_on, SIDECAR, reference, diagnostics)
    if own is not None:
        return DocumentDate(own, HEADER, reference)
    if reference is not None:
        return DocumentDate(reference.end, TEXT, reference)
    body = _body_date(norm, mentions)
    return DocumentDate(body, TEXT if body else None, None)
