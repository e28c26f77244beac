"""The Great Expectations suites on a built warehouse, timed one by one as the pipeline runs them
(`run_suite` with Data Docs), in DuckDB (the product) or in GE's pandas engine (the reference).

    .venv/bin/python -m benchmarks.suite_speed WAREHOUSE [--engine duckdb|pandas] [--suites fct_figure,...]

WAREHOUSE: a DuckDB file, e.g. one kept by `benchmarks/full_rebuild.py --keep`. Prints each
suite's wall time with the load average, the Great Expectations import, the total and this
process's peak resident memory (run one engine per process to compare peaks). Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
import time
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")


def main() -> None:
    from orchestration.quality import suites

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path)
    parser.add_argument("--engine", choices=("duckdb", "pandas"), default="duckdb")
    parser.add_argument("--suites", default=",".join(suites.SUITES))
    args = parser.parse_args()

    started = time.perf_counter()
    suites._great_expectations()
    print(f"Great Expectations import {time.perf_counter() - started:.1f} s")
    docs = Path(tempfile.mkdtemp(prefix="suite_speed_"))
    total = 0.0
    try:
        for name in args.suites.split(","):
            load = os.getloadavg()[0]
            started = time.perf_counter()
            run = suites.run_suite(args.warehouse, name, docs, engine=args.engine)
            took = time.perf_counter() - started
            total += took
            print(f"{name:<15} {took:6.1f} s  (load {load:.1f})  {run.row_count} rows, "
                  f"{run.statistics['successful_expectations']}/{run.statistics['evaluated_expectations']} met")
    finally:
        shutil.rmtree(docs)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.engine}: suites {total:.1f} s, peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
