"""Listings for working on one document or one slot: the figures behind a score."""

from __future__ import annotations

from collections import Counter
from typing import Iterable, TextIO

from orchestration.extraction import extract

from .gold import GoldDocument
from .scoring import SCORED_SLOTS, parent_starts, slot_equal, slot_value


def _context(text: str, start: int, end: int, before: int = 20, after: int = 12) -> str:
    return (text[max(0, start - before):start] + "[" + text[start:end] + "]" + text[end:end + after]).replace("\n", "⏎")


def print_misses(document: GoldDocument, out: TextIO) -> None:
    """False negatives, false positives and scored-slot mismatches of one document."""
    predicted = extract(document.text, document.published_on).figures
    parents = parent_starts(predicted)
    gold_by_span = {(g["char_start"], g["char_end"]): g for g in document.figures}
    predicted_by_span = {(f.char_start, f.char_end): f for f in predicted}
    print("== false negatives (in gold, not predicted)", file=out)
    for span, g in sorted(gold_by_span.items()):
        if span not in predicted_by_span:
            print(f"  {span} {g['category']:<11} {g['measure']:<10} {_context(document.text, *span)}", file=out)
    print("== false positives (predicted, not in gold)", file=out)
    for span, f in sorted(predicted_by_span.items()):
        if span not in gold_by_span:
            print(f"  {span} {f.category:<11} {f.measure:<10} {_context(document.text, *span)}", file=out)
    print("== slot mismatches on matched figures (pred != gold)", file=out)
    for span, g in sorted(gold_by_span.items()):
        f = predicted_by_span.get(span)
        if f is None:
            continue
        diffs = [f"{n}: {slot_value(f, n, parents)!r} != {slot_value(g, n)!r}" for n in SCORED_SLOTS
                 if not slot_equal(n, slot_value(f, n, parents), slot_value(g, n))]
        if diffs:
            print(f"  {span} {_context(document.text, *span)}  " + "; ".join(diffs), file=out)


def print_slot_mismatches(name: str, documents: Iterable[GoldDocument], out: TextIO) -> None:
    """Every matched figure whose slot `name` differs from gold, with its context, and a tally
    of (predicted, gold) pairs so the commonest confusions show first."""
    confusions: Counter = Counter()
    for document in documents:
        predicted = extract(document.text, document.published_on).figures
        parents = parent_starts(predicted)
        by_span = {(f.char_start, f.char_end): f for f in predicted}
        print(f"== {document.document_id}", file=out)
        for g in document.figures:
            f = by_span.get((g["char_start"], g["char_end"]))
            if f is None:
                continue
            got, want = slot_value(f, name, parents), slot_value(g, name)
            if slot_equal(name, got, want):
                continue
            confusions[(repr(got), repr(want))] += 1
            context = _context(document.text, g["char_start"], g["char_end"], 30, 15)
            print(f"  {g['char_start']:>6} pred={got!r} gold={want!r}  {context}", file=out)
    print(f"== {sum(confusions.values())} mismatches on {name}; commonest (pred -> gold):", file=out)
    for (got, want), n in confusions.most_common(25):
        print(f"  {n:>4}  {got} -> {want}", file=out)
