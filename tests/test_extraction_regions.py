"""A region that opens a statement is its subject, and makes the figure regional."""

import pytest

from orchestration.extraction import extract


@pytest.mark.parametrize(
    ("sentence", "number", "subject"),
    [
        ("据统计，前5个月，中部地区进出口1.5万亿元，增长11.1%。", "1.5", "中部地区"),
        ("一季度，东北地区进出口2100.3亿元，下降3.2%。", "2100.3", "东北地区"),
        ("2024年，云南省出口额为58.6亿美元。", "58.6", "云南省"),
    ],
)
def test_a_region_opening_the_statement_is_its_subject(sentence, number, subject):
    figure = next(f for f in extract(sentence).figures if f.number_text == number)
    assert (figure.subject_zh, figure.scope) == (subject, "regional")


@pytest.mark.parametrize(
    ("sentence", "number", "subject"),
    [
        ("1-5月，西部地区有色金属产量为120.5万吨。", "120.5", "有色金属"),
        ("今年前三季度，广东省出口铜材3.2万吨。", "3.2", "铜材"),
        ("2023年，新疆电解铝产量为620万吨。", "620", "电解铝"),
    ],
)
def test_a_commodity_stays_the_subject_of_a_regional_figure(sentence, number, subject):
    figure = next(f for f in extract(sentence).figures if f.number_text == number)
    assert (figure.subject_zh, figure.scope) == (subject, "regional")


def test_national_figures_stay_national():
    (level, change) = extract("1-4月，全国十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。").figures
    assert level.scope == change.scope == "national"
