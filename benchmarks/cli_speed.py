"""How fast does `nonferrous series` answer? Start-up and query measured apart.

Runs the installed console script N times (default 7) against a built warehouse and prints the
median and best of:
- start-up: `nonferrous --help`, the interpreter and the command module (click) without touching
  the warehouse;
- series: `nonferrous series <query>` end to end;
- query: the time the series command spends after its module loaded (opening DuckDB read-only,
  finding the series, reading the observations, printing), reported by the command itself when
  NONFERROUS_TIMINGS is set;
- CPU: user + system seconds of the series process (less sensitive to a busy machine than wall time).
The target is an answer in under one second on the corpus warehouse.

    .venv/bin/python benchmarks/cli_speed.py [--warehouse warehouse/nonferrous.duckdb] [--query 精炼铜产量] [--runs 7]

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
NONFERROUS = Path(sys.executable).parent / "nonferrous"
REPORTED = re.compile(r"series: ([0-9.]+) s after the command module loaded")


def timed(arguments: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Wall seconds, CPU seconds of the child, and its standard error."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(arguments, capture_output=True, text=True, env=env, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stderr


def summary(name: str, values: list[float]) -> str:
    return f"{name:<10} median {statistics.median(values):.3f} s   best {min(values):.3f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=PROJECT_ROOT / "warehouse" / "nonferrous.duckdb")
    parser.add_argument("--query", default="精炼铜产量")
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    env = {**os.environ, "NONFERROUS_TIMINGS": "1", "COLUMNS": "120"}

    startup, total, query, cpu = [], [], [], []
    timed([str(NONFERROUS), "--help"], env)  # warm the file cache once
    for _ in range(options.runs):
        startup.append(timed([str(NONFERROUS), "--help"], env)[0])
        wall, seconds, stderr = timed([str(NONFERROUS), "series", options.query, "--warehouse", str(options.warehouse)], env)
        total.append(wall)
        cpu.append(seconds)
        query.append(float(REPORTED.search(stderr).group(1)))
    print(f"nonferrous series {options.query!r} on {options.warehouse} ({options.runs} runs, load average {os.getloadavg()[0]:.1f})")
    print(summary("start-up", startup))
    print(summary("query", query))
    print(summary("series", total))
    print(summary("cpu", cpu))


if __name__ == "__main__":
    main()
