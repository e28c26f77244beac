"""Candidates: the numbers of the view that state a figure, with their unit and qualifiers.

A number is a candidate when a unit follows it (or it is an index value, 景气指数为39.8) and it
is not a date, an ordinal, a code or part of a name. Members of an enumeration or a range
without their own unit share the unit of the member after them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon
from .keywords import CHANGE_ROLES, FLAT_WORDS, is_han
from .not_figures import NotFigures
from .numbers import LONE_SCALE_VALUES, NumberToken, find_numbers
from .quotes import (LEVEL_SIGN_WORDS, PREMIUM_BEFORE, QUOTE_VERB_BEFORE, QUOTE_WORD_AFTER, market_unit, percent_implied_before,
                     unitless_before)
from .text import View
from .units import CURRENCIES, DURATIONS, PRICE_PER_UNITS, SCALE_CHARACTERS, SCALES, Unit, parse_unit, unit_at

# An ASCII comma right between two numbers separates list members (6%,3.5%); a full-width one
# ends a clause.
ENUM_SEPARATORS = ("、", "和", "与", "及", "以及", "或", "×", ",", "/", "／")
RANGE_SEPARATORS = ("~", "-", "至", "到")
# Between the ends of a range: the separator, then maybe the high end's own sign (至-0.8, 至升水10).
_RANGE_GAP = re.compile("(?P<separator>" + "|".join(map(re.escape, RANGE_SEPARATORS)) + ")"
                        "(?P<sign>-|" + "|".join(map(re.escape, LEVEL_SIGN_WORDS)) + ")?")
# A move of a quote stated without a unit: 上涨1840， (the market's unit is then implied).
_QUOTE_MOVE_BEFORE = re.compile(r"(?:上涨|下跌|涨|跌|收涨|收跌|回升|回落)\s*$")
_CHANGE_BEFORE = re.compile("(?:" + "|".join(sorted(map(re.escape, (w for w, role in CHANGE_ROLES.items() if role in ("rise", "fall"))), key=len, reverse=True))
                            + r")了?\s*$")
_LEVEL_OVER_CHANGE = 5  # a level this many times the change before it is where the change went
_QUOTE_MOVE_AFTER = re.compile(r"[，,；;。\n]|$")
NAMED_NUMBERS = lexicon.words("not_figures", kind="named_concept")
QUALIFIER_BEFORE: dict[str, str] = lexicon.meanings("qualifiers", "qualifier", position="before")
QUALIFIER_AFTER: dict[str, str] = lexicon.meanings("qualifiers", "qualifier", position="after")
_LONGEST_BEFORE = max(map(len, QUALIFIER_BEFORE))
_LONGEST_AFTER = max(map(len, QUALIFIER_AFTER))
_LONG_QUALIFIERS_BEFORE = tuple(w for w in QUALIFIER_BEFORE if len(w) > 1)
_VERB_BEFORE_NUMBER = re.compile(r"(了|为|达到|达|在|是|\s)+$")
_PER_BASE_BEFORE = re.compile("每(?:" + "|".join(sorted({*PRICE_PER_UNITS, "吨", "公吨"}, key=len, reverse=True)) + ")$")
# 约为港币5.08亿元: the currency written before the number stands between it and its qualifier (a bare
# 元 there ends an amount before it)
_CURRENCY_BEFORE = re.compile(
    "(?:" + "|".join(re.escape(w) for w in sorted(CURRENCIES, key=len, reverse=True) if w != "元") + ")$")
_BOUND_CONTEXT = re.compile(r"(比重|占比|率|达)")
# 比上年低于…, 高于全国…个百分点: a comparison, whose 高于/低于 is no bound
_COMPARISON_BEFORE = re.compile(r"(?:比|较|与)[^，,；;。]*$")
_CLOCK_BEFORE = re.compile(r"(早上|晚上|上午|下午|凌晨|傍晚)$")
_CODE_AFTER = re.compile(r"-\d")
_FORMULA = re.compile(r"\*[（(][^（）()]*[）)]|[（(][^（）()]*[）)]=")
_DASH_NUMBER = re.compile(r"-\d+(?:[,，]\d{3})*(?:\.\d+)?")
_RANGE_OR_PERIOD_AFTER = re.compile(r"-\d+(?:\.\d+)?(?:%|月|年)")
_VERSION_AFTER = re.compile(r"\.\d")
# 终值/初值/前值: the final, flash and previous readings of one index (PMI终值为45.1)
_INDEX_BEFORE = re.compile(r"(?:指数|PMI)(?:终值|初值|前值)?\s*(?:为|是|达|达到|升至|降至|回升至|回落至|报|收于|录得)?$")
# A time a thing takes: 需要2-3年, 推迟了大约5周, 投资回收期约6年 (the verb or the name may stand before
# the range's low end).
_DURATION_BEFORE = re.compile("(?:(?:" + "|".join(lexicon.words("markers", marker="duration_verb")) + ")"
                              "|(?:" + "|".join(lexicon.words("markers", marker="duration_noun")) + r")(?:为|是|达|长达|仅)?)"
                              r"(?:了|约|大约|近|将近)*(?:\d+(?:\.\d+)?[-~至到])?$")
# Parts of a ratio: 6:2:2 (three parts or more, not zero-padded; not a clock time 10:13:16).
_RATIO = re.compile(r"[1-9](?<![\d:：.][1-9])\d?[:：](?:[1-9]\d?[:：])+[1-9]\d?(?![\d:：.])")
_CLOCK_TIME = re.compile(r"\d{1,2}(?:[:：]\d{2})+")
# Measure words that, after a Chinese numeral and before another character, are mostly part of
# a word (三元材料, 十块钱), not a count.
_WORDISH_AFTER_CHINESE = frozenset(lexicon.words("not_figures", kind="measure_word_in_word"))
# Calendar words a Chinese numeral after which names a day or a year (星期三, 农历五月).
_CALENDAR_BEFORE = lexicon.words("not_figures", kind="calendar_before")
_WORDS_OF_SHARES = lexicon.words("not_figures", kind="word_of_shares")
# What makes 个 part of a duration (连续4个月, 近5个季度), not a count.
_DURATION_AFTER_GE = lexicon.words("not_figures", kind="duration_after_ge")


@dataclass(slots=True)
class Candidate:
    tok: NumberToken
    start: int  # view span of the number
    end: int
    value: float
    unit_text: str | None
    unit: Unit | None
    unit_end: int  # view offset after unit and trailing qualifiers
    qualifier: str | None = None
    explicit_sign: int | None = None
    shared_unit: bool = False  # unit borrowed from the next member (426、256、885千克标煤/吨)
    # the high end of a range: what joins it to the low end (-, ~, 至, 到), and whether a sign
    # word or a minus of its own stands after it (贴水30元/吨至升水10元/吨, -1.5亿元至-0.8亿元)
    range_separator: str | None = None
    range_signed: bool = False
    flat: bool = False  # 持平


def _match_unit(norm: str, pos: int) -> tuple[str | None, Unit | None, int, str | None]:
    """The unit written at `pos`, allowing 多/余 (over) between scale and base: returns
    (unit as written, parsed unit, end, qualifier)."""
    qualifier = None
    p = pos
    if p < len(norm) and norm[p] in "多余":
        qualifier = "over"
        p += 1
    found = unit_at(norm, p)
    if found:
        written, unit = found
        return written, unit, p + len(written), qualifier
    # a bare scale, possibly followed by 多/余 and a noun (14亿多人口, 上万个)
    for scale in SCALES:
        if norm.startswith(scale, p):
            q = p + len(scale)
            if q < len(norm) and norm[q] in "多余":
                qualifier = "over"
                q2 = q + 1
                after = unit_at(norm, q2)
                if after and parse_unit(scale + after[0]) is not None:
                    return scale + after[0], parse_unit(scale + after[0]), q2 + len(after[0]), qualifier
                return scale, parse_unit(scale), q2, qualifier
            return scale, parse_unit(scale), q, None  # 16.69亿: of what, its clause says (unit_rules)
    return None, None, pos, None


def _excluded(norm: str, tok: NumberToken) -> bool:
    """Dates, ordinals, codes, versions and names are not figures."""
    s, e = tok.start, tok.end
    before = norm[max(0, s - 3):s]
    after = norm[e:e + 3]
    if before.endswith("第") or before.endswith("第 "):
        return True
    # a worked calculation (10亿*（10%-3%）=7000万) and a number pointed back to (这10亿)
    if before.endswith(("=", "这")) or _in_formula(norm, s, e):
        return True
    # codes and product names: 4N5, 600kA, M2, 5G, HIF-800, 3+4+4, 41-0063
    if s > 0 and (norm[s - 1].isascii() and norm[s - 1].isalpha()) and not _INDEX_BEFORE.search(before):
        return True  # a code (M2, 4N5), not an index value (PMI 52.9)
    if s > 1 and norm[s - 1] == "-" and norm[s - 2].isascii() and norm[s - 2].isalnum() \
            and not (norm[s - 2].isdigit() and (_match_unit(norm, e)[1] or _duration_at(norm, s, e)[1])):
        return True  # HIF-800, 41-0063; not the high end of 18200-18450元/吨
    if e < len(norm) and norm[e].isascii() and norm[e].isalpha() and not _ascii_unit_at(norm, e):
        return True
    if after.startswith("+") or (s > 1 and norm[s - 1] == "+" and norm[s - 2].isdigit()):
        return True
    if _CODE_AFTER.match(after) and not _RANGE_OR_PERIOD_AFTER.match(after) and not _range_end_after(norm, e):
        return True
    if _VERSION_AFTER.match(after):  # version numbers 2.0.1
        return True
    if tok.chinese:
        if before.endswith(("“", "「", "‘", "\"", "《")):
            return True
        window = norm[max(0, s - 2):e + 4]
        if any(n in window for n in NAMED_NUMBERS):
            return True
        if before.endswith(_CALENDAR_BEFORE):
            return True
        if tok.text in ("零", "〇"):
            return True  # 零件, 零和
        # a short quoted phrase is a name: “青马学员二次轮训”, “两个问题清单”
        q_open = norm.rfind("“", max(0, s - 12), s)
        if q_open != -1 and norm.rfind("”", q_open, s) == -1 and norm.find("”", e, e + 12) != -1:
            return True
        if tok.text == "二" and after.startswith("次") or after.startswith(("次全会", "中全会")):
            return True  # 二次资源 (secondary), 四次全会 (a plenum)
    # inside a book title 《…》
    opened = norm.rfind("《", max(0, s - 40), s)
    if opened != -1 and norm.rfind("》", opened, s) == -1 and norm.find("》", e, e + 40) != -1:
        return True
    return False


def _ratio_parts(norm: str) -> dict[int, Unit]:
    """The parts of the ratios of the text (6:2:2), by start: each a share of their sum, in pct."""
    parts: dict[int, Unit] = {}
    for m in _RATIO.finditer(norm):
        if _CLOCK_TIME.fullmatch(m.group()):
            continue
        numbers = list(re.finditer(r"\d+", m.group()))
        total = sum(int(n.group()) for n in numbers)
        for n in numbers:
            parts[m.start() + n.start()] = Unit("", 100.0 / total, "pct")
    return parts


def _duration_at(norm: str, start: int, end: int) -> tuple[str | None, Unit | None, int]:
    """需要2-3年, 推迟了大约5周: a time taken, written after a word saying so (需要5年时间 is a
    period phrase)."""
    for word, (multiplier, base) in DURATIONS.items():
        if norm.startswith(word, end) and not norm.startswith("时间", end + len(word)) \
                and _DURATION_BEFORE.search(norm, max(0, start - 16), start):
            return word, Unit(word, multiplier, base), end + len(word)
    return None, None, end


def _in_formula(norm: str, s: int, e: int) -> bool:
    """Inside the bracket of a worked calculation: *（10%-3%）, （20%-10%）=."""
    lo = max(0, s - 16)
    window = norm[lo:e + 16]
    if "*" not in window and "=" not in window:
        return False
    return any(m.start() + lo <= s and e <= m.end() + lo for m in _FORMULA.finditer(window))


def _range_end_after(norm: str, pos: int) -> bool:
    """-18450元/吨, -3万吨 after a number: the high end of a range, not a code (41-0063)."""
    m = _DASH_NUMBER.match(norm, pos)
    return m is not None and (_match_unit(norm, m.end())[1] is not None
                              or _duration_at(norm, m.start() + 1, m.end())[1] is not None)


def _ascii_unit_at(norm: str, pos: int) -> bool:
    """A unit in Latin letters right after a number (3,450kt, 25bp, 8GWh), not a code (600kA, 5G)."""
    found = unit_at(norm, pos)
    if found is None:
        return False
    end = pos + len(found[0])
    return not (end < len(norm) and norm[end].isascii() and norm[end].isalnum())


def find_candidates(view: View) -> list[Candidate]:
    norm = view.norm
    out: list[Candidate] = []
    ratio_parts = _ratio_parts(norm)
    not_figures = NotFigures(norm)
    for tok in find_numbers(view.text, norm):
        if tok.start in ratio_parts:
            out.append(Candidate(tok, tok.start, tok.end, tok.value, None, ratio_parts[tok.start], tok.end))
            continue
        if _excluded(norm, tok) or not_figures.excludes(tok):
            continue
        if tok.unit is not None:  # 百分之五: the unit is part of the number
            out.append(Candidate(tok, tok.start, tok.end, tok.value, tok.unit, parse_unit(tok.unit), tok.end))
            continue
        written, unit, uend, qual_after = _match_unit(norm, tok.end)
        if unit is None and norm[tok.start - 1:tok.start] == "$":
            written, unit, uend = "$", parse_unit("$"), tok.end  # $0.38
        if unit is None and not tok.chinese:
            written, unit, uend = _duration_at(norm, tok.start, tok.end)
        cand = Candidate(tok, tok.start, tok.end, tok.value, written, unit, uend if unit else tok.end)
        if unit is not None:
            if not _accept_unit(norm, tok, written, uend, qual_after) or norm[uend:uend + 1] == "*":
                continue  # (10亿*…: a factor of a worked calculation)
            cand.qualifier = qual_after
        if tok.approx:
            cand.qualifier = "approx"
        out.append(cand)
    _share_units(norm, out)
    _mark_ranges(norm, out)
    kept: list[Candidate] = []
    for c in out:
        if c.unit is None and not _index_value(norm, c) and not _quote_without_unit(norm, c):
            continue
        _read_qualifiers(norm, c)
        kept.append(c)
    kept.extend(_flat_candidates(view, kept))
    kept.sort(key=lambda c: c.start)
    return kept


def _accept_unit(norm: str, tok: NumberToken, written: str, uend: int, qualifier: str | None) -> bool:
    after = norm[uend:uend + 4]
    base = written.lstrip(SCALE_CHARACTERS)
    if written == "个" and after.startswith(_DURATION_AFTER_GE):
        return False  # durations inside period phrases (连续4个月, 近5个季度)
    if written in ("种",) and after[:1] and is_han(after[0]) and not after.startswith(("以上", "左右")):
        return False  # 十种常用有色金属, 6种精矿: names of aggregates
    if tok.chinese:
        if written == "个" and qualifier is None:
            return False  # 两个市场, 四个计划: set phrases, not counts (十余个园区 counts)
        if written in _WORDISH_AFTER_CHINESE and after[:1] and is_han(after[0]):
            return False
    if base in ("度",) and not tok.chinese:
        prev = norm[max(0, tok.start - 2):tok.start]
        if "温" in prev or "角" in prev:
            return False
    if written == "期" and after[:1] and not is_han(after[0]):
        return False
    if written.endswith("股") and (norm[tok.start - 1:tok.start] == "每" or norm.startswith(_WORDS_OF_SHARES, uend - 1)):
        return False  # 每10股派息2元: the base of a rate; 601899股票简称: a code before a word
    if norm[tok.start - 1:tok.start] == "“" and after.startswith("”"):
        return False  # “156项”重点工程: a programme's name
    if written.startswith("点") and _CLOCK_BEFORE.search(norm[max(0, tok.start - 3):tok.start]):
        return False  # clock time
    return True


def _share_units(norm: str, cands: list[Candidate]) -> None:
    """A member of an enumeration or range without its own unit takes the unit of the member
    after it: 426、256、885千克标煤/吨; 16个和40个百分点; 19500~20200元/吨; 2-3万吨."""
    for i in range(len(cands) - 2, -1, -1):
        c, nxt = cands[i], cands[i + 1]
        if nxt.unit is None:
            continue
        # 16个和40个百分点; 1.5万-2万吨: the member's own word is the start of the shared unit
        partial = c.unit_text is not None and nxt.unit_text and nxt.unit_text != c.unit_text and (
            c.unit_text == "个" and nxt.unit_text.endswith("百分点")
            or c.unit_text in SCALES and nxt.unit_text.startswith(c.unit_text))
        if c.unit is None or partial:
            gap = norm[c.unit_end:nxt.start]
            if gap in ENUM_SEPARATORS or _RANGE_GAP.fullmatch(gap):
                c.unit_text, c.unit, c.shared_unit = nxt.unit_text, nxt.unit, True
                c.unit_end = c.unit_end if partial else c.end


def _mark_ranges(norm: str, cands: list[Candidate]) -> None:
    """Two numbers of one unit joined by a dash, a tilde, 至 or 到 are the ends of a range:
    18200-18450元/吨, 5%-20%, 8.6亿元-9.2亿元, 贴水30元/吨至升水10元/吨, -1.5亿元至-0.8亿元."""
    for c, nxt in zip(cands, cands[1:]):
        # both ends in one unit, or both without one (premiums: （贴）140-（贴）60)
        if (c.unit is None) != (nxt.unit is None) or c.unit is not None and c.unit.unit_base != nxt.unit.unit_base:
            continue
        if c.qualifier == "range_high":
            continue  # a-b-c: b already ends the range a-b
        gap = _RANGE_GAP.fullmatch(norm, c.unit_end, nxt.start)
        if gap is None or _change_then_level(norm, c, nxt, gap.group("separator")):
            continue
        c.qualifier, nxt.qualifier = "range_low", "range_high"
        nxt.range_separator = gap.group("separator")
        nxt.range_signed = bool(gap.group("sign"))


def _change_then_level(norm: str, c: Candidate, nxt: Candidate, separator: str) -> bool:
    """库存减少1200吨至17.3万吨, 持仓增加2145手至25.3万手: a change, each number in its own unit,
    then 至 and the level it reached, not a range. The level dwarfs the change, which tells it
    from a range of changes such as 预计减少1.5亿元至2亿元; a percent is left alone (增长5%至8%)."""
    if separator not in ("至", "到") or c.shared_unit or c.unit is None or c.unit.unit_base in ("%", ""):
        return False
    if not _CHANGE_BEFORE.search(norm, max(0, c.start - 8), c.start):
        return False
    return abs(nxt.value * nxt.unit.multiplier) >= _LEVEL_OVER_CHANGE * abs(c.value * c.unit.multiplier)


def _quote_without_unit(norm: str, c: Candidate) -> bool:
    """A market quote, premium or move whose unit the market fixes (沪铝收报19340, 止损42900,
    升贴水（贴）140, 沪锡…上涨1840), a ratio or grade (内外比值7.21) or a share with % left out
    (营收占比为4.9): kept for the unit rules to supply its unit, or none."""
    if c.tok.chinese:
        return False
    before = norm[max(0, c.start - 12):c.start]
    if QUOTE_VERB_BEFORE.search(before) or PREMIUM_BEFORE.search(before) or QUOTE_WORD_AFTER.match(norm, c.end):
        return True
    if unitless_before(norm, c.start) or percent_implied_before(norm, c.start):
        return True
    if not (_QUOTE_MOVE_BEFORE.search(before) and _QUOTE_MOVE_AFTER.match(norm, c.end)):
        return False
    sentence_start = max(norm.rfind("。", 0, c.start), norm.rfind("\n", 0, c.start)) + 1
    return market_unit(norm[sentence_start:c.start]) is not None


def _index_value(norm: str, c: Candidate) -> bool:
    """A bare number stated as an index value: 景气指数为39.8, 先行指数75.9."""
    before = norm[max(0, c.start - 8):c.start]
    if c.tok.chinese or c.value >= 1e5:
        return False
    if _INDEX_BEFORE.search(before):
        c.unit_text, c.unit = None, Unit("", 1.0, "index")
        return True
    return False


def _read_qualifiers(norm: str, c: Candidate) -> None:
    before = norm[max(0, c.start - 6):c.start]
    # explicit sign: （+4.1%） / （- 2.1%）; the dash joining a range's ends is none
    dash_joins = c.range_separator == "-" and not c.range_signed
    if before.endswith(("+", "+ ")):
        c.explicit_sign = 1
    elif before.endswith(("-", "－")) and not dash_joins and (len(before) < 2 or not before[-2].isdigit()):
        c.explicit_sign = -1
    if c.qualifier in ("range_low", "range_high"):
        return
    if c.qualifier is None:
        before = _PER_BASE_BEFORE.sub("", before)  # 约为每公斤58元: the qualifier stands before the rate's base
        before = _CURRENCY_BEFORE.sub("", before)
        stripped = before if before.endswith(_LONG_QUALIFIERS_BEFORE) else _VERB_BEFORE_NUMBER.sub("", before)
        for length in range(min(_LONGEST_BEFORE, len(stripped)), 0, -1):  # the longest word first
            word = stripped[-length:]
            q = QUALIFIER_BEFORE.get(word)
            if q is None:
                continue
            if word == "上" and c.tok.text not in LONE_SCALE_VALUES:
                continue  # 上万个 (over ten thousand), not 上年
            if word in ("高于", "低于") and _is_gap(norm, c):
                continue
            c.qualifier = q
            break
    for length in range(_LONGEST_AFTER, 0, -1):
        word = norm[c.unit_end:c.unit_end + length]
        q = QUALIFIER_AFTER.get(word) if len(word) == length else None
        if q is None:
            continue
        if word in ("多", "余") and c.unit is not None and c.unit.unit_base == "pct":
            continue
        c.qualifier = c.qualifier or q
        c.unit_end += len(word)
        break


def _is_gap(norm: str, c: Candidate) -> bool:
    """高于/低于 before a number bounds it (电耗低于13000千瓦时, 指数高于54%), unless the number is a
    gap to something compared (高于…5个百分点, 比…低于2%) and no rate or share is bounded."""
    if _BOUND_CONTEXT.search(norm[max(0, c.start - 12):c.start]):
        return False
    return (c.unit is not None and c.unit.unit_base == "pp") or bool(_COMPARISON_BEFORE.search(norm, max(0, c.start - 16), c.start))


def _flat_candidates(view: View, existing: list[Candidate]) -> list[Candidate]:
    """持平 stated among percentage changes is a figure of 0 (2月基本持平)."""
    out = []
    for word in FLAT_WORDS:
        start = view.norm.find(word)
        while start != -1:
            s, e = start, start + len(word)
            start = view.norm.find(word, e)
            if view.norm[s - 1:s] == "保":
                continue  # 保持平稳: no figure
            # only where the same stretch of text states percentage changes
            if not any(abs(c.start - s) < 40 and c.unit is not None and c.unit.unit_base == "pct"
                       for c in existing):
                continue
            tok = NumberToken(s, e, view.text[s:e], 0.0, True)
            c = Candidate(tok, s, e, 0.0, "%", Unit("%", 1.0, "pct"), e)
            c.flat = True
            if view.norm[max(0, s - 2):s].endswith("基本"):
                c.qualifier = "approx"
            out.append(c)
    return out
