"""Number tokens in the normalised view: Arabic digits (full-width folded, thousands
separators) and Chinese numerals used as quantities (converted with cn2an)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import cn2an

# Digits not glued to a digit, point or comma before them (the look-behind comes after the
# first digit, so the scan skips to digits quickly).
ARABIC = re.compile(r"\d(?<![\d.,]\d)(?:\d{0,2}(?:,\d{3})+|\d*)(?:\.\d+)?(?!\d)")
_THOUSANDS = re.compile(r"\d{1,3}(,\d{3})+(\.\d+)?")
CHINESE_DIGITS = "零〇一二两三四五六七八九"
CHINESE = re.compile(
    rf"[{CHINESE_DIGITS}十][{CHINESE_DIGITS}十百千万亿]*(?:点[{CHINESE_DIGITS}]+)?"
)


@dataclass(frozen=True, slots=True)
class NumberToken:
    start: int  # view offsets
    end: int
    text: str  # as in the view (original characters, layout removed)
    value: float
    chinese: bool


def parse_arabic(text: str) -> float:
    return float(text.replace(",", ""))


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


def find_numbers(view_text: str, norm: str) -> list[NumberToken]:
    tokens: list[NumberToken] = []
    for m in ARABIC.finditer(norm):
        s, e = m.span()
        text = m.group()
        if text.endswith(".") or "," in text and not _THOUSANDS.fullmatch(text):
            continue
        tokens.append(NumberToken(s, e, view_text[s:e], parse_arabic(text), False))
    for m in CHINESE.finditer(norm):
        s, e = m.span()
        text = m.group()
        # A trailing 万/亿 is a scale that belongs to the unit (三万吨 -> 三 + 万吨), as for digits.
        while len(text) > 1 and text[-1] in "万亿":
            text = text[:-1]
            e -= 1
        if text == "一":
            continue  # the indefinite article (一批, 一个); a lone 一 before a scale (一万吨) is not read yet
        value = parse_chinese(text)
        if value is None:
            continue
        tokens.append(NumberToken(s, e, view_text[s:e], value, True))
    tokens.sort(key=lambda t: t.start)
    return tokens
