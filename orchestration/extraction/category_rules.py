"""The category of a prose figure (and its flow): an ordered list of named rules, first match wins
(rules.py). They read the `Clues` the prose parser gathers about one number (clues.py)."""

from __future__ import annotations

import re

from . import lexicon
from .clues import GROWTH_RATE_WORDS, PRODUCT_COUNTS, REVENUE_SHARING, Clues, in_deal, is_stake, markers, sentence_text
from .keywords import INDICATORS, category_of
from .matcher import PhraseMatcher
from .ofwhich import RATED_AFTER
from .rules import RuleList
from .units import CURRENCIES, SCALE_CHARACTERS

_GROWTH_OF = frozenset(GROWTH_RATE_WORDS)

_PRICE_MOVES = frozenset(markers("price_move"))

_PRICE_INDEX = PhraseMatcher(markers("price_index"))

_FIRM_FINANCE = PhraseMatcher(markers("firm_finance"))

_OWN_INDUSTRY = re.compile("|".join(map(re.escape, lexicon.words("subjects", kind="own_industry"))))

_CAPACITY_AFTER = re.compile(r"^[^，。；,;（(]{0,24}?(" + "|".join(map(re.escape, markers("capacity_after"))) + ")")

_CLAUSE_SPLIT = re.compile(r"[，,；;：:。！？!?\n]")


# ---------------------------------------------------------------- category ------------------
CATEGORY = RuleList("category")


# money per tonne, ounce or barrel, in any currency (per share is a share price: other)
PRICE_UNITS = tuple(f"{code}/{per}" for code in sorted(set(CURRENCIES.values())) for per in ("t", "oz", "bbl"))
_CODES = sorted(set(CURRENCIES.values()))
MONEY_UNITS = tuple(_CODES)
PER_SHARE_UNITS = tuple(f"{code}/share" for code in _CODES)
EXCHANGE_RATE_UNITS = tuple(f"{a}/{b}" for a in _CODES for b in _CODES if a != b)
DURATION_UNITS = ("yr", "week", "day", "h")


def _named_in_sentence(clues: Clues) -> bool:
    """The figure's indicator is a word of the lexicon its own sentence writes (not carried)."""
    return clues.indicator is not None and clues.indicator in INDICATORS and clues.indicator in sentence_text(clues)


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


_ONCE_BUILT = PhraseMatcher(markers("once_built"))


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
    where = sentence_text(clues) if shares else clues.clause
    return ("macro", None) if REVENUE_SHARING.first_start(where) is not None else None


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
    before it in the sentence_text, not a price."""
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


