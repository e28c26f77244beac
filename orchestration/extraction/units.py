"""Units as written -> multiplier and base unit; values -> the base unit.

A written unit is a scale prefix (千, 万, 百万, 亿, 万亿 …) on a base unit (吨, 元, 千瓦时 …),
optionally per another base unit (美元/吨, 千克标煤/吨, 元/公斤, 加元/股). Composition is
productive, so units are parsed by this grammar from the words of lexicon/units.tsv rather than
listed one by one; dbt/seeds/units.csv catalogues the ones seen, and a test keeps the two in
agreement. A rate whose numerator is a bare scale (13万/吨) is money with 元 implied
(`Unit.implied`).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import lexicon


def _numbers(role: str) -> dict[str, float]:
    return {w: float(m) for w, m in lexicon.meanings("units", "multiplier", role=role).items()}


# Longest first, so 万亿 wins over 万.
SCALES: dict[str, float] = dict(sorted(_numbers("scale").items(), key=lambda kv: -len(kv[0])))
_CURRENCY_ENTRIES = lexicon.entries("units", role="currency")
CURRENCIES: dict[str, str] = {e.phrase: e["unit_base"] for e in _CURRENCY_ENTRIES}
BASE_UNITS: dict[str, tuple[float, str]] = {
    e.phrase: (float(e["multiplier"]), e["unit_base"])
    for e in (*lexicon.entries("units", role="base"), *_CURRENCY_ENTRIES)}
COUNT_WORDS: frozenset[str] = frozenset(lexicon.words("units", role="count"))
PER_UNITS: dict[str, tuple[float, str]] = {e.phrase: (1.0, e["unit_base"]) for e in lexicon.entries("units", role="per")}
PRICE_PER_UNITS: dict[str, tuple[float, str]] = {
    e.phrase: (float(e["multiplier"]), e["unit_base"]) for e in lexicon.entries("units", role="price_per")}
COMPOUND_BASES: dict[str, str] = lexicon.meanings("units", "unit_base", role="compound")
# Times a thing takes: units only where a word says so (需要2-3年), never read after any number.
DURATIONS: dict[str, tuple[float, str]] = {
    e.phrase: (float(e["multiplier"]), e["unit_base"]) for e in lexicon.entries("units", role="duration")}
IMPLIED_CURRENCY = CURRENCIES["元"]  # money written without 元 (27.49亿, 13万/吨)
PERCENT_UNITS: dict[str, tuple[float, str]] = {
    e.phrase: (float(e["multiplier"]), e["unit_base"]) for e in lexicon.entries("units", role="percent")}
SCALE_CHARACTERS = "".join(sorted({ch for scale in SCALES for ch in scale}))


@dataclass(frozen=True)
class Unit:
    written: str
    multiplier: float
    unit_base: str
    implied: str | None = None  # what the writer left out and the grammar supplied ("元")


NO_UNIT = Unit("", 1.0, "")  # a ratio or a grade: a number that has no unit (unit and unit_base null)


def _split_scale(text: str) -> tuple[float, str]:
    for prefix, factor in SCALES.items():
        if text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix):]
            if rest in BASE_UNITS or rest in COMPOUND_BASES or rest in COUNT_WORDS:
                return factor, rest
    return 1.0, text


def parse_unit(written: str) -> Unit | None:
    """Parse a unit as written (line breaks already removed); None when it is not a unit."""
    text = written.strip()
    if not text:
        return None
    if text in PERCENT_UNITS:
        factor, base = PERCENT_UNITS[text]
        return Unit(text, factor, base)
    if "/" in text:
        return _parse_rate(text)
    scale, base = _split_scale(text)
    if base in BASE_UNITS:
        factor, code = BASE_UNITS[base]
        return Unit(text, scale * factor, code)
    if base in COUNT_WORDS:
        return Unit(text, scale, "count")
    if text in SCALES:  # a bare scale: 3.5万 (of something stated elsewhere)
        return Unit(text, SCALES[text], "count")
    return None


def _parse_rate(text: str) -> Unit | None:
    numerator, _, denominator = text.partition("/")
    if numerator in SCALES:  # 13万/吨: money per unit with 元 left out
        per = PER_UNITS.get(denominator) or PRICE_PER_UNITS.get(denominator)
        if per is None:
            return None
        return Unit(text, SCALES[numerator] * per[0], f"{IMPLIED_CURRENCY}/{per[1]}", implied="元")
    # 千克/吨 is kilograms per tonne, not a thousand grams
    scale, numerator_base = (1.0, numerator) if numerator in COMPOUND_BASES else _split_scale(numerator)
    if numerator_base in CURRENCIES:
        scale *= BASE_UNITS[numerator_base][0]  # 美分/磅: a hundredth of a dollar
        code = CURRENCIES[numerator_base]
        per = PER_UNITS.get(denominator) or PRICE_PER_UNITS.get(denominator)
    elif numerator_base in COMPOUND_BASES:
        code = COMPOUND_BASES[numerator_base]
        per = PER_UNITS.get(denominator)
    else:
        return None
    if per is None:
        return None
    return Unit(text, scale * per[0], f"{code}/{per[1]}")


# Every unit a number can be followed by in running text (a bare scale is read separately).
WRITTEN_UNITS: dict[str, Unit] = {
    written: unit
    for written in {
        *(f"{s}{b}" for s in ("", *SCALES) for b in (*BASE_UNITS, *COUNT_WORDS)),
        *(f"{s}{n}/{d}" for s in ("", *SCALES) for n in COMPOUND_BASES for d in PER_UNITS),
        *(f"{s}{n}/{d}" for s in ("", *SCALES) for n in CURRENCIES for d in (*PER_UNITS, *PRICE_PER_UNITS)),
        *(f"{s}/{d}" for s in SCALES for d in (*PER_UNITS, *PRICE_PER_UNITS)),
        *PERCENT_UNITS,
    }
    if (unit := parse_unit(written)) is not None
}
# first character -> the lengths of the units beginning with it, longest first
_LENGTHS_BY_FIRST: dict[str, tuple[int, ...]] = {}
for _written in WRITTEN_UNITS:
    _LENGTHS_BY_FIRST[_written[0]] = tuple(sorted({*_LENGTHS_BY_FIRST.get(_written[0], ()), len(_written)},
                                                  reverse=True))


def unit_at(text: str, pos: int) -> tuple[str, Unit] | None:
    """The longest unit written at `pos` of `text`."""
    for length in _LENGTHS_BY_FIRST.get(text[pos:pos + 1], ()):
        written = text[pos:pos + length]
        unit = WRITTEN_UNITS.get(written)
        if unit is not None:
            return written, unit
    return None


def to_base(value: float | str, unit: Unit | None) -> float | None:
    """The value in the unit's base unit, in decimal arithmetic so 4.6亿 is exactly 460000000
    (not 459999999.99999994). `value` may be the number as written (1,234.5)."""
    if unit is None:
        return None
    text = value if isinstance(value, str) else repr(value)
    try:
        return float(Decimal(text.replace(",", "")) * Decimal(repr(unit.multiplier)))
    except InvalidOperation:
        return float(text) * unit.multiplier
