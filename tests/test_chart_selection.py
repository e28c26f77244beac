"""Which observations the charts show, read from a small hand-made warehouse (no build)."""

from __future__ import annotations

from datetime import date

import duckdb
import pytest

from orchestration.charts.selection import select_charts

SERIES = [  # series_id, indicator_code, subject_zh, commodity_code, period_grain
    ("output.refined_copper", "output", "精炼铜", "refined_copper", "ytd"),
    ("output.primary_aluminium", "output", "原铝", "primary_aluminium", "ytd"),
    ("output.vehicles", "output", "汽车", "vehicles", "year"),
    ("output.new_energy_vehicles", "output", "新能源汽车", "new_energy_vehicles", "year"),
    ("price.lme_copper", "price", "LME铜", "copper", "instant"),
]
OBSERVATIONS = [  # series_id, period_label, period_end, value_base (t or count)
    ("output.refined_copper", "2025-01~04", date(2025, 4, 30), 4_781_000.0),
    ("output.primary_aluminium", "2025-01~04", date(2025, 4, 30), 14_630_000.0),
    ("output.vehicles", "2025", date(2025, 12, 31), 34_531_000.0),
    ("output.new_energy_vehicles", "2025", date(2025, 12, 31), 16_626_000.0),
    ("price.lme_copper", "2025-05-06", date(2025, 5, 6), 9_420.0),
    ("price.lme_copper", "2025-05-07", date(2025, 5, 7), 9_515.0),
]
COMMODITIES = [("copper", "nonferrous"), ("refined_copper", "nonferrous"), ("primary_aluminium", "nonferrous"),
               ("vehicles", "end_products"), ("new_energy_vehicles", "end_products")]


@pytest.fixture
def warehouse():
    con = duckdb.connect()
    con.execute("create schema marts; create schema catalogue")
    con.execute("""create table marts.dim_series (series_id varchar, family_id varchar, indicator_code varchar,
        indicator_zh varchar, subject_zh varchar, commodity_code varchar, scope varchar, period_grain varchar,
        measure varchar, unit_base varchar)""")
    con.execute("""create table marts.fct_observation (series_id varchar, period_label varchar, period_end date,
        value_base double, value double, origin varchar, source_document_id varchar, figure_ids varchar[])""")
    con.execute("create table marts.dim_commodity (commodity_code varchar, root_code varchar)")
    con.execute("create table catalogue.units (unit varchar, multiplier double, unit_base varchar)")
    for series_id, indicator, subject, commodity, grain in SERIES:
        unit_base = "count" if "vehicles" in series_id else "USD/t" if indicator == "price" else "t"
        con.execute("insert into marts.dim_series values (?, ?, ?, '产量', ?, ?, 'national', ?, 'level', ?)",
                    [series_id, series_id, indicator, subject, commodity, grain, unit_base])
    for series_id, label, end, value in OBSERVATIONS:
        con.execute("insert into marts.fct_observation values (?, ?, ?, ?, ?, 'reported', 'doc', ['f'])",
                    [series_id, label, end, value, value])
    con.executemany("insert into marts.dim_commodity values (?, ?)", COMMODITIES)
    con.executemany("insert into catalogue.units values (?, ?, ?)", [
        ("万吨", 1e4, "t"), ("万辆", 1e4, "count"), ("美元/吨", 1, "USD/t"), ("美元/磅", 2204.62262184878, "USD/t")])
    yield con
    con.close()


def test_output_by_metal_shows_nonferrous_goods_only_even_when_cars_are_more_recent(warehouse):
    chart = next(c for c in select_charts(warehouse) if c.name == "output_by_metal")
    assert chart.categories == ["原铝", "精炼铜"]
    assert chart.title.endswith("（2025-01~04）") and chart.unit == "万吨"


def test_prices_are_drawn_per_tonne_as_quoted(warehouse):
    chart = next(c for c in select_charts(warehouse) if c.name == "prices_USD_per_t")
    assert chart.unit == "美元/吨"
    assert [group.values for group in chart.groups] == [[9_420.0, 9_515.0]]


def test_prices_draw_the_six_most_quoted_commodities_over_their_latest_24_dates(warehouse):
    # eight nickel-like quotes: "price.q0" on 40 days, "price.q1" on 39 … "price.q7" on 33
    for rank in range(8):
        series_id = f"price.q{rank}"
        warehouse.execute("insert into marts.dim_series values (?, ?, 'price', '价格', ?, 'nickel', 'world', 'instant', 'level', 'USD/t')",
                          [series_id, series_id, f"镍{rank}"])
        for day in range(40 - rank):
            warehouse.execute("insert into marts.fct_observation values (?, ?, ?, ?, ?, 'reported', ?, ['f'])",
                              [series_id, f"d{day}", date(2026, 1, 1 + day % 31).replace(month=1 + day // 31), 20_000.0 + day, 20_000.0 + day, f"doc{day}"])
    chart = next(c for c in select_charts(warehouse) if c.name == "prices_USD_per_t")
    assert [group.label for group in chart.groups] == [f"镍{rank}（国际）" for rank in range(6)]
    assert len(chart.dates) == 24 and chart.dates[-1] == date(2026, 2, 9)
    assert chart.series_ids == [f"price.q{rank}" for rank in range(6)]
    assert chart.title == "价格 prices（美元/吨）：报价最多的 6/9 种 most quoted"
