"""`nonferrous series`: find series by a Chinese or English name, an alias or an id, and show
their values over time, reported and derived values marked.

A query matches a series when it is made up entirely of that series' words: its indicator's names
and aliases, its subject's names and aliases, and the words of its grain, measure and scope
(精炼铜产量, 精炼铜 产量 累计同比, refined copper output year-to-date), with at least one word of
its indicator or subject. An id (or the start of one: output.refined_copper) selects directly.
"""

from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

from orchestration.cli.warehouse import Rows, Warehouse

GRAIN_ORDER = ("month", "ytd", "quarter", "half", "year", "multi_year", "instant")
MEASURE_ORDER = ("level", "yoy_pct", "mom_pct", "share_pct", "rate_pct", "pp_change", "cagr_pct", "abs_change", "target", "forecast")
SEPARATORS = re.compile(r"[\s:：,，;；/·._\-()（）]+")
MAX_COLUMNS = 6

SERIES_SQL = """
select series_id, family_id, name_zh, name_en, family_name_zh, family_name_en, category, indicator_code,
       subject_zh, subject_en, scope, period_grain, measure, unit, first_period, last_period,
       observation_count, reported_count, derived_count, conflict_count, document_count,
       indicator_aliases, subject_aliases
from marts.dim_series
"""
LABELS_SQL = """
select 'grain' as kind, code, [label_zh, label_en, frequency_zh, frequency_en] as words from catalogue.period_grains
union all select 'measure', code, [label_zh, label_en] from catalogue.measures
union all select 'scope', code, [label_zh, label_en] from catalogue.scopes
"""
OBSERVATIONS_SQL = """
select series_id, period_label, period_start, period_end, value, unit, decimals, origin, derivation, conflict,
       document_count, source_figure_id
from marts.fct_observation
where list_contains(?, series_id)
order by period_end, period_start
"""


@dataclass(frozen=True)
class Lookup:
    """The series a query found, best first, or the words that come closest when none."""

    series: list[dict]
    suggestions: list[str]


def _normalise(text: str) -> str:
    return SEPARATORS.sub(" ", text.lower()).strip()


def _describing_words(row: dict, labels: dict[tuple[str, str], list[str]]) -> tuple[list[str], list[str]]:
    """The words naming what a series is about (indicator, subject) and the words qualifying it."""
    about = [*row["indicator_aliases"], *row["subject_aliases"]]
    qualifying = [
        row["period_grain"], row["measure"], row["scope"],
        *labels.get(("grain", row["period_grain"]), []),
        *labels.get(("measure", row["measure"]), []),
        *labels.get(("scope", row["scope"]), []),
    ]
    return [w for w in map(_normalise, about) if w], [w for w in map(_normalise, qualifying) if w]


def _coverage(query: str, about: list[str], qualifying: list[str]) -> int | None:
    """How many characters of the query the series' indicator and subject words cover, when its
    words cover all of it; None when some of the query is not about this series."""
    remaining, about_length = query, 0
    for word, is_about in sorted(
        [(w, True) for w in about] + [(w, False) for w in qualifying], key=lambda item: (-len(item[0]), not item[1])
    ):
        if word in remaining:
            if is_about:
                about_length += len(word) * remaining.count(word)
            remaining = remaining.replace(word, " ")
    if about_length == 0 or remaining.strip():
        return None
    return about_length


def _order(row: dict) -> tuple:
    return (
        row["family_id"],
        GRAIN_ORDER.index(row["period_grain"]) if row["period_grain"] in GRAIN_ORDER else len(GRAIN_ORDER),
        MEASURE_ORDER.index(row["measure"]) if row["measure"] in MEASURE_ORDER else len(MEASURE_ORDER),
        row["series_id"],
    )


def find(all_series: list[dict], labels: dict[tuple[str, str], list[str]], query: str) -> Lookup:
    wanted = query.strip().lower()
    by_id = [row for row in all_series if row["series_id"].lower() == wanted]
    if by_id:
        return Lookup(by_id, [])
    if "." in wanted:
        by_prefix = [row for row in all_series if row["series_id"].lower().startswith(wanted)]
        if by_prefix:
            return Lookup(sorted(by_prefix, key=_order), [])
    normalised = _normalise(query)
    scored = []
    for row in all_series:
        covered = _coverage(normalised, *_describing_words(row, labels))
        if covered is not None:
            scored.append((covered, row))
    if scored:
        best = max(score for score, _ in scored)
        # the most specific reading wins: 铜材产量 is copper products, not copper (铜) plus a stray 材
        return Lookup(sorted((row for score, row in scored if score == best), key=_order), [])
    return Lookup([], _suggestions(all_series, normalised))


def _suggestions(all_series: list[dict], query: str) -> list[str]:
    names: dict[str, str] = {}
    for row in all_series:
        subject = row["subject_zh"] or ""
        indicator = row["family_name_zh"].split(":")[0]
        for shown in (f"{subject}{indicator}", row["family_name_zh"], row["family_name_en"], *row["indicator_aliases"], *row["subject_aliases"]):
            if shown:
                names.setdefault(_normalise(shown), shown)
    close = difflib.get_close_matches(query, list(names), n=6, cutoff=0.5)
    return [names[key] for key in close]


def load(warehouse: Warehouse) -> tuple[list[dict], dict[tuple[str, str], list[str]]]:
    labels = {(kind, code): words for kind, code, words in warehouse.fetch(LABELS_SQL).rows}
    return warehouse.fetch(SERIES_SQL).records(), labels


def observations(warehouse: Warehouse, series_ids: list[str]) -> Rows:
    return warehouse.fetch(OBSERVATIONS_SQL, [series_ids])


def format_value(value: float | None, decimals: int | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{value:,.{max(decimals or 0, 0)}f}"
