"""Property: a generated statistical table, in any layout, yields exactly one figure per numeric
cell, spanning the cell's digits (a sign outside the span), valued as written, with the row
label as its subject and the period its column names; blank and dash cells yield nothing.
A growth column compares the latest-ending period of the level columns since the previous
growth column (of two ending together, the nearer one): 2021年 | 2020年 | 同比 is 2021's growth.

Layouts: tab-separated rows, pipe (markdown) rows, space-aligned rows, rows of single words
between single spaces (a PDF's text layer), and one cell per tab-led line (rows separated by
blank lines). The unit is in the title, in each column header, or in a
单位 column; growth columns (同比增长(%)) follow the level column they compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from orchestration.extraction import extract
from orchestration.extraction.periods import Period, half_period, month_period, months_period, quarter_period, year_period

LABELS = ("精炼铜", "原铝", "铅", "锌", "镍", "锡", "锑", "海绵钛", "氧化铝", "电解锰", "钨精矿", "钼精矿")
UNITS = ("万吨", "吨", "亿元", "万元")
NULLS = ("—", "-", "--", "/", "…")
YEAR = 2021


def _period_headers(year: int) -> list[tuple[str, Period]]:
    return [
        ("1月", month_period(year, 1)), ("5月", month_period(year, 5)), ("1-5月", months_period(year, 1, 5)),
        ("1-9月", months_period(year, 1, 9)), ("一季度", quarter_period(year, 1)), ("第二季度", quarter_period(year, 2)),
        ("Q3", quarter_period(year, 3)), ("上半年", half_period(year, 1)), ("下半年", half_period(year, 2)),
        (f"{year - 1}年", year_period(year - 1)), (f"{year}年", year_period(year)),
    ]


@dataclass
class Column:
    header: str
    period: Period
    growth: bool


@dataclass
class Cell:
    written: str  # as laid out
    digits: str | None  # the span a figure must have (None: not a figure)
    value: float | None


def _number(draw, growth: bool) -> Cell:
    if draw(st.integers(0, 6)) == 0:
        null = draw(st.sampled_from(NULLS))
        return Cell(null, None, None)
    whole = draw(st.integers(0, 99_999 if not growth else 99))
    decimals = draw(st.sampled_from(["", "", "1", "25"]))
    digits = f"{whole:,}" if whole >= 1000 and draw(st.booleans()) else str(whole)
    if decimals:
        digits = f"{digits}.{decimals}"
    value = float(digits.replace(",", ""))
    if growth and draw(st.booleans()):
        return Cell("-" + digits, digits, -value)
    return Cell(digits, digits, value)


@st.composite
def tables(draw):
    layout = draw(st.sampled_from(["tabbed", "pipe", "spaced", "single", "cells"]))
    unit = draw(st.sampled_from(UNITS))
    unit_place = draw(st.sampled_from(["title", "header", "column"]))
    headers = _period_headers(YEAR)
    # rows of single words are told from prose by two value cells after the label
    fewest = 2 if layout == "single" else 1
    picked = draw(st.lists(st.sampled_from(range(len(headers))), min_size=fewest, max_size=3, unique=True))
    columns: list[Column] = []
    compared: list[Period] = []
    for k in picked:
        header, period = headers[k]
        columns.append(Column(f"{header}（{unit}）" if unit_place == "header" else header, period, False))
        compared.append(period)
        if draw(st.booleans()):
            latest = max(reversed(compared), key=lambda p: p.end)
            columns.append(Column("同比增长（%）", latest, True))
            compared = []
    labels = draw(st.lists(st.sampled_from(LABELS), min_size=1, max_size=4, unique=True))
    rows = [[_number(draw, col.growth) for col in columns] for _ in labels]
    if not any(c.digits for row in rows for c in row):
        rows[0][0] = Cell("12.5", "12.5", 12.5) if not columns[0].growth else Cell("1.5", "1.5", 1.5)
    title = f"{YEAR}年主要有色金属产品产量" + (f"（{unit}）" if unit_place == "title" else "")
    header = ["品种", *(["单位"] if unit_place == "column" else []), *(c.header for c in columns)]
    body = [[label, *([unit] if unit_place == "column" else []), *(c.written for c in row)]
            for label, row in zip(labels, rows)]
    return layout, title, header, body, labels, columns, rows


def _lay_out(layout: str, title: str, header: list[str], body: list[list[str]]) -> str:
    lines = [header, *body]
    if layout == "tabbed":
        table = "\n".join("\t".join(cells) for cells in lines)
    elif layout == "pipe":
        rule = "|" + "|".join("---" for _ in header) + "|"
        rendered = ["| " + " | ".join(cells) + " |" for cells in lines]
        table = "\n".join([rendered[0], rule, *rendered[1:]])
    elif layout == "single":
        table = "\n".join(" ".join(cells) for cells in lines)
    elif layout == "spaced":
        width = max(len(c) for cells in lines for c in cells) + 2
        table = "\n".join("".join(c.ljust(width) if k < len(cells) - 1 else c for k, c in enumerate(cells)).rstrip()
                          for cells in lines)
    else:
        table = "\n\n".join("\n".join(f"\t{c}" for c in cells) for cells in lines)
    return f"{title}\n{table}\n\n本表数据为快报数。\n"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tables())
def test_every_numeric_cell_is_one_figure(table) -> None:
    layout, title, header, body, labels, columns, rows = table
    text = _lay_out(layout, title, header, body)
    figures = extract(text, date(YEAR + 1, 3, 1)).figures
    expected = []
    pos = text.index("\n", len(title) + 1)  # past the header row
    for label, row in zip(labels, rows):
        pos = text.index(label, pos) + len(label)
        for col, cell in zip(columns, row):
            pos = text.index(cell.written, pos) + len(cell.written)
            if cell.digits is not None:
                expected.append((pos - len(cell.digits), pos, label, col, cell))
    assert [(f.char_start, f.char_end) for f in figures] == [(s, e) for s, e, *_ in expected], text
    for f, (s, e, label, col, cell) in zip(figures, expected):
        assert f.number_text == cell.digits == text[s:e]
        assert f.value == cell.value, text
        assert f.subject_zh == label, text
        assert (f.period_start, f.period_end, f.period_grain) == (col.period.start, col.period.end, col.period.grain), text
        assert f.measure == ("yoy_pct" if col.growth else "level"), text
