"""The scorer behind `make eval` and the gold gate: genres, gold reading, fair comparison of
subjects and indicators, and how core figures are counted."""

from __future__ import annotations

import json
from datetime import date

import pytest

from orchestration.evaluation.catalogue import commodities, indicators, normalise
from orchestration.evaluation.gold import GoldDocument, GoldError, genre_of, load_gold_document
from orchestration.evaluation.scoring import Scores, score_document
from orchestration.extraction import Figure


@pytest.mark.parametrize(
    ("document_id", "genre"),
    [("000_40164949131a04b4", "corpus"), ("market_2015_smm_shanghai_copper_daily", "market"),
     ("stats_2017_nbs_april_economy", "stats"), ("invest_2015_x", "invest")],
)
def test_genre_is_the_file_name_prefix(document_id, genre):
    assert genre_of(document_id) == genre


def test_normalised_text():
    assert normalise("“一带一路” 国家\n") == "一带一路国家"  # quotes, spaces, line breaks dropped
    assert normalise("ＬＭＥ銅") == "lme铜"  # NFKC, simplified, case-folded
    assert normalise("（）") is None and normalise(None) is None


@pytest.mark.parametrize(
    ("catalogue", "predicted", "gold", "right"),
    [
        (commodities, "十种有色金属", "十种常用有色金属", True),  # two phrasings of one code
        (commodities, "电解铝", "原铝", True),
        (commodities, "铜", "精炼铜", False),  # two codes
        (commodities, "有色金属", None, False),
        (commodities, None, None, True),
        (commodities, "“一带一路”国家", "共建“一带一路”国家", False),  # no code: text, never substring
        (commodities, "“一带一路”国家", "一带一路国家", True),
        (indicators, "出口", "出口额", True),
        (indicators, "进口额", "出口额", False),
        (indicators, "产量", "产量占全球总产量比重", False),
    ],
)
def test_fair_comparison(catalogue, predicted, gold, right):
    assert catalogue().fairly_equal(predicted, gold) is right


def test_gold_is_read_with_the_pipeline_readers(tmp_path):
    raw, gold = tmp_path / "raw", tmp_path / "gold"
    raw.mkdir(), gold.mkdir()
    (raw / "trade_x.txt").write_text("5月份，铜出口3万吨。", encoding="utf-8")
    (raw / "trade_x.yaml").write_text("published_on: 2024-06-03\n", encoding="utf-8")
    row = {"char_start": 7, "char_end": 8, "number_text": "3", "category": "trade"}
    (gold / "trade_x.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    document = load_gold_document(gold / "trade_x.jsonl", raw)
    assert (document.genre, document.published_on, document.figures) == ("trade", date(2024, 6, 3), (row,))

    (gold / "trade_x.jsonl").write_text(json.dumps({**row, "char_start": 6}) + "\n{", encoding="utf-8")
    with pytest.raises(GoldError, match=r"trade_x.jsonl: line 1: the text at 6-8 is '口3'.*line 2: not a gold figure"):
        load_gold_document(gold / "trade_x.jsonl", raw)
    with pytest.raises(GoldError, match="its document cannot be read"):
        load_gold_document(gold / "trade_x.jsonl", tmp_path)


def _gold(start, category, **slots):
    return {"char_start": start, "char_end": start + 1, "number_text": "1", "category": category,
            "value_base": 1.0, "unit_base": "t", "measure": "level", "period_start": "2024-01-01",
            "period_end": "2024-12-31", "parent_char_start": None, **slots}


def _figure(start, category, **slots):
    fields = dict(char_start=start, char_end=start + 1, number_text="1", source_text="", category=category,
                  indicator_zh=None, subject_zh=None, measure="level", value=1.0, unit="吨", value_base=1.0,
                  unit_base="t", period_start=date(2024, 1, 1), period_end=date(2024, 12, 31))
    return Figure(**{**fields, **slots})


def test_core_figures_strict_accuracy_counts_misses_as_wrong():
    gold = (_gold(0, "trade"), _gold(2, "output"), _gold(4, "profit"), _gold(6, "price"))
    predicted = (_figure(0, "trade"),  # strictly right
                 _figure(2, "output", period_end=date(2024, 6, 30)),  # matched, wrong period
                 _figure(6, "trade"),  # a core prediction on a price figure
                 _figure(8, "output"))  # not in gold
    scores = Scores()
    score_document(scores, GoldDocument("market_x", "market", "", None, gold), predicted)  # profit at 4 missed
    core, genre = scores.core, scores.genres["market"]
    assert (core.gold, core.gold_matched, core.predicted, core.predicted_matched) == (3, 2, 4, 3)
    assert (core.strict_hits, core.core_gold) == (1, 3)
    assert (genre.strict_hits, genre.core_gold, genre.precision, genre.recall) == (1, 3, 0.75, 0.75)
    assert scores.categories["price"].recall == 1.0 and scores.categories["output"].precision == 0.5
    metrics = scores.metrics()
    assert metrics["core.strict"] == pytest.approx(1 / 3)
    assert metrics["genre.market.slot.period_end"] == pytest.approx(2 / 3)
    assert "category.profit.precision" not in metrics  # nothing predicted: undefined, not floored
