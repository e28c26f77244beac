"""Score the extractor against the hand-labelled gold set (tests/gold/*.jsonl).

    python -m orchestration.evaluation                         # every table
    python -m orchestration.evaluation --doc DOC [--doc DOC]   # only these documents
    python -m orchestration.evaluation --misses DOC            # false negatives/positives of DOC
    python -m orchestration.evaluation --slot NAME [--doc DOC] # matched figures whose slot NAME differs
    python -m orchestration.evaluation --write-baseline [--note "why"]   # record the gate's floors

How figures are matched and scored: orchestration/evaluation/scoring.py; the fair comparison of
subjects and indicators: catalogue.py; the gate's baseline: baseline.py. Exit status 1 when no
gold file is found, a gold file cannot be scored, or a baseline is refused.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from typing import TextIO

from . import baseline as gate
from .gold import GOLD_DIR, GoldError, gold_paths, gold_sha256, load_gold_document
from .listings import print_misses, print_slot_mismatches
from .report import print_scores
from .scoring import ALL_SLOTS, score


def main(argv: list[str] | None = None, out: TextIO = sys.stdout) -> int:
    parser = argparse.ArgumentParser(prog="python -m orchestration.evaluation", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--doc", action="append", help="score only this document (repeatable)")
    parser.add_argument("--misses", metavar="DOC", help="list false negatives/positives of a document")
    parser.add_argument("--slot", metavar="NAME", choices=ALL_SLOTS, help="list matched figures whose slot differs")
    parser.add_argument("--write-baseline", action="store_true",
                        help=f"write the current scores as the gate's floors to {gate.BASELINE_PATH.name}")
    parser.add_argument("--note", help="why the new baseline lowers floors (required when it does)")
    args = parser.parse_args(argv)
    if args.write_baseline and args.doc:
        parser.error("--write-baseline scores the whole gold set; leave out --doc")

    paths = gold_paths()
    wanted = set(args.doc or ()) | ({args.misses} if args.misses else set())
    if wanted:
        unknown = wanted - {p.stem for p in paths}
        if unknown:
            print(f"no gold file for {', '.join(sorted(unknown))} in {GOLD_DIR}", file=out)
            return 1
        paths = [p for p in paths if p.stem in wanted]
    if not paths:
        print(f"no gold files found in {GOLD_DIR}", file=out)
        return 1

    documents, failed = [], False
    for path in paths:
        try:
            documents.append(load_gold_document(path))
        except GoldError as error:
            print(f"not scored: {error}", file=out)
            failed = True

    if args.misses:
        for document in documents:
            print_misses(document, out)
        return int(failed)
    if args.slot:
        print_slot_mismatches(args.slot, documents, out)
        return int(failed)

    scores = score(documents)
    print_scores(scores, out)
    if args.write_baseline:
        if failed:
            print("baseline not written: every gold file must be scored", file=out)
            return 1
        try:
            written = gate.new_baseline({p.stem: gold_sha256(p) for p in paths}, scores.metrics(),
                                        gate.read_baseline(), args.note, date.today())
        except gate.LoweringRefused as refused:
            print(f"\nbaseline not written: {refused}", file=out)
            return 1
        gate.BASELINE_PATH.write_text(written.to_json(), encoding="utf-8")
        print(f"\nwrote {len(written.floors)} floors for {len(written.gold)} gold files to {gate.BASELINE_PATH}",
              file=out)
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())
