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
(warehouse/data_docs/<suite>/index.html; warehouse/data_docs/index.html lists every suite) and,
when expectations fail, the proofreading pages of the figures involved, each with the command
that shows the figure (`nonferrous figure <id>`): links to the pages server (orchestration/pages.py),
with the files' paths beside them.
"""

import dagster as dg
import duckdb

from orchestration import warehouse
from orchestration.pages import page_metadata, proofreading_markdown
from orchestration.quality.suites import SUITES, SuiteRun, SuiteSpec, last_run_on, run_suite
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


EXAMPLES_PER_FAILURE = 10
_SENTENCE_CHARS = 60


def failing_figures(run: SuiteRun, con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    """figure_id -> the figure with its document, sentence and flags, for the figures the failed
    expectations of a figure suite name (the first few of each)."""
    ids = sorted({
        figure_id
        for outcome in run.failures
        for figure_id in outcome.unexpected_ids[:EXAMPLES_PER_FAILURE]
        if isinstance(figure_id, str)
    })
    if run.spec.id_column != "figure_id" or not ids:
        return {}
    columns = ["figure_id", "document_id", "char_start", "number_text", "unit", "measure", "category", "indicator_zh",
               "subject_zh", "source_text", "flags"]
    rows = con.execute(
        "select f.figure_id, f.document_id, f.char_start, f.number_text, f.unit, f.measure, f.category, f.indicator_zh, "
        "f.subject_zh, f.source_text, (select string_agg(rule, ', ' order by rule) from marts.figure_flags g "
        "where g.figure_id = f.figure_id) from marts.fct_figure f where list_contains(?, f.figure_id) "
        "order by f.document_id, f.char_start",
        [ids],
    ).fetchall()
    return {row[0]: dict(zip(columns, row)) for row in rows}


def failed_expectations(run: SuiteRun, figures: dict[str, dict], critical_only: bool = False) -> list[dict]:
    """Each failed expectation with its arguments, counts and example rows (figure, document, sentence)."""
    return [
        {
            "expectation": outcome.type,
            "severity": outcome.severity,
            "arguments": _arguments(outcome.kwargs),
            "unexpected": outcome.unexpected_count,
            "of_rows": outcome.element_count,
            "examples": [figures.get(i, i) for i in outcome.unexpected_ids[:EXAMPLES_PER_FAILURE]],
            **({"error": outcome.error} if outcome.error else {}),
        }
        for outcome in (run.critical_failures if critical_only else run.failures)
    ]


def describe_failure(outcome, figures: dict[str, dict]) -> str:
    """One failed expectation in a line: what, how many, and where (figure, document, sentence)."""
    shown = []
    for figure_id in outcome.unexpected_ids[:2]:
        figure = figures.get(figure_id)
        if figure is None:
            shown.append(str(figure_id))
            continue
        sentence = (figure["source_text"] or "").replace("\n", " ")
        sentence = sentence if len(sentence) <= _SENTENCE_CHARS else sentence[:_SENTENCE_CHARS] + "…"
        flags = f" [{figure['flags']}]" if figure.get("flags") else ""
        shown.append(f"figure {figure_id} ({figure['number_text']}{figure['unit'] or ''}{flags}) in {figure['document_id']}: 「{sentence}」")
    return outcome.describe() + (f", e.g. {'; '.join(shown)}" if shown else "")


def _reconciliation_metadata(con: duckdb.DuckDBPyConnection) -> dict[str, dg.MetadataValue]:
    # Counts from DuckDB, rows only as many as are listed: a large collection fails hundreds of
    # thousands of identities, too many to fetch into this process for a list of 25.
    per_kind = con.execute(
        "select kind, count(*) as instances, count(*) filter (where passed) as passed, "
        "count(*) filter (where not passed) as failed from marts.reconciliation group by kind order by kind"
    ).fetchall()
    failed = con.execute(
        "select identity_id, kind, rule, document_ids, stated_figure_id, stated_value, computed_value, tolerance, "
        "difference, unit, detail, source_texts from marts.reconciliation where not passed "
        f"order by kind, document_ids, identity_id limit {MAX_LISTED}"
    ).fetchall()
    conflict_count = con.execute("select count(*) from marts.figure_conflicts").fetchone()[0]
    conflict_columns = ["indicator_zh", "subject_zh", "measure", "period_start", "period_end", "document_id_a", "number_text_a",
                        "unit_a", "source_text_a", "document_id_b", "number_text_b", "unit_b", "source_text_b"]
    conflicts = [
        dict(zip(conflict_columns, (str(v) if v is not None and i in (3, 4) else v for i, v in enumerate(row))))
        for row in con.execute(f"select {', '.join(conflict_columns)} from marts.figure_conflicts "
                               f"order by document_id_a, document_id_b limit {MAX_LISTED}").fetchall()
    ]
    columns = ["identity_id", "kind", "rule", "document_ids", "stated_figure_id", "stated_value", "computed_value",
               "tolerance", "difference", "unit", "detail", "source_texts"]
    failed_rows = [dict(zip(columns, row)) for row in failed]
    lines = [
        f"- **{row['kind']}** `{row['rule']}` in {', '.join(row['document_ids'])}: stated {row['stated_value']:g} {row['unit'] or ''}, "
        f"computed {row['computed_value']:g} (tolerance {row['tolerance']:.4g}) — {row['detail']}"
        for row in failed_rows
    ]
    return {
        "instances_per_kind": dg.MetadataValue.json({kind: {"instances": n, "passed": ok} for kind, n, ok, _ in per_kind}),
        "identities": sum(n for _, n, _, _ in per_kind),
        "identities_failed": sum(failing for _, _, _, failing in per_kind),
        "figure_conflicts": conflict_count,
        **({"conflicting_statements": dg.MetadataValue.json(conflicts)} if conflicts else {}),
        "failed_identities": dg.MetadataValue.json(failed_rows),
        **({"failed_identities_summary": dg.MetadataValue.md("\n".join(lines))} if lines else {}),
    }


def _figures_of_failed_identities(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, int]]:
    """(figure_id, document_id, char_start) of every figure in the first failed identities."""
    return con.execute(
        f"""
        with failed as (
            select identity_id, list_prepend(total_figure_id, component_figure_ids) as figure_ids
            from marts.reconciliation where not passed
            order by kind, document_ids, identity_id limit {MAX_LISTED}
        )
        select distinct figures.figure_id, figures.document_id, figures.char_start
        from failed, unnest(failed.figure_ids) as ids(figure_id)
        join marts.fct_figure as figures on figures.figure_id = ids.figure_id
        order by figures.document_id, figures.char_start
        """
    ).fetchall()


def check_result(run: SuiteRun, settings: Settings, con: duckdb.DuckDBPyConnection | None = None) -> dg.AssetCheckResult:
    """The Dagster result of a suite run: ERROR when a critical expectation failed, WARN when only warnings did."""
    metadata: dict[str, object] = {
        "suite": dg.MetadataValue.path(str(run.spec.path)),
        "rows_validated": run.row_count,
        **run.statistics,
    }
    if run.docs_index is not None:
        metadata.update(page_metadata(settings, "data_docs", run.docs_index))
        metadata.update(page_metadata(settings, "data_docs_home", run.docs_index.parent.parent / "index.html"))
    figures = failing_figures(run, con) if con is not None else {}
    if run.failures:
        metadata["failed_expectations"] = dg.MetadataValue.json(failed_expectations(run, figures))
    if figures:
        metadata["failing_figures"] = dg.MetadataValue.json(list(figures.values())[:MAX_LISTED])
    involved = [(f["figure_id"], f["document_id"], f["char_start"]) for f in list(figures.values())[:MAX_LISTED]]
    if con is not None and run.spec.model == "reconciliation":
        metadata.update(_reconciliation_metadata(con))
        involved += _figures_of_failed_identities(con)
    if involved:
        metadata["proofreading_pages"] = dg.MetadataValue.md(proofreading_markdown(settings, involved))
    # ERROR when a critical expectation failed (and, for a blocking check, stop); WARN when only
    # expectations the suite file marks "warning" did.
    severity = dg.AssetCheckSeverity.WARN if run.failures and not run.critical_failures else dg.AssetCheckSeverity.ERROR
    description = (
        f"{run.spec.description} {run.statistics['successful_expectations']}/{run.statistics['evaluated_expectations']} "
        f"expectations met on {run.row_count} rows."
    )
    if run.failures:
        description += " Failed: " + " | ".join(describe_failure(o, figures) for o in run.failures[:5])
    return dg.AssetCheckResult(passed=run.success, severity=severity, metadata=metadata, description=description)


def build_suite_check(spec: SuiteSpec) -> dg.AssetChecksDefinition:
    @dg.asset_check(
        asset=dg.AssetKey(spec.asset_key_path),
        name=CHECK_NAME,
        blocking=spec.blocking,
        description=f"Great Expectations suite expectations/{spec.path.name}: {spec.description}",
    )
    def _suite_check(context: dg.AssetCheckExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.AssetCheckResult:
        if not settings.warehouse.exists():  # run on its own before any build
            return dg.AssetCheckResult(passed=False, severity=dg.AssetCheckSeverity.WARN,
                                       description=f"no warehouse at {settings.warehouse} yet: nothing to validate")
        with warehouse.connect(settings.warehouse, settings.duckdb_config()) as con:
            run = last_run_on(settings.warehouse, spec.name, settings.data_docs_dir) or run_suite(
                settings.warehouse, spec.name, settings.data_docs_dir, connection=con)
            result = check_result(run, settings, con)
        report = context.log.info if run.success else (
            context.log.warning if result.severity == dg.AssetCheckSeverity.WARN else context.log.error
        )
        report(f"suite {spec.name}: {result.description} (Data Docs: {run.docs_index})")
        return result

    return _suite_check


quality_checks: list[dg.AssetChecksDefinition] = [build_suite_check(spec) for spec in SUITES.values()]
