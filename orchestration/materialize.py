"""`make run`: bring the warehouse up to date with the raw folder, without a UI.

1. Run hygiene: runs of dead processes marked failed, their writer slots freed, leftovers of
   unfinished builds removed.
2. Sync the dynamic partitions with the documents in the raw folder (new files added; files
   gone are removed together with their landing files).
3. One run for every document partition (documents -> figures), spread over the cores.
4. One run for the dbt models and their checks, which publishes the new warehouse file.
"""

from __future__ import annotations

import logging
import os
import socket
import sys

import dagster as dg

from orchestration import hygiene
from orchestration.definitions import defs, settings
from orchestration.ingest import landing
from orchestration.jobs import HOST_TAG, INGEST, PID_TAG, RANGE_END_TAG, RANGE_START_TAG, TRIGGER_TAG
from orchestration.partitions import sync_document_partitions
from orchestration.settings import Settings

RUN_TAGS = {TRIGGER_TAG: "make_run", PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}

log = logging.getLogger("orchestration.materialize")


def materialize_all(instance: dg.DagsterInstance, settings: Settings) -> None:
    if not settings.raw_dir.is_dir():
        raise SystemExit(f"raw folder {settings.raw_dir} does not exist (set NONFERROUS_RAW_DIR)")
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    landing.ensure_landing(settings.landing_dir)
    for message in hygiene.sweep(instance, settings).messages():
        log.warning(message)
    sync = sync_document_partitions(instance, settings, log)
    log.info(f"{len(sync.present)} documents in {settings.raw_dir}")
    all_assets = [*defs.assets, *defs.asset_checks]
    if sync.ordered:
        dg.materialize(
            all_assets,
            instance=instance,
            resources=defs.resources,
            selection=INGEST,
            tags={**RUN_TAGS, RANGE_START_TAG: sync.ordered[0], RANGE_END_TAG: sync.ordered[-1]},
        )
    dg.materialize(
        all_assets, instance=instance, resources=defs.resources, selection=dg.AssetSelection.all() - INGEST, tags=RUN_TAGS
    )
    log.info(f"warehouse ready: {settings.warehouse}")


def main() -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    with settings.dagster_instance() as instance:
        materialize_all(instance, settings)


if __name__ == "__main__":
    main()
