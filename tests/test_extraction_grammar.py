"""The prose grammar, as a specification: one Chinese sentence in, the exact figures out.

Sentences are written for these tests (other metals, periods and phrasings than the corpus).
`published_on` stands in for the sidecar date, so relative periods resolve.
"""

from __future__ import annotations

from datetime import date

import pytest

from orchestration.extraction import Figure, extract

D = date(2024, 7, 20)  # the sidecar date used where a sentence has relative periods


def figs(text: str, published_on: date | None = D) -> list[Figure]:
    return list(extract(text, published_on).figures)


def fig(text: str, number: str, nth: int = 0, published_on: date | None = D) -> Figure:
    """The figure whose span is the nth occurrence of `number` in `text` (exact span check)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(number, start + 1)
    for f in figs(text, published_on):
        if (f.char_start, f.char_end) == (start, start + len(number)):
            assert text[f.char_start:f.char_end] == f.number_text == number
            return f
    raise AssertionError(f"no figure at {number!r} ({start}) in {text!r}: "
                         f"{[(f.number_text, f.char_start) for f in figs(text, published_on)]}")


def period(f: Figure) -> tuple:
    return (f.period_start, f.period_end, f.period_grain)


# ------------------------------------------------------------------ levels with changes ----

class TestLevelsWithChanges:
    def test_level_then_growth(self):
        t = "2023年，全国精炼锌产量为680.2万吨、增长3.1%。"
        level, growth = fig(t, "680.2"), fig(t, "3.1")
        assert (level.value, level.unit, level.value_base, level.unit_base) == (680.2, "万吨", 6802000.0, "t")
        assert level.measure == "level" and level.category == "output" and level.indicator_zh == "产量"
        assert level.subject_zh == "锌" or level.subject_zh == "精炼锌"
        assert period(level) == (date(2023, 1, 1), date(2023, 12, 31), "year")
        assert (growth.value, growth.unit, growth.unit_base, growth.measure) == (3.1, "%", "pct", "yoy_pct")
        assert period(growth) == period(level)

    def test_profit_growth_and_narrowing_in_points(self):
        t = ("1-6月，规模以上铝加工企业实现利润总额215.6亿元、比去年同期增长12.3%、"
             "增幅比一季度收窄2.1个百分点。")
        level, growth, pp = fig(t, "215.6"), fig(t, "12.3"), fig(t, "2.1")
        assert (level.value_base, level.unit_base, level.category, level.indicator_zh) == (
            21560000000.0, "CNY", "profit", "利润总额")
        assert growth.measure == "yoy_pct" and growth.value == 12.3
        assert (pp.measure, pp.value, pp.unit, pp.unit_base) == ("pp_change", -2.1, "个百分点", "pp")
        for f in (level, growth, pp):
            assert period(f) == (date(2024, 1, 1), date(2024, 6, 30), "ytd")

    def test_month_on_month_and_year_on_year(self):
        t = "3月份，我国电解镍进口量为1.8万吨，环比增长15.2%，同比下降8.4%。"
        assert fig(t, "1.8").measure == "level"
        mom, yoy = fig(t, "15.2"), fig(t, "8.4")
        assert (mom.measure, mom.value) == ("mom_pct", 15.2)
        assert (yoy.measure, yoy.value) == ("yoy_pct", -8.4)
        assert mom.category == yoy.category == "trade" and mom.flow == "import"
        assert period(mom) == (date(2024, 3, 1), date(2024, 3, 31), "month")

    def test_gap_to_another_growth_in_points(self):
        t = "前三季度，有色金属矿采选业投资增长9.6%，比全国工业投资增幅高6.5个百分点。"
        pp = fig(t, "6.5")
        assert (pp.measure, pp.value, pp.category) == ("pp_change", 6.5, "investment")
        assert period(pp) == (date(2024, 1, 1), date(2024, 9, 30), "ytd")

    def test_level_reached_after_a_change_is_a_level(self):
        t = "6月份，制造业PMI环比回升0.4个百分点至50.2%。"
        assert fig(t, "0.4").measure == "pp_change"
        level = fig(t, "50.2")
        assert level.measure == "level" and level.category == "index" and level.value == 50.2

    def test_absolute_change_in_own_unit(self):
        t = "2023年，铝锭综合交流电耗13450千瓦时/吨，比2015年下降112千瓦时/吨。"
        level, change = fig(t, "13450"), fig(t, "112")
        assert (level.unit_base, level.category, level.measure) == ("kWh/t", "energy_env", "level")
        assert (change.measure, change.value) == ("abs_change", -112.0)
        # a change against an explicit base year spans base -> current
        assert period(change) == (date(2015, 1, 1), date(2023, 12, 31), "multi_year")


# ------------------------------------------------------------------ context carried -------

class TestContextCarried:
    def test_value_clause_inherits_subject_and_period(self):
        t = "5月份，我国锂精矿进口实物量为52.3万吨，同比增长31.0%；进口额为4.6亿美元，同比下降62.1%。"
        value = fig(t, "4.6")
        assert (value.category, value.flow, value.indicator_zh) == ("trade", "import", "进口额")
        assert value.subject_zh == "锂精矿"
        assert (value.value_base, value.unit_base) == (460000000.0, "USD")
        assert period(value) == (date(2024, 5, 1), date(2024, 5, 31), "month")
        assert fig(t, "62.1").value == -62.1

    def test_of_which_links_to_its_whole_and_inherits_period(self):
        t = ("1-9月，有色金属工业完成固定资产投资同比增长18.2%。其中，冶炼和压延加工完成投资增长21.5%，"
             "矿山采选完成投资增长9.7%。")
        result = figs(t)
        whole = next(i for i, f in enumerate(result) if f.number_text == "18.2")
        for part in ("21.5", "9.7"):
            f = fig(t, part)
            assert f.parent_index == whole
            assert f.category == "investment" and f.measure == "yoy_pct"
            assert period(f) == (date(2024, 1, 1), date(2024, 9, 30), "ytd")

    def test_of_which_level_links_to_level(self):
        t = "上半年，全国货物贸易进出口总值21.17万亿元，同比增长6.1%。其中，出口12.13万亿元，增长6.9%；进口9.04万亿元，增长5.2%。"
        result = figs(t)
        total = next(i for i, f in enumerate(result) if f.number_text == "21.17")
        growth = next(i for i, f in enumerate(result) if f.number_text == "6.1")
        assert fig(t, "12.13").parent_index == total and fig(t, "12.13").flow == "export"
        assert fig(t, "9.04").parent_index == total and fig(t, "9.04").flow == "import"
        assert fig(t, "6.9").parent_index == growth
        assert result[total].flow == "total"


# ------------------------------------------------------------------ enumerations ----------

class TestEnumerations:
    def test_values_pair_with_subjects_in_order(self):
        t = "2023年，其中锡、锑、钨等小金属产量分别为18.5万吨、9.1万吨、6.7万吨。"
        assert [fig(t, n).value_base for n in ("18.5", "9.1", "6.7")] == [185000.0, 91000.0, 67000.0]
        assert [fig(t, n).subject_zh for n in ("18.5", "9.1", "6.7")] == ["锡", "锑", "钨"]

    def test_list_after_fenbie_shi(self):
        t = "6月份，上升的指标有3项，分别是铜价指数、铝价指数和锌价指数，增幅分别是1.2%、0.7%和2.3%。"
        values = [fig(t, n) for n in ("1.2", "0.7", "2.3")]
        assert [f.indicator_zh for f in values] == ["铜价指数", "铝价指数", "锌价指数"]
        assert all(f.category == "index" for f in values)
        assert fig(t, "3").unit == "项"

    def test_values_pair_with_statements_before(self):
        t = "2023年镁产量达到92万吨，表观消费量约48万吨，近五年年均分别增长4.2%和6.8%。"
        out, cons = fig(t, "4.2"), fig(t, "6.8")
        assert (out.category, out.measure) == ("output", "cagr_pct")
        assert (cons.category, cons.measure) == ("consumption", "cagr_pct")
        assert fig(t, "48").qualifier == "approx"

    def test_shared_unit_in_enumeration(self):
        t = "2023年，电解铝、海绵钛、电解镁综合能耗分别为1.35、8.1、4.6吨标煤/吨。"
        t = "2023年，氧化铝、铜冶炼、锌冶炼综合能耗分别为380、210、790千克标煤/吨。"
        values = [fig(t, n) for n in ("380", "210", "790")]
        assert all(f.unit == "千克标煤/吨" and f.unit_base == "kgce/t" for f in values)
        assert [f.subject_zh for f in values] == ["氧化铝", "铜冶炼", "锌冶炼"]

    def test_count_mismatch_emits_nothing_and_diagnoses(self):
        t = "2023年，铜、铝、铅、锌产量分别为120万吨、350万吨、60万吨。"
        result = extract(t, D)
        assert [f for f in result.figures if f.number_text in ("120", "350", "60")] == []
        assert any("enumeration" in d for d in result.diagnostics)

    def test_each_shares(self):
        t = "2022年，其中铜、铝、镍产量各占全球总产量的42%、57%和30%。"
        values = [fig(t, n) for n in ("42", "57", "30")]
        assert all(f.measure == "share_pct" for f in values)
        assert [f.subject_zh for f in values] == ["铜", "铝", "镍"]

    def test_shared_points_unit(self):
        t = "6月份，大型企业和中型企业PMI分别上升0.5个和0.3个百分点。"
        a, b = fig(t, "0.5"), fig(t, "0.3")
        assert a.unit == b.unit == "个百分点" and a.measure == b.measure == "pp_change"
        assert (a.value, b.value) == (0.5, 0.3)


# ------------------------------------------------------------------ signs -----------------

@pytest.mark.parametrize(
    ("sentence", "value"),
    [
        ("2023年，钴产量增长12.5%。", 12.5),
        ("2023年，钴产量上升12.5%。", 12.5),
        ("2023年，钴产量提高12.5%。", 12.5),
        ("2023年，钴产量扩大12.5%。", 12.5),
        ("2023年，钴价上涨12.5%。", 12.5),
        ("2023年，钴产量增加12.5%。", 12.5),
        ("2023年，钴产量下降12.5%。", -12.5),
        ("2023年，钴产量减少12.5%。", -12.5),
        ("2023年，钴产量回落12.5%。", -12.5),
        ("2023年，钴价下跌12.5%。", -12.5),
        ("2023年，钴价跌12.5%。", -12.5),
        ("2023年，钴价降12.5%。", -12.5),
        ("2023年，钴价重挫12.5%。", -12.5),
        ("2023年，钴产量降低12.5%。", -12.5),
    ],
)
def test_change_words_sign_the_value(sentence, value):
    f = fig(sentence, "12.5")
    assert f.value == value and f.value_base == value and f.measure == "yoy_pct"


def test_narrowing_is_negative_and_flat_is_zero():
    t = "二季度，镍产量增速比一季度收窄1.5个百分点。"
    assert fig(t, "1.5").value == -1.5
    t = "1月份铝材出口下降3.2%，2月份基本持平，3月份增长5.1%。"
    flat = fig(t, "持平")
    assert (flat.value, flat.unit, flat.measure, flat.qualifier) == (0.0, "%", "yoy_pct", "approx")
    assert period(flat) == (date(2024, 2, 1), date(2024, 2, 29), "month")


# ------------------------------------------------------------------ scales and units ------

@pytest.mark.parametrize(
    ("sentence", "number", "unit", "value_base", "unit_base"),
    [
        ("2023年，再生铝产量为950千吨。", "950", "千吨", 950000.0, "t"),
        ("2023年，钛白粉产量为4.2百万吨。", "4.2", "百万吨", 4200000.0, "t"),
        ("2023年，行业营业收入为8.1万亿元。", "8.1", "万亿元", 8.1e12, "CNY"),
        ("2023年，光伏装机容量新增2.17亿千瓦。", "2.17", "亿千瓦", 2.17e8, "kW"),
        ("2023年，电解铝用电量为5400亿千瓦时。", "5400", "亿千瓦时", 5.4e11, "kWh"),
        ("2023年，新能源汽车出口120.3万辆。", "120.3", "万辆", 1203000.0, "count"),
        ("2023年，新增规上企业356家。", "356", "家", 356.0, "count"),
        ("2023年，尾矿库回水利用量为2.6亿立方米。", "2.6", "亿立方米", 2.6e8, "m3"),
        ("2023年，白银进口均价为5200美元/吨。", "5200", "美元/吨", 5200.0, "USD/t"),
        ("2023年，锌锭均价为21560元/吨。", "21560", "元/吨", 21560.0, "CNY/t"),
        ("2023年，镁冶炼综合能耗为4100千克标煤/吨。", "4100", "千克标煤/吨", 4100.0, "kgce/t"),
        ("2023年，铜冶炼综合电耗为310千瓦时/吨。", "310", "千瓦时/吨", 310.0, "kWh/t"),
        ("2023年，行业事故率为0.8‰。", "0.8", "‰", 0.08, "pct"),
        ("2023年，锂盐出口额增长1.5倍。", "1.5", "倍", 1.5, "times"),
    ],
)
def test_scales_and_units(sentence, number, unit, value_base, unit_base):
    f = fig(sentence, number)
    assert f.unit == unit and f.unit_base == unit_base
    assert f.value_base == pytest.approx(value_base, rel=1e-12)


def test_full_width_digits_keep_original_offsets():
    t = "２０２３年，锡产量为１８．５万吨，增长３．２％。"
    f = fig(t, "１８．５")
    assert (f.value, f.value_base, f.unit) == (18.5, 185000.0, "万吨")
    g = fig(t, "３．２")
    assert (g.value, g.unit_base, g.measure) == (3.2, "pct", "yoy_pct")
    assert period(f) == (date(2023, 1, 1), date(2023, 12, 31), "year")


def test_thousands_separators():
    f = fig("2023年，钼精矿产量为1,234.5万吨。", "1,234.5")
    assert (f.value, f.value_base) == (1234.5, 12345000.0)


@pytest.mark.parametrize(
    ("sentence", "number", "value", "unit"),
    [
        ("2023年，集团新增三家国家级绿色工厂。", "三", 3.0, "家"),
        ("项目建设两座光伏电站。", "两", 2.0, "座"),
        ("2023年，公司十二项成果获奖。", "十二", 12.0, "项"),
    ],
)
def test_chinese_numerals_as_quantities(sentence, number, value, unit):
    f = fig(sentence, number)
    assert (f.value, f.unit, f.unit_base, f.category) == (value, unit, "count", "other")


# ------------------------------------------------------------------ qualifiers and ranges -

@pytest.mark.parametrize(
    ("sentence", "number", "qualifier"),
    [
        ("2023年，钨精矿产量约为8.1万吨。", "8.1", "approx"),
        ("2023年，钨精矿产量为8.1万吨左右。", "8.1", "approx"),
        ("2023年，钨精矿产量超过8.1万吨。", "8.1", "over"),
        ("2023年，钨精矿产量达8.1万吨以上。", "8.1", "over"),
        ("2023年，钨精矿产量逾8.1万吨。", "8.1", "over"),
        ("2023年，钨精矿产量近8.1万吨。", "8.1", "approx"),
        ("2023年，钨精矿产量突破8.1万吨。", "8.1", "over"),
        ("2023年，钨精矿产量不足8.1万吨。", "8.1", "under"),
        ("2023年，钨精矿出口200余家企业。", "200", "over"),
    ],
)
def test_qualifiers(sentence, number, qualifier):
    assert fig(sentence, number).qualifier == qualifier


def test_range_gives_two_figures():
    t = "6月份，沪锡在252000~268000元/吨区间震荡。"
    low, high = fig(t, "252000"), fig(t, "268000")
    assert (low.qualifier, high.qualifier) == ("range_low", "range_high")
    assert low.unit == high.unit == "元/吨" and low.category == "price"
    t = "预计2025年，碳酸锂需求增速在25%-30%之间。"
    assert (fig(t, "25", nth=1).qualifier, fig(t, "30").qualifier) == ("range_low", "range_high")


# ------------------------------------------------------------------ periods ---------------

@pytest.mark.parametrize(
    ("sentence", "number", "expected"),
    [
        ("1-4月，锑产量为3.2万吨。", "3.2", (date(2024, 1, 1), date(2024, 4, 30), "ytd")),
        ("前5个月，锑产量为3.2万吨。", "3.2", (date(2024, 1, 1), date(2024, 5, 31), "ytd")),
        ("4月份，锑产量为3.2万吨。", "3.2", (date(2024, 4, 1), date(2024, 4, 30), "month")),
        ("5月末，锑库存为3.2万吨。", "3.2", (date(2024, 5, 31), date(2024, 5, 31), "instant")),
        ("一季度，锑产量为3.2万吨。", "3.2", (date(2024, 1, 1), date(2024, 3, 31), "quarter")),
        ("第二季度，锑产量为3.2万吨。", "3.2", (date(2024, 4, 1), date(2024, 6, 30), "quarter")),
        ("上半年，锑产量为3.2万吨。", "3.2", (date(2024, 1, 1), date(2024, 6, 30), "half")),
        ("2022年，锑产量为3.2万吨。", "3.2", (date(2022, 1, 1), date(2022, 12, 31), "year")),
        ("截至2023年底，锑储量为3.2万吨。", "3.2", (date(2023, 12, 31), date(2023, 12, 31), "instant")),
        ("去年全年，锑产量为3.2万吨。", "3.2", (date(2023, 1, 1), date(2023, 12, 31), "year")),
        ("今年前5个月，锑产量为3.2万吨。", "3.2", (date(2024, 1, 1), date(2024, 5, 31), "ytd")),
        ("“十二五”期间，锑产量年均增长3.2%。", "3.2", (date(2011, 1, 1), date(2015, 12, 31), "multi_year")),
        ("“十四五”时期，锑产量年均增长3.2%。", "3.2", (date(2021, 1, 1), date(2025, 12, 31), "multi_year")),
    ],
)
def test_periods(sentence, number, expected):
    assert period(fig(sentence, number)) == expected


def test_cagr_and_targets():
    t = "2020年，钨产量为7.2万吨，5年年均增长2.1%。"
    cagr = fig(t, "2.1")
    assert cagr.measure == "cagr_pct"
    assert period(cagr) == (date(2016, 1, 1), date(2020, 12, 31), "multi_year")
    t = "到2030年，再生铜产量达到600万吨，赤泥综合利用率达到25%以上。"
    level, rate = fig(t, "600"), fig(t, "25")
    assert level.measure == rate.measure == "target"
    assert rate.qualifier == "over" and rate.category == "energy_env"
    assert period(level) == (date(2030, 1, 1), date(2030, 12, 31), "year")


def test_forecast():
    t = "据机构预测，2030年全球锂需求量有望达到300万吨。"
    f = fig(t, "300")
    assert (f.measure, f.category) == ("forecast", "consumption")
    assert period(f) == (date(2030, 1, 1), date(2030, 12, 31), "year")


def test_relative_periods_need_a_document_date():
    t = "今年一季度，铋产量为1.1万吨。"
    resolved = fig(t, "1.1", published_on=date(2023, 5, 2))
    assert period(resolved) == (date(2023, 1, 1), date(2023, 3, 31), "quarter")
    result = extract(t, None)
    f = result.figures[0]
    assert (f.period_start, f.period_end, f.period_grain) == (None, None, None)
    assert result.document_date is None
    assert any("unresolved periods: 1" in d for d in result.diagnostics)


def test_bare_month_after_the_document_month_is_last_year():
    t = "11月份，钒产量为2.3万吨。"
    f = fig(t, "2.3", published_on=date(2025, 1, 15))
    assert period(f) == (date(2024, 11, 1), date(2024, 11, 30), "month")


# ------------------------------------------------------------------ shares and rates ------

def test_shares_and_rates():
    t = "2023年，民营企业出口3.2万亿元，增长5.0%，占出口总值的42.1%，比重比上年提升1.3个百分点。"
    share = fig(t, "42.1")
    assert share.measure == "share_pct" and share.category == "trade"
    assert fig(t, "1.3").measure == "pp_change"
    t = "2023年，国内铜精矿对外依存度为78%。"
    rate = fig(t, "78")
    assert (rate.measure, rate.category, rate.flow) == ("rate_pct", "trade", "import")
    t = "2023年，电解铝产能利用率为86.5%。"
    assert fig(t, "86.5").measure == "rate_pct" and fig(t, "86.5").category == "capacity"


# ------------------------------------------------------------------ narrow columns --------

def test_line_breaks_inside_numbers_units_and_keywords():
    t = "1-5月，全国原铝产量为\n1749.\n3万\n吨，同比增\n长\n3.2%。"
    level = fig(t, "1749.\n3")
    assert (level.value, level.unit, level.value_base) == (1749.3, "万吨", 17493000.0)
    assert level.source_text.startswith("1-5月")
    growth = fig(t, "3.2")
    assert (growth.value, growth.measure) == (3.2, "yoy_pct")


def test_spaced_out_justified_text():
    t = "6月份，沪 锌 环 比 上 涨 320 元/吨（+ 1.4%）。"
    change, pct = fig(t, "320"), fig(t, "1.4")
    assert (change.measure, change.value, change.category) == ("abs_change", 320.0, "price")
    assert (pct.measure, pct.value) == ("mom_pct", 1.4)


# ------------------------------------------------------------------ not figures -----------

@pytest.mark.parametrize(
    "sentence",
    [
        "2024年3月15日，工业和信息化部印发通知。",
        "依据《国务院关于加快推进产业升级的意见》（国发〔2019〕17号）编制。",
        "联系电话：010-65432109。",
        "公司研发的5N高纯铟和800kA铝电解槽达到国际先进水平。",
        "企业建成12英寸硅片生产线。",
        "会议公布了第28批国家企业技术中心名单。",
        "第十五届中国国际铝工业展览会开幕。",
        "“十四五”以来，行业加快转型。",
        "十种常用有色金属的生产保持稳定。",
        "公司推出一批新产品，形成一系列标准。",
        "本报总第2048期。",
        "他今年58岁，从事冶炼工作已30年。",
    ],
)
def test_not_figures(sentence):
    assert figs(sentence) == []


# ------------------------------------------------------------------ document date ---------

def test_document_date_sources():
    header = "中国有色金属报\n星期二 2024年6月18日 甲辰年五月十三\n今年前5个月，铅产量为300万吨。"
    result = extract(header, date(2020, 1, 1))
    assert (result.document_date, result.document_date_source) == (date(2024, 6, 18), "header")
    assert result.figures[0].period_end == date(2024, 5, 31)
    text = "2024年5月，铅价指数为101.2。今年前4个月，铅产量为240万吨。"
    result = extract(text)
    assert result.document_date_source == "text" and result.document_date.year == 2024
    sidecar = extract("今年，铅产量为300万吨。", date(2022, 3, 1))
    assert (sidecar.document_date, sidecar.document_date_source) == (date(2022, 3, 1), "sidecar")
    none = extract("今年，铅产量为300万吨。")
    assert (none.document_date, none.document_date_source) == (None, None)
