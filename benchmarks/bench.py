"""`make bench` and `make bench-quick`: the speed of the pipeline at scale, measured in one run.

Prints a table and writes `warehouse/bench.json` (or `--output`) with:

- `bare_scan_mb_s`, `extract_mb_s`, `extract_ratio`: a bare regular-expression number scan and
  the full extractor over the same texts (raw/), one core, in this process;
- `first_run_s`, `noop_run_s`: `make run` on raw/ into an empty warehouse, then again with
  nothing changed;
- `full_rebuild_s`, `peak_rss_mb` (per document count): `make run` on N documents of the scale
  corpus (benchmarks/scale_corpus.py) into an empty warehouse, both cores; the peak is the
  largest sum of the resident memory of `make` and every process under it (the Dagster process,
  the extraction workers, dbt), sampled every 0.2 s — shared pages count once per process, so
  it is an upper bound;
- `incremental_one_doc_s`: one more generated document dropped into the largest warehouse, then
  `make run` until its figures are in marts.fct_figure and the checks have run;
- `series_query_ms`: the median of repeated runs of a typical series lookup on the largest
  warehouse (marts.dim_series / fct_observation when the project has them, else fct_figure).

Each figure carries the machine's load average when it was taken: on a shared machine a busy
neighbour slows every figure. `--quick` runs the same steps on small sizes (a smoke test, well
under a minute of work besides the two `make run`s on raw/); nothing is asserted.

    .venv/bin/python -m benchmarks.bench [--quick] [--sizes 1000,10000] [--output warehouse/bench.json] [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from benchmarks.isolated_build import session_processes
from benchmarks.scale_corpus import generate

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CORPUS = PROJECT_ROOT / "raw"
FULL_SIZES = (1000, 10000)
QUICK_SIZES = (10,)
QUICK_RAW_DOCUMENTS = 3  # the smallest of raw/
SAMPLE_SECONDS = 0.2
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")
QUERY_REPEATS = 25


@dataclass(frozen=True)
class Timed:
    seconds: float
    peak_rss_mb: float
    load: float  # one-minute load average at the end
    largest_at_peak: list[tuple[str, float]]  # the biggest processes (MB) when the sum peaked


def load_average() -> float:
    return round(os.getloadavg()[0], 2)


def session_rss(session_id: int) -> dict[str, int]:
    """Resident bytes of each process of a session, by "pid command"."""
    sizes = {}
    for pid in session_processes(session_id):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            sizes[f"{pid} {command[:120]}"] = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_BYTES
        except (OSError, ValueError):
            continue  # the process ended between the listing and the read
    return sizes


class MemoryWatch(threading.Thread):
    """The peak of the summed resident memory of a process session, and its largest processes then."""

    def __init__(self, session_id: int):
        super().__init__(daemon=True)
        self.session_id = session_id
        self.peak = 0
        self.largest: list[tuple[str, float]] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            sizes = session_rss(self.session_id)
            if sum(sizes.values()) > self.peak:
                self.peak = sum(sizes.values())
                top = sorted(sizes.items(), key=lambda item: -item[1])[:4]
                self.largest = [(command, round(size / 1e6, 1)) for command, size in top]
            self.stop.wait(SAMPLE_SECONDS)


@dataclass
class Workspace:
    """A raw folder and a warehouse of its own, in a temporary folder."""

    root: Path
    raw_dir: Path

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse" / "nonferrous.duckdb"

    def environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
        env.update({
            "NONFERROUS_RAW_DIR": str(self.raw_dir),
            "NONFERROUS_WAREHOUSE": str(self.warehouse),
            "DO_NOT_TRACK": "1",
            "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
            "GX_ANALYTICS_ENABLED": "false",
        })
        return env

    def make_run(self, label: str) -> Timed:
        """`make run` as a person types it; its output goes to <root>/<label>.log."""
        log = self.root / f"{label}.log"
        started = time.perf_counter()
        with open(log, "wb") as handle:
            process = subprocess.Popen(
                ["make", "--no-print-directory", "run"], cwd=PROJECT_ROOT, env=self.environment(),
                stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
            )
            watch = MemoryWatch(process.pid)
            watch.start()
            returncode = process.wait()
        seconds = time.perf_counter() - started
        watch.stop.set()
        watch.join()
        if returncode != 0:
            raise SystemExit(f"make run ({label}) failed with {returncode}:\n{log.read_text(errors='replace')[-4000:]}")
        return Timed(round(seconds, 2), round(watch.peak / 1e6, 1), load_average(), watch.largest)

    def figures_of(self, document_id: str) -> int:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute("select count(*) from marts.fct_figure where document_id = ?", [document_id]).fetchone()[0]

    def figure_count(self) -> int:
        with duckdb.connect(str(self.warehouse), read_only=True) as con:
            return con.execute("select count(*) from marts.fct_figure").fetchone()[0]


def extraction_speed() -> dict[str, float]:
    """The extractor's own benchmark (benchmarks/extraction_speed.py) over raw/, in this process."""
    from benchmarks.extraction_speed import corpus_texts, measure

    return {**measure(corpus_texts(), repeat=3).as_dict(), "load": load_average()}


def series_query(warehouse: Path) -> dict[str, object]:
    """A typical analyst lookup: one commodity's one indicator, every period, in order."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables = {name for (name,) in con.execute(
            "select table_name from information_schema.tables where table_schema = 'marts'").fetchall()}
        if {"dim_series", "fct_observation"} <= tables:
            sql = (
                "select o.* from marts.fct_observation o join marts.dim_series s using (series_id) "
                "where s.commodity_code = ? and s.indicator_code = ? order by o.period_end"
            )
        else:
            sql = (
                "select period_start, period_end, period_grain, value_base, unit_base, document_id "
                "from marts.fct_figure where commodity_code = ? and indicator_code = ? and measure = 'level' "
                "order by period_end, document_id"
            )
        parameters = ["copper", "output"]
        rows = len(con.execute(sql, parameters).fetchall())  # warm: the first read loads the file
        timings = []
        for _ in range(QUERY_REPEATS):
            started = time.perf_counter()
            con.execute(sql, parameters).fetchall()
            timings.append((time.perf_counter() - started) * 1000)
    return {"series_query_ms": round(statistics.median(timings), 2), "rows": rows, "sql": sql,
            "parameters": parameters, "load": load_average()}


def machine() -> dict[str, object]:
    memory_kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                     if line.startswith("MemTotal:"))
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1), "cpu": model,
            "python": platform.python_version(), "load_at_start": load_average()}


def bench(sizes: tuple[int, ...], root: Path, raw_documents: list[Path]) -> dict[str, object]:
    results: dict[str, object] = {"machine": machine(), "sizes": list(sizes)}
    print(f"machine: {results['machine']}", flush=True)

    extraction = extraction_speed()
    results["extraction"] = extraction
    results.update({key: extraction[key] for key in ("bare_scan_mb_s", "extract_mb_s", "extract_ratio")})
    print(f"extraction: {extraction}", flush=True)

    corpus = Workspace(root / "corpus", root / "corpus" / "raw")
    corpus.raw_dir.mkdir(parents=True)
    for document in raw_documents:
        shutil.copy2(document, corpus.raw_dir / document.name)
    first = corpus.make_run("first_run")
    noop = corpus.make_run("noop_run")
    results["corpus"] = {"documents": len(raw_documents), "first_run": first.__dict__, "noop_run": noop.__dict__}
    results.update({"first_run_s": first.seconds, "noop_run_s": noop.seconds})
    print(f"raw/: first run {first}, no-op run {noop}", flush=True)

    rebuilds = []
    for count in sizes:
        workspace = Workspace(root / f"scale_{count}", root / f"scale_{count}" / "raw")
        text_bytes = generate(workspace.raw_dir, count)
        timed = workspace.make_run("full_rebuild")
        rebuilds.append({"documents": count, "megabytes": round(text_bytes / 1e6, 1), **timed.__dict__,
                         "fct_figure_rows": workspace.figure_count()})
        print(f"{count} documents ({text_bytes / 1e6:.1f} MB): full rebuild {timed}", flush=True)
        if count != max(sizes):
            shutil.rmtree(workspace.root / "raw", ignore_errors=True)
            shutil.rmtree(workspace.root / "warehouse", ignore_errors=True)
    results["rebuilds"] = rebuilds
    results["full_rebuild_s"] = {str(r["documents"]): r["seconds"] for r in rebuilds}
    results["peak_rss_mb"] = {str(r["documents"]): r["peak_rss_mb"] for r in rebuilds}

    largest = Workspace(root / f"scale_{max(sizes)}", root / f"scale_{max(sizes)}" / "raw")
    generate(largest.raw_dir, 1, start=max(sizes))  # the next document of the same corpus
    new_document = f"syn_{max(sizes):05d}"
    incremental = largest.make_run("incremental_one_doc")
    figures = largest.figures_of(new_document)
    if figures == 0:
        raise SystemExit(f"the new document {new_document} has no figure in marts.fct_figure after make run")
    results["incremental"] = {"documents_before": max(sizes), "new_document": new_document,
                              "new_document_figures": figures, **incremental.__dict__}
    results["incremental_one_doc_s"] = incremental.seconds
    print(f"one new document into {max(sizes)}: {incremental} ({figures} figures)", flush=True)

    query = series_query(largest.warehouse)
    results["series_query"] = query
    results["series_query_ms"] = query["series_query_ms"]
    print(f"series query: {query['series_query_ms']} ms median of {QUERY_REPEATS} ({query['rows']} rows)", flush=True)
    results["load_at_end"] = load_average()
    return results


def table(results: dict[str, object]) -> str:
    rows = [
        ("bare_scan_mb_s", results["bare_scan_mb_s"], results["extraction"]["load"]),
        ("extract_mb_s", results["extract_mb_s"], results["extraction"]["load"]),
        ("extract_ratio", results["extract_ratio"], results["extraction"]["load"]),
        ("first_run_s (raw/)", results["first_run_s"], results["corpus"]["first_run"]["load"]),
        ("noop_run_s (raw/)", results["noop_run_s"], results["corpus"]["noop_run"]["load"]),
    ]
    for rebuild in results["rebuilds"]:
        rows.append((f"full_rebuild_s ({rebuild['documents']} docs, {rebuild['megabytes']} MB)", rebuild["seconds"], rebuild["load"]))
        rows.append((f"peak_rss_mb ({rebuild['documents']} docs)", rebuild["peak_rss_mb"], rebuild["load"]))
    incremental = results["incremental"]
    rows.append((f"incremental_one_doc_s (into {incremental['documents_before']})", results["incremental_one_doc_s"], incremental["load"]))
    rows.append((f"series_query_ms ({max(results['sizes'])} docs)", results["series_query_ms"], results["series_query"]["load"]))
    width = max(len(name) for name, _, _ in rows)
    lines = [f"{'figure':<{width}}  {'value':>10}  load (1 min)", "-" * (width + 26)]
    lines += [f"{name:<{width}}  {value:>10}  {load}" for name, value, load in rows]
    machine_ = results["machine"]
    lines.append(f"machine: {machine_['cores']} cores, {machine_['memory_gb']} GB, {machine_['cpu']}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help=f"sizes {QUICK_SIZES} and the {QUICK_RAW_DOCUMENTS} smallest raw/ documents: a smoke test")
    parser.add_argument("--sizes", help="document counts of the scale corpus, comma-separated")
    parser.add_argument("--output", type=Path, default=PROJECT_ROOT / "warehouse" / "bench.json")
    parser.add_argument("--keep", action="store_true", help="keep the temporary warehouses and print where")
    args = parser.parse_args()
    sizes = tuple(int(n) for n in args.sizes.split(",")) if args.sizes else (QUICK_SIZES if args.quick else FULL_SIZES)
    raw_documents = sorted(CORPUS.glob("*.txt"))
    if args.quick:
        raw_documents = sorted(raw_documents, key=lambda path: path.stat().st_size)[:QUICK_RAW_DOCUMENTS]
    root = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        results = bench(sizes, root, raw_documents)
        results["mode"] = "quick" if args.quick else "full"
    finally:
        if args.keep:
            print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(table(results))
    print(f"written {args.output}")


if __name__ == "__main__":
    sys.exit(main())
