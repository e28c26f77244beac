"""Stretches of text and number shapes that state no figure, beyond dates, codes and ordinals
(candidates.py): web addresses and URL-encoded text, the rating definitions of a broker's
disclaimer, names holding a count of regions (西部12省市, 东北三省), vague numerals (数十亿,
一两家), class thresholds of a release (年主营业务收入2000万元及以上的企业, 50%的临界值) and
references to a chart or table (如图1所示), and the grades that name a product or the content a
quantity is converted to (60%锡精矿, 钨精矿（折WO3 65%）).

`unread_spans(norm)` finds the stretches once per text; `NotFigures.excludes(tok)` says whether
a number is inside one or has one of the shapes.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import lexicon
from .numbers import NumberToken

_URL = re.compile(r"(?:https?://|www\.)[!-~]+|(?:%[0-9A-Fa-f]{2}){2,}")

_RATINGS = "|".join(sorted(lexicon.words("not_figures", kind="rating"), key=len, reverse=True))
# A rating and its definition: 买入：预计…上涨20%以上； 中性——在-5%~+5%之间
_RATING_DEFINITION = re.compile(rf"(?:{_RATINGS})(?:[（(][^）)]{{0,12}}[）)])?\s*(?:[：:]|——|--|－－)[^；;。\n]*")
_RATING_REFERENCE = re.compile("|".join(lexicon.words("not_figures", kind="rating_reference")))
_PARAGRAPH_START = re.compile(r"\n")
# A table note defining a symbol: “*”表示同比超过100%, “-”表示无数据 (the symbol is no Han character)
_SYMBOL_DEFINITION = re.compile(r"[“\"「][^\u4e00-\u9fff\s”\"」]{1,3}[”\"」]\s*(?:表示|代表|指)[^；;。\n]*")

_GROUP_BEFORE = tuple(lexicon.words("not_figures", kind="group_name_before"))
_GROUP_AFTER = tuple(lexicon.words("not_figures", kind="group_name_after"))
_THRESHOLD_AFTER = tuple(lexicon.words("not_figures", kind="threshold_after"))
_REFERENCE_BEFORE = tuple(lexicon.words("not_figures", kind="reference_before"))
# 60%锡精矿, 65%黑钨精矿: the grade that names a product (约80%的锂精矿 is a share of it); （折WO3 65%）,
# (折钼100%): the content a quantity is converted to
_GRADE_OF_PRODUCT = re.compile(r"[%％](?:(?!的)[^\W\d_]){0,3}?(?:" + "|".join(lexicon.words("not_figures", kind="graded_product")) + ")")
_CONVERSION_BASIS = re.compile(r"[（(]\s*折[^（）()，,；;。\n]{0,8}$")
_THRESHOLD = re.compile(r"[^，,；;。]{0,8}?(?:" + "|".join(map(re.escape, _THRESHOLD_AFTER)) + ")")
# 年主营业务收入2000万元及以上的工业企业: the threshold of a class of units
_CLASS_THRESHOLD = re.compile(r"[^，,；;。]{0,6}?及以[上下]的[^，,；;。]{0,10}?(?:"
                              + "|".join(lexicon.words("not_figures", kind="class_of_units")) + ")")
# 一两家, 两三年, 三五年, 七八成: two neighbouring digits, a vague count
_VAGUE_PAIR = re.compile(r"一两|两三|二三|三四|四五|五六|六七|七八|八九|三五")


def unread_spans(norm: str) -> list[tuple[int, int]]:
    """Web addresses, URL-encoded text, a note's definitions of symbols and rating definitions, in
    text order."""
    spans = [m.span() for pattern in (_URL, _SYMBOL_DEFINITION) for m in pattern.finditer(norm)]
    for m in _RATING_DEFINITION.finditer(norm):
        # a definition speaks of a benchmark or a horizon (基准指数, 未来6个月), or stands in a
        # paragraph that names the ratings (投资评级说明, 评级标准)
        paragraph_start = norm.rfind("\n", 0, m.start()) + 1
        if _RATING_REFERENCE.search(m.group()) or "评级" in norm[paragraph_start:m.start()]:
            spans.append(m.span())
    spans.sort()
    return spans


class NotFigures:
    def __init__(self, norm: str):
        self.norm = norm
        self.spans = unread_spans(norm)
        self._starts = [s for s, _ in self.spans]

    def _inside(self, start: int) -> bool:
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and start < self.spans[i][1]

    def excludes(self, tok: NumberToken) -> bool:
        norm, s, e = self.norm, tok.start, tok.end
        if self.spans and self._inside(s):
            return True
        before, after = norm[max(0, s - 4):s], norm[e:e + 6]
        if before.endswith(_GROUP_BEFORE) and after.startswith(_GROUP_AFTER):
            return True  # 西部12省市, 东北三省, 中东欧16国: a name
        if before.endswith(_REFERENCE_BEFORE):
            return True  # 如图1所示
        if _GRADE_OF_PRODUCT.match(norm, e) or (
                norm[e:e + 2] in ("%）", "%)", "％）") and _CONVERSION_BASIS.search(norm, max(0, s - 10), s)):
            return True  # 60%锡精矿, （折WO3 65%）: a grade, not a figure
        if tok.chinese and (before.endswith("数") or _VAGUE_PAIR.fullmatch(tok.text)):
            return True  # 数十亿元, 一两家厂商
        # 2000万元及以上的企业, 50%的临界值: a threshold defining a class
        return _THRESHOLD.match(norm, e) is not None or _CLASS_THRESHOLD.match(norm, e) is not None
