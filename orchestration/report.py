"""What the runs did, told to people: did last night's refresh succeed (`python -m
orchestration.automation`)."""

from __future__ import annotations

from datetime import datetime, timezone

import dagster as dg

from orchestration.jobs import AFTER_RUN_TAG, TRIGGER_TAG, ingest_job, refresh_job


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
    evaluations = instance.get_records_for_run(
        refresh.dagster_run.run_id, of_type=dg.DagsterEventType.ASSET_CHECK_EVALUATION
    ).records
    failed = [
        e.event_log_entry.dagster_event.event_specific_data
        for e in evaluations
        if not e.event_log_entry.dagster_event.event_specific_data.passed
    ]
    lines.append(f"checks: {len(evaluations) - len(failed)} of {len(evaluations)} passed")
    for evaluation in failed:
        severity = evaluation.severity.value
        ok = ok and severity != "ERROR"
        lines.append(f"  failed ({severity}): {evaluation.asset_key.to_user_string()} {evaluation.check_name}")
    return ok, lines


def _describe(record) -> str:
    run = record.dagster_run
    started = datetime.fromtimestamp(record.start_time, timezone.utc).isoformat(timespec="seconds") if record.start_time else "-"
    took = f"{record.end_time - record.start_time:.0f} s" if record.start_time and record.end_time else "-"
    return f"{run.job_name} {run.run_id} {run.status.value} started {started} took {took}"
