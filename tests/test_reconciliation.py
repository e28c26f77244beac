"""The totals identities (marts.reconciliation, marts.figure_conflicts) on the real pipeline's output.

Two warehouses, each built once per session:
- the corpus as it is (conftest's corpus_warehouse): every sum, share and flow identity found holds,
  and the one discrepancy the corpus really publishes is reported, not hidden by a loose tolerance;
- a copy with figures altered in place (same length, so every other offset stays) plus one new
  document restating 003's trade figures with a different import value: each alteration breaks the
  identities it touches, and only those, and the failure names the altered figure.

What these tests expect of the extractor is what the gold labels (tests/gold) say; a test that fails
because a figure, its subject or its 其中 link is not extracted yet says so in its message.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import duckdb
import pytest

from conftest import CORPUS, build_warehouse
from orchestration.evaluation.gold import GOLD_DIR, load_gold_document

DOC_000 = "000_40164949131a04b4"
DOC_003 = "003_bdc2e6330b1eac93"
DOC_004 = "004_4df0d59ca522d426"
RESTATED = "005_restated_trade"

# (document, offset, as printed, altered): same length, so no other offset moves.
ALTERATIONS = {
    "profit": (DOC_000, 5670, "365.4", "395.4"),    # 独立矿山企业实现利润365.4亿元 (利润总额 1281.7 = 365.4 + 736.3 + 180.0)
    "export": (DOC_000, 6602, "10.67", "11.67"),    # 出口 10.67 万亿元 (进出口 17.94 = 10.67 + 7.27)
    "share": (DOC_000, 6810, "64.2", "74.2"),       # 一般贸易 11.51万亿元，占我国外贸总值的64.2%
    "cagr": (DOC_004, 982, "14.1", "15.1"),         # 专栏1 原铝 2010 1624 -> 2015 3141, 十二五 年均增长 14.1%
}
# 003's 2025 trade figures restated by another publisher, with 进口 18.48 printed as 18.38.
RESTATED_TEXT = (
    "本报讯 据海关总署统计，2025 年，我国外贸进出口总额 45.47 万亿元，同比增长 3.8%。"
    "其中，出口 26.99 万亿元，同比增长 6.1%；进口 18.38 万亿元，同比增长 0.5%。\n"
)

RECONCILIATION_COLUMNS = [
    ("identity_id", "VARCHAR"), ("kind", "VARCHAR"), ("rule", "VARCHAR"), ("comparison", "VARCHAR"),
    ("document_ids", "VARCHAR[]"), ("total_figure_id", "VARCHAR"), ("component_figure_ids", "VARCHAR[]"),
    ("stated_figure_id", "VARCHAR"), ("indicator_zh", "VARCHAR"), ("subject_zh", "VARCHAR"),
    ("period_start", "DATE"), ("period_end", "DATE"), ("unit", "VARCHAR"), ("stated_value", "DOUBLE"),
    ("computed_value", "DOUBLE"), ("computed_low", "DOUBLE"), ("computed_high", "DOUBLE"), ("tolerance", "DOUBLE"),
    ("difference", "DOUBLE"), ("passed", "BOOLEAN"), ("detail", "VARCHAR"), ("source_texts", "VARCHAR[]"),
]


@pytest.fixture(scope="session")
def altered_warehouse(tmp_path_factory):
    source = tmp_path_factory.mktemp("altered_sources")
    texts = {path.stem: path.read_text(encoding="utf-8") for path in CORPUS.glob("*.txt")}
    for document, offset, printed, altered in ALTERATIONS.values():
        text = texts[document]
        assert text[offset:offset + len(printed)] == printed, f"the corpus moved: {document}@{offset} is not {printed}"
        texts[document] = text[:offset] + altered + text[offset + len(printed):]
    documents = []
    for document in (DOC_000, DOC_003, DOC_004):
        path = source / f"{document}.txt"
        path.write_text(texts[document], encoding="utf-8")
        documents.append(path)
    restated = source / f"{RESTATED}.txt"
    restated.write_text(RESTATED_TEXT, encoding="utf-8")
    documents.append(restated)
    return build_warehouse(tmp_path_factory.mktemp("altered"), documents)


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params=()) -> list[dict]:
    cursor = con.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _figure_id(con, document_id: str, char_start: int) -> str | None:
    row = con.execute(
        "select figure_id from marts.fct_figure where document_id = ? and char_start = ?", [document_id, char_start]
    ).fetchone()
    return row[0] if row else None


def _instances_with(con, figure_id: str, kind: str | None = None) -> list[dict]:
    return [
        row for row in _rows(con, "select * from marts.reconciliation order by kind, identity_id")
        if (figure_id == row["total_figure_id"] or figure_id in row["component_figure_ids"])
        and (kind is None or row["kind"] == kind)
    ]


def _missing(con, document_id: str, char_start: int, what: str) -> str:
    return f"{what}: the figure at {document_id}@{char_start} is not extracted (or has moved)"


# --- the contract ----------------------------------------------------------------------------------

def test_reconciliation_has_its_contract_columns(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        columns = con.execute(
            "select column_name, data_type from information_schema.columns "
            "where table_schema = 'marts' and table_name = 'reconciliation' order by ordinal_position"
        ).fetchall()
        conflicts = con.execute(
            "select count(*) from information_schema.columns where table_schema = 'marts' and table_name = 'figure_conflicts'"
        ).fetchone()[0]
    assert columns == RECONCILIATION_COLUMNS
    assert conflicts > 0


def test_every_instance_is_well_formed(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        rows = _rows(con, "select * from marts.reconciliation")
        figures = {row[0] for row in con.execute("select figure_id from marts.fct_figure").fetchall()}
    assert rows
    assert len({row["identity_id"] for row in rows}) == len(rows)
    for row in rows:
        assert row["kind"] in {"sum", "of_which", "share", "growth_cagr", "growth_yoy", "growth_change", "flow_total", "agreement", "derived"}
        assert row["comparison"] in {"equal", "at_most"}
        assert row["tolerance"] >= 0 and row["computed_low"] <= row["computed_value"] <= row["computed_high"]
        assert {row["total_figure_id"], row["stated_figure_id"], *row["component_figure_ids"]} <= figures
        assert row["document_ids"] and row["source_texts"] and row["detail"]


# --- the clean corpus ------------------------------------------------------------------------------

def test_clean_corpus_every_sum_share_and_flow_identity_holds(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        rows = _rows(con, "select kind, passed, detail from marts.reconciliation")
    counts = Counter(row["kind"] for row in rows)
    passed = Counter(row["kind"] for row in rows if row["passed"])
    print("identity instances per kind (passed/found):", {kind: f"{passed[kind]}/{n}" for kind, n in sorted(counts.items())})
    failing = [row["detail"] for row in rows if row["kind"] in ("sum", "share", "flow_total") and not row["passed"]]
    assert failing == []
    assert all(counts[kind] > 0 for kind in ("sum", "share", "flow_total", "growth_cagr")), counts


def test_clean_corpus_of_which_parts_never_exceed_their_whole(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        failing = [row["detail"] for row in _rows(con, "select detail from marts.reconciliation where kind = 'of_which' and not passed")]
    # A failure here is a 其中 link to the wrong whole (the extractor's), e.g. 一般贸易 11.51 linked under 进口 7.27.
    assert failing == []


def test_clean_corpus_growth_rates_agree_with_their_table_levels(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        rows = _rows(con, "select passed, detail from marts.reconciliation where kind = 'growth_cagr'")
    assert len(rows) >= 16, "专栏1 alone has 16 十二五 rates with both levels (8 rows x output/consumption)"
    assert [row["detail"] for row in rows if not row["passed"]] == []


@pytest.mark.parametrize(
    ("kind", "document_id", "stated_at", "components_at", "what"),
    [
        ("sum", DOC_000, 5603, [5670, 5695, 5721], "利润总额 1281.7 = 独立矿山企业 365.4 + 冶炼企业 736.3 + 加工企业 180.0"),
        ("flow_total", DOC_000, 6577, [6602, 6623], "进出口 17.94 = 出口 10.67 + 进口 7.27 万亿元"),
        ("share", DOC_000, 6785, [6577, 6810], "一般贸易 11.51万亿元 = 64.2% x 17.94万亿元"),
        ("growth_cagr", DOC_004, 875, [857, 863], "专栏1 十种有色金属 2010 3136 -> 2015 5156 at 10.4% a year"),
        ("growth_cagr", DOC_004, 611, [857, 578], "text: 十种有色金属 产量 “十二五”期间年均增长10.4% with 专栏1's 2010 level"),
    ],
)
def test_the_corpus_identities_are_found_and_hold(corpus_warehouse, kind, document_id, stated_at, components_at, what):
    with corpus_warehouse.connect() as con:
        stated = _figure_id(con, document_id, stated_at)
        assert stated, _missing(con, document_id, stated_at, what)
        components = {at: _figure_id(con, document_id, at) for at in components_at}
        assert all(components.values()), _missing(con, document_id, min(a for a, f in components.items() if not f), what)
        found = [row for row in _instances_with(con, stated, kind) if set(components.values()) <= {row["total_figure_id"], *row["component_figure_ids"]}]
    assert found, f"{what}: no {kind} instance found (check subjects, periods, flows and links of these figures)"
    assert all(row["passed"] for row in found), [row["detail"] for row in found]


def test_tolerances_come_from_the_printed_precision(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        flow = [row for row in _rows(con, "select * from marts.reconciliation where kind = 'flow_total'")
                if row["stated_figure_id"] == _figure_id(con, DOC_000, 6577)]
        cagr = [row for row in _rows(con, "select * from marts.reconciliation where kind = 'growth_cagr'")
                if row["stated_figure_id"] == _figure_id(con, DOC_004, 875)]
    assert flow, "进出口 17.94 = 10.67 + 7.27 not found"
    # 17.94, 10.67 and 7.27 are each printed to 0.01: half a unit each, added up.
    assert flow[0]["tolerance"] == pytest.approx(0.015)
    assert cagr, "专栏1 十种有色金属 10.4% not found"
    row = cagr[0]
    # (5156/3136)^(1/5) - 1 = 10.456%: outside 10.4 ± 0.05, inside once the levels' own rounding
    # (3135.5..3136.5, 5155.5..5156.5) is carried through the fifth root.
    assert row["computed_value"] == pytest.approx(10.4555, abs=1e-3)
    assert row["computed_low"] == pytest.approx(10.4497, abs=1e-3)
    assert abs(row["difference"]) > 0.05 and row["passed"]


def _gold_figure_id(con, document_id: str, **identity) -> tuple[str | None, dict]:
    """The warehouse figure of the one gold figure (tests/gold) with these slot values: the
    figure whose span overlaps the gold span and whose value is the gold value (a span may or may
    not include a sign the gold leaves outside it)."""
    (gold,) = [row for row in load_gold_document(GOLD_DIR / f"{document_id}.jsonl").figures
               if all(row[slot] == value for slot, value in identity.items())]
    found = con.execute(
        "select figure_id from marts.fct_figure where document_id = ? and char_start < ? and char_end > ? and value_base = ?",
        [document_id, gold["char_end"], gold["char_start"], gold["value_base"]],
    ).fetchall()
    return (found[0][0] if len(found) == 1 else None), gold


def test_the_published_discrepancy_is_reported(corpus_warehouse):
    """专栏3 of the five-year plan: 镁冶炼综合能耗（硅热法） 4500 -> 3500 千克标煤/吨 by 2020 is printed as a
    five-year change of [-500]; the levels say -1000. The plan's own table disagrees with itself."""
    with corpus_warehouse.connect() as con:
        change, gold = _gold_figure_id(con, DOC_004, subject_zh="镁冶炼", unit_base="kgce/t", measure="abs_change")
        assert change, _missing(con, DOC_004, gold["char_start"], "专栏3 镁冶炼综合能耗 硅热法 [-500]")
        rows = _instances_with(con, change, "growth_change")
    assert len(rows) == 1, "the [-500] change, the 4500 level of 2015 and the 3500 target of 2020 should make one identity"
    (row,) = rows
    assert not row["passed"]
    assert row["stated_value"] == pytest.approx(-500)
    assert row["computed_value"] == pytest.approx(-1000)
    assert row["tolerance"] == pytest.approx(1.5)


def test_no_conflicts_between_corpus_documents(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        conflicts = _rows(con, "select * from marts.figure_conflicts")
    assert conflicts == []


# --- the altered copy ------------------------------------------------------------------------------

def _altered_failures(con, name: str, kind: str) -> tuple[str, list[dict]]:
    document_id, offset, _, altered = ALTERATIONS[name]
    figure = _figure_id(con, document_id, offset)
    assert figure, f"the altered figure {altered} at {document_id}@{offset} is not extracted"
    return figure, [row for row in _instances_with(con, figure, kind) if not row["passed"]]


def test_altered_profit_breaks_the_profit_sum_and_names_the_figure(altered_warehouse):
    with altered_warehouse.connect() as con:
        figure, failing = _altered_failures(con, "profit", "sum")
    assert failing, "no failing sum: the profit identity needs the parts' subjects 独立矿山企业/冶炼企业/加工企业"
    assert any(row["rule"] == "nonferrous_profit_by_enterprise_type" for row in failing)
    assert all("395.4" in row["detail"] and DOC_000 in row["document_ids"] for row in failing)


def test_altered_profit_breaks_its_of_which(altered_warehouse):
    with altered_warehouse.connect() as con:
        _, failing = _altered_failures(con, "profit", "of_which")
    assert failing and all(row["stated_value"] == pytest.approx(1281.7) for row in failing)
    assert all(row["computed_value"] == pytest.approx(395.4 + 736.3 + 180.0) for row in failing)


def test_altered_export_breaks_its_flow_identity(altered_warehouse):
    with altered_warehouse.connect() as con:
        _, failing = _altered_failures(con, "export", "flow_total")
    assert failing, "no failing flow identity for 进出口 17.94 = 出口 11.67 + 进口 7.27"
    assert any(row["stated_value"] == pytest.approx(17.94) and row["computed_value"] == pytest.approx(18.94) for row in failing)


def test_altered_share_breaks_its_share_identity(altered_warehouse):
    with altered_warehouse.connect() as con:
        _, failing = _altered_failures(con, "share", "share")
    assert failing, "no failing share for 一般贸易 11.51 = 74.2% x 17.94"
    assert any(row["stated_value"] == pytest.approx(11.51) and row["computed_value"] == pytest.approx(0.742 * 17.94) for row in failing)


def test_altered_table_cagr_breaks_its_growth_identity(altered_warehouse):
    with altered_warehouse.connect() as con:
        _, failing = _altered_failures(con, "cagr", "growth_cagr")
    assert failing, "no failing growth identity for 原铝 1624 -> 3141 at a printed 15.1% a year"
    assert any(row["stated_value"] == pytest.approx(15.1) and row["computed_value"] == pytest.approx(14.10, abs=0.01) for row in failing)


def test_alterations_break_only_the_identities_they_touch(corpus_warehouse, altered_warehouse):
    """Every instance failing in the altered copy but not in the corpus involves an altered figure
    or the restating document; nothing else moved."""
    with corpus_warehouse.connect() as con:
        before = {(row["kind"], row["detail"]) for row in _rows(con, "select kind, detail from marts.reconciliation where not passed")}
    with altered_warehouse.connect() as con:
        altered = {_figure_id(con, document, offset) for document, offset, _, _ in ALTERATIONS.values()} - {None}
        after = _rows(con, "select * from marts.reconciliation where not passed")
    new = [row for row in after if (row["kind"], row["detail"]) not in before]
    unexplained = [
        row["detail"] for row in new
        if not ({row["total_figure_id"], *row["component_figure_ids"]} & altered) and RESTATED not in row["document_ids"]
    ]
    assert new
    assert unexplained == []


def test_a_restatement_that_disagrees_is_listed_with_both_sources(altered_warehouse):
    with altered_warehouse.connect() as con:
        conflicts = _rows(con, "select * from marts.figure_conflicts")
        agreements = _rows(con, "select * from marts.reconciliation where kind = 'agreement'")
    imports = [c for c in conflicts if {c["document_id_a"], c["document_id_b"]} == {DOC_003, RESTATED}
               and {c["number_text_a"], c["number_text_b"]} == {"18.48", "18.38"}]
    assert imports, f"进口 18.48 (003) vs 18.38 ({RESTATED}) not listed; conflicts: {conflicts}"
    for conflict in imports:
        sentences = conflict["source_text_a"] + conflict["source_text_b"]
        assert "18.48" in sentences and "18.38" in sentences
        assert conflict["difference_base"] == pytest.approx(1e11 * (1 if conflict["number_text_b"] == "18.48" else -1), rel=1e-6)
    # What the restatement repeats unchanged agrees (which figures depends on what 003 states unambiguously).
    assert any(a["passed"] and RESTATED in a["document_ids"] for a in agreements)


def test_the_reconciliation_check_names_the_failures(altered_warehouse, tmp_path):
    from orchestration.assets.quality import check_result
    from orchestration.quality.suites import run_suite
    from orchestration.settings import Settings

    with altered_warehouse.connect() as con:
        run = run_suite(altered_warehouse.warehouse, "reconciliation", tmp_path / "data_docs", connection=con)
        result = check_result(run, Settings(altered_warehouse.raw_dir, altered_warehouse.warehouse), con)
        altered = _figure_id(con, DOC_000, 5670)
    assert not result.passed
    failed = result.metadata["failed_identities"].value
    profit = [row for row in failed if "395.4" in row["detail"]]
    assert profit, "the altered profit is not among the failed identities"
    assert any(altered == row["stated_figure_id"] or altered in row["detail"] or "395.4" in row["detail"] for row in profit)
    assert all(DOC_000 in row["document_ids"] and row["source_texts"] for row in profit)
    assert any("395.4" in sentence for row in profit for sentence in row["source_texts"])
    assert {"stated_value", "computed_value", "tolerance"} <= set(profit[0])
    assert Path(run.docs_index).exists()
    # the check links the proofreading page of the altered figure and says how to look at it
    pages = result.metadata["proofreading_pages"].value
    assert f"review/{DOC_000}.html#f5670" in pages and f"`nonferrous figure {altered}`" in pages
