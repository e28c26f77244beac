"""Fair comparison of subjects and indicators through the catalogues the warehouse resolves
them with (dbt/seeds/commodities.csv and indicators.csv: each code's name_zh and aliases).

Normalised text: Unicode NFKC, traditional characters converted to simplified (OpenCC t2s),
case-folded, then every punctuation, separator, control and format character removed (Unicode
general categories P*, Z*, Cc, Cf: quotes, brackets, 、，。·, spaces, line breaks). Nothing else
is dropped and nothing is matched by substring; a text that normalises to nothing is no text.

A predicted value is fairly right when
- the gold value's normalised text is a catalogue phrasing (a name or an alias): the predicted
  value's normalised text is a phrasing of the same code (十种有色金属 = 十种常用有色金属,
  电解铝 = 原铝, 出口 = 出口额; but 铜 != 精炼铜, which are two codes);
- otherwise: the two normalised texts are equal (both absent counts as equal).
"""

from __future__ import annotations

import csv
import unicodedata
from functools import cache
from pathlib import Path

from .gold import ROOT

SEED_DIR = ROOT / "dbt" / "seeds"
_DROPPED_CATEGORIES = ("P", "Z", "Cc", "Cf")


@cache
def _to_simplified():
    import opencc

    return opencc.OpenCC("t2s")


def normalise(text: str | None) -> str | None:
    if text is None:
        return None
    folded = _to_simplified().convert(unicodedata.normalize("NFKC", text)).casefold()
    kept = "".join(ch for ch in folded if not unicodedata.category(ch).startswith(_DROPPED_CATEGORIES))
    return kept or None


class Catalogue:
    """Normalised phrasing -> code, from a seed with columns code, name_zh, aliases (|-separated)."""

    def __init__(self, seed: Path) -> None:
        self.seed = Path(seed)
        self._codes: dict[str, str] = {}
        with open(self.seed, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                for phrasing in [row["name_zh"], *(row.get("aliases") or "").split("|")]:
                    key = normalise(phrasing)
                    if key is None:
                        continue
                    known = self._codes.setdefault(key, row["code"])
                    if known != row["code"]:
                        raise ValueError(f"{self.seed.name}: {phrasing!r} names both {known} and {row['code']}")

    def code_of(self, text: str | None) -> str | None:
        key = normalise(text)
        return self._codes.get(key) if key is not None else None

    def fairly_equal(self, predicted: str | None, gold: str | None) -> bool:
        gold_code = self.code_of(gold)
        if gold_code is not None:
            return self.code_of(predicted) == gold_code
        return normalise(predicted) == normalise(gold)


@cache
def commodities() -> Catalogue:
    return Catalogue(SEED_DIR / "commodities.csv")


@cache
def indicators() -> Catalogue:
    return Catalogue(SEED_DIR / "indicators.csv")
