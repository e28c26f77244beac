"""End to end: the corpus through Dagster and dbt into DuckDB, checked against the contract."""

from __future__ import annotations

from conftest import CORPUS, SERIES_PROBE_DOCUMENTS, SERIES_PROBE_SHARED, clone

CONTRACT = [
    ("figure_id", "VARCHAR"),
    ("document_id", "VARCHAR"),
    ("char_start", "INTEGER"),
    ("char_end", "INTEGER"),
    ("number_text", "VARCHAR"),
    ("source_text", "VARCHAR"),
    ("category", "VARCHAR"),
    ("indicator_code", "VARCHAR"),
    ("indicator_zh", "VARCHAR"),
    ("indicator_en", "VARCHAR"),
    ("subject_zh", "VARCHAR"),
    ("commodity_code", "VARCHAR"),
    ("measure", "VARCHAR"),
    ("value", "DOUBLE"),
    ("unit", "VARCHAR"),
    ("value_base", "DOUBLE"),
    ("unit_base", "VARCHAR"),
    ("qualifier", "VARCHAR"),
    ("period_start", "DATE"),
    ("period_end", "DATE"),
    ("period_grain", "VARCHAR"),
    ("flow", "VARCHAR"),
    ("scope", "VARCHAR"),
]
CORPUS_IDS = sorted(path.stem for path in CORPUS.glob("*.txt"))


def test_fct_figure_has_exactly_the_contract_columns(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'fct_figure' order by ordinal_position"
        ).fetchall()
    assert columns == CONTRACT


def test_every_document_has_figures(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        per_document = dict(con.execute("select document_id, count(*) from marts.fct_figure group by 1").fetchall())
    assert sorted(per_document) == CORPUS_IDS
    assert all(count > 0 for count in per_document.values())


def test_every_span_points_at_its_number(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        rows = con.execute(
            "select f.figure_id, f.char_start, f.char_end, f.number_text, d.text "
            "from marts.fct_figure f join marts.dim_document d using (document_id)"
        ).fetchall()
    assert rows
    wrong = [(fid, s, e, number) for fid, s, e, number, text in rows if text[s:e] != number]
    assert wrong == []


def test_documents_are_stored_exactly_as_decoded(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        stored = dict(con.execute("select file_name, text from marts.dim_document").fetchall())
    assert stored == {path.name: path.read_text(encoding="utf-8") for path in CORPUS.glob("*.txt")}


def test_marts_are_built_and_joined(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        tables = {
            name: con.execute(f"select count(*) from marts.{name}").fetchone()[0]
            for name in ("dim_document", "dim_indicator", "dim_commodity", "dim_unit", "dim_period",
                         "fct_trade", "fct_output", "fct_investment", "fct_profit", "uncatalogued_indicators")
        }
        copper_path = con.execute("select path_zh from marts.dim_commodity where commodity_code = 'refined_copper'").fetchone()
    assert tables["dim_document"] == len(CORPUS_IDS)
    assert all(count > 0 for name, count in tables.items() if name != "fct_investment"), tables
    assert copper_path == ("有色金属 > 十种常用有色金属 > 铜 > 精炼铜",)


def test_category_marts_hold_exactly_their_category(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        for category in ("trade", "output", "investment", "profit"):
            in_mart = con.execute(f"select count(*) from marts.fct_{category}").fetchone()[0]
            in_contract = con.execute("select count(*) from marts.fct_figure where category = ?", [category]).fetchone()[0]
            assert in_mart == in_contract, category


def test_rerun_keeps_the_same_figures(corpus_warehouse):
    query = "select figure_id, value_base, period_end from marts.fct_figure order by figure_id"
    with corpus_warehouse.connect() as con:
        before = con.execute(query).fetchall()
    corpus_warehouse.rebuild("--everything")  # every document extracted and every model built again
    with corpus_warehouse.connect() as con:
        after = con.execute(query).fetchall()
        duplicates = con.execute("select count(*) - count(distinct figure_id) from marts.fct_figure").fetchone()[0]
    assert after == before
    assert duplicates == 0


def test_another_raw_folder_builds_a_separate_warehouse(corpus_warehouse, series_probe_warehouse):
    """The probe warehouse (conftest) is built from a raw folder of its own: three corpus documents
    and four probe documents, in another folder; the corpus warehouse stays as it was."""
    with series_probe_warehouse.connect() as con:
        documents = sorted(row[0] for row in con.execute("select document_id from marts.dim_document").fetchall())
    assert documents == sorted([*SERIES_PROBE_SHARED, *SERIES_PROBE_DOCUMENTS])
    assert series_probe_warehouse.raw_dir != corpus_warehouse.raw_dir
    assert series_probe_warehouse.warehouse != corpus_warehouse.warehouse
    with corpus_warehouse.connect() as con:
        assert con.execute("select count(*) from marts.dim_document").fetchone()[0] == len(CORPUS_IDS)


def test_a_removed_document_leaves_the_marts(series_probe_warehouse, tmp_path):
    built = clone(series_probe_warehouse, tmp_path)  # a copy: the probe warehouse is the session's
    removed = SERIES_PROBE_SHARED[0]
    with built.connect() as con:
        before = {row[0] for row in con.execute("select distinct document_id from marts.fct_figure").fetchall()}
    assert removed in before and len(before) > 1
    (built.raw_dir / f"{removed}.txt").unlink()
    built.rebuild()
    with built.connect() as con:
        remaining = {row[0] for row in con.execute("select distinct document_id from marts.fct_figure").fetchall()}
    assert remaining == before - {removed}


def test_dbt_build_passed_with_every_dbt_test_as_a_passing_asset_check(corpus_warehouse):
    import dagster as dg
    from dagster._core.instance.ref import InstanceRef

    from orchestration.assets.transform import warehouse_models

    check_keys = list(warehouse_models.check_keys)
    assert len(check_keys) > 100
    with dg.DagsterInstance.from_ref(InstanceRef.from_dir(str(corpus_warehouse.dagster_home))) as instance:
        latest = instance.event_log_storage.get_latest_asset_check_execution_by_key(check_keys)
    assert set(latest) == set(check_keys), "every dbt test ran"
    outcomes = {key: record.event.asset_check_evaluation.passed for key, record in latest.items()}
    assert [key for key, passed in outcomes.items() if not passed] == []
