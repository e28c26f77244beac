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
    suite = load_suite(path)
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


def test_a_suite_refuses_what_the_database_cannot_evaluate(tmp_path):
    """A type, an argument or a row condition the SQL evaluation does not know would be checked
    partly or not at all."""
    document = read_suite_file(SUITES["fct_figure"].path)
    document["expectations"][2]["kwargs"]["mostly"] = 1.5
    path = tmp_path / "fct_figure.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError):  # GE itself refuses it
        load_suite(path)
    document["expectations"][2]["kwargs"]["mostly"] = 0.9
    document["expectations"][3] = {"type": "expect_column_values_to_match_regex", "kwargs": {"column": "measure", "regex": "^[a-z_]+$"}}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError, match="expect_column_values_to_match_regex"):
        load_suite(path)
    document["expectations"][3] = {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "figure_id", "result_format": "SUMMARY"}}
    path.write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(SuiteFileError, match="result_format"):
        load_suite(path)


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

    from orchestration.quality.in_database import batch_frame
    from orchestration.quality.suites import suite_batch

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
    batch = batch_frame(con, suite_batch(con, SUITES["fct_figure"]))
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


# --- DuckDB's evaluation against GE's pandas engine --------------------------------------------------

# Rows that break the expectations below in every way the translation distinguishes: nulls and NaN,
# repeated values and combinations, values out of a set or a range, masked (integer, boolean) and
# NaN-holding (text, float) columns with nulls under every row-condition operator, periods
# reversed or half missing, identities that do not hold.
_ROWS = """
    select * from (values
        ('r0', 'trade',  'level',   't',   4,    true,  12.5,          1.0,  2.0,  date '2024-01-01', date '2024-03-31', 0.2,  'equal'),
        ('r1', 'output', 'yoy_pct', 'pct', null, false, null,          2.0,  2.0,  date '2024-02-01', date '2024-01-31', 0.0,  'at_most'),
        ('r2', null,     'level',   'kg',  7,    null,  'nan'::double, 3.0,  null, null,              date '2024-01-31', 0.5,  'equal'),
        ('r2', 'trade',  null,      null,  7,    true,  -3.0,          null, null, null,              null,              -1.0, 'equal'),
        (null, 'profit', 'level',   't',   null, false, 0.0,           5.0,  4.0,  date '2024-01-01', null,              0.1,  null),
        ('r5', 'trade',  'share_pct','t',  2,    null,  100.0,         4.0,  4.0,  date '2024-01-01', date '2024-01-01', 0.1,  'roughly'),
        ('r6', 'output', 'level',   'CNY', 4,    true,  12.5,          1.0,  2.0,  date '2024-05-01', date '2024-05-31', null, 'equal'),
        ('r7', '',       'level',   'USD', 9,    false, 55.25,         null, 1.0,  date '2024-06-01', date '2024-06-30', 0.3,  'at_most')
    ) as rows(id, category, measure, unit, count, flag, amount, stated, computed, started, ended, tolerance, comparison)
"""


def _comparison(column: str, operator: str, parameter) -> dict:
    return {"type": "comparison", "column": {"name": column}, "operator": operator, "parameter": parameter}


def _conditions() -> list[dict]:
    """A row condition per operator on each kind of column (masked integer and boolean, NaN-holding
    text and float), nullity, and their conjunction and disjunction."""
    conditions = []
    for column, parameter, values in (("category", "trade", ["trade", "output"]), ("count", 4, [4, 7]),
                                      ("amount", 12.5, [12.5, 0.0]), ("flag", True, None)):
        for operator in ("==", "!=", "<", ">="):
            if column != "flag" or operator in ("==", "!="):
                conditions.append(_comparison(column, operator, parameter))
        if values:  # (GE takes no booleans in a set)
            conditions += [_comparison(column, "IN", values), _comparison(column, "NOT_IN", values)]
    conditions += [
        {"type": "nullity", "column": {"name": "count"}, "is_null": True},
        {"type": "nullity", "column": {"name": "category"}, "is_null": False},
        {"type": "and", "conditions": [_comparison("measure", "==", "level"), _comparison("category", "!=", "output")]},
        {"type": "or", "conditions": [_comparison("count", "!=", 4), _comparison("unit", "NOT_IN", ["t"])]},
    ]
    return conditions


def _expectations() -> list[dict]:
    expectations = [
        {"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": [
            "id", "category", "measure", "unit", "count", "flag", "amount", "stated", "computed", "started", "ended",
            "tolerance", "comparison"]}},
        {"type": "expect_table_columns_to_match_ordered_list", "kwargs": {"column_list": ["id", "unit"]}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 1}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 8, "strict_min": True}},
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 0, "max_value": 8}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["id", "count"]}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["unit", "count"], "ignore_row_if": "any_value_is_missing"}},
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["stated", "computed"], "ignore_row_if": "never"}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "ended", "column_B": "started", "or_equal": True, "ignore_row_if": "either_value_is_missing"}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "computed", "column_B": "stated"}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "computed", "column_B": "stated", "or_equal": True, "ignore_row_if": "neither"}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "count", "column_B": "amount"}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "count", "column_B": "amount", "ignore_row_if": "either_value_is_missing"}},
        {"type": "expect_identity_to_hold_within_tolerance", "kwargs": {"column_list": ["stated", "computed", "tolerance", "comparison"]}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "amount", "min_value": 0, "max_value": 100, "strict_max": True}},
        {"type": "expect_column_values_to_be_between", "kwargs": {"column": "count", "min_value": 4, "strict_min": True}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "flag", "value_set": [True]}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "count", "value_set": [4, 7], "mostly": 0.5}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "unit", "value_set": ["t", "kg", "pct"], "mostly": 0.5}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "unit", "value_set": ["t", "kg", "pct", "CNY"], "mostly": 0.7}},
        {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "unit", "value_set": {"$PARAMETER": "units"}, "mostly": 0.8}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "amount", "mostly": 0.75}},
        {"type": "expect_column_values_to_be_null", "kwargs": {"column": "count", "mostly": 0.25}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "id"}},
        {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "amount"}},
        {"type": "expect_column_values_to_not_be_null", "kwargs": {"column": "no_such_column"}},
    ]
    for condition in _conditions():  # each row condition under a column expectation of each family
        expectations += [
            {"type": "expect_column_values_to_be_null", "kwargs": {"column": "unit", "row_condition": condition}},
            {"type": "expect_column_values_to_be_in_set", "kwargs": {"column": "unit", "value_set": ["t"], "row_condition": condition}},
            {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "count", "row_condition": condition}},
        ]
    expectations += [
        {"type": "expect_compound_columns_to_be_unique", "kwargs": {"column_list": ["id", "count"], "row_condition": _comparison("category", "!=", "profit")}},
        {"type": "expect_column_pair_values_a_to_be_greater_than_b", "kwargs": {"column_A": "computed", "column_B": "stated", "row_condition": _comparison("flag", "==", False)}},
    ]
    return expectations


def _pandas_results(frame: pd.DataFrame, expectations: list[dict], parameters: dict) -> list:
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = gx.data_context.types.base.ProgressBarsConfig(globally=False)
    batch = context.data_sources.add_pandas("test").add_dataframe_asset("frame").add_batch_definition_whole_dataframe("all")
    suite = context.suites.add(gx.ExpectationSuite(name="test", expectations=expectations))
    definition = context.validation_definitions.add(gx.ValidationDefinition(name="test", data=batch, suite=suite))
    results = definition.run(batch_parameters={"dataframe": frame}, expectation_parameters=parameters,
                             result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["id"]}).results
    by_id = {result.expectation_config.id: result for result in results}
    return [by_id[expectation.id] for expectation in suite.expectations]  # (GE lists them in an order of its own)


def _missing_as_none(value):
    return None if value is None or value is pd.NA or (isinstance(value, float) and value != value) else value


_COMPARED = ("element_count", "unexpected_count", "unexpected_percent", "missing_count", "missing_percent",
             "unexpected_percent_total", "unexpected_percent_nonmissing", "observed_value")


@pytest.mark.parametrize("where", ["true", "false"])  # the rows above, and none of them
def test_duckdb_evaluates_each_expectation_as_ges_pandas_engine(tmp_path, where):
    """Every expectation type the suites may use, on rows that break it in each way the translation
    tells apart: success, the counts and percentages of GE's result, the unexpected ids (in the
    batch's order) and values are GE's."""
    import duckdb

    from orchestration.quality.in_database import EXPECTATIONS, ROW_ORDER, batch, batch_frame, evaluate_suite

    expectations = _expectations()
    assert {e["type"] for e in expectations} == set(EXPECTATIONS)
    parameters = {"units": ["t", "kg", "pct", "CNY", "USD"]}
    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute(f"create table rows as {_ROWS} where {where}")
        rows = batch(con, f"select rowid as {ROW_ORDER}, * from rows", "id")
        frame = batch_frame(con, rows)
        row_count, evaluations = evaluate_suite(con, rows, [(e["type"], e["kwargs"]) for e in expectations], parameters, 20)
    assert row_count == len(frame) == (8 if where == "true" else 0)
    results = _pandas_results(frame, expectations, parameters)
    assert len(evaluations) == len(results) == len(expectations)
    failed = 0
    for expectation, evaluation, pandas in zip(expectations, evaluations, results):
        assert evaluation.success == pandas.success, expectation
        if not pandas.result:  # GE raised instead of judging
            assert evaluation.error, expectation
            continue
        assert evaluation.error is None, expectation
        for key in _COMPARED:
            assert evaluation.result.get(key) == pandas.result.get(key), (expectation, key)
        listed = [_missing_as_none(entry["id"]) for entry in pandas.result.get("unexpected_index_list") or []]
        assert [entry["id"] for entry in evaluation.result.get("unexpected_index_list", [])] == listed, expectation
        if "column" in expectation["kwargs"]:
            values = [_missing_as_none(value) for value in pandas.result.get("unexpected_list") or []]
            assert evaluation.result.get("unexpected_list", []) == [
                value.isoformat() if hasattr(value, "isoformat") else value for value in values], expectation
        failed += not pandas.success
    assert failed >= (40 if where == "true" else 0)


def test_duckdb_refuses_what_it_cannot_evaluate_as_pandas_does(tmp_path):
    """A row condition or a value set on a date column (pandas compares text with dates its own
    way), a parameter or value of another type than its column, a condition as pandas query text,
    a type or a `mostly` not known: refused, not evaluated otherwise."""
    import duckdb

    from orchestration.quality.in_database import ROW_ORDER, UnsupportedExpectation, batch, evaluate_suite

    with duckdb.connect(str(tmp_path / "w.duckdb")) as con:
        con.execute(f"create table rows as {_ROWS}")
        rows = batch(con, f"select rowid as {ROW_ORDER}, * from rows", "id")
        for expectation_type, kwargs in (
            ("expect_column_values_to_be_null", {"column": "unit", "row_condition": _comparison("started", "==", "2024-01-01")}),
            ("expect_column_values_to_be_null", {"column": "unit", "row_condition": _comparison("count", "==", "4")}),
            ("expect_column_values_to_be_null", {"column": "unit", "row_condition": "category == 'trade'"}),
            ("expect_column_values_to_match_regex", {"column": "unit", "regex": "^t$"}),
            ("expect_column_values_to_be_in_set", {"column": "unit", "value_set": ["t"], "mostly": 1.5}),
            ("expect_column_values_to_be_in_set", {"column": "count", "value_set": ["4"]}),
            ("expect_column_values_to_be_in_set", {"column": "started", "value_set": ["2024-01-01"]}),
        ):
            with pytest.raises(UnsupportedExpectation):
                evaluate_suite(con, rows, [(expectation_type, kwargs)], {}, 20)


_FIGURE_COLUMNS = (
    "figure_id varchar, document_id varchar, char_start integer, char_end integer, number_text varchar, "
    "source_text varchar, category varchar, indicator_code varchar, indicator_zh varchar, indicator_en varchar, "
    "subject_zh varchar, commodity_code varchar, measure varchar, value double, unit varchar, value_base double, "
    "unit_base varchar, qualifier varchar, period_start date, period_end date, period_grain varchar, flow varchar, "
    "scope varchar"
)
_TEXT = "2024年全国精铜产量为12.5万吨，同比增长3.1%。"
_START = _TEXT.index("12.5")
_SOUND = {
    "char_start": _START, "char_end": _START + 4, "number_text": "12.5", "source_text": _TEXT, "category": "output",
    "indicator_code": "output", "indicator_zh": "产量", "indicator_en": "output", "subject_zh": "精铜",
    "commodity_code": "cu_refined", "measure": "level", "value": 12.5, "unit": "万吨", "value_base": 125000.0,
    "unit_base": "t", "qualifier": None, "period_start": "2024-01-01", "period_end": "2024-12-31",
    "period_grain": "year", "flow": None, "scope": "national",
}
# (figure_id, what differs from a sound figure): each breaks an expectation of the figure suites
_BREAKS = [
    ("f_sound", {}),
    (None, {}),
    ("f_twice", {}), ("f_twice", {"char_start": _START + 1, "char_end": _START + 5, "number_text": "2.5万"}),
    ("f_same_span", {"document_id": "d_f_sound"}),
    ("f_no_document", {"document_id": None}),
    ("f_no_number", {"number_text": None}),
    ("f_no_value", {"value": None}), ("f_nan_value", {"value": float("nan")}),
    ("f_before_text", {"char_start": -1, "char_end": 3}),
    ("f_reversed", {"char_start": _START + 4, "char_end": _START}),
    ("f_off_by_one", {"char_start": _START + 1, "char_end": _START + 5}),
    ("f_no_category", {"category": None, "flow": "import"}),
    ("f_unknown_category", {"category": "gossip"}),
    ("f_no_measure", {"measure": None}),
    ("f_unknown_measure", {"measure": "vibe"}),
    ("f_unknown_grain", {"period_grain": "fortnight"}),
    ("f_unknown_flow", {"category": "trade", "flow": "smuggled"}),
    ("f_output_flow", {"flow": "export"}),
    ("f_trade_no_flow", {"category": "trade", "flow": None}),
    ("f_trade_kwh", {"category": "trade", "flow": "import", "unit_base": "kWh"}),
    ("f_balance_kwh", {"category": "trade", "flow": "balance", "unit_base": "kWh"}),
    ("f_no_scope", {"scope": None}),
    ("f_unknown_scope", {"scope": "galactic"}),
    ("f_unknown_qualifier", {"qualifier": "maybe"}),
    ("f_unknown_unit_base", {"unit_base": "furlong"}),
    ("f_unknown_unit", {"unit": "斤"}),
    ("f_period_reversed", {"period_start": "2024-12-31", "period_end": "2024-01-01"}),
    ("f_half_period", {"period_start": None}),
    ("f_pct_in_tonnes", {"measure": "yoy_pct"}),
    ("f_profit_in_tonnes", {"indicator_code": "net_profit"}),
    ("f_flagged", {}),
]
_IDENTITIES = """
    select * from (values
        ('i0', 'sum',   'equal',   1281.7, 1281.7, 1281.5, 1281.9, 0.2,   true),
        ('i1', 'sum',   'equal',   1281.7, 1311.7, 1311.5, 1311.9, 0.2,   false),
        ('i1', 'share', 'at_most', 17.94,  17.955, 17.95,  17.96,  0.015, true),
        (null, 'gossip', 'roughly', 5.0,   null,   3.5,    3.0,    -1.0,  null),
        ('i4', 'sum',   null,      null,   3.0,    null,   null,   0.1,   true)
    ) as rows(identity_id, kind, comparison, stated_value, computed_value, computed_low, computed_high, tolerance, passed)
"""


@pytest.fixture(scope="module")
def broken_warehouse(tmp_path_factory):
    """A warehouse of a few figures and identities, each breaking expectations of the suites: every
    mart the suites read, with the columns they check (a category mart holds every figure)."""
    import duckdb

    path = tmp_path_factory.mktemp("broken") / "nonferrous.duckdb"
    columns = [definition.split()[0] for definition in _FIGURE_COLUMNS.split(", ")]
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute(f"create table marts.fct_figure ({_FIGURE_COLUMNS})")
        for figure_id, differs in reversed(_BREAKS):  # the mart's order is not the ids' order
            row = {**_SOUND, "figure_id": figure_id, "document_id": f"d_{figure_id}", **differs}
            con.execute(f"insert into marts.fct_figure values ({', '.join('?' * len(columns))})", [row[c] for c in columns])
        con.execute("create table marts.dim_document as select distinct document_id, ? as text from marts.fct_figure "
                    "where document_id is not null", [_TEXT])
        con.execute("create table marts.figure_flags as select 'f_flagged' as figure_id, rule "
                    "from (values ('share_above_100'), ('negative_output')) as rules(rule)")
        con.execute("create table marts.dim_unit as select * from (values ('万吨', true), ('吨', true), ('斤', false)) "
                    "as units(unit, catalogued)")
        for mart in ("fct_trade", "fct_output", "fct_investment", "fct_profit"):
            con.execute(f"create table marts.{mart} as select * from marts.fct_figure")
        con.execute(f"""create table marts.reconciliation as select identity_id, kind, 'rule' as rule, comparison,
            case when identity_id is null then null else ['d1'] end as document_ids,
            case when kind = 'share' then null else 'f_sound' end as total_figure_id, ['f_twice'] as component_figure_ids,
            case when identity_id = 'i4' then null else 'f_sound' end as stated_figure_id, '产量' as indicator_zh,
            '精铜' as subject_zh, date '2024-01-01' as period_start, date '2024-12-31' as period_end, '万吨' as unit,
            stated_value, computed_value, computed_low, computed_high, tolerance, computed_value - stated_value as difference,
            passed, 'detail' as detail, ['text'] as source_texts
            from ({_IDENTITIES})""")
    return path


def _compared(run) -> list[tuple]:
    """What a suite run reports of each expectation, in an order independent of the engine (GE's
    pandas engine reports value sets with their parameters put in)."""
    return sorted(
        (o.type, json.dumps({k: v for k, v in o.kwargs.items() if k != "value_set"}, sort_keys=True, default=str),
         o.severity, o.success, o.unexpected_count,
         o.element_count, o.unexpected_ids, o.error is None)
        for o in run.outcomes
    )


@pytest.mark.parametrize("name", sorted(SUITES))
def test_each_suite_gives_in_duckdb_what_ges_pandas_engine_gives(broken_warehouse, tmp_path, name):
    """The suite files as they are, on rows built to break them: the outcomes of the SQL evaluation
    (success, counts, the first unexpected ids) are those of GE's pandas engine on the same batch,
    and its Data Docs render."""
    reference = run_suite(broken_warehouse, name, engine="pandas")
    run = run_suite(broken_warehouse, name, tmp_path / "data_docs")
    assert _compared(run) == _compared(reference)
    assert (run.success, run.row_count) == (reference.success, reference.row_count)
    assert [o.type for o in run.outcomes] == [e["type"] for e in read_suite_file(SUITES[name].path)["expectations"]]
    assert run.docs_index is not None and run.docs_index.exists()
    # every expectation on rows is broken here, but those on columns the mart cannot leave null
    # without GE's pandas engine failing it for another reason (integer offsets)
    unbroken = {o.type if o.unexpected_count is None else (o.type, o.kwargs.get("column")) for o in run.outcomes if o.success}
    assert unbroken <= {"expect_table_columns_to_match_ordered_list", "expect_table_row_count_to_be_between",
                        ("expect_column_values_to_not_be_null", "char_start"),
                        ("expect_column_values_to_not_be_null", "char_end")}, unbroken


# --- the suites on the corpus warehouse ------------------------------------------------------------

@pytest.mark.parametrize("name", ["fct_figure", "fct_trade", "fct_output", "fct_investment", "fct_profit"])
def test_structure_and_category_suites_hold_on_the_corpus(corpus_warehouse, tmp_path, name):
    run = run_suite(corpus_warehouse.warehouse, name, tmp_path / "data_docs")
    assert run.row_count > 0 or name == "fct_investment"
    assert [o.describe() for o in run.critical_failures] == []
    assert run.docs_index is not None and run.docs_index.exists()
    assert (tmp_path / "data_docs" / "index.html").exists()


@pytest.mark.parametrize("name", sorted(SUITES))
def test_each_suite_gives_on_the_corpus_in_duckdb_what_ges_pandas_engine_gives(corpus_warehouse, name):
    reference = run_suite(corpus_warehouse.warehouse, name, engine="pandas")
    run = run_suite(corpus_warehouse.warehouse, name)
    assert _compared(run) == _compared(reference)
    assert (run.success, run.row_count) == (reference.success, reference.row_count)


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
