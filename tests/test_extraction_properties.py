"""Properties of `extract` on arbitrary text: it never raises, every span points at its number,
and the same text always gives the same figures."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.extraction import extract, figure_id
from orchestration.extraction.model import CATEGORIES, MEASURES, PERIOD_GRAINS, QUALIFIERS

PIECES = [
    "增长", "下降", "同比", "环比", "其中", "分别为", "分别增长", "占", "年均", "约", "以上", "左右",
    "万吨", "亿元", "万亿元", "美元/吨", "%", "％", "个百分点", "倍", "家", "千克标煤/吨", "、", "，",
    "。", "；", "\n", "\n\n", " ", "\t", "1-4月", "前5个月", "一季度", "2025年", "“十三五”", "今年",
    "去年同期", "铜", "精炼铜", "产量", "出口额", "进口", "利润总额", "两", "三", "十", "零", "一",
    "〇", "万", "亿", "第", "号", "〔2016〕", "~", "-", "+", "（", "）", "１２．５", "1,234", "0.", ".",
    "持平", "比2010年", "到2020年", "预计", "星期六 2025年4月19日",
]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.integers(0, 99999).map(str),
              st.text(alphabet="0123456789.万亿千百十两三一零吨元%、，\n 年月日", max_size=8)),
    max_size=40,
).map("".join)


def _check(text: str) -> None:
    result = extract(text)
    for f in result.figures:
        assert 0 <= f.char_start < f.char_end <= len(text)
        assert text[f.char_start:f.char_end] == f.number_text
        assert f.category in CATEGORIES and f.measure in MEASURES
        assert f.qualifier is None or f.qualifier in QUALIFIERS
        assert f.period_grain is None or f.period_grain in PERIOD_GRAINS
        assert (f.period_start is None) == (f.period_end is None)
        if f.period_start is not None:
            assert f.period_start <= f.period_end
        if f.parent_index is not None:
            assert 0 <= f.parent_index < len(result.figures)
    starts = [f.char_start for f in result.figures]
    assert starts == sorted(starts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_extract_never_raises_and_spans_point_at_numbers(text):
    _check(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_unicode(text):
    _check(text)


@settings(max_examples=40, deadline=None)
@given(texts)
def test_deterministic(text):
    assert extract(text, date(2024, 1, 1)) == extract(text, date(2024, 1, 1))


def test_corpus_documents_are_deterministic_and_well_formed():
    raw = Path(__file__).resolve().parents[1] / "raw"
    for path in sorted(raw.glob("*.txt"))[:5]:
        text = path.read_text(encoding="utf-8")
        first, second = extract(text), extract(text)
        assert first == second
        _check(text)
        ids = [figure_id(path.stem, f.char_start, f.char_end) for f in first.figures]
        assert len(ids) == len(set(ids))
