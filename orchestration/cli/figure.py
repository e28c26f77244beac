"""`nonferrous figure`: one figure with its sentence, document, position, fields, the extraction
rules that decided them, the series observation it feeds and the totals identities that check it."""

from __future__ import annotations

from dataclasses import dataclass

from orchestration.cli.warehouse import Warehouse

SENTENCE_ENDS = "。！？!?；;"
CONTEXT_LIMIT = 160

FIGURE_SQL = """
select f.*, r.rules, d.file_name, d.title, d.document_date, d.text
from marts.fct_figure as f
join marts.dim_document as d using (document_id)
left join intermediate.int_figures_resolved as r using (figure_id)
where f.figure_id = ?
"""
PREFIX_SQL = "select figure_id from marts.fct_figure where starts_with(figure_id, ?) order by figure_id limit 6"
OBSERVATION_SQL = """
select s.series_id, s.name_zh, o.period_label, o.value, o.unit, o.decimals, o.document_count, o.conflict,
       o.source_figure_id = ? as is_source
from marts.fct_observation as o
join marts.dim_series as s using (series_id)
where o.origin = 'reported' and (list_contains(o.figure_ids, ?) or list_contains(o.conflicting_figure_ids, ?))
"""
IDENTITIES_SQL = """
select kind, rule, passed, stated_value, computed_value, tolerance, unit, detail
from marts.reconciliation
where total_figure_id = ? or stated_figure_id = ? or list_contains(component_figure_ids, ?)
order by kind, rule
"""


@dataclass(frozen=True)
class FigureView:
    figure: dict
    rules: dict[str, list[str]]  # slot -> the named extraction rules that decided it
    line: int
    context: str
    number_at: int  # offset of the number inside `context`
    observations: list[dict]
    identities: list[dict]


class FigureNotFound(Exception):
    def __init__(self, figure_id: str, candidates: list[str]):
        self.figure_id, self.candidates = figure_id, candidates
        super().__init__(figure_id)


def sentence_around(text: str, start: int, end: int) -> tuple[str, int]:
    """The sentence holding text[start:end] (at most CONTEXT_LIMIT characters on either side), its
    line breaks removed (newspaper columns wrap sentences), and the number's offset inside it."""
    left = start
    while left > 0 and text[left - 1] not in SENTENCE_ENDS and start - left < CONTEXT_LIMIT:
        left -= 1
    right = end
    while right < len(text) and text[right] not in SENTENCE_ENDS and right - end < CONTEXT_LIMIT:
        right += 1
    right = min(right + 1, len(text))  # the sentence's own full stop
    before, rest = text[left:start], text[start:right]
    return (before + rest).replace("\n", ""), len(before.replace("\n", ""))


def look_up(warehouse: Warehouse, figure_id: str) -> FigureView:
    found = warehouse.fetch(FIGURE_SQL, [figure_id]).records()
    if not found:
        candidates = [row[0] for row in warehouse.fetch(PREFIX_SQL, [figure_id]).rows]
        if len(candidates) != 1:
            raise FigureNotFound(figure_id, candidates)
        found = warehouse.fetch(FIGURE_SQL, [candidates[0]]).records()
    figure = found[0]
    text = figure.pop("text")
    # "slot:rule; slot:rule" as landed; several rules may have decided one slot
    decided: dict[str, list[str]] = {}
    for entry in (figure.pop("rules") or "").split(";"):
        slot, _, rule = entry.strip().partition(":")
        if rule:
            decided.setdefault(slot, []).append(rule)
    start, end = figure["char_start"], figure["char_end"]
    context, number_at = sentence_around(text, start, end)
    fid = figure["figure_id"]
    return FigureView(
        figure=figure,
        rules=decided,
        line=text.count("\n", 0, start) + 1,
        context=context,
        number_at=number_at,
        observations=warehouse.fetch(OBSERVATION_SQL, [fid, fid, fid]).records(),
        identities=warehouse.fetch(IDENTITIES_SQL, [fid, fid, fid]).records(),
    )
