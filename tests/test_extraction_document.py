"""What extract() reports beyond the figures, which the specification files (tests/specs/) do not
express: where the document date came from, the diagnostics, and the paragraph layout of the
text view. The figures of these same sentences are specified in tests/specs/.
"""

from __future__ import annotations

from datetime import date

from orchestration.extraction import extract
from orchestration.extraction.text import build_view

D = date(2024, 7, 20)


def test_document_date_sources():
    header = "中国有色金属报\n星期二 2024年6月18日 甲辰年五月十三\n今年前5个月，铅产量为300万吨。"
    assert extract(header).document_date_source == "header"
    signed = extract("今年前5个月，铅产量为300万吨。\n中国有色金属报 2024年06月18日\n")
    assert (signed.document_date, signed.document_date_source) == (date(2024, 6, 18), "header")
    titled = extract("2024年5月份有色金属工业运行情况\n5月份，铅产量为60万吨。")
    assert (titled.document_date, titled.document_date_source) == (date(2024, 5, 31), "text")
    stated = extract("2024年5月，铅价指数为101.2。今年前4个月，铅产量为240万吨。")
    assert stated.document_date_source == "text" and stated.document_date.year == 2024
    assert extract("今年，铅产量为300万吨。", date(2022, 3, 1)).document_date_source == "sidecar"
    assert extract("今年，铅产量为300万吨。").document_date_source is None


def test_the_sidecar_outranks_the_text_and_a_disagreement_is_diagnosed():
    header = "中国有色金属报\n星期二 2024年6月18日 甲辰年五月十三\n今年前5个月，铅产量为300万吨。"
    result = extract(header, date(2024, 6, 20))
    assert (result.document_date, result.document_date_source) == (date(2024, 6, 20), "sidecar")
    assert any("2024-06-20" in d and "2024-06-18" in d for d in result.diagnostics)
    agreeing = extract(header, date(2024, 6, 18))
    assert not any(d.startswith("document date") for d in agreeing.diagnostics)


def test_a_historical_date_in_the_body_does_not_date_the_document():
    # the latest year-month stated is an event's (2001年5月): the text reports a later year
    result = extract("2001年5月，有关部门颁布了管理办法。2003年，该企业亏损近10亿元。今年，铅产量为300万吨。")
    assert result.document_date is None


def test_an_unpaired_enumeration_is_diagnosed():
    result = extract("2023年，铜、铝、铅、锌产量分别为120万吨、350万吨、60万吨。", D)
    assert any("enumeration" in d for d in result.diagnostics)


def test_unresolved_periods_are_diagnosed():
    result = extract("今年一季度，铋产量为1.1万吨。", None)
    assert any("unresolved periods: 1" in d for d in result.diagnostics)


def test_an_implied_unit_is_diagnosed():
    quote = extract("夜盘沪镍主力合约收报131250，下跌0.4%。", D)
    assert [d for d in quote.diagnostics if d.startswith("unit implied")] == [
        "unit implied at 10: 131250 元/吨 (the unit of the market's quotes: 元/吨)"]
    money = extract("该公司上半年营收23.5亿，同比增长8%。", D)
    assert any(d.startswith("unit implied") and "23.5 亿 (元)" in d for d in money.diagnostics)
    written = extract("该公司上半年营收23.5亿元，同比增长8%。", D)
    assert not any(d.startswith("unit implied") for d in written.diagnostics)


def test_layout_ignores_table_cells():
    prose = ("（二）主要目标\n\n“十四五”期间，行业稳步发展，到2025年再生金属产量达到2000万吨。\n"
             "推进资源综合利用，完善回收体系建设，提高再生金属供应比例和产业集中度水平。\n")
    cells = "".join(f"\t{k}\n" for k in range(40))
    view = build_view(prose + cells)
    # the short heading stays a paragraph of its own despite the short table lines after it
    assert view.text.startswith("（二）主要目标\n")
