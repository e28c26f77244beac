"""Series marts on the real pipeline's output: stable ids, agreed observations, derived values
marked and reconciled, and the wide views.

The corpus warehouse (conftest) is the corpus as it is; the probe warehouse is built in another
folder from three corpus documents and four small documents stating what raw/ does not (two
year-to-date levels one month apart, a month also stated on its own, a level and the next
year's growth). The derivation rules themselves are also unit-tested in dbt (models/series/_series.yml).
"""

from __future__ import annotations

import pytest

from conftest import SERIES_PROBE_SHARED

DEFINITION = "indicator_code, subject_key, scope, period_grain, measure, unit_base"


def _records(con, sql: str, parameters=None) -> list[dict]:
    cursor = con.execute(sql, parameters or [])
    columns = [column[0] for column in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def _observation(con, series_id: str, period_label: str) -> dict:
    rows = _records(con, "select * from marts.fct_observation where series_id = ? and period_label = ?", [series_id, period_label])
    assert len(rows) == 1, f"{series_id} {period_label}: {rows}"
    return rows[0]


def test_every_series_id_is_unique_and_spells_out_its_definition(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        series = _records(con, f"select series_id, indicator_detail_zh, {DEFINITION} from marts.dim_series")
    assert len(series) > 100
    assert len({row["series_id"] for row in series}) == len(series)
    for row in series:
        parts = [row[name] for name in DEFINITION.split(", ")]
        if row["indicator_detail_zh"]:  # the good of a partner's trade, the wording of a share
            parts[0] = f"{row['indicator_code']}:{row['indicator_detail_zh']}"
        assert row["series_id"] == ".".join(parts)
        assert all(part and "." not in part for part in parts), row


def test_series_ids_are_equal_across_builds_from_different_folders(corpus_warehouse, series_probe_warehouse):
    """The same documents give the same series with the same ids, wherever the warehouse is built
    and whatever else it holds."""
    assert corpus_warehouse.warehouse.parent != series_probe_warehouse.warehouse.parent
    query = f"""
        select distinct s.series_id, {', '.join('d.' + c for c in DEFINITION.split(', '))}, d.name_zh, d.name_en
        from intermediate.int_series_statements as s
        join marts.dim_series as d using (series_id)
        where list_contains(?, s.document_id)
        order by s.series_id
    """
    with corpus_warehouse.connect() as con:
        in_corpus = con.execute(query, [list(SERIES_PROBE_SHARED)]).fetchall()
    with series_probe_warehouse.connect() as con:
        in_probe = con.execute(query, [list(SERIES_PROBE_SHARED)]).fetchall()
    assert len(in_corpus) > 50
    assert in_probe == in_corpus


def test_observations_agree_with_their_statements(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        rows = _records(con, """
            select o.*, f.value_base as source_value_base, f.document_id as figure_document_id
            from marts.fct_observation as o
            left join marts.fct_figure as f on f.figure_id = o.source_figure_id
            where o.origin = 'reported'
        """)
        per_series = dict(con.execute("select series_id, observation_count from marts.dim_series").fetchall())
        observed = dict(con.execute("select series_id, count(*) from marts.fct_observation group by 1").fetchall())
    assert rows and per_series == observed
    for row in rows:
        assert row["value_base"] == row["source_value_base"]
        assert row["source_document_id"] == row["figure_document_id"]
        assert row["source_figure_id"] in row["figure_ids"]
        assert row["document_count"] >= 1
        assert row["conflict"] == (len(row["conflicting_figure_ids"]) > 0)
        assert not set(row["figure_ids"]) & set(row["conflicting_figure_ids"])


def test_a_quantity_is_shown_in_the_unit_the_documents_write(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        copper = _observation(con, "output.refined_copper.national.ytd.level.t", "2025-01~04")
    assert (copper["value"], copper["unit"], copper["value_base"], copper["decimals"]) == (478.1, "万吨", 4781000.0, 1)
    assert "精炼铜产量为 478.1 万吨" in copper["source_text"]


def test_a_month_is_derived_from_two_reported_year_to_date_levels(series_probe_warehouse):
    with series_probe_warehouse.connect() as con:
        may = _observation(con, "output.primary_aluminium.national.month.level.t", "2025-05")
        april = _observation(con, "output.primary_aluminium.national.ytd.level.t", "2025-01~04")
        to_may = _observation(con, "output.primary_aluminium.national.ytd.level.t", "2025-01~05")
        inputs = _records(con, "select figure_id, measure, period_grain from marts.fct_figure where list_contains(?, figure_id)", [may["figure_ids"]])
    assert may["origin"] == "derived" and may["derivation"] == "period_from_cumulative"
    assert may["value"] == pytest.approx(2200.1 - 1749.3) and may["unit"] == "万吨"
    assert may["source_figure_id"] is None and may["conflict"] is False
    assert may["figure_ids"] == [to_may["source_figure_id"], april["source_figure_id"]]
    assert {(row["measure"], row["period_grain"]) for row in inputs} == {("level", "ytd")}
    assert to_may["origin"] == april["origin"] == "reported"


def test_a_derived_month_never_replaces_a_reported_one_and_is_reconciled_with_it(series_probe_warehouse):
    with series_probe_warehouse.connect() as con:
        may = _observation(con, "output.refined_copper.national.month.level.t", "2025-05")
        checks = _records(con, "select * from marts.reconciliation where kind = 'derived' and rule = 'period_from_cumulative'")
    assert may["origin"] == "reported" and may["value"] == 119.5
    copper = [row for row in checks if row["stated_figure_id"] == may["source_figure_id"]]
    assert len(copper) == 1
    assert copper[0]["passed"] and copper[0]["computed_value"] == pytest.approx(597.6 - 478.1)
    assert "the cumulative level to its end minus the one to its start" in copper[0]["detail"]


def test_a_level_is_derived_from_the_level_a_year_earlier_and_its_growth(series_probe_warehouse):
    with series_probe_warehouse.connect() as con:
        year = _observation(con, "output.refined_copper.national.year.level.t", "2025")
        base = _observation(con, "output.refined_copper.national.year.level.t", "2024")
        growth = _observation(con, "output.refined_copper.national.year.yoy_pct.pct", "2025")
    assert year["origin"] == "derived" and year["derivation"] == "level_from_prior_year"
    assert year["value"] == pytest.approx(1364.4 * 1.046)
    assert year["figure_ids"] == [base["source_figure_id"], growth["source_figure_id"]]


def test_the_corpus_has_monthly_values_derived_from_two_reported_figures(corpus_warehouse):
    """raw/ states no two year-to-date levels a month apart, but it states months with their 同比
    growth: the same month a year earlier follows from two reported figures."""
    computed_from = {
        "period_from_cumulative": lambda later, earlier: later - earlier,
        "cumulative_less_period": lambda cumulative, period: cumulative - period,
        "level_from_prior_year": lambda level, rate: level * (1 + rate / 100),
        "prior_year_level_from_growth": lambda level, rate: level / (1 + rate / 100),
    }
    with corpus_warehouse.connect() as con:
        derived = _records(con, """
            select o.series_id, o.value_base, o.figure_ids, o.derivation
            from marts.fct_observation as o join marts.dim_series as s using (series_id)
            where o.origin = 'derived' and s.period_grain = 'month'
        """)
        values = dict(con.execute("select figure_id, value_base from marts.fct_figure").fetchall())
        reported = {
            figure_id
            for (ids,) in con.execute("select figure_ids from marts.fct_observation where origin = 'reported'").fetchall()
            for figure_id in ids
        }
    assert derived
    for row in derived:
        assert len(row["figure_ids"]) == 2 and set(row["figure_ids"]) <= reported, row
        inputs = [values[figure_id] for figure_id in row["figure_ids"]]
        assert row["value_base"] == pytest.approx(computed_from[row["derivation"]](*inputs)), row


def test_dim_series_counts_reported_and_derived_observations(series_probe_warehouse):
    with series_probe_warehouse.connect() as con:
        (row,) = _records(con, "select * from marts.dim_series where series_id = 'output.primary_aluminium.national.month.level.t'")
    assert (row["observation_count"], row["reported_count"], row["derived_count"]) == (1, 0, 1)
    assert (row["name_zh"], row["name_en"], row["unit"]) == ("产量:原铝:当月值", "output: primary aluminium: monthly", "万吨")
    assert (row["first_period"], row["last_period"], row["frequency_zh"]) == ("2025-05", "2025-05", "月度")


def test_the_wide_view_puts_month_and_year_to_date_side_by_side(series_probe_warehouse):
    with series_probe_warehouse.connect() as con:
        rows = _records(con, "select * from marts.wide_output where family_id = 'output.refined_copper.national' and period_label = '2025-05'")
    assert len(rows) == 1
    row = rows[0]
    assert (row["level"], row["level_origin"], row["yoy_pct"], row["ytd_level"], row["ytd_yoy_pct"], row["unit"]) == (
        119.5, "reported", 6.1, 597.6, 5.9, "万吨"
    )


def test_every_category_has_a_wide_view(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        categories = [row[0] for row in con.execute("select distinct category from marts.dim_series").fetchall()]
        for category in categories:
            families = con.execute(f"select count(distinct family_id) from marts.wide_{category}").fetchone()[0]
            level_or_growth = con.execute(
                "select count(distinct family_id) from marts.dim_series where category = ? and measure in ('level', 'yoy_pct', 'mom_pct')",
                [category],
            ).fetchone()[0]
            assert families == level_or_growth, category
