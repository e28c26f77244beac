"""Checks layer: each Great Expectations suite (expectations/*.json) as an asset check on the mart
it validates, run on every materialization of that mart.

- marts/fct_figure `great_expectations`: the structure of the figure contract. Blocking: a failed
  critical expectation (duplicate ids, unknown vocabularies, unordered periods, a span that does not
  point at its number) fails the check with ERROR severity, which fails the run and stops whatever
  depends on the marts. (The dbt asset has published the file by the time checks run; holding
  publication back would need `run_suite` on the `.next` file before the rename.) Expectations
  marked "warning" in the suite file (units not catalogued yet …) fail it with WARN and block nothing.
- marts/reconciliation `great_expectations`: every totals identity holds. A failed identity does
  not delete or block data: the check fails, naming the identity, its documents, the stated and
  computed values and the source sentences.
- marts/fct_trade, fct_output, fct_investment, fct_profit `great_expectations`: the category marts.

Every check reads the published DuckDB file read-only and links the Data Docs it built
(warehouse/data_docs/<suite>/index.html; warehouse/data_docs/index.html lists every suite).
"""

import dagster as dg
import duckdb

from orchestration import warehouse
from orchestration.quality.suites import SUITES, SuiteRun, SuiteSpec, run_suite
from orchestration.settings import Settings

CHECK_NAME = "great_expectations"
MAX_LISTED = 25


def _arguments(kwargs: dict) -> dict:
    """An expectation's arguments as the suite file writes them (long value sets left out)."""
    shown = {}
    for key, value in kwargs.items():
        if key == "value_set" and not (isinstance(value, dict) and "$PARAMETER" in value) and len(value) > 12:
            continue
        if key == "row_condition" and isinstance(value, dict):
            value = _condition_text(value)
        shown[key] = value
    return shown


def _condition_text(condition: dict) -> str:
    """A GE row condition (as serialized in the suite file) in one line: measure IN [...] and flow != balance."""
    kind = condition.get("type")
    if kind in ("and", "or"):
        return f" {kind} ".join(_condition_text(part) for part in condition.get("conditions", []))
    if kind == "comparison":
        return f"{condition['column']['name']} {condition['operator']} {condition['parameter']!r}"
    if kind == "nullity":
        return f"{condition['column']['name']} is {'' if condition.get('is_null') else 'not '}null"
    return str(condition.get("pass_through_filter", condition))


def _failures_metadata(run: SuiteRun) -> list[dict]:
    return [
        {
            "expectation": outcome.type,
            "severity": outcome.severity,
            "arguments": _arguments(outcome.kwargs),
            "unexpected": outcome.unexpected_count,
            "of_rows": outcome.element_count,
            "examples": outcome.unexpected_ids[:10],
            **({"error": outcome.error} if outcome.error else {}),
        }
        for outcome in run.failures
    ]


def _figures_metadata(run: SuiteRun, con: duckdb.DuckDBPyConnection) -> dict[str, dg.MetadataValue]:
    """The failing figures, with their documents and sentences, for the suites on figure tables."""
    ids = sorted({i for outcome in run.failures for i in outcome.unexpected_ids if isinstance(i, str)})[:MAX_LISTED]
    if not ids:
        return {}
    rows = con.execute(
        "select figure_id, document_id, char_start, number_text, unit, measure, category, indicator_zh, subject_zh, source_text "
        "from marts.fct_figure where list_contains(?, figure_id) order by document_id, char_start",
        [ids],
    ).fetchall()
    columns = ["figure_id", "document_id", "char_start", "number_text", "unit", "measure", "category", "indicator_zh",
               "subject_zh", "source_text"]
    return {"failing_figures": dg.MetadataValue.json([dict(zip(columns, row)) for row in rows])}


def _reconciliation_metadata(con: duckdb.DuckDBPyConnection) -> dict[str, dg.MetadataValue]:
    per_kind = con.execute(
        "select kind, count(*) as instances, count(*) filter (where passed) as passed "
        "from marts.reconciliation group by kind order by kind"
    ).fetchall()
    failed = con.execute(
        "select identity_id, kind, rule, document_ids, stated_figure_id, stated_value, computed_value, tolerance, "
        "difference, unit, detail, source_texts from marts.reconciliation where not passed "
        "order by kind, document_ids, identity_id"
    ).fetchall()
    conflict_columns = ["indicator_zh", "subject_zh", "measure", "period_start", "period_end", "document_id_a", "number_text_a",
                        "unit_a", "source_text_a", "document_id_b", "number_text_b", "unit_b", "source_text_b"]
    conflicts = [
        dict(zip(conflict_columns, (str(v) if v is not None and i in (3, 4) else v for i, v in enumerate(row))))
        for row in con.execute(f"select {', '.join(conflict_columns)} from marts.figure_conflicts "
                               "order by document_id_a, document_id_b").fetchall()
    ]
    columns = ["identity_id", "kind", "rule", "document_ids", "stated_figure_id", "stated_value", "computed_value",
               "tolerance", "difference", "unit", "detail", "source_texts"]
    failed_rows = [dict(zip(columns, row)) for row in failed[:MAX_LISTED]]
    lines = [
        f"- **{row['kind']}** `{row['rule']}` in {', '.join(row['document_ids'])}: stated {row['stated_value']:g} {row['unit'] or ''}, "
        f"computed {row['computed_value']:g} (tolerance {row['tolerance']:.4g}) — {row['detail']}"
        for row in failed_rows
    ]
    return {
        "instances_per_kind": dg.MetadataValue.json({kind: {"instances": n, "passed": ok} for kind, n, ok in per_kind}),
        "identities": sum(n for _, n, _ in per_kind),
        "identities_failed": len(failed),
        "figure_conflicts": len(conflicts),
        **({"conflicting_statements": dg.MetadataValue.json(conflicts[:MAX_LISTED])} if conflicts else {}),
        "failed_identities": dg.MetadataValue.json(failed_rows),
        **({"failed_identities_summary": dg.MetadataValue.md("\n".join(lines))} if lines else {}),
    }


def check_result(run: SuiteRun, con: duckdb.DuckDBPyConnection | None = None) -> dg.AssetCheckResult:
    """The Dagster result of a suite run: ERROR when a critical expectation failed, WARN when only warnings did."""
    metadata: dict[str, object] = {
        "suite": dg.MetadataValue.path(str(run.spec.path)),
        "rows_validated": run.row_count,
        **run.statistics,
    }
    if run.docs_index is not None:
        metadata["data_docs"] = dg.MetadataValue.url(run.docs_index.resolve().as_uri())
        metadata["data_docs_home"] = dg.MetadataValue.url((run.docs_index.parent.parent / "index.html").resolve().as_uri())
    if run.failures:
        metadata["failed_expectations"] = dg.MetadataValue.json(_failures_metadata(run))
    if con is not None:
        if run.spec.model == "reconciliation":
            metadata.update(_reconciliation_metadata(con))
        elif run.failures:
            metadata.update(_figures_metadata(run, con))
    # ERROR when a critical expectation failed (and, for a blocking check, stop); WARN when only
    # expectations the suite file marks "warning" did.
    severity = dg.AssetCheckSeverity.WARN if run.failures and not run.critical_failures else dg.AssetCheckSeverity.ERROR
    description = (
        f"{run.spec.description} {run.statistics['successful_expectations']}/{run.statistics['evaluated_expectations']} "
        f"expectations met on {run.row_count} rows."
    )
    if run.failures:
        description += " Failed: " + "; ".join(o.describe() for o in run.failures[:5])
    return dg.AssetCheckResult(passed=run.success, severity=severity, metadata=metadata, description=description)


def build_suite_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(spec.asset_key_path),
        name=CHECK_NAME,
        blocking=spec.blocking,
        description=f"Great Expectations suite expectations/{spec.path.name}: {spec.description}",
    )
    def _suite_check(context: dg.AssetCheckExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        with warehouse.connect(settings.warehouse) as con:
            run = run_suite(settings.warehouse, spec.name, settings.data_docs_dir, connection=con)
            result = check_result(run, con)
        context.log.info(f"suite {spec.name}: {run.statistics} (Data Docs: {run.docs_index})")
        return result

    return _suite_check


quality_checks: list[dg.AssetChecksDefinition] = [build_suite_check(spec) for spec in SUITES.values()]
