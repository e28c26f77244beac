"""Hostile and faulty input (issue 13), on real files, real processes and real clients: a raw
folder that sync jobs and other people fill, partition keys typed into the UI, a landing zone
someone damaged, a run killed by the out-of-memory killer.

Each function or class here tests one case; the one `make run` over a folder holding every kind
of bad entry at once (`hostile_warehouse`) shows that the rest of the run goes on.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from orchestration.ingest import landing, raw_folder
from orchestration.ingest.document_ids import MAX_DOCUMENT_ID_BYTES, document_id_for, invalid_document_id
from orchestration.ingest.readers import DocumentRejected, find_document_file, read_document, read_sidecar

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
REPORT = "2024年1-3月，精炼铜产量300.1万吨，同比增长5.2%。原铝产量1020.5万吨，同比增长3.1%。\n"
LONG_NAME = "铜" * 81 + ".txt"  # 243 bytes of name: too long for the landing zone's temp files
TRAVERSAL = "../../../x/planted"  # a partition key typed into the UI


def write(folder: Path, name: str, text: str = REPORT) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def rejection(path: Path, folder: Path | None = None) -> DocumentRejected:
    with pytest.raises(DocumentRejected) as info:
        read_document(path, folder=folder)
    assert path.name in str(info.value), "the message names the file"
    return info.value


# --- 1. sidecars: every failure is the sidecar's, and costs only what it must -------------------

@pytest.mark.parametrize(
    ("sidecar", "kept", "warning"),
    [
        # YAML would make this a date and fail in the parser: now only the key is dropped.
        ("title: 铜\npublished_on: 2025-13-45\n", {"title": "铜"}, "published_on '2025-13-45' is not a date"),
        ("title: 铜\npublished_on: 2025-02-30\n", {"title": "铜"}, "published_on '2025-02-30' is not a date"),
        # An explicit tag still reaches the parser's date constructor: the sidecar is ignored.
        ("title: 铜\npublished_on: !!timestamp 2025-13-45\n", {}, "could not be parsed (ValueError"),
        ("title: 铜\npublished_on: !!python/object:os.system x\n", {}, "invalid YAML"),
        ("[" * 1100 + "\n", {}, "sidecar deep.yaml ignored"),
        ("title: !!binary aGVsbG8=\n", {}, "'title' is a bytes, not text; ignored"),
    ],
)
def test_a_bad_sidecar_is_ignored_with_a_warning_naming_it_and_the_document_is_read(tmp_path, sidecar, kept, warning):
    document = write(tmp_path, "deep.txt")
    (tmp_path / "deep.yaml").write_text(sidecar, encoding="utf-8")
    decoded = read_document(document, folder=tmp_path)
    assert decoded.text == REPORT
    assert decoded.sidecar == kept
    assert any(warning in message and "deep.yaml" in message for message in decoded.warnings), decoded.warnings


def test_a_sidecar_that_is_not_a_regular_file_inside_the_folder_is_ignored(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("title: 不该读到\n", encoding="utf-8")
    (raw / "linked.yaml").symlink_to(outside)
    os.mkfifo(raw / "piped.yaml")
    assert read_sidecar(write(raw, "linked.txt"), raw)[0] == {}
    assert "outside the input folder" in read_sidecar(raw / "linked.txt", raw)[1][0]
    started = time.monotonic()
    sidecar, warnings = read_sidecar(write(raw, "piped.txt"), raw)
    assert time.monotonic() - started < 5, "reading a named pipe must not block"
    assert sidecar == {} and "named pipe" in warnings[0]


# --- 5. the raw folder is a flat folder of regular files -----------------------------------------

@pytest.fixture
def odd_folder(tmp_path) -> Path:
    """A raw folder with one of each entry a sync job or a person can leave in it."""
    raw = tmp_path / "raw"
    raw.mkdir()
    write(raw, "good.txt")
    write(raw, "report [2024] *final?.txt")
    write(raw, "report 2024 xfinal1.txt", "2024年1-3月，精炼铜产量1.0万吨。\n")  # what the glob above would match
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "gone.txt").symlink_to(raw / "never_written.txt")
    (raw / "alias.txt").symlink_to(raw / "good.txt")
    (raw / "archive").mkdir()
    write(raw / "archive", "old.txt")
    os.mkfifo(raw / "pipe.txt")
    write(raw, LONG_NAME)
    write(raw, ".hidden.txt")
    write(raw, "upload.txt.part")
    return raw


def test_every_entry_of_the_raw_folder_gets_a_document_id_that_fits(odd_folder):
    ids = raw_folder.document_ids(odd_folder)
    long_id = next(key for key in ids if key.startswith("铜"))
    assert sorted(set(ids) - {long_id}) == sorted([
        "alias", "archive", "gone", "good", "passwd", "pipe", "report 2024 xfinal1", "report [2024] *final?",
    ])
    assert invalid_document_id(long_id) is None and len(long_id.encode()) <= MAX_DOCUMENT_ID_BYTES
    assert long_id == document_id_for(LONG_NAME), "the short id is stable"
    assert long_id != document_id_for("铜" * 80 + "锌.txt"), "names that begin alike stay apart"


@pytest.mark.parametrize(
    ("name", "kind", "reason"),
    [
        ("passwd.txt", "link_outside", "outside the input folder"),
        ("gone.txt", "dangling_link", "dangling symbolic link"),
        ("archive", "not_a_file", "a directory (the input folder is read flat"),
        ("pipe.txt", "not_a_file", "a named pipe (FIFO)"),
    ],
)
def test_what_is_not_a_regular_file_inside_the_folder_is_rejected_with_its_reason(odd_folder, name, kind, reason):
    started = time.monotonic()
    rejected = rejection(odd_folder / name, odd_folder)
    assert time.monotonic() - started < 5
    assert (rejected.kind, reason in rejected.reason) == (kind, True), rejected.reason


def test_a_link_inside_the_folder_and_glob_characters_are_read_literally(odd_folder):
    assert read_document(odd_folder / "alias.txt", folder=odd_folder).text == REPORT
    path = find_document_file(odd_folder, "report [2024] *final?")
    assert path.name == "report [2024] *final?.txt"
    assert read_document(path, folder=odd_folder).text == REPORT


def test_the_sensor_fingerprints_every_entry_without_blocking_or_following_links_out(odd_folder):
    from orchestration import automation

    started = time.monotonic()
    members = raw_folder.members(odd_folder)
    prints = {key: automation.fingerprint(odd_folder, files) for key, files in members.items()}
    assert time.monotonic() - started < 10
    assert prints["passwd"]["sha256"] != prints["good"]["sha256"]
    assert prints["alias"]["sha256"] == prints["good"]["sha256"]


def test_the_sensor_ingests_every_odd_entry_and_survives_its_removal(tmp_path, migrated_dagster_home):
    """The raw-folder sensor over the odd folder: one run for every entry (the readers then
    reject what is not a document), no crash on a long name, a named pipe or a dangling link, a
    quiet next tick, and the removal of the long-named file requested like any other."""
    from test_automation import Folder

    folder = Folder(tmp_path, migrated_dagster_home)
    try:
        raw = folder.settings.raw_dir
        write(raw, "good.txt")
        write(raw, LONG_NAME)
        os.mkfifo(raw / "pipe.txt")
        (raw / "gone.txt").symlink_to(raw / "never_written.txt")
        (raw / "passwd.txt").symlink_to("/etc/passwd")
        first = folder.tick()
        ingested = sorted(key for request in first.run_requests for key in folder.keys_in(request))
        assert ingested == sorted(raw_folder.document_ids(raw)) and len(ingested) == 5
        assert folder.tick().run_requests == []
        (raw / LONG_NAME).unlink()
        removal = folder.tick()
        assert [request.tags.get("nonferrous/removed") for request in removal.run_requests] == [document_id_for(LONG_NAME)]
    finally:
        folder.instance.dispose()


def test_the_sensor_deletes_a_key_typed_into_the_ui_without_touching_a_path(tmp_path, migrated_dagster_home, capfd):
    from test_automation import Folder

    folder = Folder(tmp_path, migrated_dagster_home)
    try:
        planted = tmp_path / "x" / "planted.parquet"
        planted.parent.mkdir()
        planted.write_bytes(b"someone else's file")
        write(folder.settings.raw_dir, "good.txt")
        folder.instance.add_dynamic_partitions("documents", [TRAVERSAL])
        folder.tick()
        assert folder.partitions() == ["good"]
        assert planted.read_bytes() == b"someone else's file"
        assert f"partition {TRAVERSAL!r} deleted; document id {TRAVERSAL!r} refused" in capfd.readouterr().err
    finally:
        folder.instance.dispose()


# --- 4. paths from data never escape -------------------------------------------------------------

@pytest.mark.parametrize(
    "key", ["../../../x/planted", "a/b", "..", ".hidden", "a\nb", "", "x" * (MAX_DOCUMENT_ID_BYTES + 1), "a...b", "a\\b"]
)
def test_an_unsafe_key_never_becomes_a_landing_path(tmp_path, key):
    landing_dir = tmp_path / "warehouse" / "landing"
    landing.ensure_landing(landing_dir)
    planted = tmp_path / "x" / "planted.parquet"
    planted.parent.mkdir()
    planted.write_bytes(b"someone's file")
    assert invalid_document_id(key)
    for operation in (
        lambda: landing.write_rows(landing_dir, "documents", key, []),
        lambda: landing.remove_document(landing_dir, key),
        lambda: landing.record_rejection(landing_dir, key, "x.txt", "read", "why"),
        lambda: landing.read_rows(landing_dir, "documents", key),
    ):
        with pytest.raises(landing.UnsafeDocumentId, match="refused"):
            operation()
    assert planted.read_bytes() == b"someone's file"


def test_a_landing_path_leading_out_of_the_zone_through_a_link_is_refused(tmp_path):
    landing_dir = tmp_path / "landing"
    landing.ensure_landing(landing_dir)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (landing_dir / "figures" / "doc.parquet").symlink_to(elsewhere / "doc.parquet")
    with pytest.raises(landing.UnsafeDocumentId, match="outside the landing zone"):
        landing.write_rows(landing_dir, "figures", "doc", [])
    assert not (elsewhere / "doc.parquet").exists()


# --- 7. the landing zone repairs itself -----------------------------------------------------------

def test_a_corrupt_schema_file_is_set_aside_and_written_anew(tmp_path):
    landing.ensure_landing(tmp_path)
    (tmp_path / "figures" / landing.SCHEMA_FILE).write_bytes(b"PAR1 not parquet at all")
    (notice,) = landing.ensure_landing(tmp_path)
    assert "figures/_schema.parquet is unreadable" in notice and "set aside as _schema.parquet.corrupt-" in notice
    assert pq.read_schema(tmp_path / "figures" / landing.SCHEMA_FILE).names == landing.FIGURES_SCHEMA.names
    (kept,) = [path for path in (tmp_path / "figures").iterdir() if ".corrupt-" in path.name]
    assert kept.read_bytes() == b"PAR1 not parquet at all"
    assert landing.ensure_landing(tmp_path) == []


def test_a_corrupt_rejections_file_is_set_aside_when_the_next_rejection_is_recorded(tmp_path):
    landing.ensure_landing(tmp_path)
    broken = tmp_path / "rejections" / "doc.parquet"
    broken.write_bytes(b"\x00" * 100)
    notices = landing.record_rejection(tmp_path, "doc", "doc.txt", "read", "file is empty (0 bytes)")
    assert len(notices) == 1 and "set aside as doc.parquet.corrupt-" in notices[0]
    (row,) = landing.read_rows(tmp_path, "rejections", "doc")
    assert row["reason"] == "file is empty (0 bytes)"


# --- 6. workers die with their run ---------------------------------------------------------------

POOL_OWNER = """
import sys, time
from orchestration.ingest.worker_pool import parent_watched_pool

pool = parent_watched_pool(2)
futures = [pool.submit(time.sleep, 600) for _ in range(3)]
time.sleep(1)
print(" ".join(str(pid) for pid in pool._processes), flush=True)
time.sleep(600)
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_extraction_workers_exit_when_their_run_is_killed(tmp_path):
    owner = subprocess.Popen([PY, "-c", POOL_OWNER], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(pid) for pid in owner.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        owner.send_signal(signal.SIGKILL)  # as the out-of-memory killer does
        owner.wait()
        deadline = time.monotonic() + 10
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(pid) for pid in workers), "workers outlived their run"
    finally:
        owner.kill()
        for pid in workers if "workers" in locals() else []:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


# --- 2. publishing survives a stale write-ahead log ----------------------------------------------

def _make_database(path: Path, value: int) -> None:
    import duckdb

    with duckdb.connect(str(path)) as con:
        con.execute(f"create table marts_state as select {value} as built")


READ_WRITE_CLIENT = """
import os, sys, time
import duckdb

con = duckdb.connect(sys.argv[1])  # read-write, as a SQL client opened without read_only=True
con.execute("create table scratch as select 42 as answer")
print("written", flush=True)
while not os.path.exists(sys.argv[2]):
    time.sleep(0.05)
con.execute("insert into scratch select range from range(1000)")
con.close()
print("closed", flush=True)
"""

READER = """
import sys
import duckdb

with duckdb.connect(sys.argv[1], read_only=True) as con:
    print(con.execute("select built from marts_state").fetchone()[0])
"""


def _read_in_another_process(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "-c", READER, str(path)], capture_output=True, text=True, timeout=120)


def _client_with_written_wal(path: Path, release: Path) -> subprocess.Popen:
    client = subprocess.Popen([PY, "-c", READ_WRITE_CLIENT, str(path), str(release)], stdout=subprocess.PIPE, text=True)
    assert client.stdout.readline().strip() == "written"
    assert Path(f"{path}.wal").exists(), "the client's write left no write-ahead log"
    return client


def test_a_wal_left_by_a_killed_read_write_client_is_moved_aside_and_the_new_warehouse_opens(tmp_path):
    from orchestration import warehouse

    published, built = tmp_path / "nonferrous.duckdb", tmp_path / "nonferrous.duckdb.next"
    _make_database(published, 1)
    client = _client_with_written_wal(published, tmp_path / "never")
    client.kill()
    client.wait()
    stale = published.with_name(published.name + ".wal")
    stale_bytes = stale.read_bytes()
    _make_database(built, 2)

    aside = warehouse.publish(built, published)

    assert aside is not None and aside.parent == tmp_path / "stale_wal" and aside.read_bytes() == stale_bytes
    assert not stale.exists()
    reader = _read_in_another_process(published)
    assert (reader.returncode, reader.stdout.strip()) == (0, "2"), reader.stderr


def test_a_read_write_client_still_open_while_publishing_never_breaks_the_new_warehouse(tmp_path):
    from orchestration import warehouse

    published, built, release = tmp_path / "nonferrous.duckdb", tmp_path / "nonferrous.duckdb.next", tmp_path / "go"
    _make_database(published, 1)
    client = _client_with_written_wal(published, release)
    try:
        _make_database(built, 2)
        aside = warehouse.publish(built, published)
        assert aside is not None
        assert _read_in_another_process(published).stdout.strip() == "2"
        release.touch()  # the client writes on, into the file it opened, and closes
        assert client.stdout.readline().strip() == "closed"
        client.wait(timeout=60)
        reader = _read_in_another_process(published)
        assert (reader.returncode, reader.stdout.strip()) == (0, "2"), reader.stderr
        assert aside.exists(), "the client's log is kept where it was moved"
    finally:
        client.kill()


@pytest.mark.warehouse  # starts dbt (`dbt show`) in a process of its own
def test_pipeline_connections_carry_the_memory_and_spill_bounds(tmp_path):
    from orchestration import warehouse
    from orchestration.settings import Settings

    settings = Settings(tmp_path / "raw", tmp_path / "nonferrous.duckdb", duckdb_memory_limit="2GiB",
                        duckdb_max_temp_directory_size="3GiB")
    _make_database(settings.warehouse, 1)
    with warehouse.connect(settings.warehouse, settings.duckdb_config()) as con:
        bounds = con.execute("select current_setting('memory_limit'), current_setting('max_temp_directory_size')").fetchone()
    assert bounds == ("2.0 GiB", "3.0 GiB")
    # dbt opens its database with the same bounds, from the environment the dbt step sets
    env = {**os.environ, **settings.dbt_environment()}
    shown = subprocess.run(
        [str(Path(PY).parent / "dbt"), "show", "--quiet", "--project-dir", "dbt", "--profiles-dir", "dbt", "--inline",
         "select current_setting('memory_limit') as memory, current_setting('max_temp_directory_size') as spill"],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
    )
    assert shown.returncode == 0, shown.stdout + shown.stderr
    assert "2.0 GiB" in shown.stdout and "3.0 GiB" in shown.stdout, shown.stdout


# --- 3. a killed build's spill folder and file are removed at the start of the next run ---------

SPILLING_BUILD = """
import sys
import duckdb

# a build of <warehouse>.next held to a small memory limit, so it spills into <warehouse>.next.tmp/
con = duckdb.connect(sys.argv[1], config={"memory_limit": "64MB", "threads": 1})
con.execute("set enable_progress_bar = false")
con.execute("create table big as select range as i, md5(range::varchar) as s from range(2000000)")
print("built", flush=True)
while True:
    con.execute("select s, count(*) from big group by s order by s desc limit 1").fetchall()
"""


def test_a_killed_build_leaves_its_spill_folder_and_the_next_run_removes_it(tmp_path):
    import dagster as dg

    from orchestration import hygiene
    from orchestration.settings import Settings

    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb")
    settings.warehouse_dir.mkdir(parents=True)
    spill = settings.next_warehouse.with_name(settings.next_warehouse.name + ".tmp")
    errors = tmp_path / "build.err"
    with open(errors, "w") as stderr:
        build = subprocess.Popen([PY, "-c", SPILLING_BUILD, str(settings.next_warehouse)], stdout=subprocess.PIPE,
                                 stderr=stderr, text=True)
    try:
        assert build.stdout.readline().strip() == "built", errors.read_text()
        deadline = time.monotonic() + 120
        while not (spill.is_dir() and any(spill.iterdir())) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert spill.is_dir() and any(spill.iterdir()), "the build did not spill"
    finally:
        build.kill()  # as the out-of-memory killer would
        build.wait()
    assert settings.next_warehouse.exists() and any(spill.iterdir())

    with dg.DagsterInstance.ephemeral() as instance:
        messages = hygiene.sweep(instance, settings).messages()

    assert not spill.exists() and not settings.next_warehouse.exists()
    assert f"removed {spill}, left by an unfinished build" in messages, messages


# --- everything at once: `make run` over a hostile folder, then a run launched for a bad key -----

FIGURE_CAP = 12
MANY_FIGURES = "".join(f"2024年{month}月，精炼铜产量{100 + month}.5万吨，同比增长{month}.1%。\n" for month in range(1, 12))


@pytest.fixture(scope="module")
def hostile_warehouse(tmp_path_factory):
    """`make run` (orchestration.materialize, a real process) over a raw folder holding one of
    every bad entry, beside a landing zone with a damaged schema file, a warehouse path with a
    quote in it, and a partition key typed into the UI that points out of the warehouse."""
    import dagster as dg

    root = tmp_path_factory.mktemp("hostile")
    raw = root / "raw"
    raw.mkdir()
    # distinct texts: documents with the same bytes are one document in the warehouse
    for number, name in enumerate(["good.txt", "bad_sidecar.txt", "report [2024].txt", LONG_NAME]):
        write(raw, name, REPORT.replace("300.1", f"30{number}.1"))
    (raw / "bad_sidecar.yaml").write_text("title: 铜产量\npublished_on: 2025-13-45\n", encoding="utf-8")
    write(raw, "many.txt", MANY_FIGURES)
    (raw / "passwd.txt").symlink_to("/etc/passwd")
    (raw / "gone.txt").symlink_to(raw / "never_written.txt")
    (raw / "archive").mkdir()
    write(raw / "archive", "old.txt")
    os.mkfifo(raw / "pipe.txt")

    warehouse = root / "it's [warehouse] {1}" / "nonferrous.duckdb"
    landing_dir = warehouse.parent / "landing"
    landing.ensure_landing(landing_dir)
    (landing_dir / "figures" / landing.SCHEMA_FILE).write_bytes(b"PAR1 damaged")
    (landing_dir / "rejections" / "pipe.parquet").write_bytes(b"PAR1 damaged too")
    # an analyst's client had a warehouse file open read-write and was killed: its log stays
    warehouse.parent.mkdir(exist_ok=True)
    _make_database(warehouse, 0)
    client = _client_with_written_wal(warehouse, root / "never")
    client.kill()
    client.wait()
    planted = root / "x" / "planted.parquet"
    planted.parent.mkdir()
    planted.write_bytes(b"someone else's file")

    env = {
        **os.environ,
        "NONFERROUS_RAW_DIR": str(raw),
        "NONFERROUS_WAREHOUSE": str(warehouse),
        "NONFERROUS_MAX_FIGURES_PER_DOCUMENT": str(FIGURE_CAP),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    subprocess.run([PY, "-m", "orchestration.setup"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        instance.add_dynamic_partitions("documents", [TRAVERSAL])  # what the UI's Add partition does
    run = subprocess.run([PY, "-m", "orchestration.materialize"], env=env, cwd=PROJECT_ROOT, capture_output=True,
                         text=True, timeout=900)
    return {"root": root, "raw": raw, "warehouse": warehouse, "landing": landing_dir, "planted": planted,
            "env": env, "run": run}


def _query(warehouse: Path, sql: str) -> list[tuple]:
    import duckdb

    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_hostile_folder_every_readable_document_lands(hostile_warehouse):
    run = hostile_warehouse["run"]
    assert run.returncode == 0, run.stderr[-5000:]
    landed = {row[0] for row in _query(hostile_warehouse["warehouse"], "select file_name from marts.fct_figure join marts.dim_document using (document_id)")}
    assert landed == {"good.txt", "bad_sidecar.txt", "report [2024].txt", LONG_NAME}
    ((warnings, title),) = _query(hostile_warehouse["warehouse"],
                                  "select reader_warnings_json, title from marts.dim_document where file_name = 'bad_sidecar.txt'")
    assert "bad_sidecar.yaml" in warnings and "2025-13-45" in warnings and title == "铜产量"


def test_hostile_folder_every_other_entry_is_listed_with_its_reason(hostile_warehouse):
    reasons = dict(_query(hostile_warehouse["warehouse"], "select file_name, reason from marts.rejected_documents"))
    assert set(reasons) == {"passwd.txt", "gone.txt", "archive", "pipe.txt", "many.txt"}, reasons
    assert "outside the input folder" in reasons["passwd.txt"]
    assert "dangling symbolic link" in reasons["gone.txt"]
    assert "directory" in reasons["archive"]
    assert "named pipe" in reasons["pipe.txt"]
    assert f"22 figures, over the cap of {FIGURE_CAP}" in reasons["many.txt"]
    texts = _query(hostile_warehouse["warehouse"], "select count(*) from marts.dim_document where text like '%root:%'")
    assert texts == [(0,)], "nothing from outside the raw folder is read"


def test_hostile_folder_the_stale_wal_was_moved_aside_with_a_notice(hostile_warehouse):
    warehouse = hostile_warehouse["warehouse"]
    (aside,) = (warehouse.parent / "stale_wal").iterdir()
    assert f"was moved aside to {aside}" in hostile_warehouse["run"].stderr
    assert not warehouse.with_name(warehouse.name + ".wal").exists()
    assert _query(warehouse, "select count(*) > 0 from marts.fct_figure") == [(True,)]


def test_hostile_folder_the_landing_zone_repaired_itself_with_notices(hostile_warehouse):
    stderr = hostile_warehouse["run"].stderr
    figures = hostile_warehouse["landing"] / "figures"
    assert any(".corrupt-" in path.name for path in figures.iterdir())
    assert f"{figures / landing.SCHEMA_FILE} is unreadable" in stderr and "set aside as" in stderr
    assert "rejections/pipe.parquet was unreadable" in stderr


def test_hostile_folder_a_key_pointing_out_of_the_warehouse_is_refused_and_nothing_outside_is_touched(hostile_warehouse):
    assert hostile_warehouse["planted"].read_bytes() == b"someone else's file"
    assert f"partition {TRAVERSAL!r} deleted; document id {TRAVERSAL!r} refused" in hostile_warehouse["run"].stderr
    # Launched for that key as the UI or the GraphQL API would launch it: refused before any path.
    import dagster as dg

    env = hostile_warehouse["env"]
    with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
        instance.add_dynamic_partitions("documents", [TRAVERSAL])
    launched = subprocess.run(
        [str(Path(PY).parent / "dagster"), "asset", "materialize", "-m", "orchestration.definitions",
         "--select", "documents,rejections", "--partition", TRAVERSAL],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600,
    )
    output = launched.stdout + launched.stderr
    assert "partition key refused: a document id cannot contain a path separator" in output, output[-3000:]
    assert hostile_warehouse["planted"].read_bytes() == b"someone else's file"
    assert not list(hostile_warehouse["root"].glob("x/*.parquet.*")) and sorted(p.name for p in (hostile_warehouse["root"] / "x").iterdir()) == ["planted.parquet"]
