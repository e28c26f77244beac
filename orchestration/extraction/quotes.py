"""Market quotes written without a unit: the markets that fix one (沪铝 元/吨, LME 美元/吨) and
the words that state a quote (收报, 止损) or sign a premium (升水, 贴水, （贴）), from
lexicon/quotes.tsv and lexicon/changes.tsv."""

from __future__ import annotations

import re

from . import lexicon
from .matcher import PhraseMatcher

MARKET_UNITS: dict[str, str] = lexicon.meanings("quotes", "unit", role="market")
MARKETS = PhraseMatcher(MARKET_UNITS)
QUOTE_VERB_BEFORE = re.compile("(?:" + "|".join(map(re.escape, lexicon.words("quotes", role="quote_verb")))
                               + r")(?:为|在|于|是|:|：)?\s*$")
# words signing a level right before its number: 升水50, 贴水80, （贴）140
LEVEL_SIGN_WORDS = tuple(sorted(lexicon.words("changes", role="premium") + lexicon.words("changes", role="negative"),
                                key=len, reverse=True))
PREMIUM_BEFORE = re.compile("(?:" + "|".join(map(re.escape, LEVEL_SIGN_WORDS)) + r")(?:为|在|报)?\s*$")


def market_unit(text: str) -> str | None:
    """The unit of the last market named in `text` whose quotes go without one."""
    hits = MARKETS.leftmost_longest(text)
    return MARKET_UNITS[hits[-1].word] if hits else None
