"""Flattened tables -> one figure per numeric cell (orchestration.extraction.tables).

Each test writes a small table the way PDF/Word converters flatten them (one cell per line,
tab-led, empty cell = a lone tab, rows separated by blank lines; or one row per line with
tab-separated cells) and states the figures an analyst would read from it, following
tests/gold/GUIDE.md ("Tables flattened one cell per line").
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from orchestration.extraction.model import CATEGORIES, MEASURES, PERIOD_GRAINS, SCOPES, Figure
from orchestration.extraction import extract
from orchestration.extraction.tables import extract_tables as extract_table_result


def extract_tables(text, document_date):
    result = extract_table_result(text, document_date)
    return result.figures, result.ranges

RAW = Path(__file__).resolve().parents[1] / "raw"


def cells(*rows: list[str]) -> str:
    """One cell per tab-led line, rows separated by a blank line."""
    return "\n\n".join("\n".join(f"\t{c}" for c in row) for row in rows)


def by_text(figs: list[Figure], text: str, number_text: str, after: str = "") -> Figure:
    """The figure whose span is the first `number_text` after the marker `after`; the sign of a
    signed cell ("-5.6") is outside the span, which holds the digits only."""
    start = text.index(number_text, text.index(after) if after else 0)
    if number_text[:1] in "+-":
        start += 1
    matches = [f for f in figs if f.char_start == start]
    assert matches, f"no figure at {number_text!r} after {after!r}"
    return matches[0]


def check_invariants(text: str, figs: list[Figure], ranges: list[tuple[int, int]]) -> None:
    for f in figs:
        assert text[f.char_start:f.char_end] == f.number_text
        assert f.measure in MEASURES and f.category in CATEGORIES and f.scope in SCOPES
        assert f.period_grain is None or f.period_grain in PERIOD_GRAINS
        if f.parent_index is not None:
            assert 0 <= f.parent_index < len(figs) and figs[f.parent_index].char_start < f.char_start
        assert any(s <= f.char_start and f.char_end <= e for s, e in ranges)
    assert len({(f.char_start, f.char_end) for f in figs}) == len(figs)
    assert ranges == sorted(ranges)
    assert all(e1 <= s2 for (_, e1), (s2, _) in zip(ranges, ranges[1:]))


# ---------------------------------------------------------------------------------------------
# A two-level header (group header over year / growth-rate columns, sub-headers 十二五/十三五),
# a 其中 group whose rows link to the total row, a row in its own unit, and a "—" cell.
# ---------------------------------------------------------------------------------------------

COPPER = (
    "表1 2015-2020年主要铜产品生产及进口\n\n"
    + cells(
        ["品   种", "产量（万吨）", "进口量（万吨）"],
        ["", "2015年", "2020年", "年均增长率（%）", "2015年", "2020年", "年均增长率（%）"],
        ["", "", "", "十二五", "十三五", "", "", "十二五", "十三五"],
        ["铜产品合计", "2150", "2860", "9.1", "5.9", "1210", "1635", "7.3", "6.2"],
        ["其中", "精炼铜", "796", "1003", "8.5", "4.7", "367", "467", "4.9", "4.9"],
        ["", "铜材", "1350", "1800", "11.2", "5.9", "—", "54", "", "12.5"],
        ["", "伴生金（吨）", "41", "58", "6.0", "7.2", "12", "9", "-3.1", "-5.6"],
    )
    + "\n\n\t注：铜材含再生铜。\n\n\n下文是正文，2020年精炼铜产量1003万吨。"
)


def test_two_level_header_group_periods_and_units() -> None:
    figs, ranges = extract_tables(COPPER, None)
    check_invariants(COPPER, figs, ranges)
    # 8 numeric cells in each row, except 铜材 (its "—" and empty cells are not figures)
    assert len(figs) == 8 + 8 + 6 + 8
    assert len(ranges) == 1
    s, e = ranges[0]
    assert COPPER[s:].startswith("表1 2015-2020年")
    assert COPPER[s:e].rstrip().endswith("-5.6")  # the note and the prose after it are not claimed

    total_2015 = by_text(figs, COPPER, "2150")
    assert total_2015 == Figure(
        char_start=total_2015.char_start, char_end=total_2015.char_start + 4, number_text="2150",
        source_text=total_2015.source_text, category="output", indicator_zh="产量", subject_zh="铜产品合计",
        measure="level", value=2150.0, unit="万吨", value_base=21_500_000.0, unit_base="t",
        period_start=date(2015, 1, 1), period_end=date(2015, 12, 31), period_grain="year",
        scope="national", parent_index=None,
    )
    assert "表1 2015-2020年主要铜产品生产及进口" in total_2015.source_text
    assert "铜产品合计" in total_2015.source_text

    cagr = by_text(figs, COPPER, "9.1")
    assert (cagr.measure, cagr.unit, cagr.unit_base, cagr.value_base) == ("cagr_pct", "%", "pct", 9.1)
    assert (cagr.period_start, cagr.period_end, cagr.period_grain) == (
        date(2011, 1, 1), date(2015, 12, 31), "multi_year")
    assert (cagr.indicator_zh, cagr.category) == ("产量", "output")
    cagr2 = by_text(figs, COPPER, "5.9")
    assert (cagr2.period_start, cagr2.period_end) == (date(2016, 1, 1), date(2020, 12, 31))

    imports = by_text(figs, COPPER, "1635")
    assert (imports.indicator_zh, imports.category, imports.flow) == ("进口量", "trade", "import")
    assert (imports.period_start, imports.measure, imports.value_base) == (date(2020, 1, 1), "level", 16_350_000.0)

    # 其中 rows: every cell links to the total row's cell in the same column
    refined = by_text(figs, COPPER, "1003")
    assert refined.subject_zh == "精炼铜"
    assert refined.parent_index == figs.index(by_text(figs, COPPER, "2860"))
    refined_cagr = by_text(figs, COPPER, "8.5")
    assert refined_cagr.parent_index == figs.index(cagr)
    rolled = by_text(figs, COPPER, "54", after="铜材")
    assert (rolled.subject_zh, rolled.period_start, rolled.parent_index) == (
        "铜材", date(2020, 1, 1), figs.index(imports))
    assert by_text(figs, COPPER, "12.5", after="铜材").period_start == date(2016, 1, 1)

    # 伴生金（吨）: its own unit overrides 万吨 for levels, keeps % for growth, and is not a part
    gold_2020 = by_text(figs, COPPER, "58", after="伴生金")
    assert (gold_2020.subject_zh, gold_2020.unit, gold_2020.value_base, gold_2020.parent_index) == (
        "伴生金", "吨", 58.0, None)
    gold_cagr = by_text(figs, COPPER, "-5.6")
    assert (gold_cagr.value, gold_cagr.unit, gold_cagr.measure, gold_cagr.parent_index) == (
        -5.6, "%", "cagr_pct", None)


# ---------------------------------------------------------------------------------------------
# A one-line header with a 单位 column (units per row) and a 同比 column.
# ---------------------------------------------------------------------------------------------

MINOR = (
    "一、行业运行\n\n2024年小金属市场总体平稳。\n\n"
    "表2 2024年部分小金属产量\n\n"
    + cells(
        ["品种", "单位", "2023年", "2024年", "同比增长（%）"],
        ["碳酸锂", "万吨", "45.6", "62.1", "36.2"],
        ["电解钴", "吨", "2,150", "2,480", "15.3"],
        ["海绵钛", "万吨", "21.8", "22.5", "-3.1"],
    )
    + "\n\n资料来源：行业协会。\n"
)


def test_unit_column_and_one_line_header() -> None:
    figs, ranges = extract_tables(MINOR, date(2025, 2, 10))
    check_invariants(MINOR, figs, ranges)
    assert len(figs) == 9
    assert ranges == [(MINOR.index("表2"), MINOR.index("-3.1") + 4)]

    li = by_text(figs, MINOR, "45.6")
    assert (li.subject_zh, li.indicator_zh, li.category, li.measure) == ("碳酸锂", "产量", "output", "level")
    assert (li.unit, li.value_base, li.unit_base) == ("万吨", 456_000.0, "t")
    assert (li.period_start, li.period_end, li.period_grain) == (date(2023, 1, 1), date(2023, 12, 31), "year")

    co = by_text(figs, MINOR, "2,480")
    assert (co.value, co.unit, co.value_base, co.unit_base) == (2480.0, "吨", 2480.0, "t")
    assert co.char_end - co.char_start == 5

    growth = by_text(figs, MINOR, "-3.1")
    assert (growth.subject_zh, growth.indicator_zh, growth.measure) == ("海绵钛", "产量", "yoy_pct")
    assert (growth.value, growth.unit, growth.value_base, growth.unit_base) == (-3.1, "%", -3.1, "pct")
    assert (growth.period_start, growth.period_end) == (date(2024, 1, 1), date(2024, 12, 31))
    assert all(f.parent_index is None for f in figs)


# ---------------------------------------------------------------------------------------------
# One row per line (tab-separated cells), a merged group header flattened as text + empty
# cells, the period in the caption, an in-cell "其中：" group, signed growth rates.
# ---------------------------------------------------------------------------------------------

TRADE = (
    "表3：2023年1-6月铝产品进出口（万吨）\n"
    "\t项目\t进口量\t\t出口量\t\n"
    "\t\t数量\t同比（%）\t数量\t同比（%）\n"
    "\t铝产品合计\t280.5\t-3.2\t345.1\t12.0\n"
    "\t其中：原铝\t60.2\t-8.5\t10.3\t30.1\n"
    "\t铝材\t25.4\t1.5\t260.8\t-2.0\n"
    "\n今年以来，铝材出口保持增长。\n"
)


def test_row_per_line_merged_header_and_in_cell_of_which() -> None:
    figs, ranges = extract_tables(TRADE, None)
    check_invariants(TRADE, figs, ranges)
    assert len(figs) == 12
    assert len(ranges) == 1 and TRADE[ranges[0][0]:].startswith("表3")

    total_imports = by_text(figs, TRADE, "280.5")
    assert (total_imports.indicator_zh, total_imports.subject_zh, total_imports.flow) == ("进口量", "铝产品合计", "import")
    assert (total_imports.unit, total_imports.value_base, total_imports.measure) == ("万吨", 2_805_000.0, "level")
    assert (total_imports.period_start, total_imports.period_end, total_imports.period_grain) == (
        date(2023, 1, 1), date(2023, 6, 30), "ytd")

    export_growth = by_text(figs, TRADE, "12.0")
    assert (export_growth.indicator_zh, export_growth.flow, export_growth.measure) == ("出口量", "export", "yoy_pct")
    assert (export_growth.value, export_growth.unit, export_growth.period_end) == (12.0, "%", date(2023, 6, 30))

    primary = by_text(figs, TRADE, "60.2")
    assert primary.subject_zh == "原铝" and primary.parent_index == figs.index(total_imports)
    assert by_text(figs, TRADE, "-8.5").parent_index == figs.index(by_text(figs, TRADE, "-3.2"))
    # the rows after "其中：" stay in the group while the parts fit under the whole
    sheet_exports = by_text(figs, TRADE, "260.8")
    assert sheet_exports.subject_zh == "铝材"
    assert sheet_exports.parent_index == figs.index(by_text(figs, TRADE, "345.1"))


# ---------------------------------------------------------------------------------------------
# A targets table: rows are indicators with units in the row label, a section row, "—" cells,
# "[x]" five-year cumulative changes (span without the brackets), reduction words signing them.
# ---------------------------------------------------------------------------------------------

TARGETS = (
    "专栏5：“十四五”铝工业发展主要指标\n\n"
    + cells(
        ["指  标", "2020年", "2025年", "累计变化"],
        ["一、产业规模"],
        ["电解铝产能（万吨）", "4300", "4500", "[200]"],
        ["二、绿色低碳", "", "", ""],
        ["氧化铝综合能耗（千克标煤/吨）", "385", "370", "[-15]"],
        ["再生铝产量占比（%）", "18", "25", "[7]"],
        ["单位产品二氧化碳排放降低（%）", "—", "—", "[5]"],
    )
)


def test_targets_table_with_cumulative_cells() -> None:
    figs, ranges = extract_tables(TARGETS, date(2021, 6, 30))
    check_invariants(TARGETS, figs, ranges)
    assert len(figs) == 10
    assert ranges == [(0, len(TARGETS))]

    cap = by_text(figs, TARGETS, "4300")
    assert (cap.indicator_zh, cap.subject_zh, cap.category, cap.measure) == ("产能", "电解铝", "capacity", "level")
    assert (cap.unit, cap.value_base, cap.period_start) == ("万吨", 43_000_000.0, date(2020, 1, 1))
    target = by_text(figs, TARGETS, "4500")
    assert (target.measure, target.period_start, target.period_end) == ("target", date(2025, 1, 1), date(2025, 12, 31))
    added = by_text(figs, TARGETS, "200")
    assert (added.measure, added.value, added.value_base, added.unit) == ("abs_change", 200.0, 2_000_000.0, "万吨")
    assert (added.period_start, added.period_end, added.period_grain) == (
        date(2021, 1, 1), date(2025, 12, 31), "multi_year")
    assert TARGETS[added.char_start - 1] == "[" and TARGETS[added.char_end] == "]"

    energy = by_text(figs, TARGETS, "-15")
    assert (energy.measure, energy.value, energy.unit, energy.unit_base) == ("abs_change", -15.0, "千克标煤/吨", "kgce/t")
    assert (energy.indicator_zh, energy.subject_zh, energy.category) == ("综合能耗", "氧化铝", "energy_env")

    share = by_text(figs, TARGETS, "18")
    assert (share.measure, share.unit, share.unit_base, share.subject_zh) == ("share_pct", "%", "pct", "再生铝")
    assert by_text(figs, TARGETS, "25", after="\t18\n").measure == "target"
    points = by_text(figs, TARGETS, "7", after="[7")
    assert (points.measure, points.value, points.unit, points.unit_base, points.value_base) == (
        "pp_change", 7.0, "%", "pp", 7.0)

    co2 = by_text(figs, TARGETS, "5", after="降低")
    assert (co2.measure, co2.value, co2.unit, co2.category) == ("yoy_pct", -5.0, "%", "energy_env")
    assert (co2.period_start, co2.period_end) == (date(2021, 1, 1), date(2025, 12, 31))


# ---------------------------------------------------------------------------------------------
# A projection table, not tab-led (cells are plain short lines), one row per year, caption unit.
# ---------------------------------------------------------------------------------------------

ZINC = (
    "表6 全球精炼锌供需平衡预测（万吨）\n\n"
    "年份\n产量\n消费量\n\n"
    "2024\n1380\n1395\n\n"
    "2025\n1425\n1410\n\n"
    "2026\n1460\n1432\n\n"
    "预计2026年全球锌市场供应过剩约28万吨。\n"
)


def test_plain_lines_projection_table_with_year_rows() -> None:
    figs, ranges = extract_tables(ZINC, date(2024, 11, 20))
    check_invariants(ZINC, figs, ranges)
    assert len(figs) == 6
    assert ranges == [(0, ZINC.index("1432") + 4)]
    actual = by_text(figs, ZINC, "1395")
    assert (actual.indicator_zh, actual.category, actual.measure, actual.subject_zh) == (
        "消费量", "consumption", "level", None)
    assert (actual.period_start, actual.period_end, actual.unit, actual.value_base) == (
        date(2024, 1, 1), date(2024, 12, 31), "万吨", 13_950_000.0)
    projected = by_text(figs, ZINC, "1460")
    assert (projected.indicator_zh, projected.category, projected.measure) == ("产量", "output", "forecast")
    assert projected.period_start == date(2026, 1, 1)


# ---------------------------------------------------------------------------------------------
# A header of bare years, the quantity named only by the caption (rows are commodities even
# though the label column says 指标), units in the caption, an in-cell 其中 group.
# ---------------------------------------------------------------------------------------------

NICKEL = (
    "表7 镍钴产品产量（万吨）\n\n"
    + cells(
        ["指标", "2021", "2022", "2023"],
        ["镍钴产品合计", "95.2", "101.7", "110.4"],
        ["其中：电解镍", "17.0", "18.2", "22.3"],
        ["硫酸镍", "60.1", "63.5", "66.0"],
        ["电解钴", "1.9", "2.1", "2.6"],
    )
)


def test_bare_year_header_caption_quantity_and_in_cell_group() -> None:
    figs, ranges = extract_tables(NICKEL, None)
    check_invariants(NICKEL, figs, ranges)
    assert len(figs) == 12 and ranges == [(0, len(NICKEL))]
    total = by_text(figs, NICKEL, "101.7")
    assert (total.subject_zh, total.indicator_zh, total.category, total.unit, total.value_base) == (
        "镍钴产品合计", "产量", "output", "万吨", 1_017_000.0)
    assert (total.period_start, total.period_end, total.period_grain) == (date(2022, 1, 1), date(2022, 12, 31), "year")
    sulphate = by_text(figs, NICKEL, "63.5")
    assert (sulphate.subject_zh, sulphate.parent_index) == ("硫酸镍", figs.index(total))
    assert by_text(figs, NICKEL, "2.1").parent_index == figs.index(total)
    assert by_text(figs, NICKEL, "18.2").subject_zh == "电解镍"


def test_sub_headers_flattened_without_their_empty_cells() -> None:
    text = "表8 铅锌生产与消费\n\n" + cells(
        ["品种", "产量（万吨）", "消费量（万吨）"],
        ["", "2015年", "2020年", "年均增长率（%）", "2015年", "2020年", "年均增长率（%）"],
        ["十二五", "十三五", "十二五", "十三五"],
        ["精炼锌", "615", "642", "3.4", "0.9", "671", "686", "3.5", "0.4"],
    )
    figs, ranges = extract_tables(text, None)
    check_invariants(text, figs, ranges)
    got = [(f.number_text, f.indicator_zh, f.measure, f.period_start.year, f.period_end.year) for f in figs]
    assert got == [
        ("615", "产量", "level", 2015, 2015), ("642", "产量", "level", 2020, 2020),
        ("3.4", "产量", "cagr_pct", 2011, 2015), ("0.9", "产量", "cagr_pct", 2016, 2020),
        ("671", "消费量", "level", 2015, 2015), ("686", "消费量", "level", 2020, 2020),
        ("3.5", "消费量", "cagr_pct", 2011, 2015), ("0.4", "消费量", "cagr_pct", 2016, 2020),
    ]


def test_table_among_tab_indented_paragraphs() -> None:
    text = (
        "\t2024年，铜产量保持增长，市场供需总体平衡，企业效益有所改善。\n\n"
        "\t表9 2024年铜产品产量\n\n"
        + cells(["品种", "产量（万吨）", "同比（%）"], ["精炼铜", "1364", "4.1"], ["铜材", "2350", "3.0"])
        + "\n\n\t2025年，预计铜产量将继续增长，需求仍有支撑。\n"
    )
    figs, ranges = extract_tables(text, date(2025, 1, 15))
    check_invariants(text, figs, ranges)
    assert [f.number_text for f in figs] == ["1364", "4.1", "2350", "3.0"]
    assert ranges == [(text.index("\t表9"), text.index("3.0") + 3)]
    growth = by_text(figs, text, "3.0")
    assert (growth.subject_zh, growth.indicator_zh, growth.measure, growth.period_start) == (
        "铜材", "产量", "yoy_pct", date(2024, 1, 1))


# ---------------------------------------------------------------------------------------------
# What is not a table.
# ---------------------------------------------------------------------------------------------

def test_text_without_tables() -> None:
    assert extract_tables("", None) == ([], [])
    prose = "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。\n\n表观消费量稳步增长。\n"
    assert extract_tables(prose, date(2025, 5, 20)) == ([], [])


def test_non_numeric_box_is_not_claimed() -> None:
    text = (
        "专栏4：技术创新重点\n\n"
        "\t精深加工：高强高韧铝合金、12英寸硅单晶抛光片等材料制备技术。\n\n"
        "\t资源开发：深部资源勘查技术，3000米深井开采技术。\n\n\n"
        "（二）加快结构调整\n"
    )
    assert extract_tables(text, None) == ([], [])


def test_caption_followed_by_prose_is_not_a_table() -> None:
    text = "表1显示，2024年铜产量1200万吨，同比增长4.1%。\n\n2025年预计继续增长。\n"
    assert extract_tables(text, None) == ([], [])


def test_narrow_column_newspaper_lines_are_not_tables() -> None:
    text = (
        "中铝集团新增两家国家企业\n技术中心（见习记者）\n\n"
        "近日，国家发展改革委公布\n第31批新认定国家企业技\n术中心名单，公司所属\n2家企业入选。\n"
    )
    assert extract_tables(text, None) == ([], [])


GARBAGE_ALPHABET = list("\t\n\n 专栏表12３.0-[]【】（）()%：:其中主要品种指标年万吨吨十二五—注") + ["2020年", "万吨", "\t\t"]


@pytest.mark.parametrize("seed", range(60))
def test_garbage_never_raises(seed: int) -> None:
    rng = random.Random(seed)
    text = "".join(rng.choice(GARBAGE_ALPHABET) for _ in range(rng.randint(0, 400)))
    if seed % 3 == 0:
        text = "专栏1：测试\n\n" + text
    figs, ranges = extract_tables(text, date(2020, 1, 1) if seed % 2 else None)
    check_invariants(text, figs, ranges)


def test_mangled_tables_never_raise() -> None:
    base = COPPER + "\n\n" + TARGETS + "\n\n" + TRADE
    rng = random.Random(7)
    for _ in range(40):
        chars = list(base)
        for _ in range(rng.randint(1, 40)):
            k = rng.randrange(len(chars))
            op = rng.random()
            if op < 0.4:
                del chars[k]
            elif op < 0.8:
                chars.insert(k, rng.choice(["\t", "\n", "", "[", "-", "其中", "（%）", "2030年"]))
            else:
                chars[k] = rng.choice("0123456789\t\n")
        text = "".join(chars)
        figs, ranges = extract_tables(text, None)
        check_invariants(text, figs, ranges)
    check_invariants(base, *extract_tables(base, None))


# ---------------------------------------------------------------------------------------------
# The 2016-2020 nonferrous-metals plan (raw/004): 专栏1-3 are numeric tables, 专栏4-14 are
# lists of projects. Cell counts by hand: 专栏1 8 rows x 8 columns; 专栏2 7 rows x 5 columns;
# 专栏3 13 indicator rows x 3 columns, less the four "-" cells = 36.
# ---------------------------------------------------------------------------------------------

def test_plan_document_tables() -> None:
    path = RAW / "004_4df0d59ca522d426.txt"
    if not path.exists():
        pytest.skip("corpus document not present")
    text = path.read_text(encoding="utf-8")
    figs, ranges = extract_tables(text, None)
    check_invariants(text, figs, ranges)
    assert [text[s:s + 4] for s, _ in ranges] == ["专栏1：", "专栏2：", "专栏3："]
    counts = [sum(1 for f in figs if s <= f.char_start < e) for s, e in ranges]
    assert counts == [64, 35, 36]
    assert len(figs) == 135

    total = by_text(figs, text, "3136", after="专栏1")
    assert (total.subject_zh, total.indicator_zh, total.category, total.measure) == (
        "十种有色金属", "生产量", "output", "level")
    assert (total.value_base, total.period_start, total.period_end) == (31_360_000.0, date(2010, 1, 1), date(2010, 12, 31))
    consumption_cagr = by_text(figs, text, "10", after="\t5560\n")
    assert (consumption_cagr.indicator_zh, consumption_cagr.measure, consumption_cagr.unit) == (
        "表观消费量", "cagr_pct", "%")
    assert (consumption_cagr.period_start, consumption_cagr.period_end) == (date(2011, 1, 1), date(2015, 12, 31))
    aluminium = by_text(figs, text, "3141", after="专栏1")
    assert aluminium.subject_zh == "原铝" and aluminium.parent_index == figs.index(by_text(figs, text, "5156", after="专栏1"))
    gold = by_text(figs, text, "986", after="黄金（吨）")
    assert (gold.unit, gold.value_base, gold.parent_index, gold.indicator_zh) == ("吨", 986.0, None, "表观消费量")

    forecast = by_text(figs, text, "6800", after="专栏2")
    assert (forecast.measure, forecast.indicator_zh, forecast.period_start) == ("forecast", "表观消费量", date(2020, 1, 1))

    box3 = text.index("专栏3")
    cut = by_text(figs, text, "22", after="规模以上单位工业增加值能耗降低")
    assert cut.char_start > box3
    assert (cut.value, cut.measure, cut.unit, cut.category) == (-22.0, "yoy_pct", "%", "energy_env")
    assert (cut.period_start, cut.period_end) == (date(2011, 1, 1), date(2015, 12, 31))
    titanium = by_text(figs, text, "-5000", after="海绵钛电耗")
    assert (titanium.measure, titanium.value, titanium.unit_base, titanium.subject_zh, titanium.indicator_zh) == (
        "abs_change", -5000.0, "kWh/t", "海绵钛", "电耗")
    assert (titanium.period_start, titanium.period_end) == (date(2016, 1, 1), date(2020, 12, 31))
    silicothermic = by_text(figs, text, "3500", after="硅热法")
    assert (silicothermic.measure, silicothermic.unit, silicothermic.unit_base) == ("target", "千克标煤/吨", "kgce/t")
    assert silicothermic.subject_zh == "镁冶炼"  # the method (硅热法) goes in the note, not the subject
    lead_share = by_text(figs, text, "12", after="再生铅占铅供应量比重")
    assert (lead_share.measure, lead_share.unit_base, lead_share.subject_zh) == ("pp_change", "pp", "再生铅")
    # no figure outside the three numeric boxes
    assert all(f.char_start < text.index("专栏4") for f in figs)


def test_a_table_that_cannot_be_read_is_diagnosed_and_the_prose_is_kept(monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("no grid")

    monkeypatch.setattr("orchestration.extraction.tables.table_figures", broken)
    text = "前4月，铜产量为478.1万吨。\n\n" + COPPER
    result = extract_table_result(text, None)
    assert result.figures == [] and result.ranges == []
    assert result.diagnostics and "not read: ValueError: no grid" in result.diagnostics[0]
    extraction = extract(text)
    assert any("not read" in d for d in extraction.diagnostics)
    assert [f.number_text for f in extraction.figures][:1] == ["478.1"]
