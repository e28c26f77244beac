"""Great Expectations suites evaluated by DuckDB where the marts lie, with the results GE's pandas
engine gives.

Why SQL: GE's pandas engine validates a batch it holds whole in memory. Every suite read its mart
into a DataFrame: fct_figure 43 to 53 s at 1,000 documents (twice per refresh before the check
took the hold-back's result), memory growing with the mart, marts.reconciliation 15.2 GiB at
10,000 documents when it was stopped. GE 1.24's own SQL engine over DuckDB (through the
duckdb-engine SQLAlchemy dialect) failed every metric of the reconciliation suite when tried
("list index out of range" in its metric bundles). So every expectation of a suite becomes SQL,
and all of a suite's expectations are one query: one scan of the batch, and memory for a few
counts and the first unexpected rows of each expectation, whatever the number of rows.

GE stays the definition: the suite files are GE suites (GE loads and checks them,
orchestration.quality.suites.load_suite), the results are GE validation results rendered into
GE's Data Docs, and what is computed here is what GE's pandas engine computes on the same batch
(`batch_frame` reads that batch into pandas; tests/test_quality.py runs both engines on the same
warehouse, with rows built to break each expectation, and compares success, counts and ids).
The pandas semantics kept:

- missing values: pandas reads SQL NULL and float NaN alike as missing; the batch turns NaN into
  NULL, so `is null` is pandas' isnull;
- row conditions: GE filters with DataFrame.query, where a comparison with a missing value is
  False, except `!=` on text and float columns (NaN != x) and `not in` (~isin) on every column,
  which keep the row; integer and boolean columns with nulls are pandas masked arrays, where
  `!=` against a missing value is NA and the filter drops the row;
- element_count is the rows the row condition keeps; not_null and to_be_null judge all of them,
  the other column expectations the non-missing ones, pair and multicolumn expectations the rows
  their ignore_row_if keeps; `mostly` is GE's ratio over those rows (over all the kept rows for
  the two null expectations), and a check of no rows succeeds;
- uniqueness counts every row of a repeated value (or combination, missing values equal to each
  other) among the rows judged;
- unexpected ids and values are the first `examples` unexpected rows in the batch's order (GE
  lists them all; the counts are exact).

Only the expectation types, arguments and column types written below are known here: a suite
with anything else is refused (UnsupportedExpectation, SuiteFileError when loading), never partly
checked, and `evaluate_suite` checks it evaluated as many expectations as the suite lists.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import pandas as pd

# The column of a batch query that gives the batch's row order (the mart's rowid): the order of
# GE's pandas batch, in which GE lists unexpected rows.
ROW_ORDER = "__batch_row"

_INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT"}
_FLOAT_TYPES = {"FLOAT", "DOUBLE"}
# pandas' dtype for a DuckDB column with nulls: masked (Int32, boolean ...) or NaN-holding (float64, str)
_MASKED_TYPES = _INTEGER_TYPES | {"BOOLEAN"}


class UnsupportedExpectation(ValueError):
    """An expectation this module cannot evaluate as GE's pandas engine would."""


@dataclass(frozen=True)
class Batch:
    """The rows a suite validates: `query` (SQL, with the ROW_ORDER column) and its columns
    (name -> DuckDB type, in order, ROW_ORDER left out)."""

    query: str
    id_column: str
    columns: dict[str, str]


def batch(con: duckdb.DuckDBPyConnection, query: str, id_column: str) -> Batch:
    """The batch of `query`, float NaN read as NULL (as pandas reads both as missing)."""
    described = con.execute(f"describe ({query})").fetchall()
    columns = {row[0]: row[1] for row in described if row[0] != ROW_ORDER}
    floats = [name for name, type_ in columns.items() if type_ in _FLOAT_TYPES]
    if floats:
        replaced = ", ".join(f"case when isnan({_quoted(name)}) then null else {_quoted(name)} end as {_quoted(name)}"
                             for name in floats)
        query = f"select * replace ({replaced}) from ({query})"
    return Batch(query, id_column, columns)


def batch_frame(con: duckdb.DuckDBPyConnection, rows: Batch) -> pd.DataFrame:
    """The batch as GE's pandas engine validates it: a DataFrame in the batch's order."""
    return con.execute(f"select * exclude ({ROW_ORDER}) from ({rows.query}) order by {ROW_ORDER}").df()


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


class _Parameters:
    """The values a suite's query binds ($p0, $p1 ...): value sets, bounds, condition parameters."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def bind(self, value: Any) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"


@dataclass(frozen=True)
class _RowCheck:
    """A map expectation in SQL over the batch: `judged` the rows it looks at among those the row
    condition keeps, `unexpected` those of them that fail (null-free SQL once `judged` holds),
    `reported` the value GE lists for a failing row. `all_rows`: not_null / to_be_null, which judge
    every kept row and report no missing counts."""

    judged: str
    unexpected: str
    reported: str
    all_rows: bool = False
    pandas_fails: str = "false"  # the judged rows on which GE's pandas metric raises instead of judging


@dataclass(frozen=True)
class _Columns:
    column_list: list[str]


@dataclass(frozen=True)
class _RowCount:
    min_value: float | None
    max_value: float | None
    strict_min: bool
    strict_max: bool


# --- row conditions (GE 1.x structured conditions, as DataFrame.query evaluates them) ---------------

def _kind(rows: Batch, column: str) -> str:
    type_ = rows.columns[column]
    if type_ == "VARCHAR":
        return "text"
    if type_ == "BOOLEAN":
        return "boolean"
    if type_ in _INTEGER_TYPES or type_ in _FLOAT_TYPES or type_ == "HUGEINT" or type_.startswith("DECIMAL"):
        return "number"
    raise UnsupportedExpectation(f"{column} ({type_}): only text, number and boolean columns are compared with values here")


def _fits(kind: str, value: Any) -> bool:
    if kind == "text":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


_COMPARISONS = {"==": "=", "!=": "<>", "<": "<", "<=": "<=", ">": ">", ">=": ">="}


def _condition(condition: Any, rows: Batch, parameters: _Parameters) -> str:
    """A row condition as a null-free SQL predicate keeping the rows pandas keeps."""
    if not isinstance(condition, dict):
        raise UnsupportedExpectation(f"the row condition {condition!r}: only GE's structured conditions are known")
    kind = condition.get("type")
    if kind in ("and", "or"):
        parts = [_condition(part, rows, parameters) for part in condition.get("conditions") or []]
        if not parts:
            raise UnsupportedExpectation(f"the row condition {condition!r} has no conditions")
        return "(" + f" {kind} ".join(parts) + ")"
    column = (condition.get("column") or {}).get("name")
    if column not in rows.columns:
        raise UnsupportedExpectation(f"the row condition {condition!r} names a column the batch does not have")
    name = _quoted(column)
    if kind == "nullity":
        return f"({name} is {'' if condition['is_null'] else 'not '}null)"
    if kind != "comparison":
        raise UnsupportedExpectation(f"the row condition {condition!r}: type {kind!r} is not known")
    operator, parameter = condition.get("operator"), condition.get("parameter")
    column_kind = _kind(rows, column)
    values = parameter if operator in ("IN", "NOT_IN") else [parameter]
    if not isinstance(values, list) or not all(_fits(column_kind, value) for value in values):
        raise UnsupportedExpectation(f"the row condition {condition!r}: its parameter does not fit a {column_kind} column")
    if operator in ("IN", "NOT_IN"):
        found = f"list_contains({parameters.bind(values)}, {name})" if values else "false"
        return f"({name} is not null and {found})" if operator == "IN" else f"({name} is null or not {found})"
    if operator not in _COMPARISONS:
        raise UnsupportedExpectation(f"the row condition {condition!r}: operator {operator!r} is not known")
    compared = f"{name} {_COMPARISONS[operator]} {parameters.bind(parameter)}"
    if _comparison_keeps_missing(operator, rows.columns[column]):
        return f"({name} is null or {compared})"
    return f"({name} is not null and {compared})"


def _comparison_keeps_missing(operator: str, column_type: str) -> bool:
    """Whether DataFrame.query keeps a row whose column is missing: only for `!=` on a NaN-holding
    column (text, float); a masked column (integer, boolean) gives NA, which a filter drops."""
    return operator == "!=" and column_type not in _MASKED_TYPES


# --- the expectations ---------------------------------------------------------------------------

def _column(kwargs: dict, rows: Batch, key: str = "column") -> str:
    column = kwargs[key]
    if column not in rows.columns:
        raise _MissingColumn(column)
    return _quoted(column)


class _MissingColumn(Exception):
    """An expectation names a column the batch lacks: GE fails that expectation with an error."""


def _not_null(kwargs, rows, parameters, kept):
    column = _column(kwargs, rows)
    return _RowCheck("true", f"{column} is null", column, all_rows=True)


def _null(kwargs, rows, parameters, kept):
    column = _column(kwargs, rows)
    return _RowCheck("true", f"{column} is not null", column, all_rows=True)


def _unique(kwargs, rows, parameters, kept):
    column = _column(kwargs, rows)
    judged = f"{column} is not null"
    return _RowCheck(judged, f"count(*) over (partition by ({kept}) and {judged}, {column}) > 1", column)


def _in_set(kwargs, rows, parameters, kept):
    column = _column(kwargs, rows)
    values = list(kwargs["value_set"])
    kind = _kind(rows, kwargs["column"])
    if not all(_fits(kind, value) for value in values):
        # pandas' isin and DuckDB's casts part ways on values of another type than the column's
        raise UnsupportedExpectation(f"expect_column_values_to_be_in_set on {kwargs['column']}: values of another type than a {kind} column")
    unexpected = f"not list_contains({parameters.bind(values)}, {column})" if values else "true"
    return _RowCheck(f"{column} is not null", unexpected, column)


def _between(kwargs, rows, parameters, kept):
    column = _column(kwargs, rows)
    if _kind(rows, kwargs["column"]) != "number":
        raise UnsupportedExpectation(f"expect_column_values_to_be_between on {kwargs['column']}: only number columns are known")
    bounds = []
    for key, strict, operator in (("min_value", "strict_min", ">"), ("max_value", "strict_max", "<")):
        bound = kwargs.get(key)
        if bound is None:
            continue
        if not _fits("number", bound):
            raise UnsupportedExpectation(f"expect_column_values_to_be_between: {key} {bound!r} is not a number")
        bounds.append(f"{column} {operator if kwargs.get(strict) else operator + '='} {parameters.bind(bound)}")
    if not bounds:
        raise UnsupportedExpectation("expect_column_values_to_be_between needs min_value or max_value")
    return _RowCheck(f"{column} is not null", f"not ({' and '.join(bounds)})", column)


def _pair_greater(kwargs, rows, parameters, kept):
    a, b = _column(kwargs, rows, "column_A"), _column(kwargs, rows, "column_B")
    ignore = kwargs.get("ignore_row_if", "both_values_are_missing")
    # a masked (integer, boolean) column's missing value compares as NA in pandas, and GE's metric
    # raises on it: the expectation fails with an error, as it does there
    masked = [column for name, column in ((kwargs["column_A"], a), (kwargs["column_B"], b)) if rows.columns[name] in _MASKED_TYPES]
    pandas_fails = " or ".join(f"{column} is null" for column in masked) or "false"
    judged = {
        "both_values_are_missing": f"not ({a} is null and {b} is null)",
        "either_value_is_missing": f"{a} is not null and {b} is not null",
        "neither": "true",
    }[ignore]
    comparison = ">=" if kwargs.get("or_equal") else ">"
    return _RowCheck(judged, f"not coalesce({a} {comparison} {b}, false)", f"[{a}, {b}]", pandas_fails=pandas_fails)


def _multicolumn_judged(columns: list[str], ignore: str) -> str:
    return {
        "all_values_are_missing": "not (" + " and ".join(f"{c} is null" for c in columns) + ")",
        "any_value_is_missing": " and ".join(f"{c} is not null" for c in columns),
        "never": "true",
    }[ignore]


def _reported_row(kwargs: dict, columns: list[str]) -> str:
    return "{" + ", ".join(f"'{name.replace(chr(39), chr(39) * 2)}': {column}"
                           for name, column in zip(kwargs["column_list"], columns)) + "}"


def _compound_unique(kwargs, rows, parameters, kept):
    columns = [_column({"column": name}, rows) for name in kwargs["column_list"]]
    judged = _multicolumn_judged(columns, kwargs.get("ignore_row_if", "all_values_are_missing"))
    unexpected = f"count(*) over (partition by ({kept}) and {judged}, {', '.join(columns)}) > 1"
    return _RowCheck(judged, unexpected, _reported_row(kwargs, columns))


def _identity_holds(kwargs, rows, parameters, kept):
    if len(kwargs["column_list"]) != 4:
        raise UnsupportedExpectation("expect_identity_to_hold_within_tolerance takes four columns")
    columns = [_column({"column": name}, rows) for name in kwargs["column_list"]]
    for name in kwargs["column_list"][:3]:
        type_ = rows.columns[name]
        if not (type_ in _FLOAT_TYPES or type_.startswith("DECIMAL")):
            # a masked integer column's missing value reaches the Python check as NA, which it cannot compare
            raise UnsupportedExpectation(f"expect_identity_to_hold_within_tolerance on {name} ({type_}): only float and decimal values are known")
    stated, computed, tolerance, comparison = columns
    condition = WITHIN_TOLERANCE_SQL.format(stated=stated, computed=computed, tolerance=tolerance, comparison=comparison)
    return _RowCheck("true", f"not coalesce({condition}, false)", _reported_row(kwargs, columns))


# The test of the custom expectation expect_identity_to_hold_within_tolerance
# (orchestration.quality.custom_expectations._within_tolerance) with the columns' SQL names put
# in; null where a value is missing, which counts as unexpected.
WITHIN_TOLERANCE_SQL = (
    "({tolerance} >= 0 and case {comparison}"
    " when 'equal' then abs({computed} - {stated}) <= {tolerance} * (1 + 1e-9) + 1e-9"
    " when 'at_most' then {computed} - {stated} <= {tolerance} * (1 + 1e-9) + 1e-9"
    " else false end)"
)


def _columns_in_order(kwargs, rows, parameters, kept):
    return _Columns(list(kwargs["column_list"]))


def _row_count(kwargs, rows, parameters, kept):
    bounds = [kwargs.get("min_value"), kwargs.get("max_value")]
    if all(bound is None for bound in bounds) or not all(bound is None or _fits("number", bound) for bound in bounds):
        raise UnsupportedExpectation(f"expect_table_row_count_to_be_between: bounds {bounds} are not known")
    return _RowCount(*bounds, bool(kwargs.get("strict_min")), bool(kwargs.get("strict_max")))


_ROW = {"mostly", "row_condition"}
# type -> (the arguments it takes, its translation)
EXPECTATIONS: dict[str, tuple[set[str], Callable]] = {
    "expect_column_values_to_not_be_null": ({"column"} | _ROW, _not_null),
    "expect_column_values_to_be_null": ({"column"} | _ROW, _null),
    "expect_column_values_to_be_unique": ({"column"} | _ROW, _unique),
    "expect_column_values_to_be_in_set": ({"column", "value_set"} | _ROW, _in_set),
    "expect_column_values_to_be_between": ({"column", "min_value", "max_value", "strict_min", "strict_max"} | _ROW, _between),
    "expect_column_pair_values_a_to_be_greater_than_b": ({"column_A", "column_B", "or_equal", "ignore_row_if"} | _ROW, _pair_greater),
    "expect_compound_columns_to_be_unique": ({"column_list", "ignore_row_if"} | _ROW, _compound_unique),
    # the custom expectation of orchestration.quality.custom_expectations, its test as SQL
    "expect_identity_to_hold_within_tolerance": ({"column_list"} | _ROW, _identity_holds),
    "expect_table_columns_to_match_ordered_list": ({"column_list"}, _columns_in_order),
    "expect_table_row_count_to_be_between": ({"min_value", "max_value", "strict_min", "strict_max"}, _row_count),
}


def check_supported(expectation_type: str, kwargs: dict) -> None:
    """Raise UnsupportedExpectation for a type or argument not evaluated here (what needs the
    batch's columns, such as a row condition's column types, is checked at evaluation)."""
    if expectation_type not in EXPECTATIONS:
        raise UnsupportedExpectation(f"{expectation_type} is not evaluated in the database")
    unknown = set(kwargs) - EXPECTATIONS[expectation_type][0] - {"batch_id"}
    if unknown:
        raise UnsupportedExpectation(f"{expectation_type}: the arguments {sorted(unknown)} are not evaluated in the database")
    mostly = kwargs.get("mostly", 1)
    if isinstance(mostly, bool) or not isinstance(mostly, (int, float)) or not 0 <= mostly <= 1:
        raise UnsupportedExpectation(f"{expectation_type}: mostly {mostly!r} is not a ratio")


def _resolved(kwargs: dict, parameters: dict[str, Any]) -> dict:
    return {
        key: parameters[value["$PARAMETER"]] if isinstance(value, dict) and "$PARAMETER" in value else value
        for key, value in kwargs.items() if key != "batch_id"
    }


@dataclass(frozen=True)
class Evaluation:
    """One expectation's outcome: success, GE's result dict, and the error GE would raise instead
    of a result (a column the batch does not have)."""

    success: bool
    result: dict
    error: str | None = None


def evaluate_suite(con: duckdb.DuckDBPyConnection, rows: Batch, expectations: list[tuple[str, dict]],
                   parameters: dict[str, Any], examples: int) -> tuple[int, list[Evaluation]]:
    """The batch's row count and each (type, kwargs) of a suite evaluated on the batch, in one
    query, as GE's pandas engine would (COMPLETE result format, the unexpected rows named by the
    batch's id column)."""
    bound = _Parameters()
    plans: list[Any] = []
    for expectation_type, raw in expectations:
        kwargs = _resolved(raw, parameters)
        check_supported(expectation_type, kwargs)
        kept = _condition(kwargs["row_condition"], rows, bound) if kwargs.get("row_condition") else "true"
        try:
            plan = EXPECTATIONS[expectation_type][1](kwargs, rows, bound, kept)
        except _MissingColumn as missing:
            plan = Evaluation(False, {}, f"{expectation_type}: the batch has no column {missing.args[0]!r}")
        plans.append((plan, kept, kwargs))
    if len(plans) != len(expectations):
        raise UnsupportedExpectation(f"{len(plans)} of the suite's {len(expectations)} expectations translated")

    flags, aggregates = [], ["count(*)"]
    for index, (plan, kept, _) in enumerate(plans):
        if not isinstance(plan, _RowCheck):
            continue
        flags.append(f"({kept}) as __kept_{index}, ({kept}) and ({plan.judged}) as __judged_{index}, "
                     f"({kept}) and ({plan.judged}) and ({plan.unexpected}) as __unexpected_{index}, "
                     f"({kept}) and ({plan.judged}) and ({plan.pandas_fails}) as __pandas_fails_{index}")
        first = f"{{'row': {ROW_ORDER}, 'id': {_quoted(rows.id_column)}, 'value': {plan.reported}}}"
        aggregates.append(
            f"count(*) filter (where __kept_{index}), count(*) filter (where __judged_{index}), "
            f"count(*) filter (where __unexpected_{index}), "
            f"arg_min({first}, {ROW_ORDER}, {int(examples)}) filter (where __unexpected_{index}), "
            f"count(*) filter (where __pandas_fails_{index})"
        )
    flagged = f"select *{''.join(', ' + f for f in flags)} from ({rows.query})"
    counts = list(con.execute(f"select {', '.join(aggregates)} from ({flagged})", bound.values).fetchone())
    row_count = counts.pop(0)

    evaluations = []
    for (expectation_type, _), (plan, _, kwargs) in zip(expectations, plans):
        if isinstance(plan, Evaluation):
            evaluations.append(plan)
        elif isinstance(plan, _Columns):
            observed = list(rows.columns)
            evaluations.append(Evaluation(observed == plan.column_list, {"observed_value": observed}))
        elif isinstance(plan, _RowCount):
            evaluations.append(Evaluation(_row_count_holds(row_count, plan), {"observed_value": row_count}))
        else:
            kept, judged, unexpected, first, pandas_fails = counts[:5]
            del counts[:5]
            if pandas_fails:
                evaluations.append(Evaluation(False, {}, f"{expectation_type}: GE's pandas engine cannot compare the "
                                              f"missing values of {pandas_fails} rows (integer or boolean columns)"))
                continue
            evaluations.append(_map_evaluation(plan, kwargs, rows.id_column, kept, judged, unexpected,
                                               sorted(first or [], key=lambda row: row["row"])))
    return row_count, evaluations


def _row_count_holds(count: int, plan: _RowCount) -> bool:
    if plan.min_value is not None and (count <= plan.min_value if plan.strict_min else count < plan.min_value):
        return False
    return plan.max_value is None or (count < plan.max_value if plan.strict_max else count <= plan.max_value)


def _map_evaluation(plan: _RowCheck, kwargs: dict, id_column: str, kept: int, judged: int, unexpected: int,
                    first: list[dict]) -> Evaluation:
    """GE's success and result dict of a map expectation from its counts (the arithmetic of GE
    1.24's map expectations' _validate and _format_map_output, COMPLETE)."""
    mostly = kwargs.get("mostly", 1)
    success = True if kept == 0 or judged == 0 else (float(judged) - float(unexpected)) / float(judged) >= mostly
    values = [_plain(row["value"]) for row in first]
    result: dict[str, Any] = {"element_count": kept, "unexpected_count": unexpected}
    total = unexpected / kept * 100 if kept > 0 else None
    if plan.all_rows:
        result["unexpected_percent"] = total
    else:
        missing = kept - judged
        nonmissing = (unexpected / judged * 100 if judged > 0 else None) if kept > 0 else None
        result.update({
            "unexpected_percent": nonmissing,
            "missing_count": missing,
            "missing_percent": missing / kept * 100 if kept > 0 else None,
            "unexpected_percent_total": total,
            "unexpected_percent_nonmissing": nonmissing,
        })
    result.update({
        "partial_unexpected_list": values,
        "unexpected_list": values,
        "unexpected_index_list": [{id_column: _plain(row["id"])} for row in first],
        "unexpected_index_column_names": [id_column],
    })
    return Evaluation(success, result)


def _plain(value: Any) -> Any:
    """A value as Data Docs can write it (JSON)."""
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
