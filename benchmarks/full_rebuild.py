"""A full rebuild of a warehouse from N synthetic documents, as `make run` does it.

Generates N documents (default 200) of the scale corpus (benchmarks/scale_corpus.py) in a
temporary raw folder, runs `python -m orchestration.setup` and `python -m orchestration.materialize`
on them, and prints:

- wall time of the whole `make run`, of the ingest run and of its two steps (documents,
  figures), and of the dbt step (`warehouse_models`), from the run's step events;
- CPU seconds (user, system) of the whole `make run` and every process it waited for;
- CPU: the CPU time of the run's process tree per second of wall time, sampled from /proc
  every 0.25 s (peak and mean over the figures step, in cores), and the machine's per-core
  busy share at that peak (from /proc/stat; other users of the machine count there too);
- the number of Dagster runs it took (2 expected: one ingest run over every partition, one dbt
  run -- not one per document);
- documents, landed figures, fct_figure rows, warehouse size.

    .venv/bin/python benchmarks/full_rebuild.py [--documents 200] [--seed 7] [--keep]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.isolated_build import build_environment, session_processes, start_build  # noqa: E402
from benchmarks.scale_corpus import generate  # noqa: E402

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SAMPLE_SECONDS = 0.25


# --- CPU sampling ---------------------------------------------------------------------------------

def session_cpu_seconds(session_id: int) -> float:
    """CPU time of every process of the session, with the time of its reaped children."""
    ticks = sum(int(value) for fields in session_processes(session_id).values() for value in fields[11:15])
    return ticks / CLOCK_TICKS


def per_core_busy() -> list[tuple[int, int]]:
    cores = []
    for line in Path("/proc/stat").read_text().splitlines():
        if re.match(r"cpu\d+ ", line):
            values = [int(value) for value in line.split()[1:]]
            idle = values[3] + values[4]
            cores.append((sum(values) - idle, sum(values)))
    return cores


class Sampler(threading.Thread):
    def __init__(self, session_id: int):
        super().__init__(daemon=True)
        self.session_id = session_id
        self.samples: list[tuple[float, float, list[float]]] = []  # (time, tree cores, per-core busy share)
        self.done = threading.Event()

    def run(self) -> None:
        last_time, last_cpu, last_cores = time.time(), session_cpu_seconds(self.session_id), per_core_busy()
        peak_tree = 0.0
        while not self.done.wait(SAMPLE_SECONDS):
            now, cpu, cores = time.time(), session_cpu_seconds(self.session_id), per_core_busy()
            elapsed = now - last_time
            # A child reaped between two samples moves its time into its parent's: clamp negatives.
            tree = max(0.0, (cpu - last_cpu) / elapsed)
            shares = [
                (busy - last_busy) / max(1, all_ - last_all)
                for (busy, all_), (last_busy, last_all) in zip(cores, last_cores)
            ]
            peak_tree = max(peak_tree, tree)
            self.samples.append((now, tree, shares))
            last_time, last_cpu, last_cores = now, cpu, cores

    def window(self, start: float, end: float) -> list[tuple[float, float, list[float]]]:
        return [sample for sample in self.samples if start <= sample[0] <= end + SAMPLE_SECONDS]


# --- the run ------------------------------------------------------------------------------------

def step_times(instance, run_id: str) -> tuple[dict[str, tuple[float, float]], int]:
    """Step wall times from the step events, and how many events the run wrote (each one is a
    commit to the instance's storage: with SQLite, a large share of an ingest run's time)."""
    starts, ends = {}, {}
    entries = instance.all_logs(run_id)
    for entry in entries:
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE"):
            ends[event.step_key] = entry.timestamp
    return {key: (starts[key], ends[key]) for key in starts if key in ends}, len(entries)


def print_runs(runs) -> float:
    """A line per Dagster run (its wall time, its steps' times, the events it wrote); the runs' total
    wall time."""
    in_runs = 0.0
    for record, (steps, events) in runs:
        run_wall = (record.end_time or 0) - (record.start_time or 0)
        in_runs += run_wall
        names = ", ".join(f"{key} {end - start:.1f} s" for key, (start, end) in sorted(steps.items(), key=lambda kv: kv[1][0]))
        kind = "ingest run" if "figures" in steps or "documents" in steps else "warehouse run"
        print(f"{kind:<18} {run_wall:7.1f} s   steps: {names}; {events} events written")
    return in_runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder and print its path")
    args = parser.parse_args()

    root = Path(tempfile.mkdtemp(prefix="full_rebuild_"))
    try:
        raw_dir = root / "raw"
        raw_dir.mkdir()
        size = generate(raw_dir, args.documents, args.seed)
        warehouse = root / "warehouse" / "nonferrous.duckdb"
        env = build_environment(root, raw_dir, warehouse)
        log = root / "materialize.log"
        started = time.time()
        children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        process = start_build(env, log)
        sampler = Sampler(process.pid)
        sampler.start()
        returncode = process.wait()
        wall = time.time() - started
        children_after = resource.getrusage(resource.RUSAGE_CHILDREN)  # make run and every process it waited for
        cpu_user = children_after.ru_utime - children_before.ru_utime
        cpu_system = children_after.ru_stime - children_before.ru_stime
        sampler.done.set()
        sampler.join()
        if returncode != 0:
            print(log.read_text(errors="replace")[-5000:])
            raise SystemExit(f"materialize failed ({returncode}); log in {log}")

        import dagster as dg
        import duckdb

        with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
            records = sorted(instance.get_run_records(), key=lambda record: record.start_time or 0)
            runs = [(record, step_times(instance, record.dagster_run.run_id)) for record in records]
        with duckdb.connect(str(warehouse), read_only=True) as con:
            fct_figure = con.execute("select count(*) from marts.fct_figure").fetchone()[0]
            dim_document = con.execute("select count(*) from marts.dim_document").fetchone()[0]
        landed = 0
        import pyarrow.parquet as pq
        for path in (warehouse.parent / "landing" / "figures").glob("*.parquet"):
            landed += pq.read_metadata(path).num_rows

        cores = os.cpu_count()
        print(f"documents          {args.documents} synthetic ({size / 1e6:.2f} MB of text), {cores} cores")
        print(f"make run (wall)    {wall:7.1f} s   (process start to exit, imports included)")
        print(f"make run (CPU)     {cpu_user + cpu_system:7.1f} s   ({cpu_user:.1f} s user, {cpu_system:.1f} s system, "
              "every process of the run)")
        print(f"dagster runs       {len(runs)}   ({', '.join(sorted(set(r.dagster_run.job_name for r, _ in runs)))})")
        in_runs = print_runs(runs)
        print(f"outside the runs   {wall - in_runs:7.1f} s   (interpreter start, imports, definitions, partition sync)")
        for _, (steps, _) in runs:
            if "figures" in steps:
                start, end = steps["figures"]
                window = sampler.window(start, end)
                if window:
                    peak = max(window, key=lambda sample: sample[1])
                    mean = sum(sample[1] for sample in window) / len(window)
                    print(f"figures step CPU   peak {peak[1]:.2f} cores, mean {mean:.2f} cores of the run's process tree"
                          f"; machine per-core busy at the peak: {', '.join(f'{share:.0%}' for share in peak[2])}")
            if "warehouse_models" in steps:
                start, end = steps["warehouse_models"]
                window = sampler.window(start, end)
                if window:
                    mean = sum(sample[1] for sample in window) / len(window)
                    print(f"dbt step CPU       peak {max(s[1] for s in window):.2f} cores, mean {mean:.2f} cores")
        if sampler.samples:
            peak = max(sampler.samples, key=lambda sample: sample[1])
            print(f"whole run CPU      peak {peak[1]:.2f} cores (process tree); "
                  f"machine per-core busy then: {', '.join(f'{share:.0%}' for share in peak[2])}")
        from orchestration.extraction import extract

        texts = [path.read_text(encoding="utf-8") for path in sorted(raw_dir.glob("*.txt"))]
        extract(texts[0], None)  # warm up
        begun = time.perf_counter()
        for text in texts:
            extract(text, None)
        alone = time.perf_counter() - begun
        print(f"extraction alone   {alone:7.1f} s   ({alone / len(texts) * 1000:.1f} ms a document, one process, no Dagster)")
        print(f"figures landed     {landed}")
        print(f"fct_figure rows    {fct_figure}   dim_document rows {dim_document}")
        print(f"warehouse file     {warehouse.stat().st_size / 1e6:.1f} MB")
        print(f"load average       {' '.join(f'{value:.2f}' for value in os.getloadavg())} (1, 5, 15 min, at the end)")
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
