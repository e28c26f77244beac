"""Slot deciders of prose figures: category, measure, modality and scope, each an ordered list
of small named rules (first match wins; see rules.py). The period has its own module,
period_rules.py.

The rules read the `Clues` the prose parser gathers about one number: the candidate, its
sentence and clause, the text before and after it, the keyword that names it and the change
word that governs it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

from . import lexicon
from .candidates import Candidate
from .changes import COMPARATIVES, NO_CHANGE, Change
from .context import ReadingContext
from .keywords import (FIRM_PATTERN, FIRM_SUFFIX, HAN, INDICATORS, NATIONAL_WORDS, WORLD_WORDS, category_of,
                       firm_hits, is_firm, is_region, names_region)
from .matcher import Hit, PhraseMatcher
from .model import Figure
from .ofwhich import RATED_AFTER
from .periods import Period, PeriodMention
from .rules import RuleList
from .text import Sentence
from .units import CURRENCIES, SCALE_CHARACTERS, Unit


@dataclass(slots=True)
class Clues:
    """What the parser knows about one number when its slots are decided."""
    context: ReadingContext
    norm: str
    sent: Sentence
    c: Candidate
    mentions: list[PeriodMention]  # the period phrases of the sentence
    window: str  # the text since the previous figure
    clause_start: int
    clause: str  # the clause before the number
    before: str  # the sentence before the number
    after: str  # the clause after the number and its unit
    unit: Unit | None
    unit_base: str | None
    keyword_category: str | None = None
    keyword_flow: str | None = None
    indicator: str | None = None
    category: str = "other"
    change: Change = NO_CHANGE
    is_change: bool = False
    measure: str = "level"
    period: Period | None = None
    period_override: Period | None = None
    member: tuple[int, int] = (0, 1)  # its place in a list of values (28万吨、32.7万吨、39.9万吨) and the list's length
    scope_text: tuple[str, str] | None = None  # (clause, sentence before) the scope is read from
    subject: str | None = None
    about: str | None = None  # "firm", "region": what the subject rules found the figure about
    period_scan: object = None  # period_rules.PeriodScan
    topics: tuple[int, int, int] | None = None
    previous: Figure | None = None  # the figure before it in its sentence
    comparisons: tuple[int, int] | None = None  # measure: where the sentence last says 环比, 同比  # scope: where the sentence names China, the world, a firm


def _markers(marker: str) -> tuple[str, ...]:
    return lexicon.words("markers", marker=marker)


CAGR_WORDS = _markers("cagr")
MOM_WORDS = _markers("mom")
YOY_WORDS = _markers("yoy")
SHARE_WORDS = _markers("share")
GROWTH_RATE_WORDS = _markers("growth_rate")
CONTRIBUTION_TO_GROWTH = re.compile("|".join(w for w in _markers("contribution") if w.endswith("贡献率")))
FORECAST_WORDS = re.compile("|".join(_markers("forecast")))
PLAN_WORDS = re.compile("(" + "|".join(_markers("plan")) + ")")
_ASSUMPTION = re.compile(r"(?:假设|假如|如果|倘若)[^。；;？！?!]*?则")
_OF_A_TOTAL = re.compile(r"(?:总|全部)[^\d，,；;。、%]{0,8}的$")
_PARALLEL_CLAUSE = re.compile(rf"[{HAN}A-Za-z]{{1,6}}(?:的|在|为)")
_REACHING = re.compile(r"至|到")
_ESTIMATES = frozenset(("估计",))
_PLAN_AFTER = re.compile(r"^[^，,；;。]{0,14}?(?:计划|拟于)")
_NOT_PLAN = re.compile("|".join(map(re.escape, _markers("not_plan"))))
_SHARE_WORD = re.compile("|".join(SHARE_WORDS))
_LEVEL_VERBS = re.compile(r"达到|提升至|提高到|提升到|上升至|升至|增至|为|是|达|至|到|约|超过|已|进一步|，|,")
_GROWTH_AFTER = re.compile(r"^的?(增速|增幅|增长)")
_GROWTH_IN_CLAUSE = re.compile("增|长|速|CAGR")  # CAGR为28%: the rate names its growth
_COMPARED = re.compile(r"比|较")
_AFTER_COMPARISON = re.compile("(" + "|".join(map(re.escape, (*MOM_WORDS, *YOY_WORDS))) + r")(?:为|是|:|：)?\s*$")
_MONTHLY = re.compile(r"(\d{1,2})月份?|单月|月内|本月")
_HAN_AFTER = re.compile(rf"^[{HAN}]")
_PREDICATE_AFTER = re.compile(
    r"^(的|以|左右|之|和|及|与|或|达|为|是|跌|涨|升|降|增|减|提|回|下|上|至|到|占|居|位|超|高|低|仍|已|将|均|分别|，)")
_STAKE_AFTER = re.compile("^(?:左右|以上)?的?(?:" + "|".join(_markers("stake_after")) + ")")
_FROM_VALUE = re.compile(r"(?:从|由(?!于))[^，,；;至到为]{0,14}$")  # 从17%提升至24%: the starting level
_SHARE_NOUNS = ("占比", "比重", "比例")
_REPORTED_DONE = re.compile(r"累计|已|以来")
_TARGET_AFTER = re.compile(r"^(以上|以内)?的?目标")
_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?\n]")
_CAPACITY_AFTER = re.compile(r"^[^，。；,;（(]{0,24}?(" + "|".join(map(re.escape, _markers("capacity_after"))) + ")")
_OWN_INDUSTRY = re.compile("|".join(map(re.escape, lexicon.words("subjects", kind="own_industry"))))
PRODUCT_COUNTS = frozenset(lexicon.words("units", role="product_count"))
_DEAL = PhraseMatcher(_markers("deal"))
_EQUITY = "|".join(_markers("equity"))
# 49%的股权, 持有泰利森股权达到19.99%, 持有文菲尔德65%: a stake
_EQUITY_AFTER = re.compile(rf"^(?:[-~～至到]\d+(?:\.\d+)?%)?(?:左右|以上)?的?(?:{_EQUITY})")
_EQUITY_BEFORE = re.compile(rf"(?:{_EQUITY})(?:比例)?(?:达到|达|为|至|约|了)*$|持有[^，,；;。、]{{0,12}}$")
_FIRM_FINANCE = PhraseMatcher(_markers("firm_finance"))
_REVENUE_SHARING = PhraseMatcher(_markers("revenue_sharing"))
_PRICE_INDEX = PhraseMatcher(_markers("price_index"))
_PRICE_MOVES = frozenset(_markers("price_move"))
_GROWTH_OF = frozenset(GROWTH_RATE_WORDS)
_EVERY_YEAR = re.compile(r"(?:每年|逐年)(?:可以|可|能|将|会|都|均)?[+\-－]?$")
_BASE_VALUE = re.compile(r"(?:(?<![占对])比|较|与)[^，,；;。、%]{1,12}的$")
_BASE_MEASURES = ("yoy_pct", "mom_pct", "rate_pct", "share_pct", "cagr_pct")
_RANGE_LOW_END = re.compile(r"[\d.]+%?\s*[-~～—至到]\s*$")
_MARKET_STOCK = re.compile("|".join(map(re.escape, _markers("market_stock"))))
_SHORT_SPANS = frozenset(("day", "rel_day", "now", "month", "rel_month", "month_instant"))

# ---------------------------------------------------------------- category ------------------
CATEGORY = RuleList("category")


# money per tonne, ounce or barrel, in any currency (per share is a share price: other)
PRICE_UNITS = tuple(f"{code}/{per}" for code in sorted(set(CURRENCIES.values())) for per in ("t", "oz", "bbl"))
_CODES = sorted(set(CURRENCIES.values()))
MONEY_UNITS = tuple(_CODES)
PER_SHARE_UNITS = tuple(f"{code}/share" for code in _CODES)
EXCHANGE_RATE_UNITS = tuple(f"{a}/{b}" for a in _CODES for b in _CODES if a != b)
DURATION_UNITS = ("yr", "week", "day", "h")


def _sentence(clues: Clues) -> str:
    return clues.norm[clues.sent.start:clues.sent.end]


def in_deal(clues: Clues) -> bool:
    """The sentence buys or sells a firm or a stake, or names what pays for it."""
    return _DEAL.first_start(_sentence(clues)) is not None


def is_stake(clues: Clues) -> bool:
    """A percentage that is a stake: 49%的股权, 股权达到19.99%, 持有文菲尔德65%."""
    return bool(_EQUITY_AFTER.match(clues.after) or _EQUITY_BEFORE.search(clues.clause))


def _named_in_sentence(clues: Clues) -> bool:
    """The figure's indicator is a word of the lexicon its own sentence writes (not carried)."""
    return clues.indicator is not None and clues.indicator in INDICATORS and clues.indicator in _sentence(clues)


@CATEGORY.rule("exchange_rate_unit", units=EXCHANGE_RATE_UNITS)
def _(clues: Clues):
    """1美元兑人民币6.3679元: the market's exchange rate."""
    return ("macro", None)


@CATEGORY.rule("stake", units=("pct",))
def _(clues: Clues):
    """A stake bought, sold or offered is an investment (收购泰利森19.99%的股份); one held with no
    deal in the sentence is a fact of ownership (other)."""
    if not is_stake(clues):
        return None
    return ("investment" if in_deal(clues) else "other", None)


@CATEGORY.rule("deal_money", units=(*MONEY_UNITS, *PER_SHARE_UNITS, "count"))
def _(clues: Clues):
    """What a deal costs, raises or issues (以每股现金价格7.5加元收购, 交易价格为…万元, 发行…股普通股,
    募集资金…元): an investment, unless a word of its own names another quantity (总资产, 净利润)."""
    if clues.unit_base == "count" and not (clues.c.unit_text or "").endswith("股"):
        return None
    if clues.keyword_category not in (None, "price", "other", "investment") \
            or clues.keyword_category == "other" and _named_in_sentence(clues):
        return None
    return ("investment", None) if in_deal(clues) else None


@CATEGORY.rule("share_price", units=PER_SHARE_UNITS)
def _(clues: Clues):
    """A share price outside a deal (收盘价54.99元, 目标价50元) is other; EPS keeps its keyword."""
    return ("other", None) if clues.keyword_category in (None, "price") else None


@CATEGORY.rule("price_unit", units=PRICE_UNITS)
def _(clues: Clues):
    return ("price", None)


@CATEGORY.rule("futures_lots", units=("lot",))
def _(clues: Clues):
    """成交186420手, 持仓25.4万手: futures volumes and open interest."""
    return ("other", None)


@CATEGORY.rule("energy_intensity_unit", units=("kWh/t", "kgce/t", "tce"))
def _(clues: Clues):
    return ("energy_env", None)


@CATEGORY.rule("capacity_per_year_unit", units=("t/yr", "t/day"))
def _(clues: Clues):
    """A mass per year is a capacity, unless demand is what it measures (需求量有望达到6.4万吨/年)."""
    return ("capacity", None) if clues.keyword_category != "consumption" else None


@CATEGORY.rule("index_value", units=("index",))
def _(clues: Clues):
    return ("index", None) if clues.unit is not None and clues.unit.written == "" else None


@CATEGORY.rule("duration", units=DURATION_UNITS)
def _(clues: Clues):
    """需要2-3年, 推迟了5周: the time a thing takes."""
    return ("other", None)


@CATEGORY.rule("count_of_things", units=("count",))
def _(clues: Clues):
    if clues.keyword_category == "macro" and clues.after.startswith(clues.indicator or "\0"):
        return ("macro", None)  # 14亿多人口: a count of what the keyword after it names
    if (clues.c.unit_text or "").lstrip(SCALE_CHARACTERS) not in PRODUCT_COUNTS:
        return ("other", None)
    return None


@CATEGORY.rule("rated_or_capacity_word_after", units=("t", "kW", "kWh", "m3"))
def _(clues: Clues):
    capacity_word = _CAPACITY_AFTER.match(clues.after)
    clause = _CLAUSE_SPLIT.split(clues.before)[-1]
    # 产量保持50万吨以上规模: the scale of a flow its clause names, not a capacity
    flow_scale = capacity_word is not None and capacity_word.group(1) == "规模" \
        and clues.keyword_category in ("output", "consumption", "trade") \
        and any(category_of(h.word)[0] == clues.keyword_category for h in INDICATORS.leftmost_longest(clause))
    if (capacity_word or RATED_AFTER.match(clues.after)) and not flow_scale:
        return ("capacity", None)
    return None


_ONCE_BUILT = PhraseMatcher(_markers("once_built"))


@CATEGORY.rule("annual_output_once_built", units=("t", "kW", "kWh", "m3"))
def _(clues: Clues):
    """达产后年产铜5万吨, 启动年产8GWh的生产线: what a plant makes a year once built is its capacity."""
    if clues.indicator in ("年产", "年产量") and _ONCE_BUILT.first_start(clues.before) is not None:
        return ("capacity", None)
    return None


@CATEGORY.rule("national_value_added")
def _(clues: Clues):
    if clues.indicator in ("工业增加值", "增加值") and not _OWN_INDUSTRY.search(clues.before[-60:]):
        return ("macro", None)
    return None


@CATEGORY.rule("government_share_of_taxes")
def _(clues: Clues):
    """市县级分享…税收, 中央60%、省级40%比例分享: taxes split between governments are government
    revenue, whatever firm paid them."""
    if clues.keyword_category != "profit" or "税" not in clues.before:
        return None
    # a share or a ratio of the split may name it after itself (中央60%、省级40%比例分享); an amount
    # or a growth is the government's only where its own clause says so
    shares = clues.unit_base == "pct" and clues.change.word is None
    where = _sentence(clues) if shares else clues.clause
    return ("macro", None) if _REVENUE_SHARING.first_start(where) is not None else None


@CATEGORY.rule("price_index_component")
def _(clues: Clues):
    """分类别看，食品烟酒价格下降1.8%: a component of the consumer or producer price index, in
    a paragraph about that index, is an economy-wide figure; a market's quote keeps its unit."""
    if clues.keyword_category != "price" or clues.unit_base not in ("pct", "pp"):
        return None
    paragraph_start = clues.context.paragraph_spans[clues.sent.paragraph][0]
    return ("macro", None) if clues.context.named_between(_PRICE_INDEX, paragraph_start, clues.c.start) else None


@CATEGORY.rule("firm_borrowing")
def _(clues: Clues):
    """融资的平均利率为8.28%, 获得了5250万欧元的贷款: a firm's own loan or borrowing rate."""
    if clues.keyword_category == "macro" and (clues.indicator or "").endswith(("利率", "贷款")) \
            and _FIRM_FINANCE.first_start(clues.clause) is not None:
        return ("other", None)
    return None


@CATEGORY.rule("growth_of_named_quantity")
def _(clues: Clues):
    """日耗煤周涨幅+9.33%, 高炉开工率…跌幅已超50%: a growth word measures the quantity named
    before it in the sentence, not a price."""
    if clues.indicator not in _GROWTH_OF:
        return None
    before = INDICATORS.leftmost_longest(clues.clause)
    named = [h for h in before if h.word not in _GROWTH_OF and category_of(h.word)[0] != "price"]
    if not named or any(h.start > named[-1].start and h.word not in _GROWTH_OF for h in before):
        return None
    return category_of(named[-1].word)


@CATEGORY.rule("keyword")
def _(clues: Clues):
    return (clues.keyword_category, clues.keyword_flow) if clues.keyword_category is not None else None


@CATEGORY.rule("move_of_a_quote", units=("pct",))
def _(clues: Clues):
    """VD3周涨24.1%: a move told in the words of quotes (涨, 跌), with nothing naming the quantity."""
    return ("price", None) if clues.change.word in _PRICE_MOVES else None


@CATEGORY.rule("power_without_keyword", units=("kW",))
def _(clues: Clues):
    return ("capacity", None)


@CATEGORY.rule("no_keyword")
def _(clues: Clues):
    return ("other", None)


# ---------------------------------------------------------------- measure -------------------
MEASURE = RuleList("measure")


_MOM, _YOY = PhraseMatcher(MOM_WORDS), PhraseMatcher(YOY_WORDS)
_NATIONAL, _WORLD = PhraseMatcher(NATIONAL_WORDS), PhraseMatcher(WORLD_WORDS)
_WORLD_WORD = re.compile("|".join(map(re.escape, WORLD_WORDS)))


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
        return "mom_pct" if current is not None and _follows(current, base) else None
    return None


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
    if not clues.is_change and clues.category == "macro" and _REVENUE_SHARING.first_start(_sentence(clues)) is not None:
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
    if clues.category not in ("price", "index") and not _MARKET_STOCK.search(clues.indicator or ""):
        return False
    if _monthly(clues):
        return True
    return clues.context.carried.period is None and not any(
        m.start < clues.c.start and m.kind not in _SHORT_SPANS for m in clues.mentions)


# ---------------------------------------------------------------- modality ------------------
MODALITY = RuleList("modality")
"""Levels stated as plans are targets; as predictions, forecasts. Decides from the measure
(level, rate_pct, share_pct) and the period of the figure (`Clues.period`)."""


@MODALITY.rule("terms_of_a_deal")
def _(clues: Clues):
    """The terms of a deal, even one not yet done, are what was agreed (拟以每股6.5加元收购, 认购目标
    公司10%权益): neither a plan's target nor a forecast."""
    if clues.category == "investment" and (is_stake(clues) or in_deal(clues)):
        return clues.measure
    return None


@MODALITY.rule("present_state")
def _(clues: Clues):
    """…实现150万吨的目标，目前是130万吨; 预计…（目前已实现了1.4万吨的产能）: where things stand
    now, said in the figure's own clause after any aim or prediction, is a level."""
    now = [m for m in clues.mentions if m.kind == "now" and clues.clause_start <= m.start < clues.c.start]
    if not now or clues.norm[now[-1].start - 1:now[-1].start] in ("从", "由"):
        return None  # 从当前的12%提升到20%: now is where a change starts
    between = clues.norm[now[-1].end:clues.c.start]
    if FORECAST_WORDS.search(between) or PLAN_WORDS.search(between) or _REACHING.search(between):
        return None
    return clues.measure


@MODALITY.rule("forecast_word")
def _(clues: Clues):
    found = [m for m in FORECAST_WORDS.finditer(clues.before)]
    if not found:
        return None
    if all(m.group() in _ESTIMATES for m in found) and (clues.period is None or not clues.context.future(clues.period)):
        return None  # 据估计，2017年全年…应在57万吨左右, 资源估计共有3900万吨: an estimate of what is
    return "forecast"


@MODALITY.rule("outcome_of_an_assumption")
def _(clues: Clues):
    """假设未来三年电池容量为58kWh，则需求为85kt; 如果…完成发行，融资100亿则负债率将下降至42.58%:
    the assumption and what follows from it are predictions; a present fact the sentence cites
    after its assumption (按照今天的收盘价54.99元) is not."""
    assumed = _ASSUMPTION.search(_sentence(clues))
    if assumed is None or clues.sent.start + assumed.start() > clues.c.start:
        return None
    since = clues.sent.start + assumed.start()
    if any(m.kind in ("now", "rel_day") and since <= m.start < clues.c.start for m in clues.mentions):
        return None
    return "forecast"


@MODALITY.rule("forecast_section")
def _(clues: Clues):
    """未来展望 over numbered items: their levels are predictions."""
    return "forecast" if clues.context.forecast_section else None


@MODALITY.rule("starting_level")
def _(clues: Clues):
    """The starting level of 从A提升至B is where things stand, not the aim."""
    return clues.measure if _FROM_VALUE.search(clues.before[clues.clause_start - clues.sent.start:]) else None


@MODALITY.rule("future_period")
def _(clues: Clues):
    period, present = clues.period, clues.context.present
    if period is None or present is None:
        return None
    if period.start > present.end:
        return "target"
    # a multi-year period not over yet, in a text that does not report it as done
    if period.grain == "multi_year" and period.end > present.end and not _REPORTED_DONE.search(clues.before):
        return "target"
    return None


@MODALITY.rule("deadline")
def _(clues: Clues):
    if any(m.role == "deadline" and m.start < clues.c.start for m in clues.mentions):
        return "target"
    return None


@MODALITY.rule("plan_word")
def _(clues: Clues):
    return "target" if PLAN_WORDS.search(_NOT_PLAN.sub("", clues.before)) else None


@MODALITY.rule("plan_after")
def _(clues: Clues):
    """1.35万吨氢氧化锂产能计划于今年实现, 追加1000亿美元商品的关税计划: a plan its clause names after it."""
    return "target" if _PLAN_AFTER.match(clues.after) else None


@MODALITY.rule("target_named_after")
def _(clues: Clues):
    """…万吨的目标: the aim; 60元的目标价 is an analyst's prediction of a share price."""
    named = _TARGET_AFTER.match(clues.after)
    if named is None:
        return None
    return "forecast" if clues.after.startswith("价", named.end()) else "target"


@MODALITY.rule("reaching_over")
def _(clues: Clues):
    doc_date = clues.context.doc_date
    if clues.before.endswith("达到") and clues.c.qualifier == "over" and (
            clues.period is None or doc_date is None or clues.period.end >= doc_date):
        return "target"
    return None


@MODALITY.rule("target_section")
def _(clues: Clues):
    return "target" if clues.context.in_target_section() else None


def modality(clues: Clues) -> tuple[str, str]:
    measure, name = MODALITY.decide(clues, clues.measure)
    return measure, name


# ---------------------------------------------------------------- scope ---------------------
SCOPE = RuleList("scope")


@SCOPE.rule("firm_subject")
def _(clues: Clues):
    return "firm" if is_firm(clues.subject) or clues.about == "firm" else None


@SCOPE.rule("region")
def _(clues: Clues):
    # a region counts outside firm names only (江西铜业集团 is a firm, not Jiangxi)
    clause, _ = clues.scope_text
    if is_region(clues.subject) or clues.about == "region" \
            or names_region(FIRM_PATTERN.sub("", clause) if FIRM_SUFFIX.search(clause) else clause):
        return "regional"
    return None


# the whole a share is of (占全球总产量的35%) places the part in no market: China's share of the world
_SHARE_WHOLE = re.compile(r"占[^，,；;。]{1,16}?(?:的|比重|份额|$)")


# nor does the partner of China's trade (中国自美国进口废铜, 对欧盟出口): the trade is China's
_TRADE_PARTNER = re.compile(r"(?:对|从|自|向|来自于|来自)[^，,；;。、]{1,14}?(?:进出口|出口|进口|贸易|外贸)")


def _world_of_wholes_masked(text: str) -> str:
    """`text` with the world words of share wholes and trade partners masked, positions kept."""
    def mask(m):
        return _WORLD_WORD.sub(lambda w: "□" * len(w.group()), m.group())
    return _TRADE_PARTNER.sub(mask, _SHARE_WHOLE.sub(mask, text))


@SCOPE.rule("world_word")
def _(clues: Clues):
    clause, _ = clues.scope_text
    return "world" if _WORLD_WORD.search(_world_of_wholes_masked(clause)) else None


def _topics(clues: Clues) -> tuple[int, int, int]:
    """Where the sentence last speaks of China, of the world and of a firm (-1: nowhere)."""
    if clues.topics is None:
        before = _world_of_wholes_masked(clues.scope_text[1])
        firms = firm_hits(before)
        clues.topics = (_NATIONAL.last_start(before), _WORLD.last_start(before), firms[-1].start if firms else -1)
    return clues.topics


@SCOPE.rule("sentence_topic_world")
def _(clues: Clues):
    """The sentence's own topic, when nothing after it brings the figure back home:
    伦敦金属交易所主要品种普遍上行：铜价…上涨373美元/吨."""
    national, world, firm = _topics(clues)
    return "world" if world > national and world > firm else None


@SCOPE.rule("sentence_topic_firm")
def _(clues: Clues):
    """金川集团…生产…72864吨."""
    national, world, firm = _topics(clues)
    return "firm" if firm > national else None


@SCOPE.rule("national")
def _(clues: Clues):
    return "national"


def scope(clues: Clues) -> tuple[str, str]:
    value, name = SCOPE.decide(clues, "national")
    return value, name


__all__ = ["CATEGORY", "Clues", "Hit", "MEASURE", "MODALITY", "SCOPE", "modality", "scope"]
