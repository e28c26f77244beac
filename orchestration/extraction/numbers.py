"""Number tokens in the normalised view: Arabic digits (full-width folded, thousands
separators, full-width or not), Chinese numerals used as quantities (converted with cn2an),
digits with scale words inside them (3万4000, 4亿5000万), fractions written in words (百分之五,
千分之三), numerals with a vague last digit (二十几, 几十) and a scale word standing for its
number (突破万吨, 上万个).

A scale word at the end of a plain number belongs to the unit (2660.0万吨 -> 2660.0 + 万吨,
一万吨 -> 一 + 万吨); inside a number, it belongs to the number (3万4000吨 -> 3万4000 + 吨).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import cn2an

# Digits not glued to a digit or point before them (a comma before them ends a list member:
# 5%,2.5%). The look-behind comes after the first digit, so the scan skips to digits quickly.
ARABIC = re.compile(r"\d(?<![\d.]\d)(?:\d{0,2}(?:[,，]\d{3})+|\d*)(?:\.\d+)?(?!\d)")
_THOUSANDS = re.compile(r"\d{1,3}([,，]\d{3})+(\.\d+)?")
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE = re.compile(
    rf"[{CHINESE_DIGITS}十][{CHINESE_DIGITS}十百千万亿]*(?:点[{CHINESE_DIGITS}]+)?"
)
_SCALE_WORDS = "万亿"
_TRAILING_SCALE = re.compile(f"[{_SCALE_WORDS}]+$")
# Digits with scale words inside: 4亿5000万, 1亿2千万 (the 亿 group ends in 万); 3万4000, 3万4千.
# (the look-behind comes after the first digit, so the scan skips to digits quickly)
MIXED = re.compile(
    r"(?P<head>\d(?<![\d.]\d)\d{0,3})"
    r"(?:亿(?P<yi_wan>\d{1,4}|\d[千百](?:\d[百十])?)万|万(?P<wan_rest>\d千(?:\d百)?|\d{1,4}(?![\d.,，千百万亿])))"
)
_CHINESE_PLACES = {"千": 1000, "百": 100, "十": 10}
# 百分之五 (5 %), 千分之三 (3 ‰), 万分之五 (5 ‱): the unit is written before the number.
FRACTION = re.compile(
    rf"(?P<base>[百千万])分之(?P<number>[{CHINESE_DIGITS}十百]+(?:点[{CHINESE_DIGITS}]+)?|\d+(?:\.\d+)?)"
)
FRACTION_UNITS = {"百": "%", "千": "‰", "万": "‱"}
# 二十几, 十几 (the vague digit after the tens), 几十, 几百, 几千: approximate, valued at the
# round part (二十几 -> 20, 几十 -> 10); a tens digit before 十几 joins it.
VAGUE = re.compile(r"十几|几[十百千]")
_TENS_DIGITS = CHINESE_DIGITS[2:]
# A scale word standing for its number after a word of reaching (突破万吨, 上万个, 迈向千亿, 近千万美元,
# 逾百家, 近亿元): 10000, 1000, 100, 10^8; a scale after it is the unit's (千 + 万美元). 百 before 年
# is a century, no figure.
LONE_SCALE = re.compile(r"(?:[万千亿]|百(?!年))(?:(?<=[上过破逾近].)|(?<=迈向.)|(?<=达到.))"
                        rf"(?![{CHINESE_DIGITS}十百千])")
LONE_SCALE_VALUES = {"万": 10000.0, "千": 1000.0, "百": 100.0, "亿": 100000000.0}


@dataclass(frozen=True, slots=True)
class NumberToken:
    start: int  # view offsets
    end: int
    text: str  # as in the view (original characters, layout removed)
    value: float
    chinese: bool
    unit: str | None = None  # a unit written as part of the number (百分之五 is 5 %)
    approx: bool = False  # 二十几: the last digit left vague


def parse_arabic(text: str) -> float:
    return float(text.replace(",", "").replace("，", ""))


@lru_cache(maxsize=8192)  # the same few numerals recur (一, 两, 十二 …) and cn2an is slow
def parse_chinese(text: str) -> float | None:
    try:
        value = cn2an.cn2an(text.replace("〇", "零"), "smart")
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _group(text: str) -> Decimal:
    """A group of digits with an optional Chinese place word: 5000, 2千, 3千5百."""
    total, digits = Decimal(0), ""
    for ch in text:
        if ch in _CHINESE_PLACES:
            total += Decimal(digits or "1") * _CHINESE_PLACES[ch]
            digits = ""
        else:
            digits += ch
    return total + (Decimal(digits) if digits else 0)


def _mixed_value(m: re.Match) -> float:
    if m.group("yi_wan") is not None:
        return float(Decimal(m.group("head")) * 10**8 + _group(m.group("yi_wan")) * 10**4)
    return float(Decimal(m.group("head")) * 10**4 + _group(m.group("wan_rest")))


def _vague_value(text: str) -> float | None:
    if text.startswith("几"):
        return float(_CHINESE_PLACES[text[1]])
    return parse_chinese(text[:-1])  # 二十几 -> 二十


def _compound_tokens(view_text: str, norm: str) -> list[NumberToken]:
    """Numbers whose words hold more than digits: mixed scales, fractions in words, vague numerals."""
    tokens = []
    for m in MIXED.finditer(norm):
        s, e = m.span()
        tokens.append(NumberToken(s, e, view_text[s:e], _mixed_value(m), False))
    for m in FRACTION.finditer(norm):
        number = m.group("number")
        value = parse_arabic(number) if number[0].isdigit() else parse_chinese(number)
        if value is not None:
            s, e = m.span()
            tokens.append(NumberToken(s, e, view_text[s:e], value, not number[0].isdigit(),
                                      unit=FRACTION_UNITS[m.group("base")]))
    for m in LONE_SCALE.finditer(norm):
        s, e = m.span()
        tokens.append(NumberToken(s, e, view_text[s:e], LONE_SCALE_VALUES[m.group()], False))
    for m in VAGUE.finditer(norm):
        s, e = m.span()
        if m.group() == "十几" and norm[s - 1:s] and norm[s - 1] in _TENS_DIGITS:
            s -= 1
        value = _vague_value(norm[s:e])
        if value is not None:
            tokens.append(NumberToken(s, e, view_text[s:e], value, True, approx=True))
    tokens.sort(key=lambda t: t.start)
    return tokens


def find_numbers(view_text: str, norm: str) -> list[NumberToken]:
    compound = _compound_tokens(view_text, norm)
    starts = [t.start for t in compound]

    def covered(s: int, e: int) -> bool:
        i = bisect_right(starts, e - 1) - 1  # the last compound token starting before e
        return i >= 0 and compound[i].end > s

    tokens: list[NumberToken] = list(compound)
    for m in ARABIC.finditer(norm):
        s, e = m.span()
        text = m.group()
        if text.endswith(".") or ("," in text or "，" in text) and not _THOUSANDS.fullmatch(text):
            continue
        if compound and covered(s, e):
            continue
        tokens.append(NumberToken(s, e, view_text[s:e], parse_arabic(text), False))
    for m in CHINESE.finditer(norm):
        s, e = m.span()
        text = m.group()
        if compound and covered(s, e):
            continue
        # A trailing 万/亿 is a scale that belongs to the unit (三万吨 -> 三 + 万吨, 一万亿元 -> 一 +
        # 万亿元), unless the numeral has scale groups of its own (三亿五千万 is one number).
        scale = _TRAILING_SCALE.search(text)
        if scale and scale.start() > 0 and not any(ch in _SCALE_WORDS for ch in text[:scale.start()]):
            e -= len(text) - scale.start()
            text = text[:scale.start()]
        elif text == "一":
            continue  # the indefinite article (一批, 一个); 一 before a scale word (一万吨) is a number
        value = parse_chinese(text)
        if value is None:
            continue
        tokens.append(NumberToken(s, e, view_text[s:e], value, True))
    tokens.sort(key=lambda t: t.start)
    return tokens
