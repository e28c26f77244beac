"""`make run`: bring the warehouse up to date with the raw folder, without a UI.

1. Run hygiene: runs of dead processes marked failed, writer slots of ended runs freed, leftovers of
   unfinished builds removed.
2. Sync the dynamic partitions with the documents in the raw folder (new files added; files
   gone are removed together with their landing files).
3. One run over the document partitions to ingest (documents -> figures), spread over the cores.
4. One run for the dbt models and their checks, which publishes the new warehouse file.
5. A summary: documents read and rejected (with reasons), figures, checks passed / warned /
   failed by name with their first failing rows, where the review pages and Data Docs are.

Only what changed is done (orchestration/build_state.py): a document whose files are as they were
at the last complete run is not ingested again (unless the ingest code changed), and when nothing
changed at all -- no document, no landing file, no code, no model -- the run stops before Dagster
is even imported. `--everything` ingests every document and rebuilds the warehouse from an empty
file (a full build, not an incremental one: orchestration/warehouse_build.py), whatever changed.

Exit status: 1 when the pipeline itself failed (a run failed: nothing new was published, or not
all of it); 0 otherwise, also when data checks failed -- they are in the summary. With
`--strict` (`make run STRICT=1`), a failed check of ERROR severity exits 1 as well.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from typing import TYPE_CHECKING

from orchestration import build_state
from orchestration.settings import DAGSTER_EVENT_BATCHING, Settings

if TYPE_CHECKING:
    import dagster as dg

log = logging.getLogger("orchestration.materialize")


def materialize_all(
    instance: dg.DagsterInstance, settings: Settings, to_ingest: list[str] | None = None, strict: bool = False,
    full_build: bool = False,
) -> int:
    """Sync the partitions, ingest `to_ingest` (every document when None), refresh the warehouse
    (from an empty file when `full_build`), print the summary; the exit status (see the docstring)."""
    # Dagster, the definitions (the dbt manifest) and Great Expectations take seconds to import:
    # a run with nothing to do must not pay for them, so they are imported here.
    import dagster as dg

    from orchestration import hygiene, report
    from orchestration.automation import contiguous_blocks
    from orchestration.definitions import defs
    from orchestration.ingest import landing
    from orchestration.jobs import FULL_BUILD_TAG, HOST_TAG, INGEST, PID_TAG, RANGE_END_TAG, RANGE_START_TAG, TRIGGER_TAG
    from orchestration.partitions import sync_document_partitions

    run_tags = {TRIGGER_TAG: "make_run", PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
    if not settings.raw_dir.is_dir():
        raise SystemExit(f"raw folder {settings.raw_dir} does not exist (set NONFERROUS_RAW_DIR)")
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    for notice in landing.ensure_landing(settings.landing_dir):
        log.warning(notice)
    for message in hygiene.sweep(instance, settings).messages():
        log.warning(message)
    sync = sync_document_partitions(instance, settings, log)
    wanted = sync.present if to_ingest is None else sorted(set(to_ingest) & set(sync.present))
    log.info(f"{len(sync.present)} documents in {settings.raw_dir}, {len(wanted)} of them to ingest")
    all_assets = [*defs.assets, *defs.asset_checks]
    # One run over all of them, or one per contiguous block of the partition order (new
    # documents are added at its end, so they make one block).
    results = []
    for block in contiguous_blocks(sync.ordered, wanted):
        results.append(dg.materialize(
            all_assets,
            instance=instance,
            resources=defs.resources,
            selection=INGEST,
            tags={**run_tags, RANGE_START_TAG: block[0], RANGE_END_TAG: block[-1]},
            raise_on_error=False,
        ))
    ingested = all(result.success for result in results)
    if ingested:
        results.append(dg.materialize(
            all_assets, instance=instance, resources=defs.resources, selection=dg.AssetSelection.all() - INGEST,
            tags={**run_tags, FULL_BUILD_TAG: "true"} if full_build else run_tags, raise_on_error=False,
        ))
    run_ids = [result.run_id for result in results]
    pipeline_ok = ingested and results[-1].success
    print("\n".join(report.run_summary(instance, run_ids, settings, len(sync.present), published=pipeline_ok)))
    if not pipeline_ok:
        print("make run FAILED: see the failed runs above", file=sys.stderr)
        return 1
    failed = report.failed_checks(instance, run_ids)
    if strict and failed:
        print(f"make run --strict: {len(failed)} check(s) failed: "
              + ", ".join(f"{o.asset} {o.name}" for o in failed), file=sys.stderr)
        return 2
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description="Bring the warehouse up to date with the raw folder.")
    parser.add_argument("--everything", action="store_true",
                        help="ingest every document and rebuild the warehouse from an empty file, whatever changed")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a check of ERROR severity failed")
    args = parser.parse_args()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    settings = Settings.from_env()
    todo = build_state.plan(settings, build_state.BuildState() if args.everything else None)
    if todo.up_to_date and settings.raw_dir.is_dir():
        log.info(f"warehouse up to date: nothing changed since the last run ({settings.warehouse})")
        return
    if todo.reason:
        log.info(f"refresh needed: {todo.reason}")
    os.environ.update(DAGSTER_EVENT_BATCHING)  # this process runs the jobs
    with settings.dagster_instance() as instance:
        status = materialize_all(instance, settings, todo.to_ingest, strict=args.strict, full_build=args.everything)
    if status != 1:  # the pipeline ran through: the warehouse is this run's
        build_state.record(settings, todo)
    raise SystemExit(1 if status else 0)


if __name__ == "__main__":
    main()
