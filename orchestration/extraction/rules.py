"""Ordered lists of small named rules: the first rule that decides a slot wins.

A rule is a function of the clues about one number returning the slot's value, or `None`
when it does not apply. The rule that decided is recorded on the figure (`Figure.rules`), so
"why is this a forecast?" is answered by a name such as `modality:forecast_word`. A rule may
decide that a slot stays empty by returning `EMPTY`.

    MEASURE = RuleList("measure")

    @MEASURE.rule("percentage_points")
    def _(clues):
        return "pp_change" if clues.unit_base == "pp" else None

Rules are tried in the order they are defined. A new wording that needs more than a lexicon
line is a new named rule placed where it should take precedence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Generic, TypeVar

T = TypeVar("T")


class _Empty:
    def __repr__(self) -> str:
        return "EMPTY"


EMPTY: Any = _Empty()  # a rule's decision that the slot has no value


@dataclass(frozen=True)
class Rule(Generic[T]):
    name: str
    decide: Callable[[Any], T | None]


class RuleList(Generic[T]):
    def __init__(self, slot: str):
        self.slot = slot
        self.rules: list[Rule[T]] = []
        # (rule, "slot:name", the base units it applies to or None for all), in order
        self._tried: list[tuple[Callable[[Any], T | None], str, frozenset[str] | None]] = []
        # base unit -> the (rule, "slot:name") that apply to it, in order: a figure tries only those
        self._for_unit: dict[str | None, tuple[tuple[Callable[[Any], T | None], str], ...]] = {}

    def rule(self, name: str, units: tuple[str, ...] | None = None
             ) -> Callable[[Callable[[Any], T | None]], Callable[[Any], T | None]]:
        """Register a rule; `units`: it applies only to figures in these base units (pct …)."""
        if any(r.name == name for r in self.rules):
            raise ValueError(f"{self.slot}: two rules named {name}")

        def register(function: Callable[[Any], T | None]) -> Callable[[Any], T | None]:
            self.rules.append(Rule(name, function))
            self._tried.append((function, f"{self.slot}:{name}", frozenset(units) if units else None))
            self._for_unit.clear()
            return function

        return register

    def decide(self, clues: Any, default: T | None = None) -> tuple[T | None, str]:
        """(value, "slot:rule") of the first rule that decides; the default when none does."""
        unit_base = getattr(clues, "unit_base", None)
        tried = self._for_unit.get(unit_base)
        if tried is None:
            tried = self._for_unit[unit_base] = tuple(
                (decide, label) for decide, label, units in self._tried if units is None or unit_base in units)
        for decide, label in tried:
            value = decide(clues)
            if value is not None:
                return (None if value is EMPTY else value), label
        return default, f"{self.slot}:default"

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rules)
