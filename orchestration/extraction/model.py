"""The extractor's typed output: one `Figure` per number stated in a document.

Field names and vocabularies follow the `marts.fct_figure` contract in DESIGN.md; the catalogue
columns (indicator_code, indicator_en, commodity_code) are resolved later, in dbt.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

CATEGORIES = (
    "trade", "output", "investment", "profit", "price", "index", "capacity",
    "consumption", "energy_env", "macro", "other",
)
MEASURES = (
    "level", "yoy_pct", "mom_pct", "share_pct", "rate_pct", "pp_change", "cagr_pct",
    "abs_change", "target", "forecast",
)
QUALIFIERS = ("approx", "over", "under", "range_low", "range_high")
PERIOD_GRAINS = ("month", "quarter", "ytd", "half", "year", "multi_year", "instant")
FLOWS = ("import", "export", "total", "balance")
SCOPES = ("national", "regional", "firm", "world")


@dataclass(frozen=True)
class Figure:
    char_start: int
    char_end: int
    number_text: str
    source_text: str
    category: str
    indicator_zh: str | None
    subject_zh: str | None
    measure: str
    value: float
    unit: str | None
    value_base: float | None
    unit_base: str | None
    qualifier: str | None = None
    period_start: date | None = None
    period_end: date | None = None
    period_grain: str | None = None
    flow: str | None = None
    scope: str = "national"
    # Index (in the same Extraction.figures list) of the whole this figure is an of-which (其中) part of.
    parent_index: int | None = None
    # The named rules that decided its slots, "slot:rule" (indicator:keyword_before,
    # measure:year_on_year_word, modality:forecast_word, period:own_phrase …), in the order applied.
    rules: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extraction:
    figures: tuple[Figure, ...]
    document_date: date | None
    document_date_source: str | None  # header, text, sidecar, or None
    diagnostics: tuple[str, ...] = field(default_factory=tuple)


def figure_id(document_id: str, char_start: int, char_end: int) -> str:
    """Stable across runs: the same span of the same document always gets the same id."""
    digest = hashlib.sha256(f"{document_id}:{char_start}:{char_end}".encode()).hexdigest()
    return digest[:20]
