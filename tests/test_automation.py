"""The raw-folder sensor, the dbt-after-ingest sensor and the daily schedule, evaluated without
waiting on real time; and one real pickup of a new document into a built warehouse."""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dagster as dg
import duckdb
import pytest
from sqlalchemy.exc import IntegrityError
from dagster._core.execution.backfill import PartitionBackfill

from orchestration import automation
from orchestration.automation import daily_refresh, raw_folder_sensor, refresh_after_ingest
from orchestration.definitions import defs
from orchestration.jobs import (
    AFTER_RUN_TAG,
    BACKFILL_TAG,
    INGEST,
    RANGE_END_TAG,
    RANGE_START_TAG,
    REMOVED_TAG,
    TRIGGER_TAG,
    ingest_job,
    refresh_job,
)
from orchestration.partitions import document_partitions, sync_document_partitions
from orchestration.ingest import landing
from orchestration.resources import build_resources
from orchestration.settings import Settings
from conftest import CORPUS, build_warehouse

DOCUMENTS = "documents"
pytestmark = pytest.mark.filterwarnings("ignore::dagster.BetaWarning")


def definitions_for(settings: Settings) -> dg.Definitions:
    """The code location's definitions, with every resource pointed at `settings`."""
    return dg.Definitions(
        assets=defs.assets,
        asset_checks=defs.asset_checks,
        jobs=defs.jobs,
        sensors=defs.sensors,
        schedules=defs.schedules,
        resources=build_resources(settings),
    )


class Folder:
    """A raw folder and a warehouse location in tmp, an instance of its own, and the sensor's cursor."""

    def __init__(self, root: Path, migrated_dagster_home: Path):
        self.settings = Settings(root / "raw", root / "warehouse" / "nonferrous.duckdb")
        self.settings.raw_dir.mkdir(parents=True)
        # A persistent instance in tmp (an ephemeral one has no ref, which schedule contexts need),
        # copied from the session's migrated one.
        shutil.copytree(migrated_dagster_home, root / "dagster_home")
        self.instance = dg.DagsterInstance.local_temp(tempdir=str(root / "dagster_home"))
        self.definitions = definitions_for(self.settings)
        self.cursor: str | None = None

    def write(self, name: str, text: str) -> Path:
        path = self.settings.raw_dir / name
        path.write_text(text, encoding="utf-8")
        return path

    def tick(self) -> dg.SensorResult:
        context = dg.build_sensor_context(
            instance=self.instance,
            cursor=self.cursor,
            definitions=self.definitions,
            resources=self.definitions.resources,
            sensor_name="raw_folder_sensor",
        )
        result = raw_folder_sensor(context)
        assert isinstance(result, dg.SensorResult), result
        self.cursor = result.cursor
        return result

    def partitions(self) -> list[str]:
        return list(self.instance.get_dynamic_partitions(DOCUMENTS))

    def keys_in(self, request: dg.RunRequest) -> list[str]:
        """The partition keys a run request covers, resolved as Dagster resolves them."""
        if request.partition_key is not None:
            return [request.partition_key]
        key_range = dg.PartitionKeyRange(request.tags[RANGE_START_TAG], request.tags[RANGE_END_TAG])
        with dg.partition_loading_context(dynamic_partitions_store=self.instance):
            return list(document_partitions.get_partition_keys_in_range(key_range))


@pytest.fixture
def folder(tmp_path, migrated_dagster_home):
    folder = Folder(tmp_path, migrated_dagster_home)
    yield folder
    folder.instance.dispose()


def _text(n: int) -> str:
    return f"第{n}号报告：1-4月，十种常用有色金属产量为{2600 + n}.0万吨，比去年同期增长2.{n}%。\n"


def _ingest_requests(result: dg.SensorResult) -> list[dg.RunRequest]:
    return [r for r in result.run_requests if r.job_name == ingest_job.name]


def _refresh_requests(result: dg.SensorResult) -> list[dg.RunRequest]:
    return [r for r in result.run_requests if r.job_name == refresh_job.name]


# --- the raw-folder sensor ----------------------------------------------------------------------

def test_first_tick_adds_every_partition_and_requests_one_run_over_all(folder):
    names = [f"doc_{n}" for n in (3, 1, 4, 2)]
    for n, name in enumerate(names):
        folder.write(f"{name}.txt", _text(n))
    folder.write("doc_1.yaml", "title: 第一号\n")  # a sidecar is not a document
    folder.write(".doc_9.txt.tmp", "half written")  # nor is a temporary file

    result = folder.tick()

    assert folder.partitions() == sorted(names)
    (request,) = result.run_requests
    assert request.job_name == ingest_job.name
    assert folder.keys_in(request) == sorted(names)
    assert request.tags[TRIGGER_TAG] == "raw_folder_sensor"
    cursor = json.loads(folder.cursor)
    assert set(cursor) == set(names)
    assert {"sha256", "size", "mtime"} <= set(cursor["doc_2"])
    assert cursor["doc_1"]["files"] == ["doc_1.txt", "doc_1.yaml"]


def test_a_sync_that_loses_the_race_for_a_new_document_goes_on(folder, monkeypatch):
    """Two syncs at once (two `make run`s, a run and the sensor) both find documents new; the
    storage refuses the second insert of a partition (a unique key). The losing sync goes on: it
    adds the partitions the other did not, each exists once, and it reports only those as new."""
    folder.write("a.txt", _text(1))
    folder.write("b.txt", _text(2))
    add = folder.instance.add_dynamic_partitions
    calls: list[list[str]] = []

    def raced(name, keys):
        calls.append(list(keys))
        if len(calls) == 1:
            add(name, ["a"])  # the other sync's insert of "a" lands first
            raise IntegrityError("INSERT INTO dynamic_partitions", {}, Exception("UNIQUE constraint failed"))
        add(name, keys)

    monkeypatch.setattr(folder.instance, "add_dynamic_partitions", raced)
    sync = sync_document_partitions(folder.instance, folder.settings, logging.getLogger("test"))
    assert calls == [["a", "b"], ["b"]]
    assert sync.new == ["b"] and sync.ordered == ["a", "b"]
    assert folder.partitions() == ["a", "b"]


def test_no_change_means_no_run(folder):
    folder.write("a.txt", _text(1))
    folder.tick()
    result = folder.tick()
    assert not result.run_requests
    assert "no change in 1 document" in result.skip_reason.skip_message


def test_new_file_requests_only_its_partition(folder):
    for n in range(3):
        folder.write(f"d{n}.txt", _text(n))
    folder.tick()
    folder.write("d9.txt", _text(9))

    result = folder.tick()

    (request,) = result.run_requests
    assert folder.keys_in(request) == ["d9"]
    assert folder.partitions()[-1] == "d9"


def test_several_new_files_are_one_run_over_exactly_the_new_keys(folder):
    for name in ("m", "n", "o"):
        folder.write(f"{name}.txt", _text(1))
    folder.tick()
    for name in ("a", "z", "b"):  # sort before and after the known keys: still appended at the end
        folder.write(f"{name}.txt", _text(2))

    result = folder.tick()

    assert folder.partitions() == ["m", "n", "o", "a", "b", "z"]
    (request,) = result.run_requests
    assert (request.tags[RANGE_START_TAG], request.tags[RANGE_END_TAG]) == ("a", "z")
    assert folder.keys_in(request) == ["a", "b", "z"]


def test_changed_content_requests_that_partition(folder):
    for n in range(3):
        folder.write(f"d{n}.txt", _text(n))
    folder.tick()
    folder.write("d1.txt", _text(1).replace("增长", "下降"))

    result = folder.tick()

    (request,) = result.run_requests
    assert folder.keys_in(request) == ["d1"]


def test_same_size_change_is_caught_by_the_hash(folder):
    path = folder.write("d.txt", _text(1))
    folder.tick()
    before = path.stat()
    path.write_text(_text(2), encoding="utf-8")  # same length, other bytes
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    assert path.stat().st_size == before.st_size

    (request,) = folder.tick().run_requests
    assert folder.keys_in(request) == ["d"]


def test_touched_file_with_the_same_content_runs_nothing(folder):
    path = folder.write("d.txt", _text(1))
    folder.tick()
    later = path.stat().st_mtime_ns + 5_000_000_000
    os.utime(path, ns=(later, later))

    result = folder.tick()

    assert not result.run_requests
    assert "touched with the same content" in result.skip_reason.skip_message
    assert json.loads(folder.cursor)["d"]["mtime"] == later  # next tick: not even hashed
    assert not folder.tick().run_requests


def test_changed_sidecar_re_ingests_its_document(folder):
    folder.write("d.txt", _text(1))
    folder.write("d.yaml", "published_on: 2025-05-20\n")
    folder.tick()
    folder.write("d.yaml", "published_on: 2025-06-20\n")

    (request,) = folder.tick().run_requests
    assert folder.keys_in(request) == ["d"]


def test_removed_file_deletes_partition_and_landing_files_and_requests_the_refresh(folder):
    for name in ("keep", "gone"):
        folder.write(f"{name}.txt", _text(1))
    folder.tick()
    landing_dir = folder.settings.landing_dir
    landed = [landing.write_rows(landing_dir, dataset, "gone", []) for dataset in ("documents", "figures", "extractions")]
    kept = landing.write_rows(landing_dir, "documents", "keep", [])
    (folder.settings.raw_dir / "gone.txt").unlink()

    result = folder.tick()

    assert folder.partitions() == ["keep"]
    assert not any(path.exists() for path in landed)
    assert kept.exists()
    (request,) = result.run_requests
    assert request.job_name == refresh_job.name
    assert request.tags[REMOVED_TAG] == "gone"
    assert "gone" not in json.loads(folder.cursor)


def test_removal_already_synced_elsewhere_still_requests_the_refresh(folder):
    # `make run`, the schedule or a UI preview deleted the partition first: the warehouse must
    # still be rebuilt without the document.
    folder.write("gone.txt", _text(1))
    folder.tick()
    (folder.settings.raw_dir / "gone.txt").unlink()
    folder.instance.delete_dynamic_partition(DOCUMENTS, "gone")

    (request,) = folder.tick().run_requests
    assert request.job_name == refresh_job.name


def test_removal_while_a_refresh_waits_requests_no_second_refresh(folder):
    folder.write("gone.txt", _text(1))
    folder.tick()
    folder.instance.add_run(dg.DagsterRun(job_name=refresh_job.name, status=dg.DagsterRunStatus.NOT_STARTED))
    (folder.settings.raw_dir / "gone.txt").unlink()

    result = folder.tick()
    assert not result.run_requests
    assert "already awaiting a refresh" in result.skip_reason.skip_message


def test_new_and_changed_documents_run_per_contiguous_block(folder):
    for name in ("a", "b", "c", "d"):
        folder.write(f"{name}.txt", _text(1))
    folder.tick()
    folder.write("b.txt", _text(1) + "补充。")
    folder.write("e.txt", _text(2))
    folder.write("f.txt", _text(3))

    result = folder.tick()

    assert sorted(folder.keys_in(r) for r in result.run_requests) == [["b"], ["e", "f"]]


def test_documents_already_landed_from_the_same_bytes_are_not_ingested_again(folder):
    # A warehouse built by `make run` before the sensor first looked.
    for name in ("landed", "stale"):
        folder.write(f"{name}.txt", _text(1 if name == "landed" else 2))
    folder.instance.add_dynamic_partitions(DOCUMENTS, ["landed", "stale"])
    fingerprint = automation.fingerprint(folder.settings.raw_dir, [folder.settings.raw_dir / "landed.txt"])
    for name, sha in (("landed", fingerprint["sha256"]), ("stale", "0" * 64)):
        landing.write_rows(folder.settings.landing_dir, "documents", name, [{"document_id": name, "sha256": sha}])
        landing.write_rows(folder.settings.landing_dir, "figures", name, [])

    (request,) = folder.tick().run_requests
    assert folder.keys_in(request) == ["stale"]


def test_missing_raw_folder_is_a_skip(folder):
    shutil.rmtree(folder.settings.raw_dir)
    context = dg.build_sensor_context(
        instance=folder.instance, definitions=folder.definitions, resources=folder.definitions.resources
    )
    assert isinstance(raw_folder_sensor(context), dg.SkipReason)


# --- the daily schedule -------------------------------------------------------------------------

def test_daily_refresh_syncs_partitions_and_ingests_everything_at_six_in_shanghai(folder):
    for name in ("b", "a", "c"):
        folder.write(f"{name}.txt", _text(1))
    folder.instance.add_dynamic_partitions(DOCUMENTS, ["old", "b"])
    landing.write_rows(folder.settings.landing_dir, "documents", "old", [])
    context = dg.build_schedule_context(
        instance=folder.instance,
        scheduled_execution_time=datetime(2025, 6, 3, 6, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
        resources=build_resources(folder.settings),
    )

    request = daily_refresh(context)

    assert folder.partitions() == ["b", "a", "c"]
    assert not (folder.settings.landing_dir / "documents" / "old.parquet").exists()
    assert request.job_name == ingest_job.name
    assert folder.keys_in(request) == ["b", "a", "c"]
    assert request.tags[TRIGGER_TAG] == "daily_refresh"
    assert daily_refresh.cron_schedule == "0 6 * * *"
    assert daily_refresh.execution_timezone == "Asia/Shanghai"
    assert daily_refresh.default_status == dg.DefaultScheduleStatus.RUNNING


def test_sensors_and_schedule_are_registered_and_on_by_default():
    assert defs.resolve_sensor_def("raw_folder_sensor").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_sensor_def("raw_folder_sensor").minimum_interval_seconds == 30
    assert defs.resolve_sensor_def("refresh_after_ingest").default_status == dg.DefaultSensorStatus.RUNNING
    assert defs.resolve_schedule_def("daily_refresh").job_name == ingest_job.name
    refresh = defs.resolve_job_def(refresh_job.name)
    assert dg.AssetKey(["marts", "fct_figure"]) in refresh.asset_layer.selected_asset_keys
    assert dg.AssetKey("documents") not in refresh.asset_layer.selected_asset_keys
    # Every dbt test runs with the refresh: its checks are those of the whole graph but the two the
    # ingest steps evaluate themselves, over the documents they read and extract.
    graph = defs.resolve_asset_graph()
    refresh_checks = refresh.asset_layer.asset_graph.asset_check_keys
    assert refresh_checks <= graph.asset_check_keys
    assert graph.asset_check_keys - refresh_checks == {
        dg.AssetCheckKey(dg.AssetKey("documents"), "every_document_readable"),
        dg.AssetCheckKey(dg.AssetKey("figures"), "every_document_meets_the_contract"),
    }


# --- dbt after ingest ---------------------------------------------------------------------------

def _evaluate_run_status_sensor(folder: Folder, cursor: str | None):
    """Evaluate the run-status sensor as the daemon does: over the instance's run events."""
    context = dg.build_sensor_context(instance=folder.instance, cursor=cursor, definitions=folder.definitions)
    data = refresh_after_ingest.evaluate_tick(context)
    return data.run_requests, data.cursor, data.skip_message


def test_refresh_follows_a_successful_ingest_run_and_not_a_failed_one(folder):
    folder.write("good.txt", _text(1))
    folder.tick()
    ingest = folder.definitions.resolve_job_def(ingest_job.name)
    requests, cursor, _ = _evaluate_run_status_sensor(folder, None)  # the sensor starts at "now"
    assert not requests

    good = ingest.execute_in_process(instance=folder.instance, partition_key="good")
    assert good.success
    requests, cursor, _ = _evaluate_run_status_sensor(folder, cursor)
    (request,) = requests
    assert request.job_name == refresh_job.name
    assert request.tags[AFTER_RUN_TAG] == good.run_id
    assert request.tags[TRIGGER_TAG] == "manual"  # inherited from the ingest run: none here

    folder.instance.add_dynamic_partitions(DOCUMENTS, ["missing"])  # no file: the run fails
    bad = ingest.execute_in_process(instance=folder.instance, partition_key="missing", raise_on_error=False)
    assert not bad.success
    requests, cursor, _ = _evaluate_run_status_sensor(folder, cursor)
    assert not requests


def _run_status_context(folder: Folder, run: dg.DagsterRun) -> dg.RunStatusSensorContext:
    folder.instance.add_run(run)
    event = dg.DagsterEvent(event_type_value=dg.DagsterEventType.RUN_SUCCESS.value, job_name=run.job_name)
    return dg.build_run_status_sensor_context(
        sensor_name="refresh_after_ingest",
        dagster_event=event,
        dagster_instance=folder.instance,
        dagster_run=run,
        repository_def=folder.definitions.get_repository_def(),
    )


def test_refresh_follows_a_manual_ingest_run_only_when_the_warehouse_was_not_built_with_it(folder):
    ingest_keys = frozenset({dg.AssetKey("documents"), dg.AssetKey("figures")})
    manual = dg.DagsterRun(job_name="__ASSET_JOB", asset_selection=ingest_keys, status=dg.DagsterRunStatus.SUCCESS)
    request = refresh_after_ingest(_run_status_context(folder, manual))
    assert isinstance(request, dg.RunRequest) and request.tags[TRIGGER_TAG] == "manual"

    everything = folder.definitions.resolve_asset_graph().get_all_asset_keys()
    whole = dg.DagsterRun(job_name="__ASSET_JOB", asset_selection=frozenset(everything), status=dg.DagsterRunStatus.SUCCESS)
    assert isinstance(refresh_after_ingest(_run_status_context(folder, whole)), dg.SkipReason)

    marts_only = dg.DagsterRun(
        job_name="__ASSET_JOB", asset_selection=frozenset({dg.AssetKey(["marts", "fct_figure"])}), status=dg.DagsterRunStatus.SUCCESS
    )
    assert isinstance(refresh_after_ingest(_run_status_context(folder, marts_only)), dg.SkipReason)


def test_a_waiting_refresh_absorbs_the_next_one(folder):
    folder.instance.add_run(dg.DagsterRun(job_name=refresh_job.name, status=dg.DagsterRunStatus.NOT_STARTED))
    run = dg.DagsterRun(job_name=ingest_job.name, status=dg.DagsterRunStatus.SUCCESS)
    assert isinstance(refresh_after_ingest(_run_status_context(folder, run)), dg.SkipReason)


def test_the_ingest_run_of_a_backfill_of_everything_is_followed_by_no_second_build(folder):
    """"Materialize all" in the UI is a backfill whose run after the ingest builds the warehouse:
    a refresh after its ingest run would build it a second time. The ingest run of a backfill of
    the ingest assets alone is followed by the refresh."""
    folder.write("good.txt", _text(1))
    folder.tick()
    graph = folder.definitions.resolve_asset_graph()
    ingest_keys = INGEST.resolve(graph)
    outcomes = {}
    for name, selection in (("everything", graph.get_all_asset_keys()), ("ingest", ingest_keys)):
        backfill = PartitionBackfill.from_asset_partitions(
            backfill_id=name, asset_graph=graph, partition_names=["good"], asset_selection=sorted(selection),
            backfill_timestamp=time.time(), tags={}, dynamic_partitions_store=folder.instance, all_partitions=False,
            title=None, description=None, run_config=None,
        )
        folder.instance.add_backfill(backfill)
        run = dg.DagsterRun(
            job_name="__ASSET_JOB", asset_selection=frozenset(ingest_keys), tags={BACKFILL_TAG: name},
            status=dg.DagsterRunStatus.SUCCESS,
        )
        outcomes[name] = refresh_after_ingest(_run_status_context(folder, run))
    assert isinstance(outcomes["everything"], dg.SkipReason)
    assert "backfill everything" in outcomes["everything"].skip_message
    assert isinstance(outcomes["ingest"], dg.RunRequest) and outcomes["ingest"].job_name == refresh_job.name


# --- end to end ---------------------------------------------------------------------------------

@pytest.mark.warehouse
def test_a_new_document_is_picked_up_incrementally(tmp_path):
    corpus = sorted(CORPUS.glob("*.txt"))
    first, second, third = corpus[1], corpus[0], corpus[4]  # a small, a medium and a table-heavy one
    built = build_warehouse(tmp_path, [first, second])
    settings = Settings(built.raw_dir, built.warehouse, dagster_home=built.dagster_home)
    definitions = definitions_for(settings)
    old_landing = {path: path.stat().st_mtime_ns for path in settings.landing_dir.rglob("*.parquet")}
    assert len(old_landing) >= 6

    shutil.copy2(third, built.raw_dir / third.name)
    with settings.dagster_instance() as instance:
        started = time.perf_counter()
        tick = raw_folder_sensor(
            dg.build_sensor_context(instance=instance, definitions=definitions, resources=definitions.resources)
        )
        (request,) = tick.run_requests  # the two built documents were recognised as landed already
        assert request.partition_key == third.stem
        ingest = definitions.resolve_job_def(request.job_name).execute_in_process(
            instance=instance, partition_key=request.partition_key, tags={k: v for k, v in request.tags.items() if not k.startswith("dagster/")}
        )
        assert ingest.success
        picked_up = time.perf_counter()
        follow = refresh_after_ingest(dg.build_run_status_sensor_context(
            sensor_name="refresh_after_ingest",
            dagster_event=ingest.get_run_success_event(),
            dagster_instance=instance,
            dagster_run=ingest.dagster_run,
            repository_def=definitions.get_repository_def(),
        ))
        assert isinstance(follow, dg.RunRequest) and follow.job_name == refresh_job.name
        refresh = definitions.resolve_job_def(follow.job_name).execute_in_process(instance=instance, tags=follow.tags)
        assert refresh.success
        # dbt's variables were set for its call only
        assert {"NONFERROUS_DBT_DATABASE", "NONFERROUS_LANDING_DIR"} & set(os.environ) == set()
        done = time.perf_counter()
    print(
        f"\npickup of one new document: {done - started:.1f} s from sensor tick to published warehouse "
        f"(tick + ingest {picked_up - started:.1f} s, dbt refresh {done - picked_up:.1f} s)"
    )

    with duckdb.connect(str(built.warehouse), read_only=True) as con:
        counts = dict(con.sql("select document_id, count(*) from marts.fct_figure group by 1").fetchall())
    assert set(counts) == {first.stem, second.stem, third.stem}
    assert counts[third.stem] > 0
    assert {path: path.stat().st_mtime_ns for path in old_landing} == old_landing  # nothing else rewritten


def test_refresh_report_names_the_runs_and_their_outcome(folder):
    from orchestration.report import refresh_report

    ok, lines = refresh_report(folder.instance, "daily_refresh")
    assert not ok and "no ingest run started by daily_refresh" in lines[0]

    ingest = dg.DagsterRun(job_name=ingest_job.name, status=dg.DagsterRunStatus.SUCCESS, tags={TRIGGER_TAG: "daily_refresh"})
    folder.instance.add_run(ingest)
    ok, lines = refresh_report(folder.instance, "daily_refresh")
    assert not ok and lines[-1] == "no refresh run published it"

    folder.instance.add_run(dg.DagsterRun(
        job_name=refresh_job.name, status=dg.DagsterRunStatus.SUCCESS, tags={AFTER_RUN_TAG: ingest.run_id}
    ))
    ok, lines = refresh_report(folder.instance, "daily_refresh")
    assert ok, lines
    assert [line.split()[0] for line in lines[:2]] == [ingest_job.name, refresh_job.name]
