"""Concurrency and crashes, with real processes.

- a SQL client holding a read connection on the DuckDB file while `make run` rebuilds it;
- SIGKILL in the middle of the dbt step, and in the middle of a landing write;
- two document partitions ingested at the same time by two processes;
- runs submitted while another one is going: the instance queues them (one run at a time), and
  two `make run`s at once take the DuckDB writer pool one after the other.

Each test builds its own small warehouse (one or two corpus documents) in a temporary folder.
"""

from __future__ import annotations

import inspect
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from conftest import CORPUS, PROJECT_ROOT, BuiltWarehouse, build_warehouse, clone, environment

SMALL = CORPUS / "001_97a36eb775c4de79.txt"  # the smallest corpus document
SECOND = CORPUS / "000_40164949131a04b4.txt"  # the document added while readers read
PY = sys.executable
DAGSTER = str(Path(PY).parent / "dagster")
DAGSTER_DAEMON = str(Path(PY).parent / "dagster-daemon")
RUN_TIMEOUT = 420  # seconds; a normal `make run` of two small documents takes well under a minute

pytestmark = pytest.mark.filterwarnings("ignore::dagster.BetaWarning")


# --- what a reader sees ------------------------------------------------------------------------

def warehouse_state(con) -> dict:
    """Everything a reader could see change, from one connection: the row count of every mart,
    a checksum over fct_figure, and the documents of dim_document and of fct_figure."""
    tables = [row[0] for row in con.execute(
        "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
    ).fetchall()]
    counts = {table: con.execute(f'select count(*) from marts."{table}"').fetchone()[0] for table in tables}
    figures = con.execute(
        "select count(*), coalesce(sum(char_end - char_start), 0), count(distinct figure_id) from marts.fct_figure"
    ).fetchone()
    documents = sorted(row[0] for row in con.execute("select document_id from marts.dim_document").fetchall())
    figure_documents = sorted(row[0] for row in con.execute(
        "select distinct document_id from marts.fct_figure"
    ).fetchall())
    return {"marts": counts, "figures": list(figures), "documents": documents, "figure_documents": figure_documents}


def assert_consistent(state: dict, documents: list[str]) -> None:
    """One complete build: dim_document and fct_figure describe the same documents, and the marts
    derived from fct_figure do not reach beyond it."""
    assert state["documents"] == sorted(documents), state
    assert state["figure_documents"] == state["documents"], state
    assert state["marts"]["dim_document"] == len(documents), state
    assert state["figures"][0] == state["marts"]["fct_figure"] > 0, state
    for table in ("fct_trade", "fct_output", "fct_investment", "fct_profit"):
        if table in state["marts"]:
            assert state["marts"][table] <= state["marts"]["fct_figure"], (table, state)


def read_state(warehouse: Path) -> dict:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return warehouse_state(con)


READER = """
import json, os, sys, time
import duckdb

{state_function}

mode, path, stop, out = sys.argv[1:5]
with open(out, "w") as log:
    # "held": one connection for the whole run, as a SQL client (DBeaver, a notebook) keeps it.
    # "fresh": a new connection for every read, as a dashboard that reconnects.
    held = duckdb.connect(path, read_only=True) if mode == "held" else None
    print(json.dumps({{"ready": True}}), file=log, flush=True)
    while not os.path.exists(stop):
        try:
            if held is not None:
                state = warehouse_state(held)
            else:
                con = duckdb.connect(path, read_only=True)
                try:
                    state = warehouse_state(con)
                finally:
                    con.close()
            print(json.dumps({{"t": time.time(), "state": state}}), file=log, flush=True)
        except Exception as error:
            print(json.dumps({{"t": time.time(), "error": f"{{type(error).__name__}}: {{error}}"}}), file=log, flush=True)
        time.sleep(0.05)
"""


def start_reader(mode: str, warehouse: Path, stop: Path, out: Path, script: Path) -> subprocess.Popen:
    script.write_text(READER.format(state_function=inspect.getsource(warehouse_state)))
    return subprocess.Popen([PY, str(script), mode, str(warehouse), str(stop), str(out)], cwd=PROJECT_ROOT)


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


# --- warehouses and processes ------------------------------------------------------------------

@pytest.fixture(scope="module")
def base(tmp_path_factory) -> BuiltWarehouse:
    """A warehouse built from the smallest corpus document; tests work on copies of it."""
    return build_warehouse(tmp_path_factory.mktemp("resilience_base"), [SMALL])


def next_file(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".next")


def setup(env: dict[str, str]) -> None:
    subprocess.run([PY, "-m", "orchestration.setup"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)


def start_materialize(env: dict[str, str], log: Path) -> subprocess.Popen:
    """`make run` in its own session, so that it and its children (dbt) can be killed together."""
    with open(log, "wb") as handle:
        return subprocess.Popen(
            [PY, "-m", "orchestration.materialize"], env=env, cwd=PROJECT_ROOT,
            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )


def session_members(session_id: int) -> list[int]:
    """Live (non-zombie) processes of a session, from /proc."""
    members = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()
        if fields[0] != "Z" and int(fields[3]) == session_id:  # state, ppid, pgrp, session
            members.append(int(entry.name))
    return members


def kill_session(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()
    deadline = time.monotonic() + 10
    while session_members(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert session_members(process.pid) == [], "a child of the killed run survived the SIGKILL of its group"


def wait_or_kill(process: subprocess.Popen, timeout: float) -> bool:
    """True if the process ended by itself within `timeout`; else kill its session, False."""
    try:
        process.wait(timeout=timeout)
        return True
    except subprocess.TimeoutExpired:
        kill_session(process)
        return False


def tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def instance_at(dagster_home: Path) -> dg.DagsterInstance:
    return dg.DagsterInstance.from_config(str(dagster_home))


# --- 2. SIGKILL in the middle of the dbt step -----------------------------------------------------

@pytest.fixture(scope="module")
def killed_mid_dbt(base, tmp_path_factory) -> dict:
    """A copy of the base warehouse with a second document added, and a `make run` killed (its
    whole process group, dbt included) once dbt has started writing `<warehouse>.next`."""
    root = tmp_path_factory.mktemp("killed_mid_dbt")
    built = clone(base, root / "w")
    old = read_state(built.warehouse)
    old_bytes = built.warehouse.read_bytes()
    shutil.copy2(SECOND, built.raw_dir / SECOND.name)
    staging = next_file(built.warehouse)
    assert not staging.exists()

    setup(built.env)
    log = root / "killed_run.log"
    process = start_materialize(built.env, log)
    started = time.monotonic()
    # The hook: dbt creates "<warehouse>.next" when it opens the database, then writes models into
    # it (its write-ahead log appears with the first model). Kill right after that.
    while not staging.exists() and process.poll() is None:
        assert time.monotonic() - started < RUN_TIMEOUT, tail(log)
        time.sleep(0.002)
    wal = staging.with_name(staging.name + ".wal")
    written = time.monotonic()
    while process.poll() is None and not wal.exists() and time.monotonic() - written < 5:
        time.sleep(0.002)
    finished_first = process.poll() is not None
    kill_session(process)
    return {
        "built": built, "old": old, "old_bytes": old_bytes, "finished_first": finished_first,
        "left_behind": sorted(path.name for path in built.warehouse.parent.iterdir()),
        "log": log, "root": root,
    }


def test_sigkill_mid_dbt_leaves_exactly_the_old_warehouse(killed_mid_dbt):
    killed = killed_mid_dbt
    built = killed["built"]
    if killed["finished_first"]:
        assert_consistent(read_state(built.warehouse), [SMALL.stem, SECOND.stem])
        pytest.skip("the run finished before it could be killed; the new state was checked instead")
    assert "nonferrous.duckdb.next" in killed["left_behind"], "the kill came before dbt wrote anything"
    # The published file was never touched: same bytes, same state, every mart present.
    assert built.warehouse.read_bytes() == killed["old_bytes"]
    state = read_state(built.warehouse)
    assert state == killed["old"]
    assert_consistent(state, [SMALL.stem])


def make_run_after_a_kill(built: BuiltWarehouse, log: Path) -> None:
    """`make run` once more; fail fast (with the reason) if it waits on a pool slot that a run of
    the killed processes still claims, since nothing would ever free it."""
    setup(built.env)
    with instance_at(built.dagster_home) as instance:
        earlier_runs = {run.run_id: (run.job_name, str(run.status)) for run in instance.get_runs()}
    process = start_materialize(built.env, log)
    deadline, blocked_since = time.monotonic() + RUN_TIMEOUT, None
    with instance_at(built.dagster_home) as instance:
        while process.poll() is None:
            if time.monotonic() > deadline:
                kill_session(process)
                pytest.fail(f"the next `make run` did not finish in {RUN_TIMEOUT} s\n{tail(log)}")
            # Waiting for the writer slot is fine while another live run holds it; waiting a
            # minute on a slot held by a run of the killed processes is waiting for ever.
            info = instance.event_log_storage.get_concurrency_info("duckdb_writer")
            stale = sorted({slot.run_id for slot in info.claimed_slots if slot.run_id in earlier_runs})
            if stale and "blocked by limit for pool duckdb_writer" in log.read_text(errors="replace"):
                blocked_since = blocked_since or time.monotonic()
                if time.monotonic() - blocked_since > 60:
                    kill_session(process)
                    pytest.fail(
                        "the `make run` after the kill waits for ever: its dbt step is blocked on the "
                        f"duckdb_writer pool slot still claimed by the killed run(s) "
                        f"{[(run_id, *earlier_runs[run_id]) for run_id in stale]}; nothing marks that run "
                        f"failed or frees its slot.\n{tail(log, 5)}"
                    )
            time.sleep(0.5)
    assert process.returncode == 0, tail(log)


def test_the_run_after_a_sigkill_mid_dbt_completes_and_publishes_the_new_state(killed_mid_dbt):
    killed = killed_mid_dbt
    built = killed["built"]
    make_run_after_a_kill(built, killed["root"] / "next_run.log")
    assert_consistent(read_state(built.warehouse), [SMALL.stem, SECOND.stem])
    # Nothing of the killed build is left beside the warehouse.
    leftovers = [path.name for path in built.warehouse.parent.iterdir() if path.name.startswith("nonferrous.duckdb.")]
    assert leftovers == []


def test_a_daemon_run_killed_mid_dbt_leaves_the_old_warehouse_and_the_next_run_completes(base, tmp_path):
    """The same crash on the other path: a refresh launched by the daemon (as the schedule, the
    sensors and the UI launch them) killed with its daemon, code server and dbt, as a container
    restart or the OOM killer would. The published file is untouched, and the next `make run`
    must not wait for ever on the writer slot the dead run still claims."""
    built = clone(base, tmp_path / "w")
    old_bytes, old_inode = built.warehouse.read_bytes(), built.warehouse.stat().st_ino
    shutil.copy2(SECOND, built.raw_dir / SECOND.name)
    setup(built.env)
    with instance_at(built.dagster_home) as instance:
        instance.add_dynamic_partitions("documents", [SECOND.stem])
    subprocess.run(
        [DAGSTER, "job", "launch", "-m", "orchestration.definitions", "-j", "refresh_warehouse"],
        env=built.env, cwd=PROJECT_ROOT, check=True, capture_output=True,
    )
    staging = next_file(built.warehouse)
    wal = staging.with_name(staging.name + ".wal")
    log = tmp_path / "daemon.log"
    with open(log, "wb") as handle:
        daemon = subprocess.Popen(
            [DAGSTER_DAEMON, "run", "-m", "orchestration.definitions"], env=built.env, cwd=PROJECT_ROOT,
            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        deadline = time.monotonic() + RUN_TIMEOUT
        while not staging.exists():
            assert daemon.poll() is None and time.monotonic() < deadline, tail(log)
            time.sleep(0.005)
        written = time.monotonic()
        while not wal.exists() and built.warehouse.stat().st_ino == old_inode and time.monotonic() - written < 5:
            time.sleep(0.005)
    finally:
        kill_session(daemon)  # the daemon, its code server, the run worker and dbt
    if built.warehouse.stat().st_ino != old_inode:
        pytest.skip("the refresh published before it could be killed")
    assert built.warehouse.read_bytes() == old_bytes
    assert_consistent(read_state(built.warehouse), [SMALL.stem])

    make_run_after_a_kill(built, tmp_path / "next_run.log")
    assert_consistent(read_state(built.warehouse), [SMALL.stem, SECOND.stem])


# --- 3. SIGKILL in the middle of a landing write --------------------------------------------------

LANDING_WRITER = """
import sys
from pathlib import Path
from orchestration.ingest import landing

landing_dir = Path(sys.argv[1])
text = "十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。" * 400_000  # ~30 MB of UTF-8 per file
written = 0
while True:
    landing.write_rows(landing_dir, "documents", "big", [{
        "document_id": "big", "file_name": "big.txt", "format": "txt", "encoding": "utf-8",
        "sha256": str(written), "size_bytes": len(text), "char_count": len(text), "text": text,
    }])
    written += 1
    print(written, flush=True)
"""


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # renamed into place meanwhile
        return 0


def test_sigkill_mid_landing_write_leaves_no_partial_parquet_and_the_next_write_succeeds(tmp_path):
    from orchestration.ingest import landing

    landing_dir = tmp_path / "landing"
    landing.ensure_landing(landing_dir)  # as every step that writes does first: the schema files
    landing.write_rows(landing_dir, "documents", "small", [{"document_id": "small", "text": "一"}])
    script = tmp_path / "writer.py"
    script.write_text(LANDING_WRITER)
    folder = landing.dataset_dir(landing_dir, "documents")
    process = subprocess.Popen(
        [PY, str(script), str(landing_dir)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        assert process.stdout.readline().strip() == "1", "the writer did not complete a first write"
        # The hook: the next write's temp file has bytes in it, i.e. a Parquet file is half written.
        deadline = time.monotonic() + 60
        while not any(_size(path) > 0 for path in folder.glob(".big.*")):
            assert process.poll() is None and time.monotonic() < deadline, "the writer stopped writing"
            time.sleep(0.0005)
    finally:
        kill_session(process)

    # Every file dbt's glob reads is a whole Parquet file; the killed write left only a temp file.
    parquet = sorted(folder.glob("*.parquet"))
    assert [path.name for path in parquet] == ["_schema.parquet", "big.parquet", "small.parquet"]
    for path in parquet:
        pq.read_table(path)
    (big,) = landing.read_rows(landing_dir, "documents", "big")
    assert big["text"].endswith("增长2.3%。") and int(big["sha256"]) >= 0
    leftovers = [path.name for path in folder.iterdir() if path.suffix != ".parquet"]
    assert leftovers and all(name.startswith(".big.") and name.endswith(".tmp") for name in leftovers), leftovers
    with duckdb.connect() as con:
        rows = con.execute(f"select count(*) from read_parquet('{folder}/*.parquet')").fetchone()[0]
    assert rows == 2

    landing.write_rows(landing_dir, "documents", "big", [{"document_id": "big", "text": "二"}])
    assert landing.read_rows(landing_dir, "documents", "big")[0]["text"] == "二"


def test_temp_files_left_by_a_killed_writer_are_swept_when_the_next_step_starts(tmp_path):
    from orchestration.ingest import landing

    landing.ensure_landing(tmp_path)
    folder = landing.dataset_dir(tmp_path, "figures")
    stale = folder / ".doc.k3j4h5.tmp"
    stale.write_bytes(b"PAR1 half a file")
    two_hours_ago = time.time() - 2 * 3600
    os.utime(stale, (two_hours_ago, two_hours_ago))
    live = folder / ".other.x8y9z0.tmp"  # a write in progress
    live.write_bytes(b"PAR1 being written")
    landing.ensure_landing(tmp_path)  # what each step that writes the zone does first
    assert not stale.exists() and live.exists()


# --- 4. two document partitions at the same time, in two processes ----------------------------------

PARTITION_RUN = """
import sys, time
from pathlib import Path
import dagster as dg
from orchestration.assets.ingest import documents, figures
from orchestration.definitions import defs

key, ready, go = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
with dg.DagsterInstance.get() as instance:
    ready.touch()
    while not go.exists():  # both processes start the run at the same moment
        time.sleep(0.01)
    result = dg.materialize([documents, figures], instance=instance, resources=defs.resources, partition_key=key,
                            raise_on_error=False)
sys.exit(0 if result.success else 1)
"""


@pytest.mark.warehouse  # two Dagster runs, each in a process of its own
def test_two_partitions_ingested_at_once_by_two_processes_both_land(tmp_path):
    from orchestration.ingest import landing

    root = tmp_path / "w"
    env = environment(root)
    raw_dir, dagster_home = Path(env["NONFERROUS_RAW_DIR"]), Path(env["DAGSTER_HOME"])
    raw_dir.mkdir(parents=True)
    keys = [SMALL.stem, SECOND.stem]
    for document in (SMALL, SECOND):
        shutil.copy2(document, raw_dir / document.name)
    setup(env)  # the Dagster home, and the dbt manifest the definitions load, for this warehouse
    with instance_at(dagster_home) as instance:
        instance.add_dynamic_partitions("documents", keys)

    script = tmp_path / "partition_run.py"
    script.write_text(PARTITION_RUN)
    go = tmp_path / "go"
    processes, logs = {}, {}
    for key in keys:
        logs[key] = tmp_path / f"{key}.log"
        with open(logs[key], "wb") as handle:
            processes[key] = subprocess.Popen(
                [PY, str(script), key, str(tmp_path / f"ready_{key}"), str(go)],
                env=env, cwd=PROJECT_ROOT, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
            )
    try:
        deadline = time.monotonic() + 180
        while not all((tmp_path / f"ready_{key}").exists() for key in keys):
            assert all(p.poll() is None for p in processes.values()), {k: tail(v) for k, v in logs.items()}
            assert time.monotonic() < deadline
            time.sleep(0.05)
        go.touch()
        for key, process in processes.items():
            assert wait_or_kill(process, RUN_TIMEOUT), tail(logs[key])
    finally:
        for process in processes.values():
            if process.poll() is None:
                kill_session(process)
    for key, process in processes.items():
        assert process.returncode == 0, tail(logs[key])

    landing_dir = root / "warehouse" / "landing"
    for dataset in ("documents", "figures", "extractions"):
        assert landing.landed_document_ids(landing_dir, dataset) == set(keys), dataset
        for path in landing.dataset_dir(landing_dir, dataset).glob("*.parquet"):
            pq.read_table(path)
        assert [p.name for p in landing.dataset_dir(landing_dir, dataset).iterdir() if p.suffix != ".parquet"] == []
    for key in keys:
        (document,) = landing.read_rows(landing_dir, "documents", key)
        assert document["text"] == (raw_dir / f"{key}.txt").read_text(encoding="utf-8")
        assert len(landing.read_rows(landing_dir, "figures", key)) > 0
    with instance_at(dagster_home) as instance:
        for asset in ("documents", "figures"):
            assert instance.get_materialized_partitions(dg.AssetKey(asset)) == set(keys)
        runs = instance.get_runs()
        assert len(runs) == 2 and all(run.status == dg.DagsterRunStatus.SUCCESS for run in runs)


# --- 5. runs while another run is going, and readers meanwhile ---------------------------------

def test_instance_queues_runs_one_at_a_time_and_dbt_writes_through_a_pool_of_one(tmp_path):
    """What the dagster.yaml of orchestration/setup.py makes of the instance."""
    from dagster._core.instance.config import PoolGranularity
    from dagster._core.run_coordinator import QueuedRunCoordinator

    from orchestration.assets.transform import WAREHOUSE_WRITER_POOL, warehouse_models
    from orchestration.setup import write_dagster_config

    write_dagster_config(tmp_path)
    with instance_at(tmp_path) as instance:
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)
        config = instance.get_concurrency_config()
        assert config.run_queue_config.max_concurrent_runs == 1
        assert config.pool_config.default_pool_limit == 1
        assert WAREHOUSE_WRITER_POOL == "duckdb_writer"
        assert warehouse_models.op.pool == WAREHOUSE_WRITER_POOL
        # The pool is enforced per step (op granularity) by the instance's storage, for runs
        # started by `make run` (in process) as well as for runs the daemon launches.
        assert instance.event_log_storage.supports_global_concurrency_limits
        assert config.pool_config.pool_granularity in (None, PoolGranularity.OP)
        instance.event_log_storage.initialize_concurrency_limit_to_default(WAREHOUSE_WRITER_POOL)
        assert instance.event_log_storage.get_concurrency_info(WAREHOUSE_WRITER_POOL).slot_count == 1


def test_the_hygiene_frees_the_writer_slot_of_a_run_that_ended_holding_it_and_of_no_other(tmp_path):
    """A daemon run whose worker is killed is marked failed by Dagster's code server with its slot
    still claimed, which would keep every later refresh QUEUED: the sweep frees it. A slot of a
    run in progress (its process alive) stays."""
    from orchestration import hygiene
    from orchestration.jobs import HOST_TAG, PID_TAG
    from orchestration.settings import Settings
    from orchestration.setup import write_dagster_config

    write_dagster_config(tmp_path / "dagster_home")
    settings = Settings(raw_dir=tmp_path / "raw", warehouse=tmp_path / "nonferrous.duckdb")
    pool = "duckdb_writer"
    with instance_at(tmp_path / "dagster_home") as instance:
        storage = instance.event_log_storage
        storage.initialize_concurrency_limit_to_default(pool)
        alive_tags = {PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname()}
        ended = instance.add_run(dg.DagsterRun(job_name="refresh_warehouse", run_id="ended", status=dg.DagsterRunStatus.FAILURE))
        going = instance.add_run(dg.DagsterRun(
            job_name="refresh_warehouse", run_id="going", status=dg.DagsterRunStatus.STARTED, tags=alive_tags,
        ))
        assert storage.claim_concurrency_slot(pool, ended.run_id, "warehouse_models").is_claimed
        assert not storage.claim_concurrency_slot(pool, going.run_id, "warehouse_models").is_claimed  # limit 1: waits

        swept = hygiene.sweep(instance, settings)

        assert swept.freed_runs == ["ended"]
        assert swept.failed_runs == []
        assert "run ended ended still holding its writer slot: freed" in swept.messages()
        info = storage.get_concurrency_info(pool)
        assert [slot.run_id for slot in info.claimed_slots] == []
        assert [step.run_id for step in info.pending_steps] == ["going"]
        # the waiting step of the run in progress can take the freed slot now
        assert storage.claim_concurrency_slot(pool, going.run_id, "warehouse_models").is_claimed
        assert hygiene.sweep(instance, settings).freed_runs == []


def test_runs_submitted_while_one_is_going_wait_in_the_queue(base, tmp_path):
    """A manual run and a second one submitted at once (as a schedule or the sensor would) go
    through the instance's run queue: without the daemon both wait QUEUED; with it they run one
    after the other, never two at a time, and both succeed. The daemon's own sensors may add runs
    (an ingest of the new document, a refresh after it): they queue the same way."""
    built = clone(base, tmp_path / "w")
    shutil.copy2(SECOND, built.raw_dir / SECOND.name)
    setup(built.env)
    with instance_at(built.dagster_home) as instance:
        instance.add_dynamic_partitions("documents", [SECOND.stem])
        before = {run.run_id for run in instance.get_runs()}

    def launch(job: str, tags: dict) -> None:
        subprocess.run(
            [DAGSTER, "job", "launch", "-m", "orchestration.definitions", "-j", job, "--tags", json.dumps(tags)],
            env=built.env, cwd=PROJECT_ROOT, check=True, capture_output=True,
        )

    launch("ingest_documents", {"dagster/partition": SECOND.stem, "nonferrous/trigger": "manual"})
    launch("refresh_warehouse", {"nonferrous/trigger": "test"})
    with instance_at(built.dagster_home) as instance:
        submitted = [run for run in instance.get_runs() if run.run_id not in before]
        assert sorted(run.job_name for run in submitted) == ["ingest_documents", "refresh_warehouse"]
        assert all(run.status == dg.DagsterRunStatus.QUEUED for run in submitted)
    ours = {run.run_id for run in submitted}

    log = tmp_path / "daemon.log"
    with open(log, "wb") as handle:
        daemon = subprocess.Popen(
            [DAGSTER_DAEMON, "run", "-m", "orchestration.definitions"], env=built.env, cwd=PROJECT_ROOT,
            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
    in_progress = (dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED)
    most_at_once, waited_while_another_ran = 0, False
    try:
        with instance_at(built.dagster_home) as instance:
            deadline = time.monotonic() + RUN_TIMEOUT
            while True:
                runs = [run for run in instance.get_runs() if run.run_id not in before]
                running = [run for run in runs if run.status in in_progress]
                queued = [run for run in runs if run.status == dg.DagsterRunStatus.QUEUED]
                most_at_once = max(most_at_once, len(running))
                waited_while_another_ran |= bool(running and queued)
                if all(run.status in (dg.DagsterRunStatus.SUCCESS, dg.DagsterRunStatus.FAILURE)
                       for run in runs if run.run_id in ours):
                    break  # runs the sensors added may still be queued: they are not waited for
                assert daemon.poll() is None, tail(log)
                assert time.monotonic() < deadline, f"runs still going: {[(r.job_name, r.status) for r in runs]}"
                time.sleep(0.1)
    finally:
        kill_session(daemon)  # the daemon, its code server and any run it launched since

    with instance_at(built.dagster_home) as instance:
        records = [record for record in instance.get_run_records() if record.dagster_run.run_id not in before]
    statuses = {record.dagster_run.run_id: record.dagster_run.status for record in records}
    assert all(statuses[run_id] == dg.DagsterRunStatus.SUCCESS for run_id in ours), statuses
    assert most_at_once == 1
    assert waited_while_another_ran
    spans = sorted((record.start_time, record.end_time or time.time()) for record in records if record.start_time)
    for (_, end), (start, _) in zip(spans, spans[1:]):
        assert end <= start, "two runs overlapped"
    assert_consistent(read_state(built.warehouse), [SMALL.stem, SECOND.stem])


def watch_with_readers(built: BuiltWarehouse, tmp_path: Path) -> tuple[dict[str, Path], Path, dict[str, subprocess.Popen]]:
    """Two SQL clients reading the warehouse in a loop, one on a held connection and one reconnecting
    each time, started and seen reading (two reads each) before this returns."""
    stop = tmp_path / "stop"
    logs = {mode: tmp_path / f"{mode}.jsonl" for mode in ("held", "fresh")}
    readers = {
        mode: start_reader(mode, built.warehouse, stop, logs[mode], tmp_path / f"reader_{mode}.py")
        for mode in logs
    }
    deadline = time.monotonic() + 60
    while not all(log.exists() and len(read_log(log)) >= 2 for log in logs.values()):
        if time.monotonic() > deadline or any(reader.poll() is not None for reader in readers.values()):
            stop.touch()
            pytest.fail("the readers did not start, or one died")
        time.sleep(0.1)
    return logs, stop, readers


def test_two_make_runs_at_once_take_the_warehouse_one_after_the_other_while_readers_see_one_complete_state(base, tmp_path):
    """Two `make run`s on one warehouse (say, a cron job and a person): both finish, the dbt
    builds never overlap (the second waits for the duckdb_writer slot, and says so), and the
    warehouse ends complete. Meanwhile a SQL client holding a read connection, and one reconnecting
    for every read, never error and always see one complete state: the held one the old state
    whole, the reconnecting one the old state and then the new one, never a mix, never back.
    (One case for both: each needs a rebuild of the same copy with a document added.)"""
    built = clone(base, tmp_path / "w")
    old = read_state(built.warehouse)
    assert_consistent(old, [SMALL.stem])
    shutil.copy2(SECOND, built.raw_dir / SECOND.name)
    setup(built.env)
    with instance_at(built.dagster_home) as instance:
        before = {run.run_id for run in instance.get_runs()}
    reader_logs, stop, readers = watch_with_readers(built, tmp_path)
    logs = [tmp_path / f"run_{index}.log" for index in range(2)]
    try:
        processes = [start_materialize(built.env, log) for log in logs]
        try:
            for process, log in zip(processes, logs):
                assert wait_or_kill(process, RUN_TIMEOUT), tail(log)
        finally:
            for process in processes:
                if process.poll() is None:
                    kill_session(process)
        time.sleep(1.5)  # a few reads after the last switch
    finally:
        stop.touch()
        for reader in readers.values():
            reader.wait(timeout=60)
    for process, log in zip(processes, logs):
        assert process.returncode == 0, tail(log)
    assert all(reader.returncode == 0 for reader in readers.values())
    new = read_state(built.warehouse)  # a new connection afterwards
    assert_consistent(new, [SMALL.stem, SECOND.stem])
    assert new["marts"]["fct_figure"] > old["marts"]["fct_figure"]

    held, fresh = (read_log(reader_logs[mode])[1:] for mode in ("held", "fresh"))
    errors = [entry for entry in held + fresh if "error" in entry]
    assert errors == [], f"a reader failed during the rebuild: {errors[:3]}"
    assert len(held) > 20 and len(fresh) > 20, (len(held), len(fresh))
    # The connection held through the rebuilds keeps its snapshot: the old state, whole.
    assert all(entry["state"] == old for entry in held)
    # Fresh connections see the old state, then the new one -- never a mix, never back.
    seen = ["old" if entry["state"] == old else "new" if entry["state"] == new else "mix" for entry in fresh]
    assert "mix" not in seen, [entry["state"] for entry, kind in zip(fresh, seen) if kind == "mix"][:1]
    assert seen[0] == "old" and seen[-1] == "new"
    assert seen == sorted(seen, key=lambda kind: kind == "new"), "a reader went back to the old state"

    with instance_at(built.dagster_home) as instance:
        spans = []
        for run in instance.get_runs():
            if run.run_id in before:
                continue
            events = {
                entry.dagster_event.event_type_value: entry.timestamp
                for entry in instance.all_logs(run.run_id)
                if entry.dagster_event and entry.dagster_event.step_key == "warehouse_models"
            }
            if "STEP_START" in events:
                spans.append((events["STEP_START"], events.get("STEP_SUCCESS") or events.get("STEP_FAILURE")))
    assert len(spans) == 2, spans
    (_, first_end), (second_start, _) = sorted(spans)
    assert first_end <= second_start, "two dbt builds wrote the warehouse at the same time"
    # The one that waited said so in its log (Dagster's pool message, or a lock of `make run`'s own).
    output = "".join(log.read_text(errors="replace") for log in logs)
    assert re.search(r"blocked by limit for pool duckdb_writer|waiting for (it|the other)", output)
