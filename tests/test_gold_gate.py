"""The gold regression gate: the extractor's scores on the gold set (tests/gold/*.jsonl) hold
the floors committed in tests/gold/baseline.json (every score `make eval` prints, by name:
per category, per genre, the core figures' strict accuracy, slot accuracies).

When scores rise, nothing fails: raise the floors by writing the baseline
again (`make eval ARGS="--write-baseline"`) and commit it. When a gold file is added or
relabelled, the gate fails until the baseline is written again; a baseline that lowers a floor
is refused unless `--note "why"` is given, and the note stays in the file.
"""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.evaluation import baseline as gate
from orchestration.evaluation.gold import gold_paths, gold_sha256, load_gold_document
from orchestration.evaluation.scoring import score


@pytest.fixture(scope="module")
def measured() -> tuple[dict[str, str], dict[str, float]]:
    paths = gold_paths()
    assert paths, "no gold files in tests/gold"
    scores = score(load_gold_document(p) for p in paths)
    return {p.stem: gold_sha256(p) for p in paths}, scores.metrics()


def test_scores_hold_the_committed_floors(measured):
    gold, floors = measured
    problems = gate.gate_problems(gate.read_baseline(), gold, floors)
    if problems:
        pytest.fail("gold regression gate:\n" + "\n".join(problems), pytrace=False)


# ----------------------------------------------------------------------------- the gate's rules --

GOLD = {"a": "1", "b": "2"}
FLOORS = {"overall.recall": 0.9, "genre.market.precision": 0.8}


def test_a_score_below_its_floor_fails():
    problems = gate.gate_problems(gate.Baseline(GOLD, FLOORS), GOLD, {**FLOORS, "overall.recall": 0.89})
    assert problems == ["overall.recall: 0.8900 is below its floor 0.9000"]


def test_float_rounding_is_not_a_drop():
    assert gate.gate_problems(gate.Baseline(GOLD, FLOORS), GOLD, {**FLOORS, "overall.recall": 0.9 - 1e-12}) == []


def test_a_new_gold_file_fails_and_says_how_to_regenerate():
    problems = gate.gate_problems(gate.Baseline(GOLD, FLOORS), {**GOLD, "c": "3"}, FLOORS)
    assert problems[0] == "tests/gold/c.jsonl has no baseline entry"
    assert 'make eval ARGS="--write-baseline"' in problems[-1]


def test_a_relabelled_or_removed_gold_file_fails():
    problems = gate.gate_problems(gate.Baseline(GOLD, FLOORS), {"a": "changed"}, FLOORS)
    assert problems[:2] == ["tests/gold/a.jsonl changed since the baseline was written",
                            "the baseline lists b, which has no gold file now"]


def test_every_score_needs_a_floor_and_every_floor_a_score():
    problems = gate.gate_problems(gate.Baseline(GOLD, FLOORS), GOLD,
                                  {"overall.recall": 0.95, "genre.stats.recall": 0.5})
    assert problems[0] == "genre.market.precision: no longer measured (floor 0.8000)"
    assert problems[1].startswith("genre.stats.recall: measured (0.5000) but has no floor")


def test_lowering_a_floor_needs_a_note_which_is_kept():
    previous = gate.Baseline(GOLD, FLOORS)
    lower = {**FLOORS, "overall.recall": 0.7}
    with pytest.raises(gate.LoweringRefused, match="overall.recall: 0.9000 -> 0.7000"):
        gate.new_baseline(GOLD, lower, previous, None, date(2025, 1, 2))
    written = gate.new_baseline(GOLD, lower, previous, "relabelled market gold", date(2025, 1, 2))
    assert written.floors == lower
    assert written.notes == ({"date": "2025-01-02", "note": "relabelled market gold",
                              "lowered": {"overall.recall": [0.9, 0.7]}},)
    raised = gate.new_baseline(GOLD, {**lower, "overall.recall": 0.95}, written, None, date(2025, 1, 3))
    assert raised.notes == written.notes and raised.floors["overall.recall"] == 0.95
