"""Scores of the extractor on gold documents.

Matching: a predicted figure matches a gold figure with exactly the same span (char_start,
char_end). Recall is counted by the gold figure's category, precision by the predicted figure's
category; a document's or genre's precision and recall count all its figures.

Slot accuracy is measured on matched pairs: the share of them whose slot equals gold
(value_base with a 1e-9 relative tolerance). `parent` is the of-which link: the char_start of
the predicted figure's whole against gold's parent_char_start. `subject_fair` and
`indicator_fair` compare subject_zh and indicator_zh through the catalogues (see catalogue.py);
`subject_zh` and `indicator_zh` are the exact-text comparisons.

Core figures are those of the categories trade, output, investment and profit. Their recall
and precision are counted together (a gold figure of a core category whose span is predicted;
a predicted figure of a core category whose span is in gold). A core gold figure is strictly
right when it is matched and its value_base, unit_base, measure, period_start, period_end and
category all equal gold's; strict accuracy is the share of core gold figures strictly right, so
a missed figure counts as wrong.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Iterable

from orchestration.extraction import Figure, extract
from orchestration.extraction.model import CATEGORIES

from . import catalogue
from .gold import GoldDocument

CORE_CATEGORIES = ("trade", "output", "investment", "profit")
STRICT_SLOTS = ("value_base", "unit_base", "measure", "period_start", "period_end", "category")
SCORED_SLOTS = ("value_base", "measure", "period_end", "category")
INFO_SLOTS = ("unit", "unit_base", "qualifier", "period_start", "period_grain", "flow", "scope", "parent")
TEXT_SLOTS = (("subject", "subject_zh", "subject_fair"), ("indicator", "indicator_zh", "indicator_fair"))
ALL_SLOTS = SCORED_SLOTS + INFO_SLOTS + tuple(s for _, exact, fair in TEXT_SLOTS for s in (exact, fair))
GENRE_SLOTS = SCORED_SLOTS + ("subject_fair", "indicator_fair")


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass
class Group:
    """Counts of one set of figures (everything, a category, a genre, a document, the core)."""

    gold: int = 0
    predicted: int = 0
    gold_matched: int = 0  # gold figures whose span is predicted
    predicted_matched: int = 0  # predicted figures whose span is in gold
    slot_hits: Counter = field(default_factory=Counter)  # over matched pairs; matched = gold_matched
    core_gold: int = 0
    strict_hits: int = 0

    @property
    def precision(self) -> float | None:
        return ratio(self.predicted_matched, self.predicted)

    @property
    def recall(self) -> float | None:
        return ratio(self.gold_matched, self.gold)

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p is not None and r is not None and p + r else None

    @property
    def strict(self) -> float | None:
        return ratio(self.strict_hits, self.core_gold)

    def slot(self, name: str) -> float | None:
        return ratio(self.slot_hits[name], self.gold_matched)


@dataclass
class Scores:
    overall: Group = field(default_factory=Group)
    core: Group = field(default_factory=Group)
    categories: dict[str, Group] = field(default_factory=lambda: defaultdict(Group))
    genres: dict[str, Group] = field(default_factory=lambda: defaultdict(Group))
    documents: dict[str, Group] = field(default_factory=lambda: defaultdict(Group))
    document_genres: dict[str, str] = field(default_factory=dict)
    links: Counter = field(default_factory=Counter)  # of-which links on matched figures

    def metrics(self) -> dict[str, float]:
        """Every defined score by a stable name: what the gold gate holds to its floors."""
        out: dict[str, float | None] = {
            "overall.precision": self.overall.precision,
            "overall.recall": self.overall.recall,
            "core.precision": self.core.precision,
            "core.recall": self.core.recall,
            "core.strict": self.core.strict,
            "links.reproduced": ratio(self.links["reproduced"], self.links["gold"]),
        }
        out.update({f"slot.{name}": self.overall.slot(name) for name in ALL_SLOTS})
        for name, group in self.categories.items():
            out[f"category.{name}.precision"] = group.precision
            out[f"category.{name}.recall"] = group.recall
        for name, group in self.genres.items():
            out[f"genre.{name}.precision"] = group.precision
            out[f"genre.{name}.recall"] = group.recall
            out[f"genre.{name}.strict"] = group.strict
            out.update({f"genre.{name}.slot.{slot}": group.slot(slot) for slot in GENRE_SLOTS})
        return {name: value for name, value in sorted(out.items()) if value is not None}


def score(documents: Iterable[GoldDocument]) -> Scores:
    scores = Scores()
    for document in documents:
        predicted = extract(document.text, document.published_on).figures
        score_document(scores, document, predicted)
    return scores


def score_document(scores: Scores, document: GoldDocument, predicted: tuple[Figure, ...]) -> None:
    scores.document_genres[document.document_id] = document.genre
    parents = parent_starts(predicted)
    gold_by_span = {(g["char_start"], g["char_end"]): g for g in document.figures}
    predicted_by_span = {(f.char_start, f.char_end): f for f in predicted}
    shared = (scores.overall, scores.genres[document.genre], scores.documents[document.document_id])

    for span, gold in gold_by_span.items():
        figure = predicted_by_span.get(span)
        is_core = gold["category"] in CORE_CATEGORIES
        for group in shared + (scores.categories[gold["category"]],) + ((scores.core,) if is_core else ()):
            group.gold += 1
            group.gold_matched += figure is not None
        if figure is not None:
            hits = [name for name in ALL_SLOTS if slot_equal(name, slot_value(figure, name, parents),
                                                             slot_value(gold, name))]
            for group in shared:
                group.slot_hits.update(hits)
            _count_link(scores.links, slot_value(figure, "parent", parents), gold.get("parent_char_start"))
        if is_core:
            right = figure is not None and all(
                slot_equal(name, slot_value(figure, name, parents), slot_value(gold, name)) for name in STRICT_SLOTS)
            for group in shared + (scores.core,):
                group.core_gold += 1
                group.strict_hits += right

    for span, figure in predicted_by_span.items():
        is_core = figure.category in CORE_CATEGORIES
        for group in shared + (scores.categories[figure.category],) + ((scores.core,) if is_core else ()):
            group.predicted += 1
            group.predicted_matched += span in gold_by_span


def _count_link(links: Counter, predicted: int | None, gold: int | None) -> None:
    if gold is not None:
        links["gold"] += 1
        links["reproduced"] += predicted == gold
    if predicted is not None:
        links["predicted"] += 1


def parent_starts(figures: tuple[Figure, ...]) -> dict[tuple[int, int], int | None]:
    """Span -> the char_start of the figure's whole (None when it is not an of-which part)."""
    out = {}
    for f in figures:
        p = f.parent_index
        out[(f.char_start, f.char_end)] = figures[p].char_start if p is not None and 0 <= p < len(figures) else None
    return out


def slot_value(figure: Figure | dict, name: str, parents: dict | None = None):
    """A slot of a predicted Figure or of a gold row, dates as ISO text. A fair slot reads the
    text of its exact slot; slot_equal compares it through the catalogue."""
    if name == "parent":
        return figure.get("parent_char_start") if isinstance(figure, dict) else (parents or {}).get(
            (figure.char_start, figure.char_end))
    for _, exact, fair in TEXT_SLOTS:
        if name == fair:
            return slot_value(figure, exact)
    value = figure.get(name) if isinstance(figure, dict) else getattr(figure, name)
    return value.isoformat() if isinstance(value, date) else value


def slot_equal(name: str, predicted, gold) -> bool:
    if name == "value_base":
        if predicted is None or gold is None:
            return predicted is None and gold is None
        return math.isclose(float(predicted), float(gold), rel_tol=1e-9, abs_tol=1e-12)
    if name == "subject_fair":
        return catalogue.commodities().fairly_equal(predicted, gold)
    if name == "indicator_fair":
        return catalogue.indicators().fairly_equal(predicted, gold)
    return predicted == gold


def ordered_categories(names: Iterable[str]) -> list[str]:
    """Categories in the contract's order, unknown ones (a gold typo) last."""
    names = set(names)
    return [c for c in CATEGORIES if c in names] + sorted(names - set(CATEGORIES))
