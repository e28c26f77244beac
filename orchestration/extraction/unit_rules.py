"""Unit deciders of prose figures: the unit a figure's context fixes when the writer left part
of it out or wrote it short, each an ordered list of small named rules (first match wins;
see rules.py).

UNIT runs before the category is decided, on the unit written after the number (or none):
a share with % left out (营收占比为4.9), a ratio or grade that has no unit (内外比值7.21), a
market quote without a unit (沪铝收报19340 is 元/吨), money without 元 (营收16.69亿), money per
a unit written before it (每吨8,469美元, 每股7.5加元) or per share (目标价50元), a price written
short in a per-tonne report (回落至9498美元), a quantity per year (每年70,000公吨). Two more lists run once the change and the measure are
known: 倍 of a change is a percent change (增长了2倍 is +200 %: UNIT_OF_CHANGE), a percentage
level of an index (PMI为49.5%) is an index value (UNIT_OF_MEASURE). A unit the context
supplied says so in `Unit.implied`, and the extraction's diagnostics name it.
"""

from __future__ import annotations

import re

from . import lexicon
from .clues import Clues
from .matcher import PhraseMatcher
from .quotes import PREMIUM_BEFORE, market_unit, percent_implied_before, unitless_before
from .rules import RuleList
from .units import CURRENCIES, NO_UNIT, PER_UNITS, PRICE_PER_UNITS, SCALE_CHARACTERS, SCALES, Unit, parse_unit

_PER_SHARE = PhraseMatcher(lexicon.words("quotes", role="per_share"))
_MONEY = PhraseMatcher(lexicon.words("quotes", role="money"))
_CURRENCY_CODES = frozenset(CURRENCIES.values())
_OTHER_CURRENCIES = lexicon.words("units", role="other_currency")
_CONVERTED = re.compile(r"^[（(]?(?:约合|折合|相当于)(?:人民币)?$")
_PER_YEAR_BEFORE = re.compile(r"每年\s*$")
# 港币3.52亿元, 美元约12亿元: a currency written before the number names the money its 元 counts.
_CURRENCY_BEFORE = re.compile(
    "(" + "|".join(re.escape(w) for w in sorted((w for w, code in CURRENCIES.items() if code != CURRENCIES["元"]),
                                                 key=len, reverse=True))
    + ")(?:" + "|".join(re.escape(w) for w in sorted(lexicon.words("qualifiers", position="before"), key=len, reverse=True))
    + r")?\s*$")
# 每吨8,469美元, 每股基本盈利为0.52港元: the denominator of a rate written before its number.
_PER_UNIT_BEFORE = re.compile("每(" + "|".join(sorted({*PRICE_PER_UNITS, "吨", "公吨"}, key=len, reverse=True))
                              + r")[^，,；;。：:\d]{0,8}$")
_GROWTH_RATE = re.compile("|".join(lexicon.words("markers", marker="growth_rate")))
# A rate in a currency per tonne written in the text: 43310元/吨, 9664美元/吨, 每吨18美元.
_CURRENCY_WORDS = "|".join(sorted(CURRENCIES, key=len, reverse=True))
_PER_TONNE_PRICE = re.compile(rf"({_CURRENCY_WORDS})/吨|每吨[\d.,，]+[万亿千百]*({_CURRENCY_WORDS})")


def _per_tonne_currencies(text: str) -> list[str]:
    """The currencies of the prices per tonne `text` writes, in order."""
    return [m.group(1) or m.group(2) for m in _PER_TONNE_PRICE.finditer(text)]

UNIT = RuleList("unit")


def _paragraph_before(clues: Clues) -> str:
    start, _ = clues.context.paragraph_spans.get(clues.sent.paragraph, (clues.sent.start, clues.sent.end))
    return clues.norm[start:clues.c.start]


@UNIT.rule("share_without_percent")
def _(clues: Clues):
    """管理费用的营收占比为4.9: a share whose % the writer left out."""
    if clues.unit is None and percent_implied_before(clues.norm, clues.c.start):
        return Unit("%", 1.0, "pct", implied="%")
    return None


@UNIT.rule("no_unit_of_its_own")
def _(clues: Clues):
    """内外比值为7.21, 采矿等级从1.11下降至0.89: a ratio or a grade, a number with no unit."""
    if clues.unit is None and unitless_before(clues.norm, clues.c.start):
        return NO_UNIT
    return None


@UNIT.rule("market_quote")
def _(clues: Clues):
    """A quote the market fixes the unit of: 沪铝主力合约收报18675 (元/吨), LME镍收于16480 (美元/吨),
    its move (上涨1840) or a stop-loss (止损42900) in a report on that market; a premium without
    a unit (升贴水（贴）140) takes the unit of the price quoted before it."""
    if clues.unit is not None:
        return None
    written = None
    if PREMIUM_BEFORE.search(clues.window):
        quoted = _per_tonne_currencies(_paragraph_before(clues))
        written = f"{quoted[-1]}/吨" if quoted else None
    written = written or market_unit(clues.before) or market_unit(_paragraph_before(clues))
    if written is None:
        return None
    unit = parse_unit(written)
    return Unit(written, unit.multiplier, unit.unit_base, implied=f"the unit of the market's quotes: {written}")


@UNIT.rule("currency_written_before")
def _(clues: Clues):
    """港币3.52亿元, 港幣約6,120萬元, 美元12亿: the currency written before the number, not the 元
    after it, says which money the amount is in."""
    unit = clues.unit
    if unit is None or not (unit.unit_base == CURRENCIES["元"] or unit.written in SCALES):
        return None
    found = _CURRENCY_BEFORE.search(clues.clause)
    if found is None:
        return None
    return Unit(unit.written, unit.multiplier, CURRENCIES[found.group(1)])


@UNIT.rule("money_without_yuan")
def _(clues: Clues):
    """营收16.69亿, 新增管理费用1763万: a bare scale after an amount of money is 亿元/万元 with 元 left out."""
    unit = clues.unit
    if unit is None or unit.written not in SCALES or clues.after.startswith(_OTHER_CURRENCIES):
        return None  # (1.2万亿日元: money, but in a currency the warehouse has no code for)
    if clues.keyword_category in ("profit", "investment") or _MONEY.last_start(clues.clause) >= 0:
        return Unit(unit.written, unit.multiplier, CURRENCIES["元"], implied="元")
    return None


@UNIT.rule("per_unit_before", units=tuple(_CURRENCY_CODES))
def _(clues: Clues):
    """每吨8,469美元, 每公斤52元, 每股7.5加元: money per a unit written before the number; the unit
    stays as written, the base becomes the rate (per kilogram converted to per tonne)."""
    found = _PER_UNIT_BEFORE.search(clues.clause)
    if found is None:
        return None
    multiplier, per = PRICE_PER_UNITS.get(found.group(1)) or PER_UNITS[found.group(1)]
    return Unit(clues.unit.written, clues.unit.multiplier * multiplier, f"{clues.unit_base}/{per}")


@UNIT.rule("energy_per_tonne_before", units=("tce", "kWh"))
def _(clues: Clues):
    """每吨320千克标准煤, 每吨电解铝耗电13200千瓦时: energy per tonne written before the number is a
    unit consumption (kgce/t, kWh/t), not an amount of energy."""
    found = _PER_UNIT_BEFORE.search(clues.clause)
    if found is None or found.group(1) not in ("吨", "公吨"):
        return None
    if clues.unit_base == "tce":
        return Unit(clues.unit.written, clues.unit.multiplier * 1000, "kgce/t")
    return Unit(clues.unit.written, clues.unit.multiplier, "kWh/t")


@UNIT.rule("per_share_amount", units=tuple(_CURRENCY_CODES))
def _(clues: Clues):
    """每股7.5加元, 目标价50元, 基本每股收益0.54元, EPS为$0.38, 8.4元的目标价: an amount per share."""
    if clues.unit.written[:1] in SCALE_CHARACTERS:
        return None  # 收购总价为7.24亿加元: a total, not per share
    # (7.5加元（约合47.56元人民币）: the converted amount of a per-share price is per share too)
    scope = clues.clause if _CONVERTED.search(clues.window) else clues.window
    if _PER_SHARE.last_start(scope) >= 0 or _PER_SHARE.match_at(clues.after, 1 if clues.after[:1] == "的" else 0):
        return Unit(clues.unit.written, clues.unit.multiplier, f"{clues.unit_base}/share")
    return None


@UNIT.rule("price_written_short", units=tuple(_CURRENCY_CODES))
def _(clues: Clues):
    """回落至9498美元, 下跌270元: a price of a report that quotes per tonne, written without 吨."""
    if clues.keyword_category != "price" and market_unit(clues.before) is None:
        return None
    currency = clues.unit.written.lstrip(SCALE_CHARACTERS)
    quoted = _per_tonne_currencies(_paragraph_before(clues))
    if quoted and CURRENCIES.get(quoted[-1]) == CURRENCIES.get(currency):
        return Unit(clues.unit.written, clues.unit.multiplier, f"{clues.unit_base}/t",
                    implied=f"per tonne, as the report quotes {quoted[-1]}/吨")
    # 沪铝收报19340，涨80元: the move of a quote whose market fixes its unit per tonne
    market = market_unit(clues.before)
    if market and market.endswith("/吨") and CURRENCIES.get(market.removesuffix("/吨")) == CURRENCIES.get(currency):
        return Unit(clues.unit.written, clues.unit.multiplier, f"{clues.unit_base}/t",
                    implied=f"per tonne, the unit of the market's quotes: {market}")
    return None


@UNIT.rule("quantity_per_year", units=("t",))
def _(clues: Clues):
    """每年 70,000 公吨: a quantity per year, written 公吨/年."""
    if _PER_YEAR_BEFORE.search(clues.window):
        return parse_unit(f"{clues.unit.written}/年")
    return None


UNIT_OF_CHANGE = RuleList("unit_of_change")


@UNIT_OF_CHANGE.rule("multiple_as_change", units=("times",))
def _(clues: Clues):
    """增长了2倍: a change by a multiple is a percent change of 200."""
    if clues.is_change:
        return Unit(clues.unit.written, clues.unit.multiplier * 100, "pct")
    return None


UNIT_OF_MEASURE = RuleList("unit_of_measure")


@UNIT_OF_MEASURE.rule("index_percentage", units=("pct",))
def _(clues: Clues):
    """制造业PMI为49.5%: a diffusion index stated as a level with % is an index value."""
    if clues.category == "index" and clues.measure == "level" and clues.unit.written != "成" \
            and not _GROWTH_RATE.search(clues.before):  # 指数同比增长8.1%，增速…保持在8%以上: a growth rate
        return Unit(clues.unit.written, clues.unit.multiplier, "index")
    return None
