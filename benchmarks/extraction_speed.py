"""Extraction speed on one core, against a bare regular-expression number scan of the same text.

    .venv/bin/python benchmarks/extraction_speed.py [--repeat 3] [FILE ...]

Prints, for the texts given (default: every raw/*.txt of the project):

- bare_scan_mb_s: a plain regular-expression scan for numbers over the texts, one core;
- extract_mb_s: the full `extract()` over the same texts, one core;
- extract_ratio: extract_mb_s / bare_scan_mb_s.

MB are megabytes (1e6 bytes) of the texts in UTF-8; seconds are the CPU time of this process
(time.process_time: one core, and what a busy neighbour on a shared machine takes is not
counted), the best of `repeat` passes. `measure()` is the reusable
part: the benchmark harness imports it. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from orchestration.extraction import extract  # noqa: E402

BARE_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass(frozen=True)
class ExtractionSpeed:
    documents: int
    megabytes: float
    figures: int
    bare_scan_mb_s: float
    extract_mb_s: float

    @property
    def extract_ratio(self) -> float:
        return self.extract_mb_s / self.bare_scan_mb_s

    def as_dict(self) -> dict[str, float | int]:
        return {
            "documents": self.documents,
            "megabytes": round(self.megabytes, 4),
            "figures": self.figures,
            "bare_scan_mb_s": round(self.bare_scan_mb_s, 2),
            "extract_mb_s": round(self.extract_mb_s, 3),
            "extract_ratio": round(self.extract_ratio, 4),
        }


def _best_seconds(run, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def measure(texts: list[str], repeat: int = 3) -> ExtractionSpeed:
    """Time a bare number scan and the full extractor over `texts` in this process (one core)."""
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    extract(texts[0][:2000])  # the lexicon is compiled at import; warm the rest once

    def bare_scan() -> None:
        for text in texts:
            for _ in BARE_NUMBER.finditer(text):
                pass

    figures = 0

    def full_extract() -> None:
        nonlocal figures
        figures = sum(len(extract(text).figures) for text in texts)

    # the bare scan is quick: repeat it enough to time it well
    scan_rounds = 20
    bare = _best_seconds(lambda: [bare_scan() for _ in range(scan_rounds)], repeat) / scan_rounds
    full = _best_seconds(full_extract, repeat)
    return ExtractionSpeed(len(texts), megabytes, figures, megabytes / bare, megabytes / full)


def corpus_texts(paths: list[Path] | None = None) -> list[str]:
    paths = paths or sorted((PROJECT_ROOT / "raw").glob("*.txt"))
    return [p.read_text(encoding="utf-8-sig") for p in paths]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    speed = measure(corpus_texts(args.files or None), args.repeat)
    for key, value in speed.as_dict().items():
        print(f"{key:16} {value}")


if __name__ == "__main__":
    main()
