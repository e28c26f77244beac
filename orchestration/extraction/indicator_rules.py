"""Indicator names decided once a figure's category, unit and measure are known: the quantities
whose name depends on what the figure turned out to be, not on one keyword (gold guide, Indicator
names). `INDICATOR.decide(clues)` returns the new name, or None when the keyword's name stays.
"""

from __future__ import annotations

from . import lexicon
from .category_rules import MONEY_UNITS, PER_SHARE_UNITS
from .clues import Clues, in_deal, markers, sentence_text
from .matcher import PhraseMatcher
from .rules import RuleList

INDICATOR: RuleList[str] = RuleList("indicator")

_PER_SHARE_DEAL_PRICE = "每股收购价格"


@INDICATOR.rule("price_per_share_of_deal", units=PER_SHARE_UNITS)
def _(clues: Clues):
    """A price per share in a sentence telling of a purchase (以每股7.5加元的对价收购…) is the price
    offered for each share, whatever word (价格, 对价, 现金) the sentence writes before it."""
    return _PER_SHARE_DEAL_PRICE if clues.category == "investment" and in_deal(clues) else None


_TARIFF_WORDS = tuple(lexicon.words("subjects", kind="tariff_word"))
_ADDITIONAL_TARIFF = PhraseMatcher(markers("additional_tariff"))
_TAXED_GOODS_VALUE = "加征关税商品金额"
_ADDITIONAL_TARIFF_RATE = "加征关税税率"


@INDICATOR.rule("additional_tariff", units=(*MONEY_UNITS, "pct"))
def _(clues: Clues):
    """A tariff levied on top (加征, 追加): an amount of money is the value of the goods it taxes
    (对…500亿美元商品加征关税, 500亿美元关税清单), a percentage the rate levied (加征25%的关税)."""
    if not clues.indicator or not clues.indicator.endswith(_TARIFF_WORDS) \
            or _ADDITIONAL_TARIFF.first_start(sentence_text(clues)) is None:
        return None
    return _ADDITIONAL_TARIFF_RATE if clues.unit_base == "pct" else _TAXED_GOODS_VALUE
