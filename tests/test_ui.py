"""What a person does in the UI, through the GraphQL API the UI itself uses, against a real
webserver and daemon (`python -m orchestration.serve`, on a free port, DAGSTER_HOME in tmp):

- "Materialize all" is a partitioned backfill of every asset: on an empty warehouse and on a built
  one it completes, with the dbt models in one step of one run, and publishes the warehouse;
- a refresh cancelled mid-build leaves the published warehouse as it was and no `.next`;
- a refresh whose process is killed (as the OOM killer would) ends failed, the run hygiene on the
  raw-folder sensor's tick frees its writer slot, and the next run, queued meanwhile, completes:
  the daemon recovers by itself, with no `make run` in between.

One server, one document, and one warehouse for the module: each case after the first starts from
the warehouse the first "Materialize all" built.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import dagster as dg
import duckdb
import pytest

from conftest import CORPUS, PROJECT_ROOT
from dagster._core.execution.backfill import BulkActionStatus

from orchestration.automation import SENSOR_INTERVAL_SECONDS

SMALL = CORPUS / "001_97a36eb775c4de79.txt"
# Seconds for one backfill or run (a minute or two on an idle machine): a guard against hanging,
# not a speed target.
TIMEOUT = 600
WRITER_POOL = "duckdb_writer"
pytestmark = [pytest.mark.filterwarnings("ignore::dagster.BetaWarning"), pytest.mark.warehouse]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, root: Path):
        self.raw_dir = root / "raw"
        self.warehouse = root / "warehouse" / "nonferrous.duckdb"
        self.dagster_home = root / "warehouse" / "dagster_home"
        self.port = _free_port()
        self.env = {
            **{k: v for k, v in os.environ.items() if k != "DAGSTER_HOME"},
            "NONFERROUS_RAW_DIR": str(self.raw_dir),
            "NONFERROUS_WAREHOUSE": str(self.warehouse),
            "DAGSTER_PORT": str(self.port),
        }
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs = root / "logs"
        self.logs.mkdir()

    def start(self, mode: str) -> None:
        with open(self.logs / f"{mode}.log", "ab") as log:
            # A session of its own: stop() kills the process with its code server, run workers and dbt.
            self.processes[mode] = subprocess.Popen(
                [sys.executable, "-m", "orchestration.serve", mode], env=self.env, cwd=PROJECT_ROOT,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )

    def stop(self) -> None:
        for process in self.processes.values():
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()

    def log_tails(self) -> str:
        return "\n".join(
            f"--- {path.name} (last lines)\n{path.read_text(errors='replace')[-3000:]}" for path in sorted(self.logs.iterdir())
        )

    def graphql(self, query: str, **variables) -> dict:
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/graphql", data=json.dumps({"query": query, "variables": variables}).encode(),
            headers={"Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            answer = json.loads(response.read())
        assert "errors" not in answer, answer
        return answer["data"]

    def wait_for_webserver(self) -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            self.assert_alive()
            try:
                self.graphql("{ version }")
                return
            except OSError:
                time.sleep(1)
        pytest.fail("the webserver did not answer GraphQL within 300 s\n" + self.log_tails())

    def instance(self) -> dg.DagsterInstance:
        return dg.DagsterInstance.from_config(str(self.dagster_home))

    def repository(self) -> dict:
        data = self.graphql("{ repositoriesOrError { ... on RepositoryConnection { nodes { name location { name } } } } }")
        (node,) = data["repositoriesOrError"]["nodes"]
        return {"repositoryName": node["name"], "repositoryLocationName": node["location"]["name"]}

    def set_sensor(self, name: str, running: bool) -> None:
        data = self.graphql(
            "query($r: RepositorySelector!) { sensorsOrError(repositorySelector: $r) { ... on Sensors { results { "
            "name jobOriginId sensorState { id selectorId } } } } }", r=self.repository(),
        )
        (sensor,) = [s for s in data["sensorsOrError"]["results"] if s["name"] == name]
        if running:
            self.graphql("mutation($s: SensorSelector!) { startSensor(sensorSelector: $s) { __typename } }",
                         s={**self.repository(), "sensorName": name})
        else:
            self.graphql("mutation($o: String, $s: String) { stopSensor(jobOriginId: $o, jobSelectorId: $s) { __typename } }",
                         o=sensor["jobOriginId"], s=sensor["sensorState"]["selectorId"])

    def launch_refresh(self) -> str:
        data = self.graphql(
            "mutation($p: ExecutionParams!) { launchRun(executionParams: $p) { __typename "
            "... on LaunchRunSuccess { run { runId } } ... on PythonError { message } } }",
            p={"selector": {**self.repository(), "jobName": "refresh_warehouse"}, "runConfigData": {}},
        )
        assert data["launchRun"]["__typename"] == "LaunchRunSuccess", data
        return data["launchRun"]["run"]["runId"]

    def wait_for_run(self, run_id: str, what: str) -> dg.DagsterRun:
        deadline = time.monotonic() + TIMEOUT
        with self.instance() as instance:
            while time.monotonic() < deadline:
                run = instance.get_run_by_id(run_id)
                if run.is_finished:
                    return run
                self.assert_alive()
                time.sleep(1)
        pytest.fail(f"{what} (run {run_id}) did not finish within {TIMEOUT} s: still {run.status}\n" + self.log_tails())

    def assert_alive(self) -> None:
        for mode, process in self.processes.items():
            assert process.poll() is None, f"the {mode} exited with {process.returncode}\n" + self.log_tails()

    def leftovers(self) -> list[str]:
        return sorted(p.name for p in self.warehouse.parent.iterdir() if p.name.startswith(self.warehouse.name + "."))


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("ui")
    server = Server(root)
    server.raw_dir.mkdir()
    shutil.copy2(SMALL, server.raw_dir / SMALL.name)
    subprocess.run([sys.executable, "-m", "orchestration.setup"], env=server.env, cwd=PROJECT_ROOT, check=True,
                   capture_output=True)
    try:
        server.start("webserver")
        server.wait_for_webserver()
        # The UI's own automation would start runs of its own: off while the test drives.
        for sensor in ("raw_folder_sensor", "refresh_after_ingest"):
            server.set_sensor(sensor, running=False)
        with server.instance() as instance:
            instance.add_dynamic_partitions("documents", [SMALL.stem])  # as *Add partition* does
        server.start("daemon")
        yield server
    finally:
        server.stop()


def _materialize_all(server: Server) -> tuple:
    """What "Materialize all…" sends: a backfill of every asset over every document partition."""
    keys = server.graphql("{ assetNodes { assetKey { path } } }")["assetNodes"]
    data = server.graphql(
        "mutation($p: LaunchBackfillParams!) { launchPartitionBackfill(backfillParams: $p) { __typename "
        "... on LaunchBackfillSuccess { backfillId } ... on PythonError { message } } }",
        p={"assetSelection": [node["assetKey"] for node in keys], "partitionNames": [SMALL.stem]},
    )
    assert data["launchPartitionBackfill"]["__typename"] == "LaunchBackfillSuccess", data
    backfill_id = data["launchPartitionBackfill"]["backfillId"]
    deadline = time.monotonic() + 2 * TIMEOUT  # two runs: the ingest, then everything after it
    with server.instance() as instance:
        while time.monotonic() < deadline:
            backfill = instance.get_backfill(backfill_id)
            runs = instance.get_runs(filters=dg.RunsFilter.for_backfill(backfill_id))
            if backfill.status != BulkActionStatus.REQUESTED and all(run.is_finished for run in runs):
                return backfill, runs
            server.assert_alive()
            time.sleep(2)
    pytest.fail(
        f"backfill {backfill_id} did not finish within {2 * TIMEOUT} s: {backfill.status}, runs "
        f"{[(run.run_id, run.status.value) for run in runs]}\n" + server.log_tails()
    )


def _assert_completed_with_one_dbt_step(server: Server, backfill, runs) -> None:
    statuses = [(run.run_id, run.status.value) for run in runs]
    assert backfill.status == BulkActionStatus.COMPLETED_SUCCESS, (backfill.status, statuses)
    assert all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs), statuses
    with server.instance() as instance:
        dbt_steps = [
            run.run_id for run in runs
            for entry in instance.all_logs(run.run_id, of_type=dg.DagsterEventType.STEP_START)
            if entry.step_key == "warehouse_models"
        ]
    assert len(dbt_steps) == 1, f"the dbt models ran in {len(dbt_steps)} steps: {dbt_steps}"
    with duckdb.connect(str(server.warehouse), read_only=True) as con:
        (figures,) = con.execute("select count(*) from marts.fct_figure where document_id = ?", [SMALL.stem]).fetchone()
    assert figures > 0
    assert server.leftovers() == []


@pytest.fixture(scope="module")
def first_materialize_all(server) -> tuple:
    """"Materialize all" on the empty warehouse: the warehouse every later case starts from."""
    assert not server.warehouse.exists()
    return _materialize_all(server)


def test_materialize_all_on_an_empty_warehouse_completes_with_the_dbt_models_in_one_step_of_one_run(
    server, first_materialize_all
):
    _assert_completed_with_one_dbt_step(server, *first_materialize_all)


def test_materialize_all_on_a_built_warehouse_completes_with_the_dbt_models_in_one_step_of_one_run(
    server, first_materialize_all
):
    assert server.warehouse.exists()
    _assert_completed_with_one_dbt_step(server, *_materialize_all(server))


def _wait_for_build(server: Server, run_id: str) -> None:
    """Until this run's warehouse step has started and its new warehouse file lies beside the
    published one. The file alone is not enough: under load the daemon may start the run seconds
    after its launch, while a file of that name is someone else's (the cancelled build of the case
    before, whose dbt is still exiting, say)."""
    building = server.warehouse.with_name(server.warehouse.name + ".next")
    deadline = time.monotonic() + TIMEOUT
    with server.instance() as instance:
        while not (building.exists() and any(
            entry.step_key == "warehouse_models"
            for entry in instance.all_logs(run_id, of_type=dg.DagsterEventType.STEP_START)
        )):
            run = instance.get_run_by_id(run_id)
            assert not run.is_finished, f"refresh {run_id} ended ({run.status}) before dbt wrote {building.name}"
            assert time.monotonic() < deadline, f"dbt of refresh {run_id} did not start writing {building.name} within {TIMEOUT} s"
            server.assert_alive()
            time.sleep(0.05)


def test_a_refresh_cancelled_mid_build_leaves_the_warehouse_and_no_next(server, first_materialize_all):
    before = server.warehouse.read_bytes()
    run_id = server.launch_refresh()
    _wait_for_build(server, run_id)
    server.graphql("mutation($r: String!) { terminateRun(runId: $r) { __typename } }", r=run_id)
    run = server.wait_for_run(run_id, "the cancelled refresh")
    assert run.status == dg.DagsterRunStatus.CANCELED
    assert server.warehouse.read_bytes() == before
    # The step's clean-up removes the unfinished build; give dbt, stopped with the step, time to exit.
    deadline = time.monotonic() + 30
    while server.leftovers() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert server.leftovers() == [], "files of the cancelled build left 30 s after the run ended"
    with server.instance() as instance:
        assert not instance.event_log_storage.get_concurrency_info(WRITER_POOL).claimed_slots


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(entry.name))
    found, queue = [], [pid]
    while queue:
        for child in children.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def test_a_killed_refresh_frees_its_writer_slot_under_the_daemon_and_the_next_run_completes(server, first_materialize_all):
    server.set_sensor("raw_folder_sensor", running=True)  # its tick runs the hygiene
    first = server.launch_refresh()
    _wait_for_build(server, first)
    with server.instance() as instance:
        (start,) = instance.all_logs(first, of_type=dg.DagsterEventType.RUN_START)
        worker = start.dagster_event.pid
        assert worker in _descendants(server.processes["daemon"].pid), "the run worker is no process of the daemon"
        # The run worker and dbt under it, killed at once, as the OOM killer or a restart would.
        for pid in [worker, *_descendants(worker)]:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        second = server.launch_refresh()  # queued behind the writer slot the killed run holds
        deadline = time.monotonic() + TIMEOUT
        while True:
            killed = instance.get_run_by_id(first)
            claimed = instance.event_log_storage.get_concurrency_info(WRITER_POOL).claimed_slots
            if killed.is_finished and all(slot.run_id != first for slot in claimed):
                break
            assert time.monotonic() < deadline, (
                f"{TIMEOUT} s after its worker was killed, refresh {first} is {killed.status} and holds "
                f"{[slot for slot in claimed if slot.run_id == first]} (the raw_folder_sensor's hygiene, "
                f"every {SENSOR_INTERVAL_SECONDS} s, frees it)\n" + server.log_tails()
            )
            server.assert_alive()
            time.sleep(1)
        assert killed.status == dg.DagsterRunStatus.FAILURE
    run = server.wait_for_run(second, "the refresh after the killed one")
    assert run.status == dg.DagsterRunStatus.SUCCESS
    with server.instance() as instance:
        assert not instance.event_log_storage.get_concurrency_info(WRITER_POOL).claimed_slots
    assert server.leftovers() == []
    with duckdb.connect(str(server.warehouse), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_figure").fetchone()[0] > 0
