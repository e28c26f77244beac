"""The lexicon (orchestration/extraction/lexicon/*.tsv) is the one truth about words: no entry
twice, none read by no rule, vocabularies as the contract says, and the dbt indicator catalogue
agrees with it on the category and flow of every phrasing both know."""

from __future__ import annotations

import csv

import pytest

import orchestration.extraction  # noqa: F401 - compiles every rule's word sets
from orchestration.extraction import lexicon
from orchestration.extraction.model import CATEGORIES, FLOWS, QUALIFIERS
from orchestration.extraction.keywords import classify
from orchestration.settings import DBT_PROJECT_DIR

with open(DBT_PROJECT_DIR / "seeds" / "indicators.csv", encoding="utf-8") as handle:
    CATALOGUE = list(csv.DictReader(handle))


def test_no_entry_is_listed_twice():
    assert lexicon.duplicate_entries() == []


def test_every_entry_is_read_by_a_rule():
    assert lexicon.unread_entries() == []


def test_a_duplicate_and_an_unread_entry_are_found(monkeypatch):
    tables = dict(lexicon.TABLES)
    extra = lexicon.Entry("增长", lexicon.TABLES["changes"][0].meaning, 999)
    tables["changes"] = (*tables["changes"], extra)
    odd = lexicon.Entry("某词", type(extra.meaning)({"role": "sideways"}), 1000)
    tables["changes"] = (*tables["changes"], odd)
    monkeypatch.setattr(lexicon, "TABLES", tables)
    assert any("增长 repeats" in d for d in lexicon.duplicate_entries())
    assert lexicon.unread_entries() == ["lexicon/changes.tsv line 1000: 某词 is read by no rule"]


@pytest.mark.parametrize("entry", lexicon.TABLES["indicators"], ids=lambda e: e.phrase)
def test_indicator_meanings_use_the_contract_vocabularies(entry):
    assert entry["category"] in CATEGORIES
    assert entry["flow"] in ("", *FLOWS)
    assert bool(entry["flow"]) == (entry["category"] == "trade")
    assert entry["matched_in"] in ("text", "labels")


def test_qualifiers_use_the_contract_vocabulary():
    assert {e["qualifier"] for e in lexicon.TABLES["qualifiers"]} <= set(QUALIFIERS)


@pytest.mark.parametrize("row", CATALOGUE, ids=[row["code"] for row in CATALOGUE])
def test_the_indicator_catalogue_agrees_with_the_lexicon(row):
    for phrasing in [row["name_zh"], *filter(None, row["aliases"].split("|"))]:
        meaning = classify(phrasing)
        if meaning is None:
            continue  # a phrasing the lexicon does not read (it is matched in dbt only)
        category, flow = meaning
        assert (category, flow or "") == (row["category"], row["flow"]), phrasing
