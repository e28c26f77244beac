"""A simplified-character reading of text written in traditional characters.

Hong Kong filings and Taiwanese reports write 產量為12.6萬噸，按年上升4.6%; the lexicon holds the
simplified words. The engine reads a copy converted by OpenCC (hk2s: Hong Kong variants first,
then traditional to simplified) that has exactly the length of the original, character for
character, so every span found in the reading is the same span of the original text.

OpenCC converts phrase by phrase, and a few phrases change length; a line whose conversion
changes its length is converted character by character instead (a character that would not
stay one character is kept as written).

Only traditional text is converted: a line is converted when at least one in twenty of its Han
characters has a simplified form, or when that holds for the document as a whole (traditional
prose changes about a third of its characters; simplified text, almost none). A question
quoted in traditional characters inside a simplified page is converted; a lone variant in a
simplified paragraph (a firm named 华昇) stays as written, so names keep their characters.
"""

from __future__ import annotations

import re

import opencc

_CONVERTER = opencc.OpenCC("hk2s")
# Share of the Han characters of a line (or a document) that conversion changes, from which the
# line (the document) is written in traditional characters.
TRADITIONAL_SHARE = 0.05


def _convert_line(line: str) -> str:
    converted = _CONVERTER.convert(line)
    if len(converted) == len(line):
        return converted
    out = []
    for ch in line:
        simplified = _CONVERTER.convert(ch)
        out.append(simplified if len(simplified) == 1 else ch)
    return "".join(out)


_HAN = re.compile("[\u4e00-\u9fff]")


def _is_traditional(changed: int, text: str) -> bool:
    return changed > 0 and changed >= TRADITIONAL_SHARE * len(_HAN.findall(text))


def simplified_reading(text: str) -> str:
    """`text` with its traditional characters simplified; same length, char for char."""
    converted = _CONVERTER.convert(text)
    if converted == text:
        return text
    lines = text.split("\n")
    # the lines the conversion touches (all of them, where it changed the text's length)
    aligned = converted.split("\n") if len(converted) == len(text) else None
    touched = [k for k, line in enumerate(lines)
               if aligned is None or len(aligned) != len(lines) or aligned[k] != line]
    conversions = {k: _convert_line(lines[k]) for k in touched}
    changes = {k: sum(a != b for a, b in zip(lines[k], conv)) for k, conv in conversions.items()}
    traditional = _is_traditional(sum(changes.values()), text)
    for k, conv in conversions.items():
        if traditional or _is_traditional(changes[k], lines[k]):
            lines[k] = conv
    return "\n".join(lines)
