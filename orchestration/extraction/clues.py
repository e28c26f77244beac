"""What the prose parser knows about one number when its slots are decided (`Clues`), and the
marker words and tests several slot deciders share. The deciders are ordered lists of small named
rules, first match wins (rules.py): category_rules.py, measure_rules.py, modality_rules.py
(modality and scope), period_rules.py, unit_rules.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .candidates import Candidate
from .changes import NO_CHANGE, Change
from .context import ReadingContext
from .matcher import PhraseMatcher
from .model import Figure
from .periods import Period, PeriodMention
from .text import Sentence
from .units import Unit

def is_stake(clues: Clues) -> bool:
    """A percentage that is a stake: 49%的股权, 股权达到19.99%, 持有文菲尔德65%."""
    return bool(_EQUITY_AFTER.match(clues.after) or _EQUITY_BEFORE.search(clues.clause))


def in_deal(clues: Clues) -> bool:
    """The sentence buys or sells a firm or a stake, or names what pays for it."""
    return _DEAL.first_start(sentence_text(clues)) is not None


def sentence_text(clues: Clues) -> str:
    return clues.norm[clues.sent.start:clues.sent.end]


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


def markers(marker: str) -> tuple[str, ...]:
    return lexicon.words("markers", marker=marker)


CAGR_WORDS = markers("cagr")
# a stock of a market (库存, 仓单), whose moves are measured like a quote's and reported day by day
MARKET_STOCK = re.compile("|".join(map(re.escape, markers("market_stock"))))
MOM_WORDS = markers("mom")
YOY_WORDS = markers("yoy")
SHARE_WORDS = markers("share")
GROWTH_RATE_WORDS = markers("growth_rate")
CONTRIBUTION_TO_GROWTH = re.compile("|".join(w for w in markers("contribution") if w.endswith("贡献率")))
FORECAST_WORDS = re.compile("|".join(markers("forecast")))
PLAN_WORDS = re.compile("(" + "|".join(markers("plan")) + ")")
PRODUCT_COUNTS = frozenset(lexicon.words("units", role="product_count"))
_DEAL = PhraseMatcher(markers("deal"))
_EQUITY = "|".join(markers("equity"))
# 49%的股权, 持有泰利森股权达到19.99%, 持有文菲尔德65%: a stake
_EQUITY_AFTER = re.compile(rf"^(?:[-~～至到]\d+(?:\.\d+)?%)?(?:左右|以上)?的?(?:{_EQUITY})")
_EQUITY_BEFORE = re.compile(rf"(?:{_EQUITY})(?:比例)?(?:达到|达|为|至|约|了)*$|持有[^，,；;。、]{{0,12}}$")
REVENUE_SHARING = PhraseMatcher(markers("revenue_sharing"))

