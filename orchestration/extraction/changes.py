"""The change word governing a number: 增长 +, 下降 −, 回落至 a level reached, none; or a word
signing a level (升水 +, 贴水 −, 负 −)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .keywords import CHANGE_ROLES, HAN, SIGNED_WORDS

_SIGNS = {"rise": 1, "fall": -1, "reach": 0}
_LEVEL_SIGNS = {"premium": 1, "negative": -1}
_ADJACENT_TAIL = re.compile(
    r"^(?:了|约|近|近乎|超过|超|逾|分别|均|都|仍|又|再|共|大约|大幅|明显|小幅|继续|持续|累计|同比|环比|"
    r"更|达|将|可|还|也|已|再次|:|：)*$"
)
# What may stand between a word signing a level and its number: 贴水为80元/吨, 报升水在50元/吨.
_LEVEL_SIGN_TAIL = re.compile(r"^(?:了|约|为|在|报|于|均|分别|仍|维持)*$")
_REACHED_AFTER = re.compile(r"^(了)?(至|到|为|达到)")
_SHORT_OBJECT = re.compile(rf"[{HAN}A-Za-z]{{1,10}}")
_NOT_AN_OBJECT = re.compile(r"[的为是达占有在将]")
# Verbs that take a short object before their number: 降低渣中铜含量1.3%, 减少还原剂消耗1.6千克.
_OBJECT_VERBS = ("降低", "减少", "提高", "提升", "增加", "节约", "缩短", "下降", "上升")
# Comparatives state a difference from another thing, not a change over time.
COMPARATIVES = ("高", "低", "高出", "低出", "更高", "更低")


@dataclass(frozen=True, slots=True)
class Change:
    sign: int | None  # +1 / -1; 0 for a level reached (回落至); None when no change word
    word: str | None
    of_level: bool = False  # the sign of a level (贴水80元/吨), not a change


NO_CHANGE = Change(None, None)


@lru_cache(maxsize=4096)  # the members of a list share their window
def change_in(window: str) -> Change:
    """The change word governing a number: the last change word of the window, which must sit
    right before the number (only adverbs like 了/约/分别 between)."""
    last = None
    for hit in SIGNED_WORDS.leftmost_longest(window):
        role = CHANGE_ROLES[hit.word]
        # a neutral word (增速, 高达) after the change word ends its reach
        last = (role, hit.end, hit.word) if role in _SIGNS or role in _LEVEL_SIGNS else None
    if last is None:
        return NO_CHANGE
    role, end, word = last
    tail = window[end:]
    if role in _LEVEL_SIGNS:
        return Change(_LEVEL_SIGNS[role], word, of_level=True) if _LEVEL_SIGN_TAIL.match(tail) else NO_CHANGE
    sign = _SIGNS[role]
    if sign and _REACHED_AFTER.match(tail):
        return Change(0, word)
    if not _ADJACENT_TAIL.match(tail):
        if not (sign and word in _OBJECT_VERBS and _SHORT_OBJECT.fullmatch(tail)
                and not _NOT_AN_OBJECT.search(tail)):
            return NO_CHANGE
    return Change(sign, word)
