"""Sentence context: what later clauses and sentences inherit from earlier ones.

A figure without its own period, indicator or subject takes them from the text before it:
the period carried over from earlier sentences (not the year of a forecast or a plan), the
indicator of the sentence before (only when that sentence stated figures), the target year
of a 目标 section, the period a headline states anywhere in it or that the lead sentence of
its article states. A headline starts a new article and forgets the context; a new paragraph
keeps the period but not the subject matter.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from . import lexicon
from .matcher import PhraseMatcher
from .model import Figure
from .document_date import present_period, recent_day
from .periods import Period, PeriodMention, instant, year_period
from .text import Sentence

_SENTENCE_PUNCTUATION = re.compile(r"[。！？!?，,：:]")
_CAPTION_OR_CREDIT = re.compile(r"^(图片来自|摘自|图为|▲|►|□)")
_CAPTION_CREDIT_OR_ASIDE = re.compile(r"^(图片来自|摘自|图为|▲|►|□|（|\()")
# The year of a forecast or a plan is not the report's period, nor the year named in
# "…2030年…的目标"; a figure of a forecast does not set the period that later figures take.
_FORECAST_WORDS = lexicon.words("markers", marker="forecast")
# (将 covers the plan words 将达到, 将形成 …; 目标 and 力争 are plan words of their own)
_NOT_REPORTED_BEFORE = re.compile("|".join((*_FORECAST_WORDS, "目标", "力争", "将")))
# a year its clause names as a plan's or a forecast's (2030年…的目标, 2015年铜产量预估在600万吨)
_PLAN_NAMED_AFTER = re.compile(r"^[^，,；;。]*?(目标|规划|" + "|".join(_FORECAST_WORDS) + ")")
_FORECAST_SENTENCE = re.compile("|".join(_FORECAST_WORDS))

# An item of a numbered list (1、 2. （三）) at the start of a paragraph, and the first ordinal of one.
# a numbered section head: 3第三阶段, 2、, （二）, 第三部分
_NUMBERED_HEAD = re.compile(r"\s*(?:\d{1,2}\s*(?:[、.．]|(?=第))|[（(][\d一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]{1,3}、|第[一二三四五六七八九十\d]{1,3}[阶部章节])")
_LIST_ITEM = re.compile(r"\s*(?:\d{1,2}[、.．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]{1,3}、)(?!\d)")
_LIST_ORDINAL = re.compile(r"(?<![\d.])(?:1[、.．]|[（(]1[）)]|一、)(?!\d)")

_HEAD_START = re.compile(r"[。！？!?：:；;](?!.*[。！？!?：:；;])")

PENDING = "pending"  # a 目标 section whose target year is not yet stated


@dataclass
class Carried:
    period: Period | None = None  # carried point/sub-year/year period
    period_paragraph: int | None = None  # the paragraph that stated it
    period_at: int | None = None  # and where (view offset)
    period_is_day: bool = False  # an event's day, carried to the next sentence of its paragraph only
    span: Period | None = None  # carried multi-year period
    year: int | None = None  # latest explicit year
    year_paragraph: int | None = None  # the paragraph that stated it
    indicator: str | None = None
    category: str | None = None
    flow: str | None = None
    subject: str | None = None

    def set_period(self, period: Period | None, paragraph: int, at: int, day: bool = False) -> None:
        self.period, self.period_paragraph, self.period_at, self.period_is_day = period, paragraph, at, day


@dataclass
class OfWhichGroup:
    position: int  # view position of its 其中
    paragraph: int
    first: Figure  # its first part
    whole: int | None  # the index of its first part's whole


class ReadingContext:
    def __init__(self, norm: str, doc_date: date | None, sentences: list[Sentence],
                 periods: list[PeriodMention]):
        self.norm = norm
        self.doc_date = doc_date
        self.sentences = sentences
        self.periods = periods  # sorted by start
        self._period_starts = [m.start for m in periods]
        self.present = present_period(norm, doc_date)
        self.carried = Carried()
        self.last_paragraph = -1
        self.paragraph = -1
        self.previous_sentence_figures = 0
        # the period of the previous sentence's last dated figure: what a 其中 sentence goes on with
        self.whole_period: Period | None = None
        # the years a list of values took one by one (未来三年…分别为40万吨、65万吨和100万吨), and where
        self.year_series: tuple[Period, ...] = ()
        self.year_series_paragraph: int | None = None
        # a 目标 section: PENDING after its heading, then the target year its opening states
        self.target_section: str | Period | None = None
        self.forecast_section = False  # under a heading naming an outlook (未来展望)
        self.group: OfWhichGroup | None = None
        # the paragraph extents, to read a headline as a whole and find the lead after it
        self.paragraph_spans: dict[int, tuple[int, int]] = {}
        self.first_sentence: dict[int, Sentence] = {}
        self._headlines: dict[int, bool] = {}
        self._phrase_starts: dict[int, list[int]] = {}
        self._section_head_mentions: dict[int, PeriodMention | None] = {}
        for sent in sentences:
            a, b = self.paragraph_spans.get(sent.paragraph, (sent.start, sent.end))
            self.paragraph_spans[sent.paragraph] = (min(a, sent.start), max(b, sent.end))
            self.first_sentence.setdefault(sent.paragraph, sent)

    # -- periods
    def periods_in(self, start: int, end: int) -> list[PeriodMention]:
        """The period phrases that begin within norm[start:end], in order."""
        return self.periods[bisect_left(self._period_starts, start):bisect_left(self._period_starts, end)]

    def resolve(self, m: PeriodMention) -> Period | None:
        if m.kind == "now":
            return self.present
        if m.relative is not None and self.doc_date is None and self.carried.year_paragraph != self.paragraph:
            return None  # an undated text pins 今年 to a year only in the paragraph stating it
        if m.kind == "day" and m.year is None and self.doc_date is not None \
                and self.carried.year_paragraph != self.paragraph:
            # a year stated in an earlier paragraph does not date a recent day of the news
            d = recent_day(m.args[0], m.args[1], self.doc_date)
            if d is not None:
                return instant(d)
        return m.resolve(self.carried.year, self.doc_date)

    def resolve_since(self, m: PeriodMention, reported: Period | None) -> Period | None:
        """今年以来: from the start of the year to the end of the period the text reports
        (`reported`, else the document date), a year to date. None when the text gives no end
        (an undated rule in force "since 2003") or no grain fits the span (2021年以来 up to a
        March, 3月以来 up to a day in July)."""
        start = self.resolve(m)
        if start is None:
            return None
        end = reported.end if reported is not None else self.doc_date
        if end is None or end < start.start or start.start.year != end.year \
                or (start.start.month, start.start.day) != (1, 1):
            return None
        return year_period(end.year) if (end.month, end.day) == (12, 31) else Period(start.start, end, "ytd")

    def future(self, p: Period) -> bool:
        return self.present is not None and p.start > self.present.end

    def in_target_section(self) -> bool:
        return isinstance(self.target_section, Period)

    def carried_period(self) -> Period | None:
        """The period a figure without its own takes: a 目标 section's target year, else the
        period carried from the sentences before."""
        if isinstance(self.target_section, Period):
            return self.target_section
        return self.carried.period

    def section_head_period(self, paragraph: int) -> Period | None:
        """The period of the section head a numbered list item's paragraph stands under
        (上半年经营状况 then 1、…, 2、…: the head gives the items their period): the head is the
        text before the list's first ordinal in its paragraph, else a headline just before it."""
        if paragraph not in self._section_head_mentions:
            self._section_head_mentions[paragraph] = self._section_head_mention(paragraph)
        mention = self._section_head_mentions[paragraph]
        return self.resolve(mention) if mention is not None else None

    def _section_head_mention(self, paragraph: int) -> PeriodMention | None:
        """The period phrase of the section head over `paragraph` (read once per paragraph; what
        it resolves to depends on the year carried at the figure)."""
        first = paragraph
        while first in self.paragraph_spans and _LIST_ITEM.match(self.norm, self.paragraph_spans[first][0]):
            if _LIST_ORDINAL.match(self.norm, self.paragraph_spans[first][0] + self._indent(first)):
                break
            first -= 1
        if first not in self.paragraph_spans:
            return None
        a, b = self.paragraph_spans[first]
        ordinal = _LIST_ORDINAL.search(self.norm, a, b)
        if ordinal is None:
            return None
        if ordinal.start() - self._indent(first) > a:
            # a head run into its list by the layout: the short phrase right before the ordinal
            before = _HEAD_START.search(self.norm, a, ordinal.start())
            head = (before.end() if before else a, ordinal.start())
            text = self.norm[head[0]:head[1]].strip()
            if not text or len(text) > 40 or "，" in text or "," in text:
                return None
        elif first - 1 in self.paragraph_spans and self.headline(first - 1):
            head = self.paragraph_spans[first - 1]
        else:
            return None
        for m in self.periods_in(*head):
            if m.role == "period" and m.kind not in ("day", "rel_day", "now"):
                return m
        return None

    def _indent(self, paragraph: int) -> int:
        a, b = self.paragraph_spans[paragraph]
        return len(self.norm[a:b]) - len(self.norm[a:b].lstrip())

    # -- headlines
    def phrase_starts(self, matcher: PhraseMatcher) -> list[int]:
        """Where the phrases of `matcher` begin in the text, found once per text."""
        found = self._phrase_starts.get(id(matcher))
        if found is None:
            found = self._phrase_starts[id(matcher)] = [hit.start for hit in matcher.all_hits(self.norm)]
        return found

    def named_between(self, matcher: PhraseMatcher, start: int, end: int) -> bool:
        """Whether a phrase of `matcher` begins in norm[start:end]."""
        starts = self.phrase_starts(matcher)
        i = bisect_left(starts, start)
        return i < len(starts) and starts[i] < end

    def headline(self, paragraph: int) -> bool:
        """A short paragraph without a full stop or final punctuation: a title or headline."""
        known = self._headlines.get(paragraph)
        if known is None:
            a, b = self.paragraph_spans[paragraph]
            text = self.norm[a:b].strip()
            known = self._headlines[paragraph] = (
                0 < len(text) <= 40 and "。" not in text and text[-1] not in "！？!?…；;：:")
        return known

    def numbered_head(self, paragraph: int) -> bool:
        """A headline opening with a section number (3第三阶段, 二、, （一）)."""
        return self.headline(paragraph) and bool(_NUMBERED_HEAD.match(self.norm, self.paragraph_spans[paragraph][0]))

    def headline_period(self, paragraph: int, position: int) -> Period | None:
        """A headline states its figure's period anywhere in it (45.47万亿元！2025年我国外贸…),
        else the lead sentence of the article after it does."""
        a, b = self.paragraph_spans[paragraph]
        own = [m for m in self.periods_in(a, b) if m.role in ("period", "deadline")
               and m.kind not in ("day", "rel_day", "now")]
        if own:
            return self.resolve(min(own, key=lambda m: abs(m.start - position)))
        if self.numbered_head(paragraph):
            return None  # the head of a numbered section (3第三阶段：…) is structure, not news
        for p in range(paragraph + 1, paragraph + 4):
            if p not in self.paragraph_spans:
                return None
            pa, pb = self.paragraph_spans[p]
            if pb - pa <= 15:
                continue  # a byline or section label between headline and article
            lead = self.first_sentence[p]
            for m in self.periods_in(lead.start, lead.end):
                if m.kind != "now" and (
                        m.role in ("period", "deadline") or m.kind == "year"):
                    return self.resolve(m)
            return None
        return None

    # -- paragraphs and sentences
    def new_paragraph(self, sent: Sentence) -> None:
        self.last_paragraph = sent.paragraph
        text = self.norm[sent.start:sent.end]
        headline = len(text) <= 40 and not _SENTENCE_PUNCTUATION.search(text)
        if headline and not _CAPTION_OR_CREDIT.match(text):
            # a heading naming targets (主要目标, 发展目标) opens a section of planned figures;
            # the next heading closes it
            self.target_section = PENDING if "目标" in text else None
            # a heading naming an outlook (未来展望) opens a section of predicted figures
            self.forecast_section = bool(_FORECAST_SENTENCE.search(text))
        if _CAPTION_CREDIT_OR_ASIDE.match(text):
            return  # captions and credits inside an article do not end it
        self.group = None
        if headline:
            self.carried = Carried()
        else:
            c = self.carried
            c.indicator = c.category = c.flow = c.subject = None
            if c.period_is_day:
                c.set_period(None, sent.paragraph, sent.start)
        self.previous_sentence_figures = 0

    def open_sentence(self, sent: Sentence, mentions: list[PeriodMention]) -> None:
        self.paragraph = sent.paragraph
        if self.target_section == PENDING:
            self.target_section = self._target_year(mentions)

    def _target_year(self, mentions: list[PeriodMention]) -> Period | str:
        """The year a 目标 section aims at, from the first sentence after its heading that states
        one: its deadline (到2020年, 到“十三五”末), else the last year of the plan period it names."""
        deadlines = [p for p in (self.resolve(m) for m in mentions if m.role == "deadline") if p]
        spans = [p for p in (self.resolve(m) for m in mentions if m.role == "period") if p]
        chosen = deadlines[-1] if deadlines else (spans[-1] if spans else None)
        if chosen is None:
            return PENDING
        return year_period(chosen.end.year)

    def carry(self, sent: Sentence, mentions: list[PeriodMention], figures: list[Figure]) -> None:
        """What this sentence passes on to the next: its reporting period and, when it stated
        figures, its last indicator and subject."""
        c = self.carried
        for m in mentions:
            if m.role == "since":  # the text moves to a span up to now: its own, or none
                c.set_period(self.resolve_since(m, c.period), sent.paragraph, m.start)
                continue
            if m.role == "period" and m.kind == "day" and m.year is not None:
                # a dated event (自2015年3月1日起下调…) dates the details the next sentence gives
                p = self.resolve(m)
                if p is not None and not self.future(p):
                    c.set_period(p, sent.paragraph, m.start, day=True)
                continue
            if m.role == "period" and m.kind == "part_of_month":
                c.set_period(None, sent.paragraph, m.start)  # 9月上旬: the text moves to a time no grain fits
                continue
            if m.role != "period" or m.kind in ("day", "rel_day", "now"):
                continue  # the present is a moment of its own sentence, not a reporting period
            if _NOT_REPORTED_BEFORE.search(self.norm, sent.start, m.start):
                continue
            if _PLAN_NAMED_AFTER.search(self.norm[m.end:sent.end]):
                continue
            p = self.resolve(m)
            if p is None or self.future(p):
                continue
            if p.grain == "multi_year":
                c.span = p
            else:
                c.set_period(p, sent.paragraph, m.start)
                if m.year is not None:
                    c.year, c.year_paragraph = m.year, sent.paragraph
        if c.period_is_day and c.period_at is not None and c.period_at < sent.start:
            c.set_period(None, sent.paragraph, sent.start)  # an event's day dates the next sentence only
        if figures:
            last = figures[-1]
            if last.indicator_zh:
                c.indicator, c.category, c.flow = last.indicator_zh, last.category, last.flow
            c.subject = last.subject_zh
            for f in figures:
                # the value of a comparison's earlier period (去年同期为…) is not the reporting period
                if f.period_start and f.period_grain not in ("multi_year", "instant") \
                        and "period:same_period_earlier" not in f.rules \
                        and f.measure not in ("cagr_pct", "target", "forecast") \
                        and not self.future(Period(f.period_start, f.period_end, f.period_grain)) \
                        and not _FORECAST_SENTENCE.search(f.source_text):
                    p = Period(f.period_start, f.period_end, f.period_grain)
                    if p != c.period or c.period_paragraph != sent.paragraph:
                        c.set_period(p, sent.paragraph, sent.start)
        else:
            # a sentence without figures does not pass its subject matter on
            c.indicator = c.category = c.flow = None
        self.previous_sentence_figures = len(figures)
        dated = [f for f in figures if f.period_start is not None]
        self.whole_period = Period(dated[-1].period_start, dated[-1].period_end, dated[-1].period_grain) if dated else None
        series = [Period(f.period_start, f.period_end, f.period_grain) for f in dated if "period:one_year_per_value" in f.rules]
        if series:
            self.year_series, self.year_series_paragraph = tuple(dict.fromkeys(series)), sent.paragraph
