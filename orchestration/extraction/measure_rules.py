"""The measure of a prose figure (level, yoy_pct, mom_pct, share_pct, ...): an ordered list of
named rules, first match wins (rules.py), reading the `Clues` of one number (clues.py)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from .changes import COMPARATIVES
from .clues import (CAGR_WORDS, CONTRIBUTION_TO_GROWTH, GROWTH_RATE_WORDS, MARKET_STOCK, MOM_WORDS, REVENUE_SHARING,
                    SHARE_WORDS, YOY_WORDS, Clues, is_stake, markers, sentence_text)
from .keywords import HAN
from .matcher import PhraseMatcher
from .periods import Period, PeriodMention
from .rules import RuleList

_SHORT_SPANS = frozenset(("day", "rel_day", "now", "month", "rel_month", "month_instant"))

_RANGE_LOW_END = re.compile(r"[\d.]+%?\s*[-~～—至到]\s*$")

_BASE_MEASURES = ("yoy_pct", "mom_pct", "rate_pct", "share_pct", "cagr_pct")

_BASE_VALUE = re.compile(r"(?:(?<![占对])比|较|与)[^，,；;。、%]{1,12}的$")

_EVERY_YEAR = re.compile(r"(?:每年|逐年)(?:可以|可|能|将|会|都|均)?[+\-－]?$")

_SHARE_NOUNS = ("占比", "比重", "比例")

_STAKE_AFTER = re.compile("^(?:左右|以上)?的?(?:" + "|".join(markers("stake_after")) + ")")

_PREDICATE_AFTER = re.compile(
    r"^(的|以|左右|之|和|及|与|或|达|为|是|跌|涨|升|降|增|减|提|回|下|上|至|到|占|居|位|超|高|低|仍|已|将|均|分别|，)")

_HAN_AFTER = re.compile(rf"^[{HAN}]")

_MONTHLY = re.compile(r"(\d{1,2})月份?|单月|月内|本月")

_AFTER_COMPARISON = re.compile("(" + "|".join(map(re.escape, (*MOM_WORDS, *YOY_WORDS))) + r")(?:为|是|:|：)?\s*$")

_COMPARED = re.compile(r"比|较")

_GROWTH_IN_CLAUSE = re.compile("增|长|速|CAGR")  # CAGR为28%: the rate names its growth

_GROWTH_AFTER = re.compile(r"^的?(增速|增幅|增长)")

_LEVEL_VERBS = re.compile(r"达到|提升至|提高到|提升到|上升至|升至|增至|为|是|达|至|到|约|超过|已|进一步|，|,")

_SHARE_WORD = re.compile("|".join(SHARE_WORDS))

_PARALLEL_CLAUSE = re.compile(rf"[{HAN}A-Za-z]{{1,6}}(?:的|在|为)")

_OF_A_TOTAL = re.compile(r"(?:总|全部)[^\d，,；;。、%]{0,8}的$")


# ---------------------------------------------------------------- measure -------------------
MEASURE = RuleList("measure")


_MOM, _YOY = PhraseMatcher(MOM_WORDS), PhraseMatcher(YOY_WORDS)


def _comparisons(clues: Clues) -> tuple[int, int]:
    """Where the sentence before the number last says 环比 (month on month) and 同比."""
    if clues.comparisons is None:
        clues.comparisons = (_MOM.last_start(clues.before), _YOY.last_start(clues.before))
    return clues.comparisons


def _month_on_month(clues: Clues) -> bool:
    mom, yoy = _comparisons(clues)
    return mom > yoy


def _year_on_year(clues: Clues) -> bool:
    mom, yoy = _comparisons(clues)
    return yoy > mom


PERCENT = ("pct",)


@MEASURE.rule("percentage_points", units=("pp",))
def _(clues: Clues):
    return "pp_change"


@MEASURE.rule("comparative", units=PERCENT)
def _(clues: Clues):
    if clues.is_change and clues.change.word in COMPARATIVES and _COMPARED.search(clues.window) \
            and not clues.c.explicit_sign:
        return "rate_pct"
    return None


@MEASURE.rule("annual_average_change", units=PERCENT)
def _(clues: Clues):
    if clues.is_change and any(w in clues.window or w in clues.clause for w in CAGR_WORDS):
        return "cagr_pct"
    return None


@MEASURE.rule("change_every_year", units=PERCENT)
def _(clues: Clues):
    """成本每年可以下降10%, 售价每年-3%: a change every year right before the number compounds."""
    if not clues.is_change:
        return None
    word, before = clues.change.word or "", clues.before
    if clues.c.qualifier == "range_high":
        before = _RANGE_LOW_END.sub("", before)
    return "cagr_pct" if before.endswith(word) and _EVERY_YEAR.search(before.removesuffix(word)) else None


@MEASURE.rule("share_change_in_points", units=PERCENT)
def _(clues: Clues):
    """绿电占比提升0.2%: a share moves in points. A rate raised by x% (数字化率提高50%) is read
    as the default relative change, as 50 points would rarely be meant."""
    word = clues.change.word
    if clues.is_change and clues.c.explicit_sign is None and word and word in clues.window \
            and clues.window[:clues.window.rfind(word)].endswith(_SHARE_NOUNS):
        return "pp_change"
    return None


@MEASURE.rule("against_the_start_of_year", units=PERCENT)
def _(clues: Clues):
    """锡价较年初下降8.7%: a change against the start of the year is measured from an earlier base
    stated in the clause, not from the period right before."""
    if not clues.is_change:
        return None
    bases = [m for m in clues.mentions if m.kind == "year_start" and clues.clause_start <= m.start < clues.c.start]
    return "yoy_pct" if bases else None


@MEASURE.rule("month_on_month_word", units=PERCENT)
def _(clues: Clues):
    return "mom_pct" if clues.is_change and _month_on_month(clues) else None


@MEASURE.rule("against_the_period_before", units=PERCENT)
def _(clues: Clues):
    """三季度销量比二季度下滑15%, 下半年较上半年增长20%: a change against the period right before
    its own (the quarter, half or month before) is measured from the last period."""
    if not clues.is_change:
        return None
    _, yoy = _comparisons(clues)
    before = [m for m in clues.mentions if m.start < clues.c.start]
    for i in range(len(before) - 1, -1, -1):
        base = before[i]
        if base.role != "base" or base.start < max(clues.clause_start, clues.sent.start + yoy + 1):
            continue
        current = next((m for m in reversed(before[:i]) if m.role in ("period", "deadline")), None)
        if current is not None:
            return "mom_pct" if _follows(current, base) else None
        # 9月份，…。铝材出口量较8月份下降5.2%: the current period is the one carried from before
        carried = clues.context.carried_period()
        return "mom_pct" if carried is not None and _precedes(base, carried) else None
    return None


def _precedes(base: PeriodMention, current: Period) -> bool:
    """The phrase names the quarter, half or month right before the current period; a base
    without a year of its own is in the current period's year."""
    if base.kind != current.grain or base.kind not in ("quarter", "half", "month"):
        return False
    if base.year is None and base.relative is None:
        base = replace(base, year=current.start.year)
    elif base.year is None:
        return False
    span = replace(base, report=False).resolve(None, None)
    return span is not None and span.end + timedelta(days=1) == current.start


def _follows(current: PeriodMention, base: PeriodMention) -> bool:
    """The two phrases name consecutive quarters, halves or months; a base without a year of its
    own is in the current one's year."""
    if current.kind != base.kind or current.kind not in ("quarter", "half", "month"):
        return False
    if base.year is None and base.relative is None:
        base = replace(base, year=current.year, relative=current.relative)
    if (current.year is None) != (base.year is None):
        return False

    def span(m: PeriodMention) -> Period | None:
        year = m.year if m.year is not None else 2000 + (m.relative or 0)  # only their distance counts
        return replace(m, year=year, relative=None, report=False).resolve(None, None)

    cp, bp = span(current), span(base)
    return cp is not None and bp is not None and bp.end + timedelta(days=1) == cp.start


@MEASURE.rule("year_on_year_word", units=PERCENT)
def _(clues: Clues):
    return "yoy_pct" if clues.is_change and _year_on_year(clues) else None


@MEASURE.rule("move_since_last_quote", units=PERCENT)
def _(clues: Clues):
    """铜价-3.51%，库存+0.61%, 沪铅微涨0.75%, 11月铜价上涨3%: a move of a market quantity (a price,
    an index, a stock) over a day, a week or a month, or over no stated period at all, is
    measured from the last quote, not from a year earlier."""
    return "mom_pct" if clues.is_change and _since_last_quote(clues) else None


@MEASURE.rule("percent_change", units=PERCENT)
def _(clues: Clues):
    return "yoy_pct" if clues.is_change else None


@MEASURE.rule("value_of_the_base", units=PERCENT)
def _(clues: Clues):
    """毛利率为46%（比一季度的37.1%好许多）, 同比增长19.7%，较一季度的36.3%下降: the same quantity in
    the period compared with, measured as the figure it is compared with."""
    previous = clues.previous
    if clues.is_change or previous is None or previous.unit_base != "pct" or not _BASE_VALUE.search(clues.clause):
        return None
    return previous.measure if previous.measure in _BASE_MEASURES else None


@MEASURE.rule("share_of_a_total", units=PERCENT)
def _(clues: Clues):
    """相当于中国铜资源总量的40%, 占全部投资的12%: a part of a total."""
    return "share_pct" if not clues.is_change and _OF_A_TOTAL.search(clues.clause) else None


@MEASURE.rule("parallel_clause", units=PERCENT)
def _(clues: Clues):
    """大约电池成本的10%，整车的4%; 3C需求增速大约在1%，工业在5%: a clause naming only another
    subject goes on with the measure of the percentage before it in its sentence."""
    previous = clues.previous
    if clues.is_change or previous is None or previous.unit_base != "pct" or previous.measure not in _BASE_MEASURES:
        return None
    clause = clues.clause
    if not _PARALLEL_CLAUSE.fullmatch(clause) or clues.indicator is not None and clues.indicator in clause:
        return None
    return previous.measure


@MEASURE.rule("rate_after_comparison", units=PERCENT)
def _(clues: Clues):
    """同比-1.8%，环比0.6%: a rate written right after 同比/环比 is the change itself."""
    if clues.is_change:
        return None
    found = _AFTER_COMPARISON.search(clues.window)
    if found is None:
        return None
    return "mom_pct" if found.group(1) in MOM_WORDS else "yoy_pct"


@MEASURE.rule("annual_average_rate", units=PERCENT)
def _(clues: Clues):
    if not clues.is_change and any(w in clues.clause for w in CAGR_WORDS) and _GROWTH_IN_CLAUSE.search(clues.clause):
        return "cagr_pct"
    return None


@MEASURE.rule("contribution_to_growth", units=PERCENT)
def _(clues: Clues):
    """对出口增长的贡献率为73%: what a part adds to the growth of its whole, in percent of that
    growth (it may exceed 100); its own reading, not a share of the total."""
    if not clues.is_change and "贡献率" in clues.clause and CONTRIBUTION_TO_GROWTH.search(clues.before):
        return "rate_pct"  # …的贡献率为73%，其中5月份贡献率高达76.9%: both
    return None


@MEASURE.rule("share_of_shared_revenue", units=PERCENT)
def _(clues: Clues):
    """按照中央60%、省级20%、市州20%比例分享: what each government keeps of a shared revenue."""
    if not clues.is_change and clues.category == "macro" and REVENUE_SHARING.first_start(sentence_text(clues)) is not None:
        return "share_pct"
    return None


@MEASURE.rule("share_word", units=PERCENT)
def _(clues: Clues):
    if not clues.is_change and (_SHARE_WORD.search(clues.window) or _SHARE_WORD.search(clues.clause)):
        return "share_pct"
    return None


@MEASURE.rule("share_of_sentence", units=PERCENT)
def _(clues: Clues):
    if not clues.is_change and not _LEVEL_VERBS.sub("", clues.clause) and _SHARE_WORD.search(clues.before):
        return "share_pct"
    return None


@MEASURE.rule("growth_rate_word", units=PERCENT)
def _(clues: Clues):
    if not clues.is_change and (_GROWTH_AFTER.match(clues.after) or any(w in clues.clause for w in GROWTH_RATE_WORDS)):
        if "年均" in clues.clause:
            return "cagr_pct"
        since_last = not _year_on_year(clues) and _since_last_quote(clues)
        return "mom_pct" if _month_on_month(clues) or since_last else "yoy_pct"
    return None


@MEASURE.rule("tenths", units=PERCENT)
def _(clues: Clues):
    return "share_pct" if not clues.is_change and clues.unit is not None and clues.unit.written == "成" else None


@MEASURE.rule("index_percentage", units=PERCENT)
def _(clues: Clues):
    return "level" if not clues.is_change and clues.category == "index" else None


@MEASURE.rule("stake", units=PERCENT)
def _(clues: Clues):
    """持有泰利森19.99%的股份, 文菲尔德51%的股权, 约31%的市场份额: a share of what follows."""
    return "share_pct" if not clues.is_change and (_STAKE_AFTER.match(clues.after) or is_stake(clues)) else None


@MEASURE.rule("share_of_population", units=PERCENT)
def _(clues: Clues):
    """8.53%员工, 90%大型矿山: a share of a population."""
    if not clues.is_change and _HAN_AFTER.match(clues.after) and not _PREDICATE_AFTER.match(clues.after):
        return "share_pct"
    return None


@MEASURE.rule("percentage_rate", units=PERCENT)
def _(clues: Clues):
    return "rate_pct" if not clues.is_change else None


@MEASURE.rule("change_in_own_unit")
def _(clues: Clues):
    return "abs_change" if clues.is_change else None


@MEASURE.rule("level")
def _(clues: Clues):
    return "level"


def _monthly(clues: Clues) -> bool:
    per = clues.context.carried.period
    return bool(_MONTHLY.search(clues.before)) or (per is not None and per.grain in ("month", "instant"))


def _since_last_quote(clues: Clues) -> bool:
    """A market quantity (price, index, stock) whose move the text dates to a short span, or to
    no span at all: no year, quarter, half or run of months before it, none carried over."""
    if clues.category not in ("price", "index") and not MARKET_STOCK.search(clues.indicator or ""):
        return False
    if _monthly(clues):
        return True
    return clues.context.carried.period is None and not any(
        m.start < clues.c.start and m.kind not in _SHORT_SPANS for m in clues.mentions)


