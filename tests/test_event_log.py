"""The event log the set-up configures stores a batch of asset events as Dagster's SQLite storage
stores them one by one: the same records, partitions, tags, latest materializations and planned
checks."""

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
from dagster._core.definitions.asset_checks.asset_check_evaluation import AssetCheckEvaluation, AssetCheckEvaluationPlanned
from dagster._core.events import AssetMaterializationPlannedData, DagsterEvent, DagsterEventType, StepMaterializationData
from dagster._core.events.log import EventLogEntry

from orchestration.event_log import BatchedSqliteEventLogStorage
from orchestration.setup import write_dagster_config

FIGURES = dg.AssetKey("figures")
CONTRACT_CHECK = dg.AssetCheckKey(FIGURES, "every_document_meets_the_contract")


def _entry(run_id: str, event: DagsterEvent) -> EventLogEntry:
    return EventLogEntry(error_info=None, level=20, user_message="", run_id=run_id, timestamp=time.time(),
                         dagster_event=event, job_name="ingest", step_key="figures")


def _events(run_id: str) -> list[EventLogEntry]:
    """What a run over three document partitions records for one asset and its check: planned (in
    one batch, as Dagster sends them), then materialized (another)."""
    documents = ["doc_a", "doc_b", "doc_c"]
    planned = [DagsterEvent.build_asset_materialization_planned_event(
        "ingest", "figures", AssetMaterializationPlannedData(FIGURES, partition=doc)) for doc in documents]
    planned.insert(1, DagsterEvent(
        event_type_value=DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED.value, job_name="ingest", step_key="figures",
        event_specific_data=AssetCheckEvaluationPlanned(asset_key=FIGURES, check_name=CONTRACT_CHECK.name)))
    materialized = [DagsterEvent(
        event_type_value=DagsterEventType.ASSET_MATERIALIZATION.value, job_name="ingest", step_key="figures",
        event_specific_data=StepMaterializationData(dg.AssetMaterialization(
            FIGURES, partition=doc, metadata={"figures": 3}, tags={"run_kind": "backfill", "dagster/data_version": "v1"})),
    ) for doc in documents]
    return [[_entry(run_id, event) for event in batch] for batch in (planned, materialized)]


def _stored(home, batched: bool) -> dict:
    write_dagster_config(home)
    with dg.DagsterInstance.from_config(str(home)) as instance:
        storage = instance.event_log_storage
        assert isinstance(storage, BatchedSqliteEventLogStorage)
        assert str(storage._base_dir).startswith(str(home))  # noqa: SLF001 - where the history is kept
        for run_id in ("run_1", "run_2"):
            for batch in _events(run_id):
                if batched:
                    storage.store_event_batch(batch)
                else:
                    for event in batch:
                        storage.store_event(event)
        records = instance.fetch_materializations(FIGURES, limit=100).records
        latest = instance.get_latest_materialization_event(FIGURES)
        planned = storage.get_event_records(dg.EventRecordsFilter(DagsterEventType.ASSET_MATERIALIZATION_PLANNED, FIGURES))
        return {
            "materialized": sorted((r.run_id, r.partition_key, r.asset_materialization.metadata["figures"].value,
                                    r.asset_materialization.tags.get("run_kind")) for r in records),
            "partitions": instance.get_materialized_partitions(FIGURES),
            "latest": (latest.run_id, latest.asset_materialization.partition),
            "planned": sorted((r.run_id, r.partition_key) for r in planned),
            "run_log": [(e.dagster_event_type, e.dagster_event.partition) for e in instance.all_logs("run_2")],
            "asset_keys": instance.all_asset_keys(),
            "checks": [(c.run_id, c.status) for c in storage.get_asset_check_execution_history(CONTRACT_CHECK, limit=10)],
        }


def test_a_batch_of_asset_events_is_stored_as_the_same_events_one_by_one(tmp_path):
    one_by_one = _stored(tmp_path / "single", batched=False)
    batched = _stored(tmp_path / "batched", batched=True)
    assert batched == one_by_one
    assert len(batched["materialized"]) == 6 and batched["partitions"] == {"doc_a", "doc_b", "doc_c"}
    assert batched["latest"] == ("run_2", "doc_c")
    assert [run_id for run_id, _ in batched["checks"]] == ["run_2", "run_1"]


def _check_event(run_id: str, passed: bool | None) -> EventLogEntry:
    """The check's evaluation, or its planned evaluation when `passed` is None."""
    if passed is None:
        event_type, data = DagsterEventType.ASSET_CHECK_EVALUATION_PLANNED, AssetCheckEvaluationPlanned(
            asset_key=FIGURES, check_name=CONTRACT_CHECK.name)
    else:
        event_type, data = DagsterEventType.ASSET_CHECK_EVALUATION, AssetCheckEvaluation(
            asset_key=FIGURES, check_name=CONTRACT_CHECK.name, passed=passed)
    return _entry(run_id, DagsterEvent(event_type_value=event_type.value, job_name="ingest", step_key="figures",
                                       event_specific_data=data))


def test_check_evaluations_reuse_one_index_connection_and_other_processes_see_them_at_once(tmp_path, monkeypatch):
    write_dagster_config(tmp_path)
    opened = []
    real_connect = sqlite3.dbapi2.connect  # what SQLAlchemy's SQLite dialect calls
    monkeypatch.setattr(sqlite3.dbapi2, "connect", lambda *args, **kwargs: opened.append(args[0]) or real_connect(*args, **kwargs))
    evaluations = {"run_1": True, "run_2": False, "run_3": True}
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        storage = instance.event_log_storage
        for run_id in evaluations:
            storage.store_event(_check_event(run_id, passed=None))
        opened.clear()
        for run_id, passed in evaluations.items():
            storage.store_event(_check_event(run_id, passed))
        # each evaluation opens its run's database, as Dagster does; the index database stays open
        assert [Path(path).name for path in opened] == ["run_1.db", "run_2.db", "run_3.db"]
        # a reader in another process (the UI, the daemon) sees every evaluation committed
        reader = subprocess.run(
            [sys.executable, "-c", (
                "import dagster as dg, sys\n"
                "with dg.DagsterInstance.from_config(sys.argv[1]) as instance:\n"
                "    history = instance.event_log_storage.get_asset_check_execution_history("
                "dg.AssetCheckKey(dg.AssetKey('figures'), sys.argv[2]), limit=10)\n"
                "    print(' '.join(f'{record.run_id}:{record.status.value}' for record in history))"
            ), str(tmp_path), CONTRACT_CHECK.name],
            capture_output=True, text=True, check=True,
        )
    assert reader.stdout.split() == ["run_3:SUCCEEDED", "run_2:FAILED", "run_1:SUCCEEDED"]
