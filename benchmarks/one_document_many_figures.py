"""Peak memory, disk and time of a warehouse built from one document with very many figures of
one indicator (issue 13: the reconciliation models must scale with the number of figures, not
with its square).

The document is one report line after another, all about one commodity (精炼铜) in one period
(2024年1-3月), cycling through four forms so that every family of reconciliation model has
candidates to pair: its output with the year-on-year change and the year-earlier output, its
output with its share, the ten metals' output with it as a part (其中: a catalogue sum and an
of-which), its trade with exports and imports (其中). Seven figures in ten are output figures,
most of them of one key (indicator, subject, period).

For each requested size (default: 10,000 and 100,000 figures) it builds a fresh warehouse in a
temporary folder as `make run` does (`orchestration.setup`, then `orchestration.materialize`, in a
new session) and prints:

- wall time of the whole run, and of the steps that matter (documents, figures, the dbt build);
- the slowest dbt models, from the materialization events;
- peak memory of the run's process tree (sum of PSS over every process of the session, sampled
  every 0.25 s from /proc/<pid>/smaps_rollup) and, apart, of its dbt process with the time that
  process ran (the build: every model, the reconciliation models among them, and the dbt tests);
- the peak size of the warehouse folder (DuckDB spills beside the file it builds);
- figures landed, fct_figure and reconciliation rows.

The cap on figures per document is raised for the run (NONFERROUS_MAX_FIGURES_PER_DOCUMENT), so
the document is built rather than rejected. A guard stops a run that exceeds `--max-minutes` or
`--max-memory-gb` (the old quadratic models would take the machine) and prints how far it got.

    .venv/bin/python benchmarks/one_document_many_figures.py [--figures 10000 100000] [--max-minutes 30]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.isolated_build import build_environment, session_processes, start_build  # noqa: E402

SAMPLE_SECONDS = 0.25
# (figures in the line, the line): one commodity throughout, each line dated, so that the
# year-earlier level of the first form does not date the lines after it.
FORMS = (
    (3, lambda value, rate: f"2024年1-3月，精炼铜产量{value:.1f}万吨，同比增长{rate:.1f}%；"
                            f"2023年1-3月精炼铜产量{value / (1 + rate / 100):.1f}万吨。"),
    (2, lambda value, rate: f"2024年1-3月，精炼铜产量{value:.1f}万吨，占全国的{rate:.1f}%。"),
    (2, lambda value, rate: f"2024年1-3月，十种有色金属产量{value * 6:.1f}万吨，其中，精炼铜产量{value:.1f}万吨。"),
    (3, lambda value, rate: f"2024年1-3月，精炼铜进出口量{value:.1f}万吨，其中出口量{value * rate / 100:.1f}万吨，"
                            f"进口量{value * (1 - rate / 100):.1f}万吨。"),
)


def write_document(path: Path, figures: int, seed: int = 7) -> int:
    rng = random.Random(seed)
    lines = ["2024年1-3月全国有色金属生产情况", ""]
    written = 0
    while written < figures:
        count, form = FORMS[len(lines) % len(FORMS)]
        lines.append(form(rng.uniform(100, 999), rng.uniform(1, 20)))
        written += count
    text = "\n".join(lines) + "\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


# --- sampling -----------------------------------------------------------------------------------



def proportional_set_size(pid: int) -> int:
    """Bytes of memory the process accounts for (shared pages divided among their users)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def folder_bytes(folder: Path) -> int:
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(root, name)).st_size
            except OSError:
                pass
    return total


def is_dbt(pid: int) -> bool:
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return any(part.endswith(b"/dbt") for part in command[:2])


class Sampler(threading.Thread):
    """Every 0.25 s: the memory of the run's process tree and of its dbt process (the build, where
    the reconciliation models run), and the size of the warehouse folder."""

    def __init__(self, session_id: int, folder: Path):
        super().__init__(daemon=True)
        self.session_id = session_id
        self.folder = folder
        self.peak_memory = 0
        self.peak_memory_at = 0.0
        self.peak_dbt_memory = 0
        self.dbt_seen: list[float] = []  # first and last time a dbt process was running
        self.peak_disk = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.wait(SAMPLE_SECONDS):
            now, pids = time.time(), list(session_processes(self.session_id))
            sizes = {pid: proportional_set_size(pid) for pid in pids}
            memory = sum(sizes.values())
            if memory > self.peak_memory:
                self.peak_memory, self.peak_memory_at = memory, now
            dbt = sum(size for pid, size in sizes.items() if is_dbt(pid))
            if dbt:
                self.dbt_seen = [self.dbt_seen[0] if self.dbt_seen else now, now]
                self.peak_dbt_memory = max(self.peak_dbt_memory, dbt)
            self.peak_disk = max(self.peak_disk, folder_bytes(self.folder))


# --- one warehouse ------------------------------------------------------------------------------

def step_times(instance, run_id: str) -> dict[str, float]:
    starts, took = {}, {}
    for entry in instance.all_logs(run_id):
        event = entry.dagster_event
        if event is None or event.step_key is None:
            continue
        if event.event_type_value == "STEP_START":
            starts[event.step_key] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and event.step_key in starts:
            took[event.step_key] = entry.timestamp - starts[event.step_key]
    return took


def model_times(instance, run_id: str) -> list[tuple[float, str]]:
    import dagster as dg

    times = []
    for record in instance.get_records_for_run(run_id, of_type=dg.DagsterEventType.ASSET_MATERIALIZATION).records:
        materialization = record.event_log_entry.dagster_event.event_specific_data.materialization
        duration = materialization.metadata.get("Execution Duration")
        if duration is not None:
            times.append((float(duration.value), materialization.asset_key.to_user_string()))
    return sorted(times, reverse=True)


def measure(figures: int, max_minutes: float, max_memory_gb: float, keep: bool) -> None:
    root = Path(tempfile.mkdtemp(prefix=f"many_figures_{figures}_"))
    try:
        raw_dir = root / "raw"
        raw_dir.mkdir()
        size = write_document(raw_dir / f"many_figures_{figures}.txt", figures)
        warehouse = root / "warehouse" / "nonferrous.duckdb"
        env = build_environment(root, raw_dir, warehouse, NONFERROUS_MAX_FIGURES_PER_DOCUMENT=str(figures * 2))
        log = root / "materialize.log"
        started = time.time()
        process = start_build(env, log)
        # DuckDB spills beside the database it builds, so the warehouse folder holds every spill file.
        sampler = Sampler(process.pid, warehouse.parent)
        sampler.start()
        stopped = None
        while process.poll() is None:
            time.sleep(1)
            if time.time() - started > max_minutes * 60:
                stopped = f"stopped after {max_minutes:g} min"
            elif sampler.peak_memory > max_memory_gb * 1024 ** 3:
                stopped = f"stopped at {sampler.peak_memory / 1024 ** 3:.1f} GB of memory"
            if stopped:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        wall = time.time() - started
        sampler.done.set()
        sampler.join()

        print(f"\n== one document, {figures:,} figures of one indicator ({size / 1e6:.2f} MB of text)")
        print(f"make run (wall)     {wall:8.1f} s" + (f"   DID NOT FINISH: {stopped}" if stopped else ""))
        print(f"peak memory         {sampler.peak_memory / 1024 ** 3:8.2f} GB   (PSS of the run's process tree, "
              f"at {sampler.peak_memory_at - started:.0f} s)")
        if sampler.dbt_seen:
            first, last = sampler.dbt_seen
            print(f"dbt build           {last - first:8.1f} s   peak memory {sampler.peak_dbt_memory / 1024 ** 3:.2f} GB "
                  f"(the dbt process: every model and dbt test, the reconciliation models among them)")
        print(f"peak disk           {sampler.peak_disk / 1024 ** 3:8.2f} GB   (the warehouse folder: spill files, the "
              f"file being built, landing files)")
        if process.returncode not in (0, None) and not stopped:
            print(f"materialize failed ({process.returncode}):\n" + log.read_text(errors="replace")[-3000:])

        import dagster as dg
        import duckdb

        with dg.DagsterInstance.from_config(env["DAGSTER_HOME"]) as instance:
            for record in sorted(instance.get_run_records(), key=lambda r: r.start_time or 0):
                steps = step_times(instance, record.dagster_run.run_id)
                shown = ", ".join(f"{key} {seconds:.1f} s" for key, seconds in steps.items())
                print(f"run {record.dagster_run.job_name:<16} {record.dagster_run.status.value:<8} {shown}")
                slowest = model_times(instance, record.dagster_run.run_id)[:6]
                if slowest:
                    print("slowest models      " + ", ".join(f"{name} {seconds:.1f} s" for seconds, name in slowest))
        if not stopped and warehouse.exists():
            with duckdb.connect(str(warehouse), read_only=True) as con:
                counts = {table: con.execute(f"select count(*) from marts.{table}").fetchone()[0]
                          for table in ("fct_figure", "reconciliation", "figure_conflicts")}
            print("rows                " + ", ".join(f"{table} {count:,}" for table, count in counts.items()))
    finally:
        if keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--max-minutes", type=float, default=30)
    parser.add_argument("--max-memory-gb", type=float, default=12)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folders and print their paths")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {' '.join(f'{v:.2f}' for v in os.getloadavg())} at the start")
    for figures in args.figures:
        measure(figures, args.max_minutes, args.max_memory_gb, args.keep)


if __name__ == "__main__":
    main()
