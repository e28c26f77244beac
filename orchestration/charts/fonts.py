"""A font that draws Chinese: found among the system's fonts (the set-up installs Debian's
fonts-noto-cjk), and asked whether it has a glyph for every character a chart draws."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

# Simplified Chinese faces first: the same Han character looks different in a Japanese face.
PREFERRED_FAMILIES = (
    "Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei",
    "Noto Sans CJK TC", "Noto Sans CJK JP",
)
FILE_HINTS = ("cjk", "wqy", "sourcehan", "notosanssc")


class NoChineseFont(Exception):
    """No installed font draws Chinese."""


@dataclass(frozen=True)
class ChineseFont:
    family: str
    path: str
    face_index: int

    def missing(self, texts: list[str]) -> list[str]:
        """The characters of `texts` this font has no glyph for (white space aside)."""
        charmap = _charmap(self.path, self.face_index)
        return sorted({ch for text in texts for ch in text if not ch.isspace() and ord(ch) not in charmap})


@cache
def _charmap(path: str, face_index: int) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path, face_index=face_index).get_charmap())


@cache
def chinese_font() -> ChineseFont:
    from matplotlib import font_manager

    found = _registered(font_manager)
    if found is None:
        # a font installed after matplotlib cached its list of fonts: register it by hand
        for path in font_manager.findSystemFonts():
            if any(hint in path.lower().replace("-", "").replace("_", "") for hint in FILE_HINTS):
                font_manager.fontManager.addfont(path)
        found = _registered(font_manager)
    if found is None:
        raise NoChineseFont(
            "no installed font draws Chinese, so chart labels would show as empty boxes. "
            "`make setup` installs Debian's fonts-noto-cjk (apt-get install fonts-noto-cjk)."
        )
    return found


def _registered(font_manager) -> ChineseFont | None:
    by_family = {}
    # regular weight in preference to bold: the first entry of a family in this order wins
    for entry in sorted(font_manager.fontManager.ttflist, key=lambda e: (e.style != "normal", e.weight not in (400, "normal", "regular"))):
        by_family.setdefault(entry.name, entry)
    for family in PREFERRED_FAMILIES:
        entry = by_family.get(family)
        if entry is not None:
            return ChineseFont(family, entry.fname, getattr(entry, "index", 0) or 0)
    return None
