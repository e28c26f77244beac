"""`nonferrous catalogue`: the indicators and commodities the warehouse knows, how many series
each has, and the indicator phrasings the catalogue does not know yet."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.cli.warehouse import Warehouse

INDICATORS_SQL = """
select i.indicator_code as code, i.name_zh, i.name_en, i.category, i.unit_base, i.aliases,
       i.figure_count as figures, coalesce(s.series, 0) as series
from marts.dim_indicator as i
left join (select indicator_code, count(*) as series from marts.dim_series group by 1) as s using (indicator_code)
order by i.category, i.indicator_code
"""
COMMODITIES_SQL = """
select c.commodity_code as code, c.name_zh, c.name_en, c.path_zh, c.aliases, coalesce(s.series, 0) as series
from marts.dim_commodity as c
left join (select commodity_code, count(*) as series from marts.dim_series group by 1) as s using (commodity_code)
order by c.path_zh
"""
UNCATALOGUED_SQL = """
select indicator_zh, category, figure_count as figures, document_count as documents
from marts.uncatalogued_indicators
order by figure_count desc, indicator_zh
"""
SERIES_PER_CATEGORY_SQL = "select category, count(*) from marts.dim_series group by 1 order by 2 desc, 1"


@dataclass(frozen=True)
class Catalogue:
    indicators: list[dict]
    commodities: list[dict]
    uncatalogued: list[dict]
    series_per_category: list[tuple[str, int]]


def _mentions(row: dict, word: str) -> bool:
    return any(isinstance(value, str) and word in value.lower() for value in row.values())


def look_up(warehouse: Warehouse, word: str | None) -> Catalogue:
    indicators = warehouse.fetch(INDICATORS_SQL).records()
    commodities = warehouse.fetch(COMMODITIES_SQL).records()
    uncatalogued = warehouse.fetch(UNCATALOGUED_SQL).records()
    if word:
        wanted = word.lower()
        indicators = [row for row in indicators if _mentions(row, wanted)]
        commodities = [row for row in commodities if _mentions(row, wanted)]
        uncatalogued = [row for row in uncatalogued if _mentions(row, wanted)]
    return Catalogue(indicators, commodities, uncatalogued, warehouse.fetch(SERIES_PER_CATEGORY_SQL).rows)
