"""Score the extractor against the hand-labelled gold set.

    python -m orchestration.extraction.evaluate            # the scores
    python -m orchestration.extraction.evaluate --misses DOC   # false negatives/positives
    python -m orchestration.extraction.evaluate --slot period_end [--doc DOC]  # one slot's mismatches

Predictions match gold by exact span (char_start, char_end). Recall is counted by the gold
figure's category, precision by the predicted figure's category. Slot accuracy is measured on
matched pairs. Exit status 1 when no gold file is found.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from . import extract
from .model import CATEGORIES, Figure

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "gold"
RAW_DIR = ROOT / "raw"

SCORED_SLOTS = ("value_base", "measure", "period_end", "category")
INFO_SLOTS = ("unit", "qualifier", "period_start", "period_grain", "flow", "scope", "subject_zh",
              "indicator_zh", "parent")
# "parent" is the of-which link: the char_start of the predicted figure's whole (its
# parent_index resolved in the same extraction) against gold's parent_char_start.


def _published_on(doc: str) -> date | None:
    sidecar = RAW_DIR / f"{doc}.yaml"
    if not sidecar.exists():
        return None
    for line in sidecar.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("published_on:"):
            raw = line.split(":", 1)[1].strip().strip("'\"")
            try:
                return date.fromisoformat(raw)
            except ValueError:
                return None
    return None


def load_gold(path: Path) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            rows.append(json.loads(line))
    return rows


def _parent_starts(figures) -> dict[tuple[int, int], int | None]:
    """Span -> the char_start of the figure's whole (None when it is not an of-which part)."""
    out = {}
    for f in figures:
        p = f.parent_index
        out[(f.char_start, f.char_end)] = figures[p].char_start if p is not None and 0 <= p < len(figures) else None
    return out


def _slot(fig: Figure | dict, name: str, parents: dict | None = None):
    if name == "parent":
        if isinstance(fig, dict):
            return fig.get("parent_char_start")
        return (parents or {}).get((fig.char_start, fig.char_end))
    value = fig[name] if isinstance(fig, dict) else getattr(fig, name)
    if isinstance(value, date):
        return value.isoformat()
    return value


def _equal(name: str, pred, gold) -> bool:
    if name == "value_base":
        if pred is None or gold is None:
            return pred is None and gold is None
        return math.isclose(float(pred), float(gold), rel_tol=1e-9, abs_tol=1e-12)
    return pred == gold


class Tally:
    def __init__(self) -> None:
        self.tp = 0
        self.fp = 0
        self.fn = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


def evaluate(docs: list[str] | None = None, out=sys.stdout) -> int:
    gold_files = sorted(GOLD_DIR.glob("*.jsonl"))
    if docs:
        gold_files = [g for g in gold_files if g.stem in docs]
    if not gold_files:
        print("no gold files found in", GOLD_DIR, file=out)
        return 1
    by_cat_recall: dict[str, Tally] = defaultdict(Tally)
    by_cat_precision: dict[str, Tally] = defaultdict(Tally)
    by_doc: dict[str, Tally] = defaultdict(Tally)
    overall = Tally()
    slot_hits: dict[str, int] = defaultdict(int)
    links: dict[str, int] = defaultdict(int)  # of-which links on matched figures
    matched = 0
    for path in gold_files:
        doc = path.stem
        raw = RAW_DIR / f"{doc}.txt"
        if not raw.exists():
            print(f"skipping {doc}: no raw/{doc}.txt", file=out)
            continue
        gold = load_gold(path)
        text = raw.read_text(encoding="utf-8")
        pred = extract(text, _published_on(doc)).figures
        parents = _parent_starts(pred)
        gold_by_span = {(g["char_start"], g["char_end"]): g for g in gold}
        pred_by_span = {(f.char_start, f.char_end): f for f in pred}
        for span, g in gold_by_span.items():
            cat = g["category"]
            if span in pred_by_span:
                by_cat_recall[cat].tp += 1
                by_doc[doc].tp += 1
                overall.tp += 1
                matched += 1
                f = pred_by_span[span]
                for name in SCORED_SLOTS + INFO_SLOTS:
                    if _equal(name, _slot(f, name, parents), _slot(g, name)):
                        slot_hits[name] += 1
                p_link, g_link = _slot(f, "parent", parents), g.get("parent_char_start")
                if g_link is not None:
                    links["gold"] += 1
                    links["reproduced"] += p_link == g_link
                if p_link is not None:
                    links["pred"] += 1
            else:
                by_cat_recall[cat].fn += 1
                by_doc[doc].fn += 1
                overall.fn += 1
        for span, f in pred_by_span.items():
            if span in gold_by_span:
                by_cat_precision[f.category].tp += 1
            else:
                by_cat_precision[f.category].fp += 1
                by_doc[doc].fp += 1
                overall.fp += 1

    print(f"{'category':<12} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}", file=out)
    for cat in CATEGORIES:
        r = by_cat_recall[cat]
        p = by_cat_precision[cat]
        n_gold = r.tp + r.fn
        n_pred = p.tp + p.fp
        if not n_gold and not n_pred:
            continue
        prec = p.tp / n_pred if n_pred else 0.0
        rec = r.tp / n_gold if n_gold else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        print(f"{cat:<12} {n_gold:>5} {n_pred:>5} {prec:>6.3f} {rec:>6.3f} {f1:>6.3f}", file=out)
    print(file=out)
    print(f"{'document':<24} {'gold':>5} {'pred':>5} {'P':>6} {'R':>6} {'F1':>6}", file=out)
    for doc, t in sorted(by_doc.items()):
        p, r, f = t.prf()
        print(f"{doc:<24} {t.tp + t.fn:>5} {t.tp + t.fp:>5} {p:>6.3f} {r:>6.3f} {f:>6.3f}", file=out)
    p, r, f = overall.prf()
    print(f"{'OVERALL':<24} {overall.tp + overall.fn:>5} {overall.tp + overall.fp:>5} "
          f"{p:>6.3f} {r:>6.3f} {f:>6.3f}", file=out)
    print(file=out)
    print(f"slot accuracy on {matched} matched figures:", file=out)
    for name in SCORED_SLOTS:
        acc = slot_hits[name] / matched if matched else 0.0
        print(f"  {name:<14} {acc:.3f}", file=out)
    print("  (for information)", file=out)
    for name in INFO_SLOTS:
        acc = slot_hits[name] / matched if matched else 0.0
        print(f"  {name:<14} {acc:.3f}", file=out)
    print(f"of-which links on matched figures: {links['reproduced']} of {links['gold']} gold links "
          f"reproduced; {links['pred']} predicted", file=out)
    return 0


def misses(doc: str, slots: bool = True, out=sys.stdout) -> int:
    path = GOLD_DIR / f"{doc}.jsonl"
    if not path.exists():
        print("no gold for", doc, file=out)
        return 1
    text = (RAW_DIR / f"{doc}.txt").read_text(encoding="utf-8")
    gold = load_gold(path)
    pred = extract(text, _published_on(doc)).figures
    gold_by_span = {(g["char_start"], g["char_end"]): g for g in gold}
    pred_by_span = {(f.char_start, f.char_end): f for f in pred}

    def ctx(s: int, e: int) -> str:
        return (text[max(0, s - 20):s] + "[" + text[s:e] + "]" + text[e:e + 12]).replace("\n", "⏎")

    print("== false negatives (in gold, not predicted)", file=out)
    for span, g in sorted(gold_by_span.items()):
        if span not in pred_by_span:
            print(f"  {span} {g['category']:<11} {g['measure']:<10} {ctx(*span)}", file=out)
    print("== false positives (predicted, not in gold)", file=out)
    for span, f in sorted(pred_by_span.items()):
        if span not in gold_by_span:
            print(f"  {span} {f.category:<11} {f.measure:<10} {ctx(*span)}", file=out)
    if slots:
        print("== slot mismatches on matched figures (pred != gold)", file=out)
        for span, g in sorted(gold_by_span.items()):
            f = pred_by_span.get(span)
            if f is None:
                continue
            diffs = [f"{n}: {_slot(f, n)!r} != {g.get(n)!r}" for n in SCORED_SLOTS
                     if not _equal(n, _slot(f, n), g.get(n))]
            if diffs:
                print(f"  {span} {ctx(*span)}  " + "; ".join(diffs), file=out)
    return 0


def slot_mismatches(name: str, docs: list[str] | None = None, out=sys.stdout) -> int:
    """Every matched figure whose `name` slot differs from gold, with its context, and a tally
    of (predicted, gold) pairs so the commonest confusions show first."""
    if name not in SCORED_SLOTS + INFO_SLOTS:
        print(f"unknown slot {name!r}; one of {', '.join(SCORED_SLOTS + INFO_SLOTS)}", file=out)
        return 1
    gold_files = sorted(GOLD_DIR.glob("*.jsonl"))
    if docs:
        gold_files = [g for g in gold_files if g.stem in docs]
    confusions: dict[tuple[str, str], int] = defaultdict(int)
    total = 0
    for path in gold_files:
        doc = path.stem
        raw = RAW_DIR / f"{doc}.txt"
        if not raw.exists():
            continue
        text = raw.read_text(encoding="utf-8")
        figures = extract(text, _published_on(doc)).figures
        parents = _parent_starts(figures)
        pred = {(f.char_start, f.char_end): f for f in figures}
        print(f"== {doc}", file=out)
        for g in load_gold(path):
            f = pred.get((g["char_start"], g["char_end"]))
            if f is None or _equal(name, _slot(f, name, parents), _slot(g, name)):
                continue
            total += 1
            p_val, g_val = _slot(f, name, parents), _slot(g, name)
            confusions[(repr(p_val), repr(g_val))] += 1
            s, e = g["char_start"], g["char_end"]
            context = (text[max(0, s - 30):s] + "[" + text[s:e] + "]" + text[e:e + 15]).replace("\n", "⏎")
            print(f"  {s:>6} pred={p_val!r} gold={g_val!r}  {context}", file=out)
    print(f"== {total} mismatches on {name}; commonest (pred -> gold):", file=out)
    for (p_val, g_val), n in sorted(confusions.items(), key=lambda kv: -kv[1])[:25]:
        print(f"  {n:>4}  {p_val} -> {g_val}", file=out)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--misses", metavar="DOC", help="list false negatives/positives for a document")
    parser.add_argument("--doc", action="append", help="score only these documents")
    parser.add_argument("--slot", metavar="NAME", help="list matched figures whose slot NAME differs from gold")
    args = parser.parse_args(argv)
    if args.slot:
        return slot_mismatches(args.slot, args.doc)
    if args.misses:
        return misses(args.misses)
    return evaluate(args.doc)


if __name__ == "__main__":
    sys.exit(main())
