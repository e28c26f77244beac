"""The committed baseline of the gold regression gate (tests/gold/baseline.json).

It records, for the gold set as it was when written, the sha256 of every gold file and every
score of `Scores.metrics()` as a floor. The gate (tests/test_gold_gate.py) fails when a gold
file has no entry or changed since, and when a score falls below its floor (beyond float
rounding). Raising floors is a matter of writing the baseline again and committing it; a new
baseline that lowers or drops a floor is refused unless a note says why, and the note is kept
in the file with the floors it lowered.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .gold import GOLD_DIR

BASELINE_PATH = GOLD_DIR / "baseline.json"
REGENERATE = 'make eval ARGS="--write-baseline"'
TOLERANCE = 1e-9  # float rounding only


class LoweringRefused(Exception):
    """Writing the baseline would lower floors and no note says why."""


@dataclass(frozen=True)
class Baseline:
    gold: dict[str, str]  # document id -> sha256 of its gold file
    floors: dict[str, float]
    notes: tuple[dict, ...] = ()

    def to_json(self) -> str:
        data = {
            "about": "Floors of the gold regression gate (tests/test_gold_gate.py): the scores of "
                     f"`make eval` when written. Regenerate with {REGENERATE}; a lower floor needs "
                     '--note "why".',
            "gold": dict(sorted(self.gold.items())),
            "floors": dict(sorted(self.floors.items())),
            "notes": list(self.notes),
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def read_baseline(path: Path = BASELINE_PATH) -> Baseline | None:
    if not Path(path).exists():
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return Baseline(data["gold"], data["floors"], tuple(data.get("notes", ())))


def lowered(previous: Baseline, floors: dict[str, float]) -> dict[str, tuple[float, float | None]]:
    """Floors of `previous` that `floors` lowers or drops: name -> (old, new or None)."""
    return {name: (old, floors.get(name)) for name, old in previous.floors.items()
            if name not in floors or floors[name] < old - TOLERANCE}


def new_baseline(gold: dict[str, str], floors: dict[str, float], previous: Baseline | None,
                 note: str | None, today: date) -> Baseline:
    notes = list(previous.notes) if previous else []
    drops = lowered(previous, floors) if previous else {}
    if drops and not (note and note.strip()):
        shown = "\n".join(f"  {name}: {old:.4f} -> {'(none)' if new is None else f'{new:.4f}'}"
                          for name, (old, new) in sorted(drops.items()))
        raise LoweringRefused(f"the new baseline lowers {len(drops)} floor(s):\n{shown}\n"
                              f'say why with --note "..." (kept in the baseline with these floors)')
    if note and note.strip():
        notes.append({"date": today.isoformat(), "note": note.strip(),
                      "lowered": {name: [old, new] for name, (old, new) in sorted(drops.items())}})
    return Baseline(gold, floors, tuple(notes))


def gate_problems(baseline: Baseline | None, gold: dict[str, str], floors: dict[str, float]) -> list[str]:
    """Why the measured scores do not pass the gate; [] when they do."""
    if baseline is None:
        return [f"no baseline file {BASELINE_PATH.name}: write it with {REGENERATE} and commit it"]
    problems = []
    for document, digest in sorted(gold.items()):
        if document not in baseline.gold:
            problems.append(f"tests/gold/{document}.jsonl has no baseline entry")
        elif baseline.gold[document] != digest:
            problems.append(f"tests/gold/{document}.jsonl changed since the baseline was written")
    problems += [f"the baseline lists {d}, which has no gold file now" for d in sorted(set(baseline.gold) - set(gold))]
    if problems:
        return problems + [f"score the gold set as it is now and record its floors: {REGENERATE} "
                           f'(with --note "why" if a floor drops), then commit tests/gold/baseline.json']
    for name, floor in sorted(baseline.floors.items()):
        if name not in floors:
            problems.append(f"{name}: no longer measured (floor {floor:.4f})")
        elif floors[name] < floor - TOLERANCE:
            problems.append(f"{name}: {floors[name]:.4f} is below its floor {floor:.4f}")
    problems += [f"{name}: measured ({floors[name]:.4f}) but has no floor; rewrite the baseline with {REGENERATE}"
                 for name in sorted(set(floors) - set(baseline.floors))]
    return problems
