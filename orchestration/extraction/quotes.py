"""Numbers written without a unit whose context fixes one: market quotes (the markets that fix a
unit, 沪铝 元/吨, LME 美元/吨, and the words that state a quote, 收报, 止损, or sign a premium,
升水, 贴水, （贴）), ratios and grades that have none (内外比值7.21) and shares with % left out
(营收占比为4.9); from lexicon/quotes.tsv, changes.tsv and markers.tsv."""

from __future__ import annotations

import re

from . import lexicon
from .matcher import PhraseMatcher

MARKET_UNITS: dict[str, str] = lexicon.meanings("quotes", "unit", role="market")
MARKETS = PhraseMatcher(MARKET_UNITS)
# Markets quoting in dollars (伦铝, LME): abroad, and so are their quotes
FOREIGN_MARKETS = frozenset(w for w, unit in MARKET_UNITS.items() if unit.startswith("美元"))
QUOTE_VERB_BEFORE = re.compile("(?:" + "|".join(map(re.escape, lexicon.words("quotes", role="quote_verb")))
                               + r")(?:为|在|于|是|:|：)?\s*$")
# 在19000附近止损: a stop-loss or take-profit level stated before its word
STOP_WORDS = lexicon.words("quotes", role="quote_after")
QUOTE_WORD_AFTER = re.compile(r"\s*(?:附近|一线|左右|上方|下方|处)?(?P<word>" + "|".join(map(re.escape, STOP_WORDS)) + ")")
# words signing a level right before its number: 升水50, 贴水80, （贴）140
LEVEL_SIGN_WORDS = tuple(sorted(lexicon.words("changes", role="premium") + lexicon.words("changes", role="negative"),
                                key=len, reverse=True))
PREMIUM_BEFORE = re.compile("(?:" + "|".join(map(re.escape, LEVEL_SIGN_WORDS)) + r")(?:为|在|报)?\s*$")


def market_unit(text: str) -> str | None:
    """The unit of the last market named in `text` whose quotes go without one."""
    hits = MARKETS.leftmost_longest(text)
    return MARKET_UNITS[hits[-1].word] if hits else None


def _words_before(marker: str) -> re.Pattern:
    words = "|".join(map(re.escape, lexicon.words("markers", marker=marker)))
    # 比值为7.21, 等级从1.11下降至0.89: the word, then 为/从…至 before the number
    return re.compile(f"(?:{words})" + r"(?:为|是|达|约|从|:|：)?(?:从[\d.]+[\u4e00-\u9fff]{0,3}?(?:至|到))?\s*$")


_UNITLESS_BEFORE = _words_before("unitless")
_PERCENT_IMPLIED_BEFORE = _words_before("percent_implied")


def unitless_before(norm: str, pos: int) -> bool:
    """A ratio or grade word governs the number at `pos` (内外比值为7.21, 等级从1.11下降至0.89)."""
    return _UNITLESS_BEFORE.search(norm, max(0, pos - 16), pos) is not None


def percent_implied_before(norm: str, pos: int) -> bool:
    """A share word governs the number at `pos`, its % left out (营收占比为4.9)."""
    return _PERCENT_IMPLIED_BEFORE.search(norm, max(0, pos - 16), pos) is not None
