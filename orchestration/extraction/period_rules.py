"""The period of a prose figure, in three ordered lists of named rules.

1. `PERIOD_OVERRIDES`: what dates a figure regardless of the phrases before it, or leaves it
   undated (the rating of a machine, a rate per year, the starting level of a change, a plan
   without a date, a headline's figure, an enumeration member paired with a period);
2. `PERIOD_BASE`: the period phrase that governs the number (its own phrase before it, the
   phrase right after it, a range's start, "now"), else the period carried from before;
3. `PERIOD_REFINEMENTS`, applied in turn to the base: the span of an annual average (年均),
   the recent years (近5年), the widening of a change to its comparison base (比2010年).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from . import lexicon
from .category_rules import EXCHANGE_RATE_UNITS
from .clues import FORECAST_WORDS, MARKET_STOCK, Clues, in_deal, is_stake
from .modality_rules import decide_modality
from .ofwhich import RATED_AFTER
from .periods import Period, PeriodMention, instant, outside_conversions, small_int, year_period, years_earlier
from .rules import EMPTY, RuleList

_RECENT_YEARS = re.compile(r"(?:近|过去|最近)(\d{1,2}|[一二三四五六七八九十]+)年")
_COUNTED_YEARS = re.compile(r"(?:^|[^\d])(\d{1,2}|[一二三四五六七八九十]+)年(?:年均|来|间|内|的?CAGR|的?复合)")
# A rate per period or per item (每年可消纳, 每月减少, 单井每天出水) or a potential effect (可降低,
# 可减少) states what something does, not what happened in a period. 可 inside words (可比,
# 可再生, 可支配, 可能…) does not count.
PER_PERIOD_OR_POTENTIAL = re.compile(
    r"每(?:年|月|天|日|周|小时)|单(?:井|栋|台|套)|(?<![认许宁不])可(?![比能持靠信观再视控见支行喜贵])"
)
# a stake: 49%股权, 51%的股份, 20%至30%权益
_STAKE_AFTER = re.compile(r"[^，,。；;]{0,6}?(?:股权|权益|股份)")
_FROM_VALUE = re.compile(r"(?:从|由(?!于))[^，,；;至到为]{0,14}$")
_RANGE_END = re.compile(r"(至|到)")
_CLAUSE_BREAK = re.compile(r"[，,；;]")
_VALUATION = re.compile(r"估值|评估|测算")
_VAGUE_HORIZON = re.compile("|".join(lexicon.words("period_words", kind="vague_horizon")))
_DATING_ROLES = ("period", "deadline", "from", "base")
_STATES = ("other", "investment", "capacity")
_STATE_MEASURES = ("level", "share_pct", "rate_pct")
_PLANNED_CHANGES = ("yoy_pct", "abs_change", "pp_change")
_FRONTED_BASE = re.compile(r"(?:相比|相较|比较)[，,]")
_WEEK_MOVE = re.compile("|".join(map(re.escape, lexicon.words("markers", marker="week_move"))))
_SPANS_OF_STATISTICS = ("ytd", "quarter", "half", "year", "multi_year")  # what a release reports, not a quote
_MOVES = ("yoy_pct", "mom_pct", "abs_change", "pp_change")  # a quote's move (跌幅1.35%, 上涨460元/吨)


@dataclass(slots=True)
class PeriodScan:
    """The period phrases before the number, read left to right."""
    before: list[PeriodMention]
    current: PeriodMention | None
    base: PeriodMention | None
    since: bool
    own: bool  # a dating phrase before the number, or 近N年

def _scan(clues: Clues) -> PeriodScan:
    before = [m for m in clues.mentions if m.end <= clues.c.start]
    if clues.unit_base not in EXCHANGE_RATE_UNITS:  # the day of a rate dates the rate only
        before = outside_conversions(clues.norm, clues.sent.start, clues.c.start, before)
    current = base = None
    since = False
    for m in before:
        if m.role in ("period", "deadline", "from"):
            # a base fronted as its own clause (与2018年相比，…) is the base of what follows it
            fronted = base is not None and _FRONTED_BASE.match(clues.norm, base.end) is not None
            current, base, since = m, base if fronted else None, False
        elif m.role == "base":
            base = m
        elif m.role == "since":
            current, base, since = None, None, True
    # a phrase right before the number is the number's own period (去年全年5%的增速)
    if before and before[-1].end >= clues.c.start - 1 and before[-1].role in ("base", "since"):
        current, base, since = before[-1], None, False
    own = any(m.role in _DATING_ROLES for m in before) or bool(_RECENT_YEARS.search(clues.before)) \
        or _counts_its_years(clues)
    return PeriodScan(before, current, base, since, own)


def _counts_its_years(clues: Clues) -> bool:
    """预计三年CAGR可达到67%, 5年年均增长: an annual average that counts its own years."""
    return clues.measure == "cagr_pct" and bool(
        _COUNTED_YEARS.search(clues.norm, max(clues.sent.start, clues.c.start - 20), clues.c.start))


def _whole_period(clues: Clues) -> Period | None:
    """The period of the statement a sentence opening with 其中 breaks down, when the figure states
    none of its own."""
    if not clues.norm.startswith("其中", clues.sent.start) or any(
            m.role in ("period", "deadline") and m.start < clues.c.start for m in clues.mentions):
        return None
    return clues.context.whole_period


def _dated_before(clues: Clues) -> bool:
    """A dating phrase before the number in its sentence."""
    return any(m.role in _DATING_ROLES for m in clues.period_scan.before)


def _own_period(clues: Clues) -> bool:
    return clues.period_scan.own


# ---------------------------------------------------------------- overrides -----------------
PERIOD_OVERRIDES = RuleList("period")


@PERIOD_OVERRIDES.rule("valuation_base_date")
def _(clues: Clues):
    """以2017年12月31日为估值的基准日，…估值区间为145.85亿美元: a valuation is of its base day, the
    one stated last before it, whatever other years its premises name."""
    if not _VALUATION.search(clues.clause) and not (clues.c.qualifier == "range_high" and _VALUATION.search(clues.window)):
        return None
    dates = [m for m in clues.context.periods_in(0, clues.c.start) if m.role == "valuation_date"]
    return clues.context.resolve(replace(dates[-1], role="period")) if dates else None


@PERIOD_OVERRIDES.rule("vague_horizon")
def _(clues: Clues):
    """不久的未来会新增4.8万吨产能, 未来几年: a future no date fits."""
    return EMPTY if _VAGUE_HORIZON.search(clues.clause) else None


@PERIOD_OVERRIDES.rule("rated_capacity")
def _(clues: Clues):
    """The rating of a machine or a project is not a figure of a period, unless its own clause
    dates it (今年新建2万吨生产线, 打算在2020年启动年产8GWh的生产线)."""
    if clues.category != "capacity" or not RATED_AFTER.match(clues.after):
        return None
    dated = any(m.role in _DATING_ROLES and clues.clause_start <= m.start < clues.c.start for m in clues.mentions)
    return None if dated else EMPTY


@PERIOD_OVERRIDES.rule("state_of_its_own_clause")
def _(clues: Clues):
    """A capacity that exists takes a period of its own clause only, or of a sentence opening that
    is a period phrase alone (2023年，公司铜产能达到50万吨): not one another clause reports
    (碘价在二季度上涨超过25%，并且…产能达到1.4万吨), nor a section's or an earlier paragraph's."""
    if clues.category != "capacity" or clues.measure != "level" or clues.is_change \
            or clues.context.in_target_section() or decide_modality(clues)[0] in ("target", "forecast"):
        return None  # a planned or predicted capacity takes the deadline its sentence names
    clause_end = clues.c.unit_end + len(clues.after)
    # clauses a period phrase dates the figure from when it stands alone in them: the sentence's
    # opening clause, and the clause just before the figure's (…获悉，截至2019年底，我国…)
    breaks = [b.start() for b in _CLAUSE_BREAK.finditer(clues.norm, clues.sent.start, clues.clause_start)]
    opening = _CLAUSE_BREAK.search(clues.norm, clues.sent.start, clues.c.start)
    dating_clauses = [(clues.sent.start, opening.start())] if opening else []
    if breaks:
        dating_clauses.append((breaks[-2] + 1 if len(breaks) >= 2 else clues.sent.start, breaks[-1]))
    for m in clues.mentions:
        if m.role not in _DATING_ROLES and m.role != "since":
            continue
        if clues.clause_start <= m.start < clause_end:
            return None
        if any(start <= m.start and m.end <= end and end - start - (m.end - m.start) <= 4 for start, end in dating_clauses):
            return None
    return EMPTY


@PERIOD_OVERRIDES.rule("headline")
def _(clues: Clues):
    """A headline's figure takes the period its headline or its article's lead states."""
    if _own_period(clues) or clues.period_override is not None or not clues.context.headline(clues.sent.paragraph):
        return None
    period = clues.context.headline_period(clues.sent.paragraph, clues.c.start)
    if period is None and clues.context.numbered_head(clues.sent.paragraph):
        return EMPTY  # a section head's figure is not dated by the text under it
    return period


@PERIOD_OVERRIDES.rule("starting_level")
def _(clues: Clues):
    """从17%提升至24%: the starting level of an undated change."""
    if _FROM_VALUE.search(clues.clause) and not any(
            m.role == "from" and clues.clause_start <= m.start < clues.c.start for m in clues.mentions):
        return EMPTY
    return None


@PERIOD_OVERRIDES.rule("parallel_series")
def _(clues: Clues):
    """未来三年的数据分别为40万吨、65万吨和100万吨。…预测的供应量分别为28万吨、45.5万吨、70万吨: a list of
    as many values as the series before it in its paragraph, with no date of its own, runs over
    the same years."""
    context, (place, length) = clues.context, clues.member
    series = context.year_series
    if length < 2 or length != len(series) or context.year_series_paragraph != clues.sent.paragraph \
            or _dated_before(clues):
        return None
    return series[place]


@PERIOD_OVERRIDES.rule("plan_without_date")
def _(clues: Clues):
    """A target or forecast with no date of its own is not dated by the text around it."""
    if clues.is_change or clues.context.in_target_section():
        return None
    if any(m.role in _DATING_ROLES for m in clues.period_scan.before):
        return None
    if _counts_its_years(clues) or _whole_period(clues) is not None:
        return None
    clause_end = clues.c.unit_end + len(clues.after)
    if any(m.role == "period" and clues.c.end <= m.start < clause_end for m in clues.mentions):
        return None
    return EMPTY if decide_modality(clues)[0] in ("target", "forecast") else None


@PERIOD_OVERRIDES.rule("enumeration_period")
def _(clues: Clues):
    return clues.period_override


@PERIOD_OVERRIDES.rule("narrative_count")
def _(clues: Clues):
    """A count in a narrative is not dated by an earlier paragraph."""
    if clues.unit_base == "count" and not any(m.role in _DATING_ROLES for m in clues.mentions) \
            and not _RECENT_YEARS.search(clues.before) and not clues.context.previous_sentence_figures:
        return EMPTY
    return None


@PERIOD_OVERRIDES.rule("rate_or_potential")
def _(clues: Clues):
    """每年可消纳150万吨: a rate or a potential, not a dated flow."""
    return EMPTY if not _own_period(clues) and PER_PERIOD_OR_POTENTIAL.search(clues.before) else None


# ---------------------------------------------------------------- base ----------------------
PERIOD_BASE = RuleList("period")


@PERIOD_BASE.rule("range_from_start")
def _(clues: Clues):
    """从2015年到现在…: a range opened by 从/由 ends at the period before it, else the carried one."""
    scan = clues.period_scan
    current = scan.current
    if current is None or current.role != "from" or not _RANGE_END.search(clues.norm, current.end, clues.c.start):
        return None
    earlier = [m for m in scan.before if m.role in ("period", "deadline") and m.end <= current.start]
    period = clues.context.resolve(earlier[-1]) if earlier else clues.context.carried_period() or _part_period(clues)
    return period if period is not None else EMPTY


@PERIOD_BASE.rule("from_phrase")
def _(clues: Clues):
    current = clues.period_scan.current
    if current is None or current.role != "from":
        return None
    return clues.context.resolve(current) or EMPTY


@PERIOD_BASE.rule("growth_now")
def _(clues: Clues):
    """A growth rate "now" is that of the latest period reported."""
    current = clues.period_scan.current
    if current is not None and current.kind == "now" and clues.measure in ("yoy_pct", "mom_pct", "pp_change"):
        return clues.context.carried.period
    return None


@PERIOD_BASE.rule("one_year_per_value")
def _(clues: Clues):
    """未来三年…为28万吨、32.7万吨、39.9万吨, 18、19年…为30.2万吨和41.6万吨: a list of as many values
    as the phrase has years gives each value its own year, in order."""
    current = clues.period_scan.current
    if current is None or current.kind not in ("next_years", "year_list"):
        return None
    place, length = clues.member
    span = clues.context.resolve(current)
    if span is None or length < 2 or length != span.end.year - span.start.year + 1 \
            or (current.kind == "year_list" and length != len(current.args)):
        return None
    return year_period(current.args[place] if current.kind == "year_list" else span.start.year + place)


@PERIOD_BASE.rule("same_period_earlier")
def _(clues: Clues):
    """去年同期为1236万吨, 2015年同期: the period its sentence reports before it (else the carried
    one), as many years earlier as the phrase says, or in the year it names."""
    current = clues.period_scan.current
    if current is None or current.kind != "same_period":
        return None
    earlier = [m for m in clues.period_scan.before if m.end <= current.start and m.role == "period"
               and m.kind not in ("same_period", "day", "rel_day", "now")]
    period = clues.context.resolve(earlier[-1]) if earlier else clues.context.carried_period()
    if period is None:
        return EMPTY
    if current.year is not None:
        return years_earlier(period, period.end.year - current.year)
    return years_earlier(period, -(current.relative or 0))


@PERIOD_BASE.rule("full_year_ended")
def _(clues: Clues):
    """全年 with no year of its own or before it, in a text dated before its year is over: a whole
    year's result is reported once the year has ended, so it is the year before the document's
    (a January report's 全年精炼铜产量1299万吨); a forecast or target for the year is this year's."""
    current, doc = clues.period_scan.current, clues.context.doc_date
    if current is None or doc is None or doc.month == 12 or clues.context.carried.year is not None \
            or current.kind != "year" or current.year is not None or current.relative is not None \
            or clues.norm[current.start:current.end] != "全年":
        return None
    if clues.measure in ("target", "forecast") or decide_modality(clues)[0] in ("target", "forecast"):
        return None
    return year_period(doc.year - 1)


@PERIOD_BASE.rule("week_move")
def _(clues: Clues):
    """本周沪铜周跌幅3.2%, 周度去库1.2万吨, 截至6月18日…较上周减少1.2万吨: a move over a single week
    has no period, for no grain fits a week (gold guide), also when a day dates its sentence (the
    day the week ends); the week's closing quote itself is the report's day."""
    if clues.measure not in _MOVES or not _WEEK_MOVE.search(clues.clause):
        return None
    current = clues.period_scan.current
    if current is not None and current.kind not in ("day", "rel_day"):
        return None  # a span the sentence states (上半年) is the move's own
    return EMPTY


@PERIOD_BASE.rule("own_phrase")
def _(clues: Clues):
    current = clues.period_scan.current
    if current is None:
        return None
    return clues.context.resolve(current) or EMPTY


@PERIOD_BASE.rule("phrase_after")
def _(clues: Clues):
    """A period phrase right after the number in its clause (增长5%，1-4月…: not across a comma)."""
    if clues.period_scan.since:
        return None
    later = [m for m in clues.mentions if m.start >= clues.c.end and m.role == "period" and m.kind not in ("day", "rel_day")]
    if later and not _CLAUSE_BREAK.search(clues.norm, clues.c.end, later[0].start):
        return clues.context.resolve(later[0]) or EMPTY
    return None


@PERIOD_BASE.rule("section_head")
def _(clues: Clues):
    """An item of a numbered list under a section head that states a period (上半年经营状况, then
    1、…2、…) takes the head's period when its clause states none, and its own paragraph none
    before it either (“十三五”期间，…实现产值186亿元 under a head naming the next plan)."""
    if clues.period_scan.since or clues.context.in_target_section():
        return None
    context = clues.context
    paragraph_start = context.paragraph_spans.get(clues.sent.paragraph, (clues.sent.start, 0))[0]
    if any(m.role == "period" for m in context.periods_in(paragraph_start, clues.c.start)):
        return None
    return context.section_head_period(clues.sent.paragraph)


@PERIOD_BASE.rule("state_of_another_paragraph")
def _(clues: Clues):
    """A state rather than a flow (a stake, a deal's terms, a capital, a capacity, another level)
    with no period of its own is not dated by the period an earlier paragraph reported: the
    terms of a deal take the date their own paragraph names, a capacity its own time word. A
    section head's period (上半年经营状况, then 1、…2、…) still dates the items of its section."""
    context, carried = clues.context, clues.context.carried
    if clues.category == "capacity" and clues.measure == "level" and carried.period_is_day \
            and not clues.period_scan.since and not context.in_target_section():
        return EMPTY  # a capacity is not dated by the day of an event told before it (…投用。容积达800立方米)
    state = clues.category in _STATES or _STAKE_AFTER.match(clues.after) is not None
    if not state or clues.measure not in _STATE_MEASURES or clues.period_scan.since \
            or context.in_target_section() or carried.period is None \
            or carried.period_paragraph in (None, clues.sent.paragraph) or context.headline(carried.period_paragraph):
        return None
    return EMPTY


@PERIOD_BASE.rule("deal_terms_not_dated_by_a_balance")
def _(clues: Clues):
    """截止2012年底总资产仅30亿元。…对文菲尔德增资2.7亿澳元: the terms of a deal take the day or
    month of the agreement, not the date of a balance the sentence before states."""
    carried = clues.context.carried
    if clues.category != "investment" or clues.measure not in _STATE_MEASURES or clues.period_scan.since \
            or carried.period is None or carried.period.grain != "instant" or carried.period_is_day:
        return None
    return EMPTY if in_deal(clues) or is_stake(clues) else None


@PERIOD_BASE.rule("market_day")
def _(clues: Clues):
    """A price or a market move with no period of its own nor one carried from before, in a
    dated report, is that day's quote (长江现货0#锌均价22470元/吨 in a daily report); so are a
    futures market's volume and open interest, counted in lots (成交量1.9万手, 持仓增加2145手), and
    an exchange stock (LME铜库存减少1200吨至17.3万吨), which the market reports day by day."""
    doc = clues.context.doc_date
    if doc is None or clues.period_scan.since or clues.context.carried_period() is not None:
        return None
    if clues.category == "price":
        quote = "/" in (clues.unit_base or "") or clues.measure in _MOVES
    else:
        quote = clues.unit_base == "lot" or MARKET_STOCK.search(clues.indicator or "") is not None
    return instant(doc) if quote else None


@PERIOD_BASE.rule("quote_not_dated_by_another_paragraph")
def _(clues: Clues):
    """1-8月，全国原铝产量…。(new paragraph) 长江现货A00铝均价为12650元/吨: a price with no period
    of its own is not the span of a statistic an earlier paragraph reported (gold guide: a period
    not stated nor inferable from its clause or paragraph is null)."""
    carried = clues.context.carried
    if clues.category != "price" or clues.period_scan.since or clues.context.in_target_section() \
            or carried.period is None or carried.period.grain not in _SPANS_OF_STATISTICS \
            or carried.period_paragraph in (None, clues.sent.paragraph) or clues.context.headline(carried.period_paragraph):
        return None
    return EMPTY


@PERIOD_BASE.rule("since_start")
def _(clues: Clues):
    """今年以来一直保持在8%以上: from the start of the phrase's period to the end of the period the
    text reports; an undated rule in force since a year (2003年改革后…沿用至今) has no period."""
    scan = clues.period_scan
    if not scan.since:
        return None
    since = [m for m in scan.before if m.role == "since"][-1]
    reported = [m for m in scan.before if m.end <= since.start and m.role in ("period", "deadline")
                and m.kind not in ("day", "rel_day", "now")]
    context = clues.context
    period = context.resolve(reported[-1]) if reported else context.carried.period
    return context.resolve_since(since, period) or EMPTY


@PERIOD_BASE.rule("part_of_the_whole")
def _(clues: Clues):
    """到2021年需求将比2016年增长80.97%。其中，电池需求年均复合增长率将达到22.3%，占比将增加至
    64.1%: a 其中 sentence goes on with its whole's period, a change over its span, a level at its end."""
    part = _part_period(clues)
    if part is None or clues.context.carried_period() is not None and not (
            clues.is_change and part.grain == "multi_year"):
        return None  # what the text carries dates a part too, unless it goes on with a span's change
    return part


def _part_period(clues: Clues) -> Period | None:
    whole = _whole_period(clues)
    if whole is not None and whole.grain == "multi_year" and not clues.is_change and clues.measure != "cagr_pct":
        return year_period(whole.end.year)
    return whole


@PERIOD_BASE.rule("carried")
def _(clues: Clues):
    if clues.period_scan.since or _RECENT_YEARS.search(clues.before):
        return None  # 近5年 is read by a refinement
    return clues.context.carried_period() or EMPTY


# ---------------------------------------------------------------- refinements ---------------
PERIOD_REFINEMENTS = RuleList("period_refined")


@PERIOD_REFINEMENTS.rule("annual_average_span")
def _(clues: Clues):
    """An annual average covers several years: a multi-year phrase before it, else N years
    counted back from its period (5年年均), else the span carried from before."""
    period = clues.period
    if clues.measure != "cagr_pct" or (period is not None and period.grain == "multi_year"):
        return None
    multi = [clues.context.resolve(m) for m in clues.period_scan.before if m.role in ("period", "deadline")]
    multi = [p for p in multi if p and p.grain == "multi_year"]
    if multi:
        return multi[-1]
    counted = _COUNTED_YEARS.search(clues.norm[max(clues.sent.start, clues.c.start - 20):clues.c.start])
    if counted and period is not None:
        n = small_int(counted.group(1))
        if n and 1 < n <= 30:
            end_year = period.end.year
            return Period(date(end_year - n + 1, 1, 1), date(end_year, 12, 31), "multi_year")
        return None
    doc = clues.context.doc_date
    if counted and doc is not None and FORECAST_WORDS.search(clues.before):
        # 预计三年CAGR可达到67%: the N years ahead from the document's year
        n = small_int(counted.group(1))
        if n and 1 < n <= 30:
            return Period(date(doc.year, 1, 1), date(doc.year + n - 1, 12, 31), "multi_year")
        return None
    if clues.context.carried.span is not None and clues.period_scan.current is None:
        return clues.context.carried.span
    return None


@PERIOD_REFINEMENTS.rule("years_from_start")
def _(clues: Clues):
    """从2013年开始…3年来: the years counted from the start year (2013-2015)."""
    current, period = clues.period_scan.current, clues.period
    if current is None or current.role != "from" or period is None or period.grain != "year":
        return None
    counted = _COUNTED_YEARS.search(clues.norm, current.end, clues.c.start)
    n = small_int(counted.group(1)) if counted else None
    if not n or not 1 < n <= 30:
        return None
    return Period(period.start, date(period.start.year + n - 1, 12, 31), "multi_year")


@PERIOD_REFINEMENTS.rule("recent_years")
def _(clues: Clues):
    """近5年: the five years up to the last full year before the document."""
    if clues.period is not None or clues.context.doc_date is None:
        return None
    m = _RECENT_YEARS.search(clues.before)
    if m:
        n = small_int(m.group(1))
        if n and 1 < n <= 30:
            y = clues.context.doc_date.year - 1
            return Period(date(y - n + 1, 1, 1), date(y, 12, 31), "multi_year")
    return None


@PERIOD_REFINEMENTS.rule("planned_change_span")
def _(clues: Clues):
    """力争2020年，运营成本降低30%, 到2020年消费用量增加650万吨, 到2020年…年均增长3.5% in a plan of
    2016: a change to reach by a deadline, and the annual average up to it, is counted from the
    present year to the deadline's."""
    current, period, present = clues.period_scan.current, clues.period, clues.context.present
    planned = clues.measure == "cagr_pct" or (clues.is_change and clues.measure in _PLANNED_CHANGES)
    if not planned or current is None \
            or current.role != "deadline" or period is None or period.grain != "year" \
            or present is None or present.start.year >= period.start.year:
        return None
    return Period(date(present.start.year, 1, 1), period.end, "multi_year")


@PERIOD_REFINEMENTS.rule("since_start_of_year")
def _(clues: Clues):
    """库存较年初下降3.6万吨, 均价较年初下降8.7%: a change against the start of the year spans
    1 January to the end of the current period."""
    base, period = clues.period_scan.base, clues.period
    if period is None or base is None or base.kind != "year_start" or not clues.is_change:
        return None
    return Period(date(period.end.year, 1, 1), period.end, "ytd")


@PERIOD_REFINEMENTS.rule("comparison_base")
def _(clues: Clues):
    """比2010年下降27.8%: a change against an explicit earlier base spans base to current."""
    base, period = clues.period_scan.base, clues.period
    if period is None or base is None or not clues.is_change or clues.measure in ("cagr_pct", "mom_pct"):
        return None
    if base.year is None or base.relative is not None or clues.norm[base.end:base.end + 2].startswith("同期"):
        return None
    bp = clues.context.resolve(base)
    if bp is not None and bp.start < period.start:
        return Period(bp.start, period.end, "multi_year")
    return None


def decide_period(clues: Clues) -> tuple[Period | None, tuple[str, ...]]:
    """The figure's period and the names of the rules that decided it. An explicit year stated
    earlier in the sentence sets the year of bare months that follow, for this figure only."""
    clues.period_scan = _scan(clues)
    years = [m.year for m in clues.period_scan.before
             if m.year is not None and m.role in ("period", "from") and m.kind != "years"]
    carried = clues.context.carried
    saved = carried.year, carried.year_paragraph
    if years:
        carried.year, carried.year_paragraph = years[-1], clues.sent.paragraph
    try:
        period, name = PERIOD_OVERRIDES.decide(clues, None)
        if name != "period:default":
            return period, (name,)
        period, name = PERIOD_BASE.decide(clues, None)
        names = [name if period is not None else "period:none"]
        for refinement in PERIOD_REFINEMENTS.rules:
            clues.period = period
            refined = refinement.decide(clues)
            if refined is not None:
                period = refined
                names.append(f"{PERIOD_REFINEMENTS.slot}:{refinement.name}")
        clues.period = period
        return period, tuple(names)
    finally:
        carried.year, carried.year_paragraph = saved
