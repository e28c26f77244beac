"""The publication gate's span check on a 40 MB document with 100,000 figures: time and the
memory it adds. The check reads each document's text once and slices it in Python; it never
copies the text into a row per figure (which cost gigabytes before).

    .venv/bin/python benchmarks/span_check_memory.py [--megabytes 40] [--figures 100000]

Builds a DuckDB file with one document in a temporary folder, then, in this process, reads the
figures and checks their spans as the fct_figure suite does. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pandas as pd

LINE = "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。\n"


def build(path: Path, megabytes: int) -> None:
    text = LINE * (megabytes * 1_000_000 // len(LINE.encode()))
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts")
        con.execute("create table marts.dim_document(document_id varchar, text varchar)")
        con.execute("insert into marts.dim_document values ('big', ?)", [text])


def measure(path: Path, count: int) -> None:
    from orchestration.quality.suites import spans_match

    first = LINE.index("2660.0")
    starts = [first + i * len(LINE) for i in range(count)]
    figures = pd.DataFrame({"document_id": ["big"] * count, "char_start": starts,
                            "char_end": [start + 6 for start in starts], "number_text": ["2660.0"] * count})
    with duckdb.connect(str(path), read_only=True) as con:
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        started = time.perf_counter()
        matches = spans_match(con, figures)
        took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{count} figures: {int(matches.sum())} spans match, {took:.2f} s; peak RSS {before:.0f} MB before "
          f"the check, {after:.0f} MB after (+{after - before:.0f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--megabytes", type=int, default=40)
    parser.add_argument("--figures", type=int, default=100_000)
    parser.add_argument("--measure", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.measure:
        measure(Path(arguments.measure), arguments.figures)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "w.duckdb"
        build(path, arguments.megabytes)
        print(f"a document of {arguments.megabytes} MB (UTF-8) in {path.name}")
        # measured in a fresh process, so that building the file does not count
        subprocess.run([sys.executable, __file__, "--measure", str(path), "--figures", str(arguments.figures)], check=True,
                       cwd=Path(__file__).resolve().parent.parent)


if __name__ == "__main__":
    main()
