"""Proofreading pages: every figure is highlighted at its span, with its fields on hover."""

import re
from html import unescape

from orchestration.review import render_review_page

TEXT = "1-4月，精炼铜产量为478.1万吨、增长5.7%。<注>"
FIGURES = [
    {"figure_id": "a", "char_start": 11, "char_end": 16, "number_text": "478.1", "category": "output",
     "indicator_zh": "产量", "subject_zh": "精炼铜", "measure": "level", "value": 478.1, "unit": "万吨",
     "value_base": 4781000.0, "unit_base": "t", "period_end": "2025-04-30"},
    {"figure_id": "b", "char_start": 21, "char_end": 24, "number_text": "5.7", "category": "output",
     "indicator_zh": "产量", "subject_zh": "精炼铜", "measure": "yoy_pct", "value": 5.7, "unit": "%",
     "value_base": 5.7, "unit_base": "pct", "period_end": "2025-04-30",
     "rules": "indicator:carried; category:keyword; measure:percent_change; period:own_phrase; scope:default"},
]
DOCUMENT = {"document_id": "doc", "file_name": "doc.txt", "text": TEXT, "document_date": "2025-05-20"}


def test_each_figure_is_highlighted_at_its_span_with_its_fields_on_hover():
    page = render_review_page(DOCUMENT, FIGURES)
    marks = re.findall(r'<mark id="f(\d+)"[^>]*title="([^"]*)">([^<]*)</mark>', page)
    assert [(int(start), text) for start, _, text in marks] == [(11, "478.1"), (21, "5.7")]
    hover = unescape(marks[1][1])
    assert "measure: yoy_pct" in hover and "subject_zh: 精炼铜" in hover and "period_end: 2025-04-30" in hover


def test_the_text_is_kept_whole_and_escaped():
    page = render_review_page(DOCUMENT, FIGURES)
    body = re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", body)) == TEXT
    assert "<注>" not in page


def test_the_table_lists_every_figure_with_a_link_to_its_place():
    page = render_review_page(DOCUMENT, FIGURES)
    assert page.count('<a href="#f') == len(FIGURES)
    assert "2 figures" in page


def test_the_rules_that_decided_a_figure_are_shown():
    page = render_review_page(DOCUMENT, FIGURES)
    marks = re.findall(r'<mark id="f(\d+)"[^>]*title="([^"]*)">', page)
    assert "rules: indicator:carried; category:keyword; measure:percent_change" in unescape(marks[1][1])
    assert "<th>rules</th>" in page and "period:own_phrase" in page


def test_a_document_without_a_date_says_so_and_shows_its_title_and_publisher():
    page = render_review_page(
        {"document_id": "d", "file_name": "d.txt", "text": "铜", "document_date": None, "title": "铜市周报", "publisher": "某研究所"},
        [],
    )
    assert "Document date: unknown" in page and "nan" not in page and "None" not in page
    assert "Title: 铜市周报" in page and "Publisher: 某研究所" in page
