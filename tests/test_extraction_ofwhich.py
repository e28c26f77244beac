"""Of-which (其中) parts: the whole they link to and the subject they carry.

A part links to the nearest whole before its 其中 of the same family (category, unit; of trade
the same flow or the total), skipping the parts of earlier groups and any figure smaller than
the part; a part's growth rate links to the growth rate stated with that whole. A part is about
the noun phrase its clause opens with (a segment, a trade mode, a metal, a region).
"""

from datetime import date

from orchestration.extraction import extract

D = date(2025, 6, 20)


def figs(text):
    return extract(text, D).figures


def get(figures, number):
    return next(f for f in figures if f.number_text == number)


def parent(figures, number):
    f = get(figures, number)
    return figures[f.parent_index].number_text if f.parent_index is not None else None


def test_part_after_earlier_group_links_to_total_not_to_a_sibling():
    # wording not in the corpus: 海关 trade in 亿美元 with 边境小额贸易 as the second group
    t = ("1-3月，我国进出口总值1500亿美元，同比增长4.0%。其中，出口900亿美元，增长6.0%；"
         "进口600亿美元，增长1.0%。其中，边境小额贸易进出口80亿美元，增长12.5%。")
    f = figs(t)
    assert [(n, parent(f, n)) for n in ("900", "6.0", "600", "1.0", "80", "12.5")] == [
        ("900", "1500"), ("6.0", "4.0"), ("600", "1500"), ("1.0", "4.0"), ("80", "1500"), ("12.5", "4.0")]
    assert get(f, "80").subject_zh == "边境小额贸易"
    assert get(f, "900").subject_zh is None and get(f, "1500").subject_zh is None


def test_part_never_exceeds_its_whole():
    t = ("上半年，全国进出口总值20.5万亿元，增长3.1%。其中，出口11.9万亿元；进口8.6万亿元。"
         "其中，国有企业进出口3.2万亿元，下降1.5%，民营企业进出口11.4万亿元，增长8.6%。")
    f = figs(t)
    assert parent(f, "11.4") == "20.5"  # not 进口 8.6: a part never exceeds its whole
    assert parent(f, "3.2") == "20.5"
    assert parent(f, "1.5") == "3.1" and get(f, "1.5").value == -1.5
    assert [get(f, n).subject_zh for n in ("3.2", "11.4")] == ["国有企业", "民营企业"]


def test_segment_parts_of_profit_carry_their_segment():
    t = ("1-5月，规模以上锌工业企业实现利润总额96.3亿元，同比增长12.0%，其中，采选企业实现利润40.1亿元、"
         "增长20.3%；冶炼企业实现利润38.5亿元、增长9.1%；加工企业实现利润17.7亿元、下降3.2%。")
    f = figs(t)
    assert [(get(f, n).subject_zh, parent(f, n)) for n in ("40.1", "38.5", "17.7")] == [
        ("采选企业", "96.3"), ("冶炼企业", "96.3"), ("加工企业", "96.3")]
    assert [(get(f, n).subject_zh, parent(f, n)) for n in ("20.3", "9.1", "3.2")] == [
        ("采选企业", "12.0"), ("冶炼企业", "12.0"), ("加工企业", "12.0")]
    assert get(f, "3.2").value == -3.2


def test_metal_parts_link_to_the_whole_of_their_own_indicator():
    # 产量 and 消费量 wholes side by side: a 产量 part never links to the 消费量 whole
    t = ("2024年，十种有色金属产量达到7900万吨，表观消费量约8200万吨。其中，锡产量为18万吨、"
         "锑产量为9万吨。")
    f = figs(t)
    assert [(get(f, n).subject_zh, parent(f, n)) for n in ("18", "9")] == [("锡", "7900"), ("锑", "7900")]


def test_part_names_only_a_flow_so_shares_the_whole_subject():
    t = "前4个月，我国对东盟进出口2.5万亿元，增长8.0%。其中，出口1.5万亿元，增长11.0%；进口1.0万亿元，增长4.0%。"
    f = figs(t)
    assert [(get(f, n).subject_zh, parent(f, n)) for n in ("1.5", "11.0", "1.0", "4.0")] == [
        ("东盟", "2.5"), ("东盟", "8.0"), ("东盟", "2.5"), ("东盟", "8.0")]


def test_region_parts_skip_their_siblings():
    # 西部地区 1.2 is smaller than its sibling 东部地区 11, but a sibling is never a whole
    t = "前4个月，全国进出口14万亿元，增长5.0%。其中，东部地区进出口11万亿元，增长4.0%；西部地区进出口1.2万亿元，增长9.0%。"
    f = figs(t)
    assert [(get(f, n).subject_zh, parent(f, n)) for n in ("11", "4.0", "1.2", "9.0")] == [
        ("东部地区", "14"), ("东部地区", "5.0"), ("西部地区", "14"), ("西部地区", "5.0")]
    assert get(f, "1.2").scope == "regional"


def test_parallel_part_in_next_sentence_continues_the_group():
    t = ("前5个月，我国进出口总值18.0万亿元，增长2.0%。其中，一般贸易进出口11.5万亿元，增长1.0%。"
         "同期，加工贸易进出口3.2万亿元，增长6.0%。")
    f = figs(t)
    assert [(get(f, n).subject_zh, parent(f, n)) for n in ("11.5", "1.0", "3.2", "6.0")] == [
        ("一般贸易", "18.0"), ("一般贸易", "2.0"), ("加工贸易", "18.0"), ("加工贸易", "2.0")]


def test_industry_wide_segment_is_no_subject():
    t = "1-4月，规模以上有色金属工业企业实现营业收入30000亿元，增长8.0%。"
    assert get(figs(t), "30000").subject_zh in (None, "有色金属")  # the industry, not a segment


def test_whole_smaller_than_the_part_is_skipped():
    # 精炼铜 1360 is the nearest output before 其中, but 原铝 4400 cannot be a part of it
    t = "2024年，十种有色金属产量7900万吨，精炼铜产量1360万吨。其中，原铝产量4400万吨。"
    f = figs(t)
    assert (get(f, "4400").subject_zh, parent(f, "4400")) == ("原铝", "7900")
