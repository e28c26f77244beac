"""What the runs did, told to people: the summary `make run` ends with, and whether last night's
refresh succeeded (`python -m orchestration.automation`). Both read what the runs recorded in the
Dagster instance (check evaluations, step failures) and what the published warehouse holds."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

import dagster as dg

from orchestration import warehouse
from orchestration.jobs import AFTER_RUN_TAG, TRIGGER_TAG, ingest_job, refresh_job
from orchestration.settings import Settings


def refresh_report(instance: dg.DagsterInstance, trigger: str) -> tuple[bool, list[str]]:
    """The latest ingest run started by `trigger` and the refresh that published it: (all well?,
    lines to print). All well means both runs succeeded and no check failed in the refresh."""
    (ingest, *_) = instance.get_run_records(
        dg.RunsFilter(job_name=ingest_job.name, tags={TRIGGER_TAG: trigger}), limit=1
    ) or [None]
    if ingest is None:
        return False, [f"no ingest run started by {trigger} yet"]
    lines = [_describe(ingest)]
    ok = ingest.dagster_run.status == dg.DagsterRunStatus.SUCCESS
    refresh = None
    if ok:
        followers = instance.get_run_records(dg.RunsFilter(job_name=refresh_job.name, created_after=ingest.create_timestamp), limit=20)
        after = [r for r in followers if r.dagster_run.tags.get(AFTER_RUN_TAG) == ingest.dagster_run.run_id] or [
            r for r in followers if r.start_time and ingest.end_time and r.start_time >= ingest.end_time
        ]
        refresh = min(after, key=lambda r: r.create_timestamp) if after else None
    if refresh is None:
        return False, lines + ["no refresh run published it" + ("" if ok else " (the ingest run did not succeed)")]
    lines.append(_describe(refresh))
    ok = refresh.dagster_run.status == dg.DagsterRunStatus.SUCCESS
    outcomes = check_outcomes(instance, refresh.dagster_run.run_id)
    failed = [outcome for outcome in outcomes if not outcome.passed]
    lines.append(f"checks: {len(outcomes) - len(failed)} of {len(outcomes)} passed")
    for outcome in failed:
        ok = ok and outcome.severity != "ERROR"
        lines.append(f"  {outcome.verdict} ({outcome.severity}): {outcome.asset} {outcome.name}: {_cut(outcome.description)}")
        lines += [f"    {row}" for row in outcome.first_rows]
    return ok, lines


def _describe(record) -> str:
    run = record.dagster_run
    started = datetime.fromtimestamp(record.start_time, timezone.utc).isoformat(timespec="seconds") if record.start_time else "-"
    took = f"{record.end_time - record.start_time:.0f} s" if record.start_time and record.end_time else "-"
    return f"{run.job_name} {run.run_id} {run.status.value} started {started} took {took}"


# --- the summary `make run` ends with ------------------------------------------------------------

FIRST_ROWS = 3
_CELL_CHARS = 70


@dataclass(frozen=True)
class CheckOutcome:
    asset: str
    name: str
    passed: bool
    severity: str  # ERROR or WARN
    description: str
    first_rows: list[str]

    @property
    def verdict(self) -> str:
        if self.passed:
            return "passed"
        return "warned" if self.severity == "WARN" else "failed"


def check_outcomes(instance: dg.DagsterInstance, run_id: str) -> list[CheckOutcome]:
    """Every asset check a run evaluated, with the first rows each failed one names."""
    outcomes = []
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION).records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        outcomes.append(CheckOutcome(
            asset=evaluation.asset_key.to_user_string(),
            name=evaluation.check_name,
            passed=evaluation.passed,
            severity=evaluation.severity.value,
            description=evaluation.description or "",
            first_rows=[] if evaluation.passed else _first_rows(evaluation.metadata),
        ))
    return outcomes


def failed_steps(instance: dg.DagsterInstance, run_id: str) -> list[str]:
    """Each step that failed in a run, with what it said (a held-back build names its figures)."""
    lines = []
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.STEP_FAILURE).records:
        event = record.event_log_entry.dagster_event
        error = event.event_specific_data.error
        user = event.event_specific_data.user_failure_data
        message = user.description if user is not None and user.description else (error.message.strip() if error else "")
        lines.append(f"{event.step_key}: {message}")
    return lines


def _first_rows(metadata: dict) -> list[str]:
    """The first rows a failed check names, from the metadata our checks write (identities,
    expectations with their figures, quarantined or unreadable documents) or, for a dbt test, its
    failing row count."""
    values = {key: getattr(value, "value", value) for key, value in metadata.items()}
    if values.get("failed_identities"):
        return [
            f"{row['kind']} {row['rule']} in {', '.join(row['document_ids'])}: stated {row['stated_value']:g}, "
            f"computed {row['computed_value']:g} (tolerance {row['tolerance']:.3g})"
            for row in values["failed_identities"][:FIRST_ROWS]
        ]
    if values.get("failed_expectations"):
        lines = []
        for failure in values["failed_expectations"]:
            arguments = failure.get("arguments") or {}
            target = arguments.get("column") or arguments.get("column_list") or ""
            lines.append(f"{failure['expectation']}({target}): {failure.get('unexpected')} of {failure.get('of_rows')} rows")
            lines += [f"  {_example(example)}" for example in (failure.get("examples") or [])[:FIRST_ROWS]]
        return lines
    if values.get("quarantined"):
        return [
            f"{document}: " + "; ".join(f"{breach['rule']} ({', '.join(map(str, breach['figure_ids'][:FIRST_ROWS]))})"
                                         for breach in breaches)
            for document, breaches in list(values["quarantined"].items())[:FIRST_ROWS]
        ]
    if values.get("rejected"):
        return [f"{document}: {_cut(str(reason))}" for document, reason in list(values["rejected"].items())[:FIRST_ROWS]]
    if "dagster_dbt/failed_row_count" in values:
        return [f"{values['dagster_dbt/failed_row_count']} failing rows"]
    return []


def _example(example) -> str:
    if not isinstance(example, dict):
        return str(example)
    flags = f" [{example['flags']}]" if example.get("flags") else ""
    return (f"figure {example['figure_id']} {example['number_text']}{example.get('unit') or ''}{flags} "
            f"in {example['document_id']}: 「{_cut(example.get('source_text'))}」")


def _cut(text: str | None, limit: int = _CELL_CHARS) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= limit else text[:limit] + "…"


@dataclass(frozen=True)
class WarehouseFacts:
    documents: int
    figures: int
    flagged: int
    rejected: list[tuple[str, str, str, bool]]  # document_id, stage, reason, earlier version kept


def warehouse_facts(settings: Settings) -> WarehouseFacts | None:
    if not settings.warehouse.exists():
        return None
    with warehouse.connect(settings.warehouse) as con:
        documents, figures = con.execute(
            "select (select count(*) from marts.dim_document), (select count(*) from marts.fct_figure)"
        ).fetchone()
        flagged = con.execute("select count(distinct figure_id) from marts.figure_flags").fetchone()[0]
        rejected = con.execute(
            "select document_id, stage, reason, previous_version_kept from marts.rejected_documents order by document_id"
        ).fetchall()
    return WarehouseFacts(documents, figures, flagged, rejected)


def run_summary(
    instance: dg.DagsterInstance, run_ids: list[str], settings: Settings, documents_in_folder: int, published: bool
) -> list[str]:
    """The lines `make run` ends with: documents read and rejected (with reasons), figures, checks
    passed / warned / failed by name with their first failing rows, and where to look next."""
    lines = ["", "Summary"]
    for run_id in run_ids:
        run = instance.get_run_by_id(run_id)
        if run is not None and run.status != dg.DagsterRunStatus.SUCCESS:
            lines.append(f"  run {run_id} ({run.job_name}) {run.status.value}:")
            lines += [f"    {line}" for line in failed_steps(instance, run_id)]
    facts = warehouse_facts(settings)
    state = "published by this run" if published else "NOT published by this run: the warehouse is the earlier one"
    lines.append(f"  warehouse: {settings.warehouse} ({state})")
    if facts is not None:
        lines.append(
            f"  documents: {documents_in_folder} in {settings.raw_dir}, {facts.documents} in the warehouse, "
            f"{len(facts.rejected)} rejected"
        )
        for document_id, stage, reason, kept in facts.rejected[:10]:
            earlier = "; its earlier version stays published" if kept else ""
            lines.append(f"    rejected {document_id} (stage {stage}{earlier}): {_cut(reason, 3 * _CELL_CHARS)}")
        if len(facts.rejected) > 10:
            lines.append(f"    … {len(facts.rejected) - 10} more in marts.rejected_documents")
        lines.append(f"  figures: {facts.figures}, {facts.flagged} flagged as implausible (marts.figure_flags)")
    outcomes = [outcome for run_id in run_ids for outcome in check_outcomes(instance, run_id)]
    counts = {verdict: sum(1 for o in outcomes if o.verdict == verdict) for verdict in ("passed", "warned", "failed")}
    lines.append(f"  checks: {counts['passed']} passed, {counts['warned']} warned, {counts['failed']} failed")
    for outcome in sorted((o for o in outcomes if not o.passed), key=lambda o: (o.verdict != "failed", o.asset, o.name)):
        lines.append(f"    {outcome.verdict} {outcome.asset} {outcome.name}")
        lines += [f"      {row}" for row in outcome.first_rows or [_cut(outcome.description, 3 * _CELL_CHARS)]]
    lines.append(f"  review pages: {settings.review_dir}/<document>.html")
    lines.append(f"  Data Docs: {settings.data_docs_dir / 'index.html'}")
    return lines


def failed_checks(instance: dg.DagsterInstance, run_ids: list[str]) -> list[CheckOutcome]:
    """The checks of ERROR severity that failed in these runs (what `--strict` makes fatal)."""
    return [o for run_id in run_ids for o in check_outcomes(instance, run_id) if o.verdict == "failed"]
