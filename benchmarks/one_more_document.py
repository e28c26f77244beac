"""How long does `make run` take to add one document to a built warehouse, and where does the time go?

Takes a folder kept by `benchmarks/full_rebuild.py --keep` (raw/, warehouse/, dagster_home/),
copies it (the kept folder stays as it was, so before/after runs start from the same warehouse),
sets up the copy's location (a dbt parse, untimed), generates the next scale-corpus document into its raw folder, runs the set-up and
`orchestration.materialize` on it, and prints:

- wall and CPU time of the `make run` (every process it waited for);
- each run's steps from its step events (the ingest run, the warehouse run: dbt, the checks, the pages);
- dbt's node time by kind (models, data tests, unit tests, seeds) from the build's run_results.json,
  and the slowest nodes;
- the new document's rows in marts.fct_figure, and the load average.

    .venv/bin/python -m benchmarks.one_more_document KEPT_FOLDER [--index 300] [--seed 7] [--keep]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.full_rebuild import print_runs, step_times  # noqa: E402
from benchmarks.isolated_build import PROJECT_ROOT, build_environment, start_build  # noqa: E402
from benchmarks.scale_corpus import generate  # noqa: E402

SLOWEST_NODES = 12


def dbt_node_times(dbt_target: Path, after: float) -> tuple[dict[str, tuple[int, float]], list[tuple[float, str]], float] | None:
    """Node count and seconds per kind, the slowest nodes, and dbt's elapsed time, of the last
    build written after `after` (a time stamp); None when there is none."""
    builds = [path for path in dbt_target.glob("*/run_results.json") if path.stat().st_mtime >= after]
    if not builds:
        return None
    results = json.loads(max(builds, key=lambda path: path.stat().st_mtime).read_text())
    kinds: dict[str, list] = defaultdict(lambda: [0, 0.0])
    nodes = []
    for node in results["results"]:
        kind = node["unique_id"].split(".")[0]
        kinds[kind][0] += 1
        kinds[kind][1] += node["execution_time"]
        nodes.append((node["execution_time"], node["unique_id"]))
    return {k: (n, s) for k, (n, s) in kinds.items()}, sorted(nodes, reverse=True)[:SLOWEST_NODES], results["elapsed_time"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kept", type=Path, help="a folder kept by benchmarks/full_rebuild.py --keep")
    parser.add_argument("--index", type=int, help="the scale-corpus document to add (default: the next one)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the copy and print its path")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="one_more_"))
    try:
        shutil.copytree(args.kept, root, symlinks=True, dirs_exist_ok=True)
        raw_dir, warehouse = root / "raw", root / "warehouse" / "nonferrous.duckdb"
        index = args.index if args.index is not None else len(list(raw_dir.glob("syn_*.txt")))
        generate(raw_dir, 1, args.seed, start=index)
        document_id = f"syn_{index:05d}"
        env = build_environment(root, raw_dir, warehouse)
        # The copy is a new warehouse location: the set-up parses the dbt project for it once,
        # before the timing, as it did for the kept folder (a `make run` in place would not).
        subprocess.run([sys.executable, "-m", "orchestration.setup"], env=env, cwd=PROJECT_ROOT, check=True,
                       capture_output=True)
        log = root / "materialize_one_more.log"
        load_before = os.getloadavg()
        started = time.time()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        returncode = start_build(env, log).wait()
        wall = time.time() - started
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if returncode != 0:
            print(log.read_text(errors="replace")[-5000:])
            raise SystemExit(f"materialize failed ({returncode}); log in {log}")

        import dagster as dg
        import duckdb

        with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
            records = sorted(
                (record for record in instance.get_run_records() if (record.start_time or 0) >= started),
                key=lambda record: record.start_time or 0,
            )
            runs = [(record, step_times(instance, record.dagster_run.run_id)) for record in records]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            (figures,) = con.execute("select count(*) from marts.fct_figure where document_id = ?", [document_id]).fetchone()
            (documents,) = con.execute("select count(*) from marts.dim_document").fetchone()

        cpu = (children_after.ru_utime - children_before.ru_utime) + (children_after.ru_stime - children_before.ru_stime)
        print(f"new document       {document_id} into {documents - 1} documents: {figures} figures in marts.fct_figure")
        print(f"make run (wall)    {wall:7.1f} s   (set-up included)")
        print(f"make run (CPU)     {cpu:7.1f} s   (every process it waited for)")
        in_runs = print_runs(runs)
        print(f"outside the runs   {wall - in_runs:7.1f} s   (set-up, interpreter start, imports, partition sync)")
        nodes = dbt_node_times(warehouse.parent / "dbt_target", started)
        if nodes is not None:
            kinds, slowest, elapsed = nodes
            print(f"dbt build          {elapsed:7.1f} s   elapsed; node time by kind: "
                  + ", ".join(f"{kind} {count} nodes {seconds:.1f} s" for kind, (count, seconds) in sorted(kinds.items())))
            for seconds, node in slowest:
                print(f"    {seconds:6.2f} s  {node[:110]}")
        print(f"load average       {' '.join(f'{v:.2f}' for v in load_before)} before, "
              f"{' '.join(f'{v:.2f}' for v in os.getloadavg())} after (1, 5, 15 min)")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
