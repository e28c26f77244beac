"""Units as written -> multiplier and base unit.

A written unit is a scale prefix (千, 万, 百万, 亿, 万亿 …) on a base unit (吨, 元, 千瓦时 …),
optionally per another base unit (美元/吨, 千克标煤/吨). Composition is productive, so units
are parsed by this grammar rather than listed one by one; dbt/seeds/units.csv catalogues the
ones seen, and a test keeps the two in agreement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Longest first, so 万亿 wins over 万 and 千瓦时 over 千瓦.
SCALES: dict[str, float] = {
    "万亿": 1e12,
    "千亿": 1e11,
    "百亿": 1e10,
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "十万": 1e5,
    "万": 1e4,
    "千": 1e3,
    "百": 1e2,
}

# base unit as written -> (multiplier to the base unit, base unit code)
BASE_UNITS: dict[str, tuple[float, str]] = {
    "吨": (1.0, "t"),
    "公斤": (1e-3, "t"),
    "千克": (1e-3, "t"),
    "克": (1e-6, "t"),
    "元": (1.0, "CNY"),
    "人民币": (1.0, "CNY"),
    "美元": (1.0, "USD"),
    "千瓦时": (1.0, "kWh"),
    "度": (1.0, "kWh"),
    "千瓦": (1.0, "kW"),
    "瓦": (1e-3, "kW"),
    "兆瓦": (1e3, "kW"),
    "吉瓦": (1e6, "kW"),
    "立方米": (1.0, "m3"),
    "方": (1.0, "m3"),
    "平方米": (1.0, "m2"),
    "平方公里": (1e6, "m2"),
    "亩": (666.6666666666666, "m2"),
    "公顷": (1e4, "m2"),
    "公里": (1e3, "m"),
    "千米": (1e3, "m"),
    "米": (1.0, "m"),
    "吨标煤": (1.0, "tce"),
    "吨标准煤": (1.0, "tce"),
    "千克标煤": (1e-3, "tce"),
    "千克标准煤": (1e-3, "tce"),
    "吨二氧化碳": (1.0, "tCO2"),
    "点": (1.0, "index"),
    "倍": (1.0, "times"),
    # added by the extraction engine: units met in industry prose
    "小时": (1.0, "h"),
    "天": (1.0, "day"),
    "摄氏度": (1.0, "degC"),
    "厘米": (0.01, "m"),
    "毫米": (0.001, "m"),
    "斤": (5e-4, "t"),
}

# Measure words: counts of things.
COUNT_WORDS = (
    "家", "个", "项", "辆", "座", "部", "台", "套", "条", "名", "人", "人次", "户", "件",
    "篇", "种", "批", "处", "所", "支", "只", "根", "口", "艘", "架", "块", "宗", "次",
    # added by the extraction engine
    "场", "场次", "位", "起", "棵", "省", "部门", "张", "期", "方面", "文", "栋", "颗", "届",
    "台（套）", "台(套)",
)

# Per-denominator codes for compound units (美元/吨 -> USD/t, 千克标煤/吨 -> kgce/t).
PER_UNITS: dict[str, str] = {"吨": "t", "千瓦时": "kWh", "度": "kWh", "年": "yr", "人": "person"}
COMPOUND_BASES: dict[str, str] = {
    "美元": "USD", "元": "CNY", "千克标煤": "kgce", "千克标准煤": "kgce", "吨标煤": "tce",
    "千瓦时": "kWh", "度": "kWh", "千克": "kg", "公斤": "kg", "吨": "t", "立方米": "m3",
}

PERCENT_UNITS: dict[str, tuple[float, str]] = {
    "%": (1.0, "pct"),
    "％": (1.0, "pct"),
    "‰": (0.1, "pct"),
    "个百分点": (1.0, "pp"),
    "百分点": (1.0, "pp"),
    "个基点": (0.01, "pp"),
    "基点": (0.01, "pp"),
    "成": (10.0, "pct"),
}


@dataclass(frozen=True)
class Unit:
    written: str
    multiplier: float
    unit_base: str


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
        numerator, _, denominator = text.partition("/")
        scale, numerator_base = _split_scale(numerator)
        if numerator_base in COMPOUND_BASES and denominator in PER_UNITS:
            return Unit(text, scale, f"{COMPOUND_BASES[numerator_base]}/{PER_UNITS[denominator]}")
        return None
    scale, base = _split_scale(text)
    if base in BASE_UNITS:
        factor, code = BASE_UNITS[base]
        return Unit(text, scale * factor, code)
    if base in COUNT_WORDS:
        return Unit(text, scale, "count")
    if text in SCALES:  # a bare scale: 3.5万 (of something stated elsewhere)
        return Unit(text, SCALES[text], "count")
    return None


UNIT_PATTERN = re.compile(
    "|".join(
        re.escape(u)
        for u in sorted(
            {
                *(f"{s}{b}" for s in ("", *SCALES) for b in (*BASE_UNITS, *COUNT_WORDS)),
                *(f"{s}{n}/{d}" for s in ("", *SCALES) for n in COMPOUND_BASES for d in PER_UNITS),
                *PERCENT_UNITS,
            },
            key=len,
            reverse=True,
        )
    )
)
"""Matches the longest unit at a position (after line breaks have been removed)."""
