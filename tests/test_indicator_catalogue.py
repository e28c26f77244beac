"""The indicator catalogue knows every indicator the extractor names on raw/ in the core categories
(trade, output, investment, profit): by its phrasing, or by the pattern of a share or a
contribution to growth (dbt/models/intermediate/int_figures_resolved.sql).

What is left are the extractor's misreadings below: names that are not the indicator their figure
states, so an alias would only file the wrong figure under a right name. The extraction library
owns them; each entry says why it is not catalogued. Anything else uncatalogued fails the test."""

from __future__ import annotations

CORE_CATEGORIES = ("trade", "output", "investment", "profit")

EXTRACTOR_MISREADINGS = {
    # 自有资金出7亿美元、找境外金融机构借10亿美元、找某商业银行借25亿美元，共筹得42亿美元: the first
    # source of funds names the loans and the total too (three of its four figures are not own funds).
    "自有资金",
    # 20%至30%权益的认股期权: an option on a stake, named by 银行负债 earlier in the sentence.
    "负债",
    # 出资3.11亿元收购了…20%的股权: the price of an acquisition, not registered capital.
    "注册资本",
    # 本次收购涉及的总金额: a deal value read with its determiner and 涉及的 as part of the name.
    "本次收购涉及的总金额",
    # 按照40.66亿美元的成交价 (an acquisition): the lexicon reads 成交价 as a market price (category
    # price), so the catalogue cannot make it a deal's price; the deal needs a deal word in its name.
    "成交价",
    # 由于公允价值变动，相关的收益减亏了2688万: the name lost 公允价值变动 (fair-value gains).
    "收益",
    # 新增管理费用1763万 …: 新增 is the change (abs_change) of the expense, read as part of the
    # name and the figure as a level.
    "新增研发费用",
    "新增管理费用",
    "新增财务费用",
    # 洛克伍德愿意溢价收购泰利森…以5.243亿美元受让…: 溢价 is how the deal was paid (at a premium),
    # read as the name of the deal's money; before 溢价 was a keyword its last character 价 was.
    "溢价",
}


def test_every_core_indicator_on_raw_is_catalogued_but_the_extractor_misreadings(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        uncatalogued = con.execute(
            "select indicator_zh, category, figure_count from marts.uncatalogued_indicators "
            "where list_contains(?, category) order by category, indicator_zh",
            [list(CORE_CATEGORIES)],
        ).fetchall()
        resolved = con.execute(
            "select count(*) filter (where indicator_code is not null), count(*) from marts.fct_figure "
            "where list_contains(?, category) and indicator_zh is not null",
            [list(CORE_CATEGORIES)],
        ).fetchone()
    unexpected = [row for row in uncatalogued if row[0] not in EXTRACTOR_MISREADINGS]
    assert unexpected == [], "core-category indicators without a catalogue entry (indicator, category, figures)"
    catalogued, named = resolved
    left = sum(row[2] for row in uncatalogued)
    assert catalogued + left == named and catalogued > 0
