"""How long from a new file in the raw folder to a published warehouse that contains it?

Builds a warehouse from some corpus documents in a temporary folder (as `make run` does), drops
one more document in, and times what the daemon would do, in-process: the raw-folder sensor tick,
the ingest run it requests, the after-ingest sensor, the dbt refresh. Also times a sensor tick on
an unchanged folder (the cost of polling every 30 s). Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/pickup_one_document.py [--base 2] [--new 004_4df0d59ca522d426] [--keep]

Polling adds up to the sensor interval (30 s) and the run queue's start-up on top of these.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "raw"


def build(root: Path, documents: list[Path]) -> dict[str, str]:
    raw_dir = root / "raw"
    raw_dir.mkdir(parents=True)
    for document in documents:
        shutil.copy2(document, raw_dir / document.name)
    env = {
        **os.environ,
        "NONFERROUS_RAW_DIR": str(raw_dir),
        "NONFERROUS_WAREHOUSE": str(root / "warehouse" / "nonferrous.duckdb"),
        "DAGSTER_HOME": str(root / "dagster_home"),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
    }
    for module in ("orchestration.setup", "orchestration.materialize"):
        subprocess.run([sys.executable, "-m", module], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    corpus = sorted(CORPUS.glob("*.txt"))
    parser.add_argument("--base", type=int, default=2, help="documents in the warehouse before the new one")
    parser.add_argument("--new", default=corpus[-1].stem, help="document id (in raw/) to drop in")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    new = next(path for path in corpus if path.stem == args.new)
    base = [path for path in corpus if path != new][: args.base]

    root = Path(tempfile.mkdtemp(prefix="pickup-"))
    started = time.perf_counter()
    env = build(root, base)
    print(f"warehouse of {len(base)} documents built in {time.perf_counter() - started:.1f} s ({root})")
    os.environ.update({k: env[k] for k in ("NONFERROUS_RAW_DIR", "NONFERROUS_WAREHOUSE", "DAGSTER_HOME")})

    import dagster as dg
    import duckdb

    from orchestration.automation import raw_folder_sensor, refresh_after_ingest
    from orchestration.definitions import defs  # resources from the environment set above
    from orchestration.settings import Settings

    settings = Settings.from_env()
    with dg.DagsterInstance.get() as instance:
        def tick(cursor):
            context = dg.build_sensor_context(instance=instance, cursor=cursor, definitions=defs, resources=defs.resources)
            return raw_folder_sensor(context)

        first = tick(None)  # the sensor's first look: the built documents are recognised as landed
        assert not first.run_requests, first.run_requests
        t = time.perf_counter()
        idle = tick(first.cursor)
        idle_seconds = time.perf_counter() - t
        assert not idle.run_requests

        shutil.copy2(new, settings.raw_dir / new.name)
        t0 = time.perf_counter()
        result = tick(idle.cursor)
        (request,) = result.run_requests
        t1 = time.perf_counter()
        ingest = defs.resolve_job_def(request.job_name).execute_in_process(
            instance=instance,
            partition_key=request.partition_key,
            tags={k: v for k, v in request.tags.items() if not k.startswith("dagster/")},
        )
        assert ingest.success
        t2 = time.perf_counter()
        follow = refresh_after_ingest(dg.build_run_status_sensor_context(
            sensor_name="refresh_after_ingest",
            dagster_event=ingest.get_run_success_event(),
            dagster_instance=instance,
            dagster_run=ingest.dagster_run,
            repository_def=defs.get_repository_def(),
        ))
        assert isinstance(follow, dg.RunRequest), follow
        t3 = time.perf_counter()
        refresh = defs.resolve_job_def(follow.job_name).execute_in_process(instance=instance, tags=follow.tags)
        assert refresh.success
        t4 = time.perf_counter()

    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        (figures,) = con.execute("select count(*) from marts.fct_figure where document_id = ?", [new.stem]).fetchone()
    print(f"sensor tick, unchanged folder of {len(base)} documents: {idle_seconds * 1000:.0f} ms")
    print(f"new document {new.name} ({new.stat().st_size} bytes): {figures} figures in marts.fct_figure")
    for label, seconds in (
        ("sensor tick (partition added, run requested)", t1 - t0),
        ("ingest run (documents, figures; 1 partition)", t2 - t1),
        ("after-ingest sensor", t3 - t2),
        ("dbt refresh (every model and check, publish)", t4 - t3),
        ("from tick to published warehouse", t4 - t0),
    ):
        print(f"  {label:<46}{seconds:6.1f} s")
    if not args.keep:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
