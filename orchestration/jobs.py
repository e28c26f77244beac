"""The jobs of the code location, the asset selections they are made of, and the run tags that say
why a run was started (the Runs page filters by them).

Every run of the code location -- these jobs, and the asset jobs the UI launches for a selection
or a backfill ("Materialize all") -- runs its steps in the run's own process: `EXECUTOR`, set once
on the definitions. The multiprocess default starts a Python process per step, each importing
Dagster, dbt and the definitions: measured on two shared cores, 15-35 s per step against steps of
about a second (the refresh has ~8 steps: dbt, the Great Expectations checks, the review pages).
The work that is worth spreading still is: the figures step spreads documents over every core
itself, and dbt is a subprocess with its own threads. Scaling out to a cluster swaps this
executor (e.g. for dagster-k8s's) without other changes.
"""

from __future__ import annotations

import dagster as dg

INGEST = dg.AssetSelection.groups("ingest")
WAREHOUSE = dg.AssetSelection.all() - INGEST

TRIGGER_TAG = "nonferrous/trigger"  # raw_folder_sensor | daily_refresh | make_run | manual (a refresh inherits its ingest run's)
DOCUMENTS_TAG = "nonferrous/documents"  # the documents an ingest run was requested for
REMOVED_TAG = "nonferrous/removed"  # documents whose removal a refresh publishes
AFTER_RUN_TAG = "nonferrous/after_run"  # the ingest run a refresh follows
PID_TAG = "nonferrous/pid"  # the process executing a run started in process (make run)
HOST_TAG = "nonferrous/host"  # the machine that process runs on
FULL_BUILD_TAG = "nonferrous/full_build"  # "true": the refresh builds from an empty file (orchestration/warehouse_build.py)
BACKFILL_TAG = "dagster/backfill"  # the backfill a run belongs to ("Materialize all" in the UI)
RANGE_START_TAG = "dagster/asset_partition_range_start"
RANGE_END_TAG = "dagster/asset_partition_range_end"

EXECUTOR = dg.in_process_executor

ingest_job = dg.define_asset_job(
    "ingest_documents",
    selection=INGEST,
    description="Decode and extract documents (one run over a range of document partitions).",
    tags={"nonferrous/stage": "ingest"},
)
refresh_job = dg.define_asset_job(
    "refresh_warehouse",
    selection=WAREHOUSE,
    description="Build every dbt model and run its checks from the landing files, then publish the warehouse.",
    tags={"nonferrous/stage": "refresh"},
)
