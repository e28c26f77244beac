"""The simplified-character reading of traditional text: same length char for char, converted
only where the text is traditional, and spans that stay exact in the original."""

from __future__ import annotations

from orchestration.extraction import extract, traditional
from orchestration.extraction.traditional import simplified_reading

FILING = "截至2023年6月30日止六個月，本集團陰極銅產量為28.6萬噸，按年上升4.5%。\n鋅精礦產量為三萬二千噸。"


def test_a_traditional_text_is_read_in_simplified_characters_of_the_same_length():
    reading = simplified_reading(FILING)
    assert len(reading) == len(FILING)
    assert "阴极铜产量为28.6万吨" in reading and "锌精矿" in reading


def test_a_simplified_text_with_a_lone_variant_keeps_it():
    text = ("广西华昇一期项目今年氧化铝产量为200万吨，同比增长5%，产品全部供应区内电解铝企业，"
            "综合能耗进一步下降。")
    assert simplified_reading(text) == text


def test_a_traditional_quote_in_a_simplified_page_is_converted_line_by_line():
    body = "华昇公司今年产铝200万吨，同比增长5%，其中一期项目产铝120万吨，二期项目产铝80万吨。"
    body = "\n".join([body, "公司全年营业收入增长较快，利润总额创历史新高，资产负债率继续下降，现金流充裕。"] * 3)
    text = body + "\n網友提問：請問對鋁價有何影響？\n公司回复：影响有限，今年铝价总体平稳，企业经营正常。"
    reading = simplified_reading(text)
    assert reading.startswith(body + "\n网友提问：请问对铝价有何影响？\n")


def test_a_phrase_conversion_that_changes_length_falls_back_to_characters(monkeypatch):
    class PhraseLengthening:
        """Converts single characters as OpenCC does, but a whole line into a longer one."""

        def __init__(self, real):
            self.real = real

        def convert(self, text: str) -> str:
            return self.real.convert(text) if len(text) == 1 else self.real.convert(text) + "之"

    monkeypatch.setattr(traditional, "_CONVERTER", PhraseLengthening(traditional._CONVERTER))
    reading = simplified_reading(FILING)
    assert len(reading) == len(FILING)
    assert "阴极铜产量为28.6万吨" in reading


def test_spans_and_numbers_are_those_of_the_original_text():
    result = extract(FILING, None)
    assert [f.number_text for f in result.figures] == ["28.6", "4.5", "三萬二千"]
    for f in result.figures:
        assert FILING[f.char_start:f.char_end] == f.number_text
        assert f.source_text in FILING
    assert result.figures[0].period_start.isoformat() == "2023-01-01"
    assert result.figures[0].value_base == 286000
    assert result.figures[2].value_base == 32000
