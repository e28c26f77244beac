"""Specification of the context rules: which indicator, category, period and measure a figure
takes from the words around it. One Chinese sentence (or short text) in, the exact figures out.

Every rule is specified on wordings written for these tests (other metals, periods, phrasings and
publishers than the corpus), so a rule that only fits the corpus fails here.
"""

from __future__ import annotations

from datetime import date

from orchestration.extraction import Figure, extract
from orchestration.extraction.text import build_view

D = date(2024, 7, 20)  # the sidecar date used where a text has relative periods


def fig(text: str, number: str, nth: int = 0, published_on: date | None = D) -> Figure:
    """The figure whose span is the nth occurrence of `number` in `text` (exact span check)."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(number, start + 1)
    figures = extract(text, published_on).figures
    for f in figures:
        if (f.char_start, f.char_end) == (start, start + len(number)):
            assert text[f.char_start:f.char_end] == f.number_text == number
            return f
    raise AssertionError(f"no figure at {number!r} ({start}) in {text!r}: "
                         f"{[(f.number_text, f.char_start) for f in figures]}")


def period(f: Figure) -> tuple:
    return (f.period_start, f.period_end, f.period_grain)


YEAR_2023 = (date(2023, 1, 1), date(2023, 12, 31), "year")
NO_PERIOD = (None, None, None)


# ------------------------------------------------------------------ indicator keywords ----

class TestLongestKeywordWins:
    """Where two keywords overlap, the longer one names the figure (全年产销量: 产销量, not 年产)."""

    def test_full_year_output_and_sales(self):
        f = fig("2023年，全国电动自行车全年产销量均超过4500万辆。", "4500")
        assert (f.category, f.indicator_zh) == ("output", "产销量")

    def test_this_year_output_and_sales(self):
        f = fig("据协会统计，当年产销量达到120万台，创历史新高。", "120")
        assert (f.category, f.indicator_zh) == ("output", "产销量")

    def test_shorter_overlap_keeps_the_earlier(self):
        f = fig("2023年，该矿年产量为8.6万吨。", "8.6")
        assert f.category == "output"


class TestShareTakesItsPart:
    """A share "A占B的x%" measures A, the part; a clause opening with 占 shares the figure before it."""

    def test_part_before_zhan(self):
        f = fig("2023年，稀土永磁出口额占全行业营业收入的18.4%。", "18.4")
        assert (f.category, f.flow, f.measure) == ("trade", "export", "share_pct")

    def test_part_is_output_whole_is_consumption(self):
        f = fig("2023年，再生锌产量占国内锌消费量的比重为21%。", "21")
        assert (f.category, f.measure) == ("output", "share_pct")

    def test_clause_opening_with_zhan_shares_the_figure_before(self):
        t = "2023年，开展进口业务的民营冶炼企业有310家，占全部进口企业的47.5%。"
        f = fig(t, "47.5")
        assert (f.category, f.measure) == ("other", "share_pct")


class TestOwnQuantityOfTheClause:
    """A clause naming its own rate, ratio or amount the vocabulary does not know (自给率, 企业比例,
    采购…金额) measures that, not the keyword of an earlier clause."""

    def test_self_sufficiency_rate_after_output(self):
        t = "2023年，全国再生铜产量为395万吨，铜原料自给率为27%。"
        f = fig(t, "27")
        assert (f.category, f.indicator_zh, f.measure) == ("other", "铜原料自给率", "rate_pct")
        assert fig(t, "395").category == "output"

    def test_ratio_of_firms(self):
        t = "生产环节全面推广在线检测，开展数字化改造的企业比例达到45%。"
        f = fig(t, "45", published_on=None)
        assert (f.category, f.indicator_zh) == ("other", "开展数字化改造的企业比例")

    def test_amount_of_purchases(self):
        t = "上半年，铝加工企业营业收入增长6%，采购检测服务金额增长11.2%。"
        f = fig(t, "11.2")
        assert (f.category, f.measure) == ("other", "yoy_pct")
        assert fig(t, "6").category == "profit"

    def test_keyword_inside_the_phrase_keeps_it(self):
        f = fig("2023年，受污染耕地面积减少至1200平方公里。", "1200")
        assert f.category == "energy_env"

    def test_contribution_rate_belongs_to_what_grows(self):
        t = "1-9月，精炼镍产量增长9.1%，电解镍对镍产量增长的贡献率为64%。"
        assert fig(t, "64").category == "output"


class TestPairedIndicators:
    """产销 / 进出口 followed by 分别 pair with two values: output then sales, imports then exports."""

    def test_output_and_sales_of_motorcycles(self):
        t = "2023年，摩托车产销分别完成1962万辆和1985万辆，同比分别增长12.3%和14.1%。"
        out, sales = fig(t, "1962"), fig(t, "1985")
        assert (out.category, out.indicator_zh) == ("output", "产量")
        assert (sales.category, sales.indicator_zh) == ("consumption", "销量")
        assert fig(t, "12.3").category == "output" and fig(t, "14.1").category == "consumption"

    def test_imports_and_exports(self):
        t = "一季度，钨品进出口分别为0.3万吨和0.8万吨。"
        imp, exp = fig(t, "0.3"), fig(t, "0.8")
        assert (imp.category, imp.flow) == ("trade", "import")
        assert (exp.category, exp.flow) == ("trade", "export")

    def test_output_and_sales_volume(self):
        t = "前三季度，储能电池产销量分别为1.6亿千瓦时和1.5亿千瓦时。"
        assert (fig(t, "1.6").category, fig(t, "1.5").category) == ("output", "consumption")


class TestWordsAfterANumberThatDoNotNameIt:
    def test_scale_after_a_level(self):
        t = "2023年，全国镁合金压铸件产量保持50万吨以上规模。"
        assert fig(t, "50").category == "output"

    def test_scale_of_sales(self):
        t = "今年以来，铜箔销量维持在每月8万吨左右规模。"
        assert fig(t, "8").category == "consumption"

    def test_parenthetical_remark_is_not_the_indicator(self):
        t = "2023年，该矿山累计产出铅精矿（含储量）3.1万吨。"
        assert fig(t, "3.1").category == "output"


# ------------------------------------------------------------------ vocabulary -----------

class TestQuantitiesThatAreNotFlows:
    def test_reserves_found(self):
        t = "“十四五”期间，全国新增查明资源储量锂矿（氧化锂）650万吨、钴矿12万吨。"
        assert fig(t, "650").category == "other" and fig(t, "12").category == "other"

    def test_inventory(self):
        t = "6月末，上海保税区铜库存回落至7.2万吨。"
        assert fig(t, "7.2").category == "other"

    def test_efficiency_is_not_output(self):
        t = "2023年，示范矿山生产效率提高18%，能源利用效率提高9%。"
        assert fig(t, "18").category == "other" and fig(t, "9").category == "energy_env"

    def test_tailings_treated(self):
        t = "2023年，该公司累计处置铜尾矿超过40万吨。"
        assert fig(t, "40").category == "energy_env"


# ------------------------------------------------------------------ the present ----------

class TestThePresent:
    """目前, 如今, 至今, 当前 date a stock or count at the document date; a growth rate "now" is that
    of the latest period the text reports."""

    def test_count_now(self):
        f = fig("目前，该冶炼厂已获授权实用新型专利26项。", "26")
        assert period(f) == (D, D, "instant")

    def test_stock_nowadays(self):
        f = fig("如今，园区已集聚锂电材料企业43家。", "43")
        assert period(f) == (D, D, "instant")

    def test_to_date(self):
        f = fig("该矿山至今累计产出钨精矿18万吨。", "18")
        assert period(f) == (D, D, "instant")

    def test_growth_now_is_the_latest_reported_period(self):
        t = "1-6月，铝材出口量同比增长3.2%。行业人士表示，出口增速从一季度的1.1%提升至当前的3.2%。"
        f = fig(t, "3.2", nth=1)
        assert period(f) == (date(2024, 1, 1), date(2024, 6, 30), "ytd")

    def test_no_document_date_no_present(self):
        f = fig("目前，全国共有再生铅企业62家。", "62", published_on=None)
        assert period(f) == NO_PERIOD


# ------------------------------------------------------------------ targets and plans -----

PLAN = """稀有金属产业发展方案（2021-2025年）

稀有金属是支撑新能源、新材料和国防科技工业发展的关键基础材料，本方案明确今后五年的方向。
一、发展现状
2020年，全国钨精矿产量为14万吨，钨、钼、稀土等资源开发利用水平稳步提高，产业体系日趋完善。
（二）发展目标

“十四五”期间，产业结构持续优化，创新能力显著增强，到“十四五”末建成稀有金属强国。
1.创新能力。重点企业研发经费占营业收入达到2.5%以上，关键共性技术取得一批重大突破。
2.绿色发展。钨冶炼回收率提高到95%，企业清洁生产审核比例从当前的30%提升到60%。
三、重点任务
推进数字化改造，培育一批具有国际竞争力的骨干企业，完善产业链供应链的协同配套体系。
"""


class TestTargetSection:
    """A 目标 section's figures take the target year its opening states (到“十四五”末 -> 2025) and
    are targets; a starting level "从当前的30%" stays where things stand now."""

    def test_share_in_target_section(self):
        f = fig(PLAN, "2.5", published_on=None)
        assert (f.measure, period(f)) == ("target", (date(2025, 1, 1), date(2025, 12, 31), "year"))
        assert f.category == "other"

    def test_rate_in_target_section(self):
        f = fig(PLAN, "95", published_on=None)
        assert (f.measure, f.period_end) == ("target", date(2025, 12, 31))

    def test_starting_level_is_the_present(self):
        start, goal = fig(PLAN, "30", published_on=None), fig(PLAN, "60", published_on=None)
        # an undated plan speaks from the first year of its span
        assert (start.measure, period(start)) == ("share_pct", (date(2021, 1, 1), date(2021, 12, 31), "year"))
        assert (goal.measure, goal.period_end) == ("target", date(2025, 12, 31))

    def test_review_before_the_section_is_not_a_target(self):
        f = fig(PLAN, "14", published_on=None)
        assert (f.measure, period(f)) == ("level", (date(2020, 1, 1), date(2020, 12, 31), "year"))

    def test_plan_period_not_over_is_planned(self):
        t = PLAN + "“十四五”期间，全国新增锂矿资源量300万吨。\n"
        f = fig(t, "300", published_on=None)
        assert f.measure == "target"
        assert period(f) == (date(2021, 1, 1), date(2025, 12, 31), "multi_year")


class TestPlanEnd:
    def test_end_of_plan_is_its_last_year(self):
        f = fig("到“十五五”末，再生铝产量力争达到1500万吨。", "1500")
        assert (f.measure, period(f)) == ("target", (date(2030, 1, 1), date(2030, 12, 31), "year"))

    def test_start_of_plan_is_its_first_year(self):
        f = fig("“十三五”初，全国铅冶炼产能约为700万吨。", "700")
        assert period(f) == (date(2016, 1, 1), date(2016, 12, 31), "year")

    def test_plan_period_whole(self):
        f = fig("“十二五”期间，铜材产量年均增长12.5%。", "12.5")
        assert period(f) == (date(2011, 1, 1), date(2015, 12, 31), "multi_year")


class TestFuturePeriodsAreNotCarried:
    """A forecast's or a target's year is not the period of the statements after it."""

    def test_forecast_sentence_does_not_date_the_next(self):
        t = "5月份，机构预计2024年、2025年全球锡消费增速分别为1.5%和2.0%，分别上调0.3个百分点和0.2个百分点。欧洲锡库存下降至3000吨。"
        f = fig(t, "3000")
        assert period(f) == (date(2024, 5, 1), date(2024, 5, 31), "month")

    def test_year_of_a_stated_goal_is_not_carried(self):
        t = "2023年，赤泥利用率约为9%，距离2028年利用率达到20%的目标仍有差距。全国赤泥堆存量约12亿吨。"
        f = fig(t, "12")
        assert period(f) == YEAR_2023

    def test_next_year_not_carried(self):
        t = "上半年，精炼钴产量为3.1万吨。明年产量有望达到6万吨。硫酸钴价格下跌12%。"
        f = fig(t, "12")
        assert period(f) == (date(2024, 1, 1), date(2024, 6, 30), "half")


class TestRecentDays:
    """A bare month-day within two months before the document date is that recent day, whatever
    year an earlier paragraph talked about."""

    def test_january_day_in_a_january_issue(self):
        t = "2023年，全球镍价全年下跌45%。\n\n镍市场方面，LME镍价1月9日上涨2.1%。"
        f = fig(t, "2.1", published_on=date(2024, 1, 15))
        assert period(f) == (date(2024, 1, 9), date(2024, 1, 9), "instant")

    def test_december_day_in_a_january_issue(self):
        t = "2023年，铝锭社会库存处于低位。\n\n据统计，12月28日铝锭社会库存为44.6万吨。"
        f = fig(t, "44.6", published_on=date(2024, 1, 10))
        assert period(f) == (date(2023, 12, 28), date(2023, 12, 28), "instant")

    def test_year_of_the_same_paragraph_still_dates_a_day(self):
        t = "1998年，该矿开始扩建，5月20日日处理矿石能力达到3000吨。"
        f = fig(t, "3000", published_on=date(2024, 6, 1))
        assert f.period_end == date(1998, 5, 20)


class TestStartingLevel:
    """In 从A提升至B, A is where things stand (dated only by its own phrase) and B is the aim."""

    def test_undated_start_of_a_projection(self):
        t = "研究机构称，到2035年，全球锂需求中储能占比将从12%提升至30%。"
        start, end = fig(t, "12"), fig(t, "30")
        assert (start.measure, period(start)) == ("share_pct", NO_PERIOD)
        assert end.measure in ("target", "forecast") and end.period_end == date(2035, 12, 31)

    def test_dated_start(self):
        t = "冶炼企业开工率从3月的62%回升至71%。"
        assert fig(t, "62").period_end == date(2024, 3, 31)

    def test_start_in_an_enumeration(self):
        t = "到2030年，铜、铝再生料占比将分别从20%、18%提升至35%和30%。"
        assert fig(t, "18").measure == "share_pct" and period(fig(t, "18")) == NO_PERIOD


class TestReachedPeriodIsNotADeadline:
    """至/到 closing a range or after a change verb ends a period reached, not a deadline."""

    def test_change_verb_then_year(self):
        t = "我国镁冶炼清洁能源占比已从2019年的约8%提升至2023年的21.5%。"
        f = fig(t, "21.5", published_on=None)
        assert (f.measure, period(f)) == ("share_pct", YEAR_2023)

    def test_range_of_periods(self):
        t = "1970年3月至1978年底的八年间，该厂累计生产电解铜4.2万吨。"
        f = fig(t, "4.2")
        assert f.measure == "level" and f.period_end == date(1978, 12, 31)

    def test_a_real_deadline_stays(self):
        f = fig("到2027年，再生铜产量力争达到600万吨。", "600")
        assert (f.measure, period(f)) == ("target", (date(2027, 1, 1), date(2027, 12, 31), "year"))


class TestRateChangesInPercent:
    """A share moving by x% moves in points; any other rate raised by x% is a relative change."""

    def test_share_moves_in_points(self):
        f = fig("2023年，再生铝占比提升1.5%。", "1.5")
        assert f.measure == "pp_change"

    def test_rate_raised_by_percent(self):
        f = fig("2023年，选矿自动化率提高30%。", "30")
        assert f.measure == "yoy_pct"

    def test_efficiency_cut_by_percent(self):
        f = fig("改造后，吨铝损耗率降低12%。", "12", published_on=None)
        assert (f.measure, f.value) == ("yoy_pct", -12.0)


# ------------------------------------------------------------------ headlines ------------

# a lead paragraph set one per line, as web pages are: headlines then stand on lines of their own
LEAD = "本报讯 有关部门近日发布数据，行业运行稳中有进，结构持续优化，发展韧性进一步显现，企业对后市预期总体向好。\n"


class TestHeadlines:
    """A headline's figure takes the period stated anywhere in the headline, else that of the
    article's lead sentence; its indicator may follow it."""

    def test_period_and_indicator_after_the_number(self):
        t = "3.2万亿元！一季度我国外贸进出口稳中有升\n\n" + LEAD
        f = fig(t, "3.2")
        assert (f.category, f.flow) == ("trade", "total")
        assert period(f) == (date(2024, 1, 1), date(2024, 3, 31), "quarter")

    def test_period_after_a_comma(self):
        t = "增长4.1%，上半年铝材出口平稳\n\n" + LEAD
        assert period(fig(t, "4.1")) == (date(2024, 1, 1), date(2024, 6, 30), "half")

    def test_period_of_the_lead_sentence(self):
        t = ("某铜业公司五项成果获省科技奖\n\n本报讯 近日，2023年度省科学技术奖揭晓，该公司五项成果获奖，"
             "涵盖绿色冶炼、智能制造和资源综合利用等多个领域。\n" + LEAD)
        f = fig(t, "五")
        assert period(f) == YEAR_2023

    def test_lead_without_a_period(self):
        t = "某铝业公司两项成果入选示范案例\n\n" + LEAD
        assert period(fig(t, "两")) == NO_PERIOD


# ------------------------------------------------------------------ undated figures ------

class TestRatesPerPeriodAndPotentials:
    """每年可消纳, 每月节约, 单台可减少: what something does, not a dated flow."""

    def test_per_year_potential(self):
        t = "2023年，该项目开工建设。项目投产后每年可处理废旧电池5万吨。"
        assert period(fig(t, "5")) == NO_PERIOD

    def test_per_month_saving(self):
        t = "2023年，车间完成改造。新装置每月节约电费约6万元。"
        assert period(fig(t, "6")) == NO_PERIOD

    def test_per_machine(self):
        t = "2023年，该厂推广新工艺。单台设备可减少停机时间16小时。"
        assert period(fig(t, "16")) == NO_PERIOD

    def test_dated_statement_keeps_its_period(self):
        t = "2023年，该厂每月平均产出阴极铜2.1万吨。"
        assert period(fig(t, "2.1")) == YEAR_2023


class TestRatedCapacity:
    """A capacity written as the rating of a machine or a project is capacity, and undated."""

    def test_machine_volume(self):
        t = "2023年，国内首台500立方米搅拌槽投入使用。"
        f = fig(t, "500")
        assert (f.category, period(f)) == ("capacity", NO_PERIOD)

    def test_project_power(self):
        t = "2023年，公司建成30万千瓦光伏项目。"
        f = fig(t, "30")
        assert (f.category, period(f)) == ("capacity", NO_PERIOD)

    def test_works_tonnage(self):
        t = "2023年，集团推进某矿区15万吨扩能工程。"
        assert fig(t, "15").category == "capacity"


class TestRecentYears:
    def test_recent_years_beat_the_carried_period(self):
        t = "2023年，公司营业收入增长8%。近3年，公司累计引进博士12人。"
        f = fig(t, "12")
        assert period(f) == (date(2021, 1, 1), date(2023, 12, 31), "multi_year")

    def test_past_five_years(self):
        t = "过去5年，全国新建再生铅项目超过20个。"
        assert period(fig(t, "20")) == (date(2019, 1, 1), date(2023, 12, 31), "multi_year")

    def test_recent_ten_years_average(self):
        t = "近十年，我国锂消费量年均增长21%。"
        assert period(fig(t, "21")) == (date(2014, 1, 1), date(2023, 12, 31), "multi_year")


# ------------------------------------------------------------------ layout ---------------

class TestLayoutIgnoresTableCells:
    def test_one_paragraph_per_line_with_many_cells(self):
        prose = ("（二）主要目标\n\n“十四五”期间，行业稳步发展，到2025年再生金属产量达到2000万吨。\n"
                 "推进资源综合利用，完善回收体系建设，提高再生金属供应比例和产业集中度水平。\n")
        cells = "".join(f"\t{k}\n" for k in range(40))
        view = build_view(prose + cells)
        # the short heading stays a paragraph of its own despite the short table lines after it
        assert view.text.startswith("（二）主要目标\n")


# ------------------------------------------------------------------ names and scope -------

class TestTradeNames:
    """A bare 出口/进口/进出口 is named by what the figure counts; its growth rate takes the name of
    the level stated before it."""

    def test_money_and_its_growth(self):
        t = "1-5月，稀土出口2.1亿美元，增长6.4%。"
        assert fig(t, "2.1").indicator_zh == "出口额" and fig(t, "6.4").indicator_zh == "出口额"

    def test_mass(self):
        t = "5月份，我国进口锰矿石280万吨。"
        assert fig(t, "280").indicator_zh == "进口量"

    def test_total_trade_in_money(self):
        t = "前两个月，全省进出口1560亿元，下降2.3%。"
        assert fig(t, "1560").indicator_zh == "进出口额" and fig(t, "2.3").indicator_zh == "进出口额"


class TestScopeOfTheSentenceTopic:
    """A foreign market or a firm opening the sentence scopes its figures, unless 我国/全国/国内
    brings the statement back home; an enumerated figure is scoped by its own item."""

    def test_foreign_exchange_topic(self):
        t = "5月份，纽约商品交易所主要品种普遍走弱：银价单月下跌2.6%。"
        assert fig(t, "2.6").scope == "world"

    def test_back_home(self):
        t = "5月份，全球锌市场供应偏紧，国内锌锭产量增长4.4%。"
        assert fig(t, "4.4").scope == "national"

    def test_firm_topic(self):
        t = "今年前5个月，江西铜业集团完成阴极铜产量96万吨。"
        assert fig(t, "96").scope == "firm"

    def test_enumerated_items_keep_their_own_scope(self):
        t = "6月份，上升的指标有2项，分别是LME铝价指数和国内电解铝产量指数，增幅分别是1.4%和0.6%。"
        assert fig(t, "1.4").scope == "world" and fig(t, "0.6").scope == "national"
