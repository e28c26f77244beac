"""The figure contract of one document, checked where its figures are made (the figures step),
before they replace what the warehouse publishes of that document.

What breaks the contract for everyone (DESIGN.md, `marts.fct_figure`): keys (ids missing or
repeated, two figures on one span), spans that do not point at their number, values outside the
contract's vocabularies (as dbt's accepted_values in dbt/models/marts/_marts.yml declare them),
broken types (a column that does not convert to its landing type, a value that is not a finite
number) and periods that end before they start. A document whose figures break it is quarantined:
its new figures are withheld, it is listed in marts.rejected_documents (stage `contract`) with the
breaches, and whatever the warehouse published of it before stays.

A value that is only implausible (a share above 100, a fall of more than 100%) is not a breach:
it is published and flagged in marts.figure_flags.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import pyarrow as pa
import yaml

from orchestration.settings import DBT_PROJECT_DIR

EXAMPLES_PER_BREACH = 3
_SENTENCE_CHARS = 80
NOT_NULL = ("figure_id", "document_id", "char_start", "char_end", "number_text", "value", "category", "measure", "scope")
VOCABULARY_COLUMNS = ("category", "measure", "unit_base", "qualifier", "period_grain", "flow", "scope")


class VocabularyMissing(ValueError):
    """_marts.yml declares no accepted values for a contract column."""


@cache
def contract_vocabulary(column: str) -> tuple[str, ...]:
    """The values the contract accepts for a column of marts.fct_figure, as dbt's accepted_values
    test in dbt/models/marts/_marts.yml declares them (one list for dbt, GE and this check)."""
    marts = yaml.safe_load((DBT_PROJECT_DIR / "models" / "marts" / "_marts.yml").read_text(encoding="utf-8"))
    model = next(m for m in marts["models"] if m["name"] == "fct_figure")
    spec = next(c for c in model["columns"] if c["name"] == column)
    for test in spec.get("data_tests", []):
        if isinstance(test, dict) and "accepted_values" in test:
            accepted = test["accepted_values"]
            return tuple((accepted.get("arguments") or accepted)["values"])
    raise VocabularyMissing(f"_marts.yml declares no accepted values for fct_figure.{column}")


@dataclass(frozen=True)
class Example:
    figure_id: str | None
    detail: str
    source_text: str | None


@dataclass(frozen=True)
class Breach:
    """One rule of the contract and the figures of one document that break it."""

    rule: str
    figure_ids: tuple[str | None, ...]
    examples: tuple[Example, ...] = field(default=())

    def describe(self) -> str:
        shown = "; ".join(
            f"{example.figure_id}: {example.detail}" + (f" in 「{_short(example.source_text)}」" if example.source_text else "")
            for example in self.examples
        )
        count = len(self.figure_ids)
        return f"{self.rule}: {count} figure{'s' if count != 1 else ''} ({shown})"

    def as_dict(self) -> dict:
        return {
            "rule": self.rule,
            "figure_ids": list(self.figure_ids),
            "examples": [vars(example) for example in self.examples],
        }


def describe_breaches(breaches: Sequence[Breach]) -> str:
    """The reason a quarantined document is listed with in marts.rejected_documents."""
    return "its figures break the contract: " + " | ".join(breach.describe() for breach in breaches)


def span_matches(text: str, start, end, number_text) -> bool:
    """`text[start:end] == number_text`, with 0 <= start < end <= len(text) (Python offsets)."""
    if not isinstance(number_text, str) or not isinstance(start, int) or not isinstance(end, int):
        return False
    return 0 <= start < end <= len(text) and text[start:end] == number_text


def figure_breaches(text: str, rows: Sequence[Mapping], schema: pa.Schema) -> list[Breach]:
    """Every contract rule that the figure rows of one document (as the figures step lands them,
    `schema` being the landing schema) break against the document's text; [] when none."""
    found: dict[str, list[tuple[Mapping, str]]] = {}

    def breach(rule: str, row: Mapping, detail: str) -> None:
        found.setdefault(rule, []).append((row, detail))

    for column in schema:
        values = [row.get(column.name) for row in rows]
        try:
            pa.array(values, type=column.type)
        except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
            for row, value in zip(rows, values):
                try:
                    pa.array([value], type=column.type)
                except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError, TypeError, ValueError):
                    breach(f"type({column.name})", row, f"{value!r} is not {column.type}")

    for column in NOT_NULL:
        for row in rows:
            if row.get(column) is None:
                breach(f"not_null({column})", row, f"{column} is missing")

    for key, rule in ((("figure_id",), "unique(figure_id)"), (("char_start", "char_end"), "unique(char_start, char_end)")):
        seen: dict[tuple, Mapping] = {}
        for row in rows:
            value = tuple(row.get(name) for name in key)
            if any(part is None for part in value):
                continue
            if value in seen:
                breach(rule, row, f"{', '.join(map(str, value))} is also figure {seen[value].get('figure_id')}")
            else:
                seen[value] = row

    for row in rows:
        start, end, number = row.get("char_start"), row.get("char_end"), row.get("number_text")
        if not span_matches(text, start, end, number):
            there = text[start:end] if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end else None
            breach("span_matches_number_text", row, f"text[{start}:{end}] is {there!r}, not {number!r}")
        for name in ("value", "value_base"):  # value_base follows value: one breach is enough
            value = row.get(name)
            if isinstance(value, float) and not math.isfinite(value):
                breach(f"finite({name})", row, f"{name} is {value} for the number {_short(str(number))!r}")
                break
        start_day, end_day = row.get("period_start"), row.get("period_end")
        if start_day is not None and end_day is not None:
            try:
                backwards = start_day > end_day
            except TypeError:
                backwards = False  # a type breach, reported above
            if backwards:
                breach("period_ordered", row, f"period {start_day} .. {end_day} ends before it starts")

    for column in VOCABULARY_COLUMNS:
        accepted = set(contract_vocabulary(column))
        for row in rows:
            value = row.get(column)
            if value is not None and value not in accepted:
                breach(f"in_vocabulary({column})", row, f"{column} {value!r} is not in the contract's vocabulary")

    return [
        Breach(
            rule=rule,
            figure_ids=tuple(row.get("figure_id") for row, _ in hits),
            examples=tuple(Example(row.get("figure_id"), detail, row.get("source_text"))
                           for row, detail in hits[:EXAMPLES_PER_BREACH]),
        )
        for rule, hits in found.items()
    ]


def _short(text: str | None) -> str:
    text = (text or "").replace("\n", " ")
    return text if len(text) <= _SENTENCE_CHARS else text[:_SENTENCE_CHARS] + "…"
