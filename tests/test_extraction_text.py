"""Building blocks: the layout-free view, number tokens, period phrases, the document date."""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.extraction.numbers import find_numbers, parse_chinese
from orchestration.extraction.document_date import date_line, detect_document_date
from orchestration.extraction.periods import find_periods
from orchestration.extraction.text import build_view, split_sentences


class TestView:
    def test_soft_wraps_are_removed_and_offsets_map_back(self):
        text = "镍产量为12\n3.4万\n吨，增长\n5.7%。"
        view = build_view(text)
        assert view.text == "镍产量为123.4万吨，增长5.7%。"
        start = view.text.index("123.4")
        s, e = view.to_original(start, start + 5)
        assert text[s:e] == "12\n3.4"

    def test_justified_spaces_are_removed(self):
        view = build_view("沪 镍 跟 跌 2660 元/吨")
        assert view.text == "沪镍跟跌2660元/吨"

    def test_table_cells_stay_apart(self):
        view = build_view("品种\n\t3136\n\t5156\n")
        assert "31365156" not in view.text

    def test_full_width_forms_are_folded_in_the_normalised_copy(self):
        view = build_view("产量１２３．４万吨，增长５％")
        assert view.norm == "产量123.4万吨，增长5%"
        assert len(view.norm) == len(view.text)

    def test_sentences_and_paragraphs(self):
        text = "一季度，铜产量增长。铝产\n量下降。\n\n二季度，锌产量持平。"
        view = build_view(text)
        sentences = split_sentences(view)
        assert [view.text[s.start:s.end] for s in sentences] == [
            "一季度，铜产量增长。", "铝产量下降。", "二季度，锌产量持平。"]
        assert sentences[1].paragraph < sentences[2].paragraph


class TestNumbers:
    @pytest.mark.parametrize(("text", "value"), [("两", 2), ("十二", 12), ("三千三百一十二", 3312),
                                                 ("两点五", 2.5), ("二〇二四", 2024)])
    def test_chinese_numerals(self, text, value):
        assert parse_chinese(text) == value

    def test_tokens(self):
        text = "出口1,234.5万吨，三家企业，增长8%"
        tokens = find_numbers(text, text)
        assert [(t.text, t.value) for t in tokens] == [("1,234.5", 1234.5), ("三", 3.0), ("8", 8.0)]

    def test_scale_of_a_chinese_numeral_goes_to_the_unit(self):
        text = "三万吨"
        [token] = find_numbers(text, text)
        assert (token.text, token.value) == ("三", 3.0)


class TestPeriods:
    @pytest.mark.parametrize(
        ("phrase", "expected"),
        [
            ("2023年1-9月", (date(2023, 1, 1), date(2023, 9, 30), "ytd")),
            ("2023年前三季度", (date(2023, 1, 1), date(2023, 9, 30), "ytd")),
            ("2023年下半年", (date(2023, 7, 1), date(2023, 12, 31), "half")),
            ("2023年4季度", (date(2023, 10, 1), date(2023, 12, 31), "quarter")),
            ("2016-2020年", (date(2016, 1, 1), date(2020, 12, 31), "multi_year")),
            ("“十三五”期间", (date(2016, 1, 1), date(2020, 12, 31), "multi_year")),
            ("2022年2月末", (date(2022, 2, 28), date(2022, 2, 28), "instant")),
        ],
    )
    def test_explicit_phrases(self, phrase, expected):
        [mention] = find_periods(phrase)
        p = mention.resolve(None, None)
        assert (p.start, p.end, p.grain) == expected

    def test_relative_phrases_resolve_from_the_document_date(self):
        doc = date(2024, 8, 10)
        cases = {
            "今年上半年": (date(2024, 1, 1), date(2024, 6, 30), "half"),
            "去年12月": (date(2023, 12, 1), date(2023, 12, 31), "month"),
            "去年前三季度": (date(2023, 1, 1), date(2023, 9, 30), "ytd"),
            "昨日": (date(2024, 8, 9), date(2024, 8, 9), "instant"),
            "上月": (date(2024, 7, 1), date(2024, 7, 31), "month"),
            "7月份": (date(2024, 7, 1), date(2024, 7, 31), "month"),
        }
        for phrase, expected in cases.items():
            [mention] = find_periods(phrase)
            p = mention.resolve(None, doc)
            assert (p.start, p.end, p.grain) == expected, phrase
            assert mention.resolve(None, None) is None or mention.year is not None
        # 去年同期 is the period just reported, a year earlier: the phrase alone does not say which
        [same] = find_periods("去年同期")
        assert (same.kind, same.relative, same.resolve(None, doc)) == ("same_period", -1, None)

    def test_roles(self):
        norm = "比2010年下降，到2020年达到，2021年以来，2025年7月1日前"
        roles = [m.role for m in find_periods(norm)]
        assert roles == ["base", "deadline", "since", "date"]


class TestDocumentDate:
    @staticmethod
    def detect(text: str, published_on: date | None = None):
        norm = build_view(text).norm
        found = detect_document_date(text, norm, find_periods(norm), published_on)
        return found.date, found.source

    def test_header_wins_over_the_text(self):
        text = "星期三 2023年11月8日 癸卯年九月廿五 2025年5月的数据"
        assert self.detect(text) == (date(2023, 11, 8), "header")

    def test_the_sidecar_wins_over_the_header(self):
        text = "星期三 2023年11月8日 癸卯年九月廿五 2025年5月的数据"
        assert self.detect(text, date(2023, 11, 9)) == (date(2023, 11, 9), "sidecar")

    @pytest.mark.parametrize("line, expected", [
        ("2020-07-15 09:30  来源：中国有色金属报", date(2020, 7, 15)),
        ("发布时间：2019-03-12，浏览次数：35", date(2019, 3, 12)),
        ("Date: Tue, 14 Jul 2020 08:00:00 GMT", date(2020, 7, 14)),
        ("编辑：王晓 | 2013.07.03", date(2013, 7, 3)),
        ("2024年1月9日 星期二 10:02  经济日报", date(2024, 1, 9)),
        ("2012年8月23日，公司发布公告称收购完成。", None),
        ("2024年8月1日起施行", None),
    ])
    def test_date_lines(self, line, expected):
        assert date_line(line) == expected

    def test_latest_present_date_in_text_ignoring_deadlines(self):
        norm = "2024年3月，铝价上涨。到2028年底完成。2025年7月1日起施行。"
        assert self.detect(norm) == (date(2024, 3, 31), "text")

    def test_sidecar_then_none(self):
        assert self.detect("今年铝价上涨。", date(2021, 6, 1)) == (date(2021, 6, 1), "sidecar")
        assert self.detect("今年铝价上涨。") == (None, None)