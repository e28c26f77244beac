"""Great Expectations suites (expectations/*.json) and the Dagster asset checks that run them."""

from __future__ import annotations

import json
import os

import dagster as dg
import pandas as pd
import pytest

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")

import great_expectations as gx  # noqa: E402

from orchestration.assets.quality import CHECK_NAME, quality_checks  # noqa: E402
from orchestration.quality import custom_expectations  # noqa: E402,F401
from orchestration.quality.suites import (  # noqa: E402
    SUITES, SuiteFileError, last_run_on, load_suite, read_suite_file, run_suite,
)
from orchestration.settings import EXPECTATIONS_DIR, Settings  # noqa: E402


# --- the suite files -------------------------------------------------------------------------------

def test_every_suite_file_has_a_check_and_every_check_a_file():
    files = {path.stem for path in EXPECTATIONS_DIR.glob("*.json")}
    assert files == set(SUITES)


@pytest.mark.parametrize("name", sorted(SUITES))
def test_each_suite_loads_every_expectation_of_its_file(name):
    path = SUITES[name].path
    listed = read_suite_file(path)["expectations"]
    suite = load_suite(path, SUITES[name].in_database)
    assert suite.name == name
    assert len(suite.expectations) == len(listed) > 0
    assert [e.expectation_type for e in suite.expectations] == [e["type"] for e in listed]


def test_a_suite_file_ge_would_silently_shorten_is_refused(tmp_path):
    document = read_suite_file(SUITES["reconciliation"].path)
    document["expectations"].append({"type": "expect_totals_to_feel_right", "kwargs": {"column": "passed"}})
    path = tmp_path / "reconciliation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError, match="dropped"):
        load_suite(path)


def test_a_suite_file_with_a_wrong_argument_is_refused(tmp_path):
    document = read_suite_file(SUITES["fct_trade"].path)
    document["expectations"][1]["kwargs"] = {"colum": "figure_id"}
    path = tmp_path / "fct_trade.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError):
        load_suite(path)


def test_a_suite_validated_in_the_database_refuses_what_it_cannot_evaluate(tmp_path):
    """An argument or a type the SQL evaluation does not know would be checked partly or not at all."""
    document = read_suite_file(SUITES["reconciliation"].path)
    assert SUITES["reconciliation"].in_database
    document["expectations"][1]["kwargs"]["mostly"] = 0.9
    path = tmp_path / "reconciliation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    load_suite(path)  # GE itself takes it
    with pytest.raises(SuiteFileError, match="mostly"):
        load_suite(path, in_database=True)
    document["expectations"][1] = {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "kind", "regex": "^[a-z_]+$"}}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError, match="expect_column_values_to_match_regex"):
        load_suite(path, in_database=True)


def test_severities_are_critical_or_warning():
    for spec in SUITES.values():
        for expectation in read_suite_file(spec.path)["expectations"]:
            assert expectation.get("severity") in ("critical", "warning"), (spec.name, expectation)


# --- the custom expectations -----------------------------------------------------------------------

def _validate(frame: pd.DataFrame, expectation: dict):
    context = gx.get_context(mode="ephemeral")
    batch = context.data_sources.add_pandas("test").add_dataframe_asset("frame").add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name="test", expectations=[expectation]))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name="test", data=batch, suite=suite))
    (result,) = definition.run(batch_parameters={"dataframe": frame}, result_format="COMPLETE").results
    return result


def test_the_span_check_finds_a_span_that_misses_its_number_counting_code_points():
    import duckdb

    from orchestration.quality.suites import read_batch

    text = "1-4月，十种常用有色金属产量为2660.0万吨"
    start = text.index("2660.0")
    astral = "𠀀é\u0301产量12.5万吨"  # a character beyond the BMP and a combining accent before the number
    con = duckdb.connect()
    con.execute("create schema marts")
    con.execute("create table marts.dim_document as select * from (values ('a', ?), ('b', ?), ('c', ?)) t(document_id, text)",
                [text, "铜" + text, astral])
    con.execute("create table marts.figure_flags (figure_id varchar, rule varchar)")
    con.execute("insert into marts.figure_flags values ('f1', 'z_rule'), ('f1', 'a_rule')")
    figures = [
        ("f0", "a", start, start + 6, "2660.0"),  # its span
        ("f1", "a", start + 1, start + 7, "2660.0"),  # one off
        ("f2", "a", start, start + 99, "2660.0"),  # beyond the text
        ("f3", "b", start + 1, start + 7, "2660.0"),
        ("f4", "b", start, start + 6, "2660.0"),
        ("f5", "gone", start, start + 6, "2660.0"),  # no published document
        ("f6", "c", astral.index("12.5"), astral.index("12.5") + 4, "12.5"),
        ("f7", "a", None, start + 6, "2660.0"),
        ("f8", "a", start + 6, start, ""),  # an empty, reversed span
    ]
    con.execute("create table marts.fct_figure (figure_id varchar, document_id varchar, char_start integer, "
                "char_end integer, number_text varchar)")
    con.executemany("insert into marts.fct_figure values (?, ?, ?, ?, ?)", figures[::-1])  # not in figure_id order
    batch = read_batch(con, SUITES["fct_figure"])
    assert list(batch.columns[-2:]) == ["span_matches_number_text", "flags"]
    assert list(batch.figure_id) == [figure[0] for figure in reversed(figures)]  # the mart's own order
    assert dict(zip(batch.figure_id, batch.span_matches_number_text)) == {
        "f0": True, "f1": False, "f2": False, "f3": True, "f4": False, "f5": False, "f6": True, "f7": False, "f8": False,
    }
    flags = batch["flags"]  # (not batch.flags: pandas' own attribute)
    assert dict(zip(batch.figure_id, flags))["f1"] == "a_rule, z_rule"
    assert flags.isna().sum() == len(figures) - 1


def test_identity_expectation_rechecks_the_arithmetic():
    frame = pd.DataFrame({
        "stated_value": [1281.7, 1281.7, 17.94, 2660.0],
        "computed_value": [1281.7, 1311.7, 17.955, 2227.4],
        "tolerance": [0.2, 0.2, 0.015, 0.15],
        "comparison": ["equal", "equal", "equal", "at_most"],
    })
    result = _validate(frame, {"type": "expect_identity_to_hold_within_tolerance",
                               "kwargs": {"column_list": ["stated_value", "computed_value", "tolerance", "comparison"]}})
    assert result.result["unexpected_index_list"] == [1]


def test_the_database_evaluates_each_expectation_as_the_pandas_engine_does(tmp_path):
    """Every expectation of the reconciliation suite, on rows that break each of them (nulls,
    a repeated id, values out of the set, a negative tolerance, a low above its high, an identity
    that does not hold): the counts and the first unexpected ids of DuckDB's evaluation are GE's."""
    import duckdb

    from orchestration.quality.in_database import evaluate

    nan = float("nan")
    frame = pd.DataFrame({
        "position": range(6),  # GE's pandas engine names unexpected rows by their index
        "identity_id": ["a", "b", "b", None, "e", "f"],
        "kind": ["sum", "agreement", "total", None, "share", "sum"],
        "comparison": ["equal", "at_most", "equal", "roughly", None, "equal"],
        "stated_value": [1281.7, 17.94, 2660.0, nan, 5.0, 11.51],
        "computed_value": [1281.7, 17.955, 2227.4, 3.0, nan, 11.52],
        "computed_low": [1281.5, 17.95, 2227.3, 3.5, nan, 11.5],
        "computed_high": [1281.9, 17.96, 2227.5, 3.0, nan, 11.54],
        "tolerance": [0.2, 0.015, 0.15, -1.0, 0.5, 0.015],
        "passed": [True, False, True, None, True, True],
    })
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute("create table rows as select * from frame")
        checked = 0
        for expectation in read_suite_file(SUITES["reconciliation"].path)["expectations"]:
            kwargs = expectation["kwargs"]
            if expectation["type"] == "expect_table_columns_to_match_ordered_list":
                kwargs = {"column_list": list(frame.columns)}
            elif set(kwargs.get("column_list", [])) | {kwargs.get(k) for k in ("column", "column_A", "column_B")} - {None} \
                    - set(frame.columns):
                continue
            pandas = _validate(frame, {"type": expectation["type"], "kwargs": kwargs})
            success, result = evaluate(con, "rows", "position", expectation["type"], kwargs, {}, 20)
            assert success == pandas.success, expectation
            for key in ("element_count", "unexpected_count", "missing_count"):
                assert result.get(key) == pandas.result.get(key), (expectation, key)
            assert [row["position"] for row in result.get("unexpected_index_list", [])] == \
                pandas.result.get("unexpected_index_list", []), expectation
            checked += 1
    assert checked >= 10


# --- the suites on the corpus warehouse ------------------------------------------------------------

@pytest.mark.parametrize("name", ["fct_figure", "fct_trade", "fct_output", "fct_investment", "fct_profit"])
def test_structure_and_category_suites_hold_on_the_corpus(corpus_warehouse, tmp_path, name):
    run = run_suite(corpus_warehouse.warehouse, name, tmp_path / "data_docs")
    assert run.row_count > 0 or name == "fct_investment"
    assert [o.describe() for o in run.critical_failures] == []
    assert run.docs_index is not None and run.docs_index.exists()
    assert (tmp_path / "data_docs" / "index.html").exists()


def test_the_check_takes_the_validation_of_the_file_it_was_published_from(corpus_warehouse, tmp_path):
    """The build validates fct_figure on the file it is about to publish; the check on the published
    file (the same file, renamed) takes that result, and validates again when the file is any other."""
    import shutil

    import duckdb

    built, published = tmp_path / "nonferrous.duckdb.next", tmp_path / "nonferrous.duckdb"
    shutil.copy2(corpus_warehouse.warehouse, built)
    docs = tmp_path / "data_docs"
    run = run_suite(built, "fct_figure", docs)
    os.replace(built, published)
    assert last_run_on(published, "fct_figure", docs) is run
    assert last_run_on(published, "fct_figure", tmp_path / "elsewhere") is None  # its Data Docs are not there
    assert last_run_on(published, "fct_output", docs) is None
    with duckdb.connect(str(published)) as con:  # a client writes to the published file
        con.execute("create table main.scratch as select 1 as x")
    assert last_run_on(published, "fct_figure", docs) is None
    shutil.copy2(corpus_warehouse.warehouse, built)  # a new build of the same content is another file
    assert last_run_on(built, "fct_figure", docs) is None


def test_reconciliation_suite_fails_only_on_identities_that_fail(corpus_warehouse, tmp_path):
    run = run_suite(corpus_warehouse.warehouse, "reconciliation", tmp_path / "data_docs")
    with corpus_warehouse.connect() as con:
        failing = {row[0] for row in con.execute("select identity_id from marts.reconciliation where not passed").fetchall()}
    flagged = {i for o in run.failures for i in o.unexpected_ids}
    assert flagged == failing
    assert {o.type for o in run.failures} <= {"expect_column_values_to_be_in_set", "expect_identity_to_hold_within_tolerance"}


# --- the Dagster asset checks ----------------------------------------------------------------------

def test_one_check_per_suite_on_the_mart_it_validates():
    keys = {key for check in quality_checks for key in check.check_keys}
    assert keys == {dg.AssetCheckKey(dg.AssetKey(spec.asset_key_path), CHECK_NAME) for spec in SUITES.values()}
    blocking = {key.asset_key.path[-1] for check in quality_checks for key in check.check_keys
                if check.get_spec_for_check_key(key).blocking}
    assert blocking == {"fct_figure"}


def test_the_code_location_registers_the_checks():
    from orchestration.definitions import defs

    registered = defs.resolve_asset_graph().asset_check_keys
    assert {key for check in quality_checks for key in check.check_keys} <= registered


def test_checks_run_in_dagster_against_the_warehouse(corpus_warehouse):
    from orchestration.assets.transform import warehouse_models
    from orchestration.resources import build_resources

    settings = Settings(corpus_warehouse.raw_dir, corpus_warehouse.warehouse)
    defs = dg.Definitions(assets=[warehouse_models], asset_checks=quality_checks, resources=build_resources(settings))
    keys = {key for check in quality_checks for key in check.check_keys}
    job = defs.resolve_implicit_global_asset_job_def().get_subset(asset_selection=set(), asset_check_selection=keys)
    result = job.execute_in_process(instance=dg.DagsterInstance.ephemeral(), raise_on_error=False)
    evaluations = {e.asset_key.path[-1]: e for e in result.get_asset_check_evaluations()}
    assert set(evaluations) == set(SUITES)
    structure = evaluations["fct_figure"]
    assert structure.passed or structure.severity == dg.AssetCheckSeverity.WARN, structure.metadata.get("failed_expectations")
    reconciliation = evaluations["reconciliation"].metadata
    assert reconciliation["identities"].value > 0
    assert "sum" in reconciliation["instances_per_kind"].value
    # a link the UI opens (the pages server) and the file's path to copy
    assert reconciliation["data_docs"].value == f"{settings.pages_url}/data_docs/reconciliation/index.html"
    assert reconciliation["data_docs_file"].value == str(settings.data_docs_dir / "reconciliation" / "index.html")
    assert (settings.data_docs_dir / "reconciliation" / "index.html").exists()


def test_data_docs_fetch_nothing_from_the_internet(corpus_warehouse):
    """Every stylesheet, script and image a Data Docs page loads is a file beside it."""
    import re
    from urllib.parse import unquote

    docs = corpus_warehouse.warehouse.parent / "data_docs"
    pages = [page for page in docs.rglob("*.html") if "vendor" not in page.relative_to(docs).parts]
    assert len(pages) >= len(SUITES)
    loaded = re.compile(r"<(?:script|img)\b[^>]*\bsrc=\"([^\"]+)\"|<link\b[^>]*\bhref=\"([^\"]+)\"")
    for page in pages:
        for match in loaded.finditer(page.read_text(encoding="utf-8")):
            target = match.group(1) or match.group(2)
            assert not re.match(r"^(https?:)?//", target), (page, target)
            if "vendor/" in target:  # (GE's own favicon link on validation pages points one folder off)
                assert (page.parent / unquote(target)).resolve().is_file(), (page, target)
    assert (docs / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.woff2").is_file()
