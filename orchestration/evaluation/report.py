"""The tables `make eval` prints."""

from __future__ import annotations

from typing import TextIO

from .scoring import (
    CORE_CATEGORIES,
    INFO_SLOTS,
    SCORED_SLOTS,
    STRICT_SLOTS,
    TEXT_SLOTS,
    Group,
    Scores,
    ordered_categories,
)


def _f(value: float | None, width: int = 6) -> str:
    return f"{value:>{width}.3f}" if value is not None else f"{'-':>{width}}"


def _prf(group: Group) -> str:
    return f"{group.gold:>5} {group.predicted:>5} {_f(group.precision)} {_f(group.recall)} {_f(group.f1)}"


def print_scores(scores: Scores, out: TextIO) -> None:
    print(f"{'category':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}", file=out)
    for name in ordered_categories(scores.categories):
        print(f"{name:<12} {_prf(scores.categories[name])}", file=out)
    print(f"{'OVERALL':<12} {_prf(scores.overall)}", file=out)

    core = scores.core
    print(file=out)
    print(f"core figures ({'/'.join(CORE_CATEGORIES)}), together:", file=out)
    print(f"  gold {core.gold}, predicted {core.predicted}: precision {_f(core.precision, 0)}, "
          f"recall {_f(core.recall, 0)}", file=out)
    print(f"  strict accuracy {_f(core.strict, 0)} ({core.strict_hits} of {core.core_gold} gold figures matched "
          f"with {', '.join(STRICT_SLOTS)} all right)", file=out)

    slot_heads = ("value", "measure", "period_end", "category", "subject~", "indicator~")
    print(file=out)
    print(f"{'genre':<10} {'docs':>4} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6} {'strict':>6}  "
          + " ".join(f"{h:>{max(len(h), 6)}}" for h in slot_heads), file=out)
    for name in sorted(scores.genres):
        group = scores.genres[name]
        docs = sum(genre == name for genre in scores.document_genres.values())
        slots = " ".join(_f(group.slot(slot), max(len(head), 6)) for slot, head in zip(
            SCORED_SLOTS + ("subject_fair", "indicator_fair"), slot_heads))
        print(f"{name:<10} {docs:>4} {_prf(group)} {_f(group.strict)}  {slots}", file=out)
    print("  (strict: of the genre's core gold figures; slots: on its matched figures; ~ = scored fairly)",
          file=out)

    print(file=out)
    width = max([24] + [len(d) for d in scores.documents])
    print(f"{'document':<{width}} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}", file=out)
    for name in sorted(scores.documents):
        print(f"{name:<{width}} {_prf(scores.documents[name])}", file=out)

    overall = scores.overall
    print(file=out)
    print(f"slot accuracy on {overall.gold_matched} matched figures:", file=out)
    for name in SCORED_SLOTS:
        print(f"  {name:<14} {_f(overall.slot(name), 0)}", file=out)
    print("  (for information)", file=out)
    for name in INFO_SLOTS:
        print(f"  {name:<14} {_f(overall.slot(name), 0)}", file=out)
    print(f"  {'':<14} {'exact':>6} {'fair':>6}", file=out)
    for label, exact, fair in TEXT_SLOTS:
        print(f"  {label:<14} {_f(overall.slot(exact))} {_f(overall.slot(fair))}", file=out)
    links = scores.links
    print(f"of-which links on matched figures: {links['reproduced']} of {links['gold']} gold links "
          f"reproduced; {links['predicted']} predicted", file=out)
