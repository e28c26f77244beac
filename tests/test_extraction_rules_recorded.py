"""Every figure says which named rules decided its slots, and the landing rows carry them."""

from __future__ import annotations

from datetime import date

import pytest
from orchestration.assets.ingest import _extract_rows
from orchestration.extraction import extract
from orchestration.extraction.category_rules import CATEGORY
from orchestration.extraction.indicator_rules import INDICATOR
from orchestration.extraction.measure_rules import MEASURE
from orchestration.extraction.modality_rules import MODALITY, SCOPE
from orchestration.extraction.period_rules import PERIOD_BASE, PERIOD_OVERRIDES, PERIOD_REFINEMENTS
from orchestration.extraction.rules import EMPTY, RuleList
from orchestration.settings import DEFAULT_MAX_FIGURES_PER_DOCUMENT

D = date(2024, 7, 20)


def only(text: str, number: str):
    [figure] = [f for f in extract(text, D).figures if f.number_text == number]
    return figure


def test_a_forecast_names_the_word_that_made_it_one():
    figure = only("预计2025年铜产量将达到1300万吨。", "1300")
    assert figure.measure == "forecast"
    assert "modality:forecast_word" in figure.rules
    assert "indicator:keyword_before" in figure.rules and "period:own_phrase" in figure.rules


def test_a_change_against_a_stated_base_names_the_widening():
    figure = only("2015年，单位产品综合能耗比2010年下降27.8%。", "27.8")
    assert (figure.measure, figure.period_start) == ("yoy_pct", date(2010, 1, 1))
    assert "period_refined:comparison_base" in figure.rules
    assert "measure:percent_change" in figure.rules


def test_every_slot_is_accounted_for():
    for figure in extract("今年前5个月，全国十种有色金属产量为3200万吨，同比增长3.5%。", D).figures:
        slots = {rule.split(":")[0] for rule in figure.rules}
        assert {"indicator", "category", "measure", "period", "scope"} <= slots, figure.rules


def test_the_landing_rows_carry_the_rules():
    rows, _, breaches = _extract_rows(
        "doc", "预计2025年铜产量将达到1300万吨。", D, "sha256 of the text", max_figures=DEFAULT_MAX_FIGURES_PER_DOCUMENT
    )
    assert breaches == []
    assert "modality:forecast_word" in rows[0]["rules"].split("; ")


@pytest.mark.parametrize("rules", [CATEGORY, INDICATOR, MEASURE, MODALITY, SCOPE, PERIOD_OVERRIDES, PERIOD_BASE,
                                   PERIOD_REFINEMENTS], ids=lambda r: r.slot)
def test_rule_names_are_unique(rules):
    assert len(set(rules.names)) == len(rules.names)


def test_the_first_rule_that_decides_wins_and_an_empty_decision_counts():
    rules = RuleList("slot")

    @rules.rule("never")
    def _(clues):
        return None

    @rules.rule("empty_when_told")
    def _(clues):
        return EMPTY if clues == "empty" else None

    @rules.rule("always")
    def _(clues):
        return "value"

    assert rules.decide("x") == ("value", "slot:always")
    assert rules.decide("empty") == (None, "slot:empty_when_told")
    with pytest.raises(ValueError):
        rules.rule("always")
