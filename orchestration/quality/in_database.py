"""A suite's expectations evaluated by DuckDB where the mart lies, for marts too large for pandas.

marts.reconciliation holds one row per identity instance: millions of rows at ten thousand
documents, gigabytes once read into a pandas batch. Here each expectation of the suite file
becomes one SQL query over the mart that counts its rows and its unexpected rows and fetches the
first unexpected ids, in the mart's own order, as GE's pandas engine reports them; memory stays
that of a few aggregates whatever the number of rows. The results are GE validation results,
rendered into the same Data Docs.

Only the expectation types and arguments written below are known here: a suite file validated in
the database that names any other is refused (SuiteFileError), never partly checked. (GE 1.24's
own SQL engine over DuckDB, through the duckdb-engine SQLAlchemy dialect, failed every metric of
the suite when tried: "list index out of range" in its metric bundles.)
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

import duckdb

from orchestration.quality.custom_expectations import WITHIN_TOLERANCE_SQL


class UnsupportedExpectation(ValueError):
    """An expectation this module cannot evaluate as written."""


def _quoted(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def _not_null(kwargs: dict) -> tuple[str, str]:
    column = _quoted(kwargs["column"])
    return "true", f"{column} is null"


def _unique(kwargs: dict) -> tuple[str, str]:
    # every row of a repeated value is unexpected, as GE's pandas engine counts them
    column = _quoted(kwargs["column"])
    return f"{column} is not null", f"count(*) over (partition by {column}) > 1"


def _in_set(kwargs: dict) -> tuple[str, str]:
    column = _quoted(kwargs["column"])
    return f"{column} is not null", f"not list_contains($value_set, {column})"


def _between(kwargs: dict) -> tuple[str, str]:
    column = _quoted(kwargs["column"])
    bounds = []
    if kwargs.get("min_value") is not None:
        bounds.append(f"{column} {'>' if kwargs.get('strict_min') else '>='} $min_value")
    if kwargs.get("max_value") is not None:
        bounds.append(f"{column} {'<' if kwargs.get('strict_max') else '<='} $max_value")
    if not bounds:
        raise UnsupportedExpectation("expect_column_values_to_be_between needs min_value or max_value")
    return f"{column} is not null", f"not ({' and '.join(bounds)})"


def _pair_greater(kwargs: dict) -> tuple[str, str]:
    a, b = _quoted(kwargs["column_A"]), _quoted(kwargs["column_B"])
    ignored = {
        "both_values_are_missing": f"{a} is null and {b} is null",
        "either_value_is_missing": f"{a} is null or {b} is null",
        "neither": "false",
    }[kwargs.get("ignore_row_if", "both_values_are_missing")]
    return f"not ({ignored})", f"not coalesce({a} {'>=' if kwargs.get('or_equal') else '>'} {b}, false)"


def _identity_holds(kwargs: dict) -> tuple[str, str]:
    stated, computed, tolerance, comparison = (_quoted(c) for c in kwargs["column_list"])
    condition = WITHIN_TOLERANCE_SQL.format(stated=stated, computed=computed, tolerance=tolerance, comparison=comparison)
    return "true", f"not coalesce({condition}, false)"


# type -> (the arguments it takes, (the rows it looks at, the rows that fail it) as SQL)
ROW_EXPECTATIONS: dict[str, tuple[set[str], Callable[[dict], tuple[str, str]]]] = {
    "expect_column_values_to_not_be_null": ({"column"}, _not_null),
    "expect_column_values_to_be_unique": ({"column"}, _unique),
    "expect_column_values_to_be_in_set": ({"column", "value_set"}, _in_set),
    "expect_column_values_to_be_between": ({"column", "min_value", "max_value", "strict_min", "strict_max"}, _between),
    "expect_column_pair_values_a_to_be_greater_than_b": ({"column_A", "column_B", "or_equal", "ignore_row_if"}, _pair_greater),
    "expect_identity_to_hold_within_tolerance": ({"column_list"}, _identity_holds),
}
TABLE_EXPECTATIONS = {"expect_table_columns_to_match_ordered_list": {"column_list"}}
SQL_PARAMETERS = ("value_set", "min_value", "max_value")


def check_supported(expectation_type: str, kwargs: dict) -> None:
    known = ROW_EXPECTATIONS[expectation_type][0] if expectation_type in ROW_EXPECTATIONS else TABLE_EXPECTATIONS.get(expectation_type)
    if known is None:
        raise UnsupportedExpectation(f"{expectation_type} is not evaluated in the database")
    unknown = set(kwargs) - known - {"batch_id"}
    if unknown:
        raise UnsupportedExpectation(f"{expectation_type}: the arguments {sorted(unknown)} are not evaluated in the database")


def _resolved(kwargs: dict, parameters: dict[str, Any]) -> dict:
    return {
        key: parameters[value["$PARAMETER"]] if isinstance(value, dict) and "$PARAMETER" in value else value
        for key, value in kwargs.items()
    }


def evaluate(con: duckdb.DuckDBPyConnection, relation: str, id_column: str, expectation_type: str, kwargs: dict,
             parameters: dict[str, Any], examples: int) -> tuple[bool, dict]:
    """(success, GE's result dict) of one expectation on `relation` (a quoted table name)."""
    kwargs = _resolved({k: v for k, v in kwargs.items() if k != "batch_id"}, parameters)
    check_supported(expectation_type, kwargs)
    if expectation_type in TABLE_EXPECTATIONS:
        observed = [row[0] for row in con.execute(f"select column_name from (describe {relation})").fetchall()]
        return observed == list(kwargs["column_list"]), {"observed_value": observed}

    considered, unexpected = ROW_EXPECTATIONS[expectation_type][1](kwargs)
    values = {name: kwargs[name] for name in SQL_PARAMETERS if f"${name}" in unexpected}
    value_column = _quoted(kwargs["column"]) if "column" in kwargs else "null"
    element_count, considered_count, unexpected_count = con.execute(f"""
        with judged as (
            select {considered} as considered, ({considered}) and ({unexpected}) as unexpected from {relation}
        )
        select count(*), count(*) filter (where considered), count(*) filter (where unexpected) from judged
    """, values).fetchone()
    failing = con.execute(f"""
        select {_quoted(id_column)}, {value_column} from (
            select rowid, *, ({considered}) and ({unexpected}) as unexpected from {relation}
        )
        where unexpected order by rowid limit {int(examples)}
    """, values).fetchall() if unexpected_count else []
    unexpected_values = [_plain(value) for _, value in failing]
    result = {
        "element_count": element_count,
        "unexpected_count": unexpected_count,
        "unexpected_percent": 100 * unexpected_count / considered_count if considered_count else None,
        "partial_unexpected_list": unexpected_values,
        "unexpected_list": unexpected_values,
        "unexpected_index_list": [{id_column: identifier} for identifier, _ in failing],
        "unexpected_index_column_names": [id_column],
    }
    if considered != "true":  # GE reports the rows it leaves out only where it leaves some out
        missing = element_count - considered_count
        result.update({
            "missing_count": missing,
            "missing_percent": 100 * missing / element_count if element_count else None,
            "unexpected_percent_total": 100 * unexpected_count / element_count if element_count else None,
            "unexpected_percent_nonmissing": 100 * unexpected_count / considered_count if considered_count else None,
        })
    return unexpected_count == 0, result


def _plain(value: Any) -> Any:
    """A value as Data Docs can write it (JSON)."""
    return value.isoformat() if isinstance(value, (datetime.date, datetime.datetime)) else value
