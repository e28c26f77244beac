"""Quarantine, not blockade (issue 10, points 1-3).

One warehouse, built twice by `make run` from a small corpus document and four of our own:
- share_105: a broker note where one segment contributed 105.2% of the growth in gross profit
  (a legitimate share above 100: the other segment shrank) -> published, flagged, a WARN check;
- trade_misprint: a customs release whose exports and imports do not add up to the total it
  states -> published, the reconciliation check fails (ERROR), reported; fatal only with --strict;
- absurd: published once, then changed to state a number no double can hold (its value comes
  out infinite), which breaks the figure contract -> its new figures are withheld, it is listed in
  marts.rejected_documents (stage contract) and its earlier text and figures stay published;
- never_published: a new document that breaks the contract the same way -> never published,
  listed as rejected.
Every other document is published both times.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import date

import dagster as dg
import pyarrow.parquet as pq
import pytest

from conftest import CORPUS, PROJECT_ROOT, BuiltWarehouse, run_materialize
from orchestration.extraction import figure_id
from orchestration.ingest import landing
from orchestration.quality.contract import describe_breaches, figure_breaches

SMALL = CORPUS / "001_97a36eb775c4de79.txt"
SHARE_105 = """天齐锂业2018年半年度业绩点评

2018年8月30日　证券研究报告

公司上半年实现营业收入31.4亿元，同比增长24.0%；毛利同比增长25.4%。
其中锂化工产品对毛利增长的贡献占比为105.2%，锂精矿业务毛利有所下降。
"""
TRADE_MISPRINT = """海关总署2018年7月13日发布

2018年上半年，我国货物贸易进出口总值14.12万亿元，其中，出口7.51万亿元，进口7.61万亿元。
"""
ABSURD_V1 = """有色金属行业月度简报

2025年5月20日

1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。
"""
HUGE = "1" + "0" * 400
ABSURD_V2 = ABSURD_V1 + f"另据录入系统显示，某项库存为{HUGE}万吨。\n"
NEVER_PUBLISHED = f"录入测试\n\n2025年5月21日\n\n铜库存为{HUGE}万吨。\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Build 1 (exit 0 despite a failed ERROR check), then build 2 with --strict (exit 1)."""
    root = tmp_path_factory.mktemp("quarantine")
    raw_dir = root / "raw"
    raw_dir.mkdir()
    shutil.copy2(SMALL, raw_dir / SMALL.name)
    for name, text in (("share_105", SHARE_105), ("trade_misprint", TRADE_MISPRINT), ("absurd", ABSURD_V1)):
        (raw_dir / f"{name}.txt").write_text(text, encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "DAGSTER_HOME"}
    warehouse = BuiltWarehouse(raw_dir, root / "warehouse" / "nonferrous.duckdb", root / "warehouse" / "dagster_home", {
        **env, "NONFERROUS_RAW_DIR": str(raw_dir), "NONFERROUS_WAREHOUSE": str(root / "warehouse" / "nonferrous.duckdb"),
    })
    first_output = run_materialize(warehouse.env).stdout  # DAGSTER_HOME derived beside the warehouse
    with warehouse.connect() as con:
        first = {
            "absurd_figures": con.execute(
                "select figure_id, number_text, value from marts.fct_figure where document_id = 'absurd' order by 1"
            ).fetchall(),
            "absurd_document": con.execute("select sha256, text from marts.dim_document where document_id = 'absurd'").fetchone(),
            "figure_counts": dict(con.execute("select document_id, count(*) from marts.fct_figure group by 1").fetchall()),
        }
    (warehouse.raw_dir / "absurd.txt").write_text(ABSURD_V2, encoding="utf-8")
    (warehouse.raw_dir / "never_published.txt").write_text(NEVER_PUBLISHED, encoding="utf-8")
    second_started = time.time()
    second = subprocess.run(
        [sys.executable, "-m", "orchestration.materialize", "--strict"],
        env=warehouse.env, cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    return {"warehouse": warehouse, "first": first, "first_output": first_output, "second": second,
            "second_started": second_started}


def _evaluations_since(warehouse, asset: str, check: str, since: float) -> list:
    """The evaluations of a check by the runs started after `since` (a make run can start several)."""
    with dg.DagsterInstance.from_config(str(warehouse.dagster_home)) as instance:
        records = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey.from_user_string(asset), check), limit=100
        )
        return [record.event.dagster_event.event_specific_data for record in records if record.create_timestamp >= since]


def _last_check(warehouse, asset: str, check: str):
    with dg.DagsterInstance.from_config(str(warehouse.dagster_home)) as instance:
        records = instance.event_log_storage.get_asset_check_execution_history(
            dg.AssetCheckKey(dg.AssetKey.from_user_string(asset), check), limit=1
        )
        (record,) = records
        return record.event.dagster_event.event_specific_data


def test_an_implausible_share_is_published_and_flagged_with_a_warning(built):
    warehouse = built["warehouse"]
    with warehouse.connect() as con:
        (share_id, value) = con.execute(
            "select figure_id, value from marts.fct_figure where document_id = 'share_105' and measure = 'share_pct'"
        ).fetchone()
        flags = con.execute("select rule from marts.figure_flags where figure_id = ?", [share_id]).fetchall()
    assert value == 105.2
    assert flags == [("share_outside_0_100",)]
    evaluation = _last_check(warehouse, "marts/fct_figure", "great_expectations")
    assert not evaluation.passed and evaluation.severity == dg.AssetCheckSeverity.WARN
    failures = evaluation.metadata["failed_expectations"].value
    (flag_failure,) = [f for f in failures if f["arguments"].get("column") == "flags"]
    assert flag_failure["severity"] == "warning"
    (example,) = [e for e in flag_failure["examples"] if e["figure_id"] == share_id]
    assert example["document_id"] == "share_105" and "105.2%" in example["source_text"]
    assert "share_outside_0_100" in evaluation.description and share_id in evaluation.description


def test_a_changed_document_whose_figures_break_the_contract_keeps_its_earlier_version(built):
    warehouse, first = built["warehouse"], built["first"]
    start = ABSURD_V2.index(HUGE)
    breaking_id = figure_id("absurd", start, start + len(HUGE))
    with warehouse.connect() as con:
        figures = con.execute(
            "select figure_id, number_text, value from marts.fct_figure where document_id = 'absurd' order by 1"
        ).fetchall()
        document = con.execute("select sha256, text from marts.dim_document where document_id = 'absurd'").fetchone()
        stage, reason, details, kept = con.execute(
            "select stage, reason, details_json, previous_version_kept from marts.rejected_documents where document_id = 'absurd'"
        ).fetchone()
    assert figures == first["absurd_figures"] and len(figures) == 2
    assert document == first["absurd_document"] and document[1] == ABSURD_V1
    assert (stage, kept) == ("contract", True)
    assert "finite(value)" in reason and breaking_id in reason and "另据录入系统显示" in reason
    (breach,) = json.loads(details)
    assert breach["rule"] == "finite(value)" and breach["figure_ids"] == [breaking_id]


def test_a_new_document_whose_figures_break_the_contract_is_listed_and_never_published(built):
    with built["warehouse"].connect() as con:
        published = con.execute(
            "select count(*) from marts.dim_document where document_id = 'never_published'"
        ).fetchone()[0] + con.execute(
            "select count(*) from marts.fct_figure where document_id = 'never_published'"
        ).fetchone()[0]
        stage, kept = con.execute(
            "select stage, previous_version_kept from marts.rejected_documents where document_id = 'never_published'"
        ).fetchone()
    assert published == 0
    assert (stage, kept) == ("contract", False)
    # The second build ingests the changed and the new document, one ingest run per contiguous
    # block of the partition order (materialize): absurd's run and never_published's each check theirs.
    evaluations = _evaluations_since(built["warehouse"], "figures", "every_document_meets_the_contract",
                                     built["second_started"])
    assert evaluations
    assert all(not e.passed and e.severity == dg.AssetCheckSeverity.WARN for e in evaluations)
    assert sorted(doc for e in evaluations for doc in e.metadata["quarantined"].value) == ["absurd", "never_published"]


def test_every_other_document_is_published(built):
    with built["warehouse"].connect() as con:
        counts = dict(con.execute("select document_id, count(*) from marts.fct_figure group by 1").fetchall())
    assert counts == built["first"]["figure_counts"]
    assert set(counts) == {SMALL.stem, "share_105", "trade_misprint", "absurd"}


def test_a_failed_error_check_is_reported_exit_0_and_fatal_only_with_strict(built):
    first = built["first_output"]
    assert "failed marts/reconciliation great_expectations" in first
    assert "flow_total" in first and "trade_misprint" in first  # its first failing row
    second = built["second"]
    assert second.returncode == 1, second.stderr[-3000:]
    assert "--strict: 1 check(s) failed: marts/reconciliation great_expectations" in second.stderr
    # a data check, not the pipeline: the build was published all the same
    assert "(published by this run)" in second.stdout


def test_the_summary_names_documents_figures_checks_and_where_to_look(built):
    summary = built["second"].stdout
    summary = summary[summary.index("Summary"):]
    assert "documents: 5 in " in summary and ", 4 in the warehouse, 2 rejected" in summary
    assert "rejected absurd (stage contract; its earlier version stays published): its figures break the contract: finite(value)" in summary
    assert "rejected never_published (stage contract): " in summary
    assert "1 flagged as implausible (marts.figure_flags)" in summary
    assert "warned figures every_document_meets_the_contract" in summary
    assert "warned marts/fct_figure great_expectations" in summary and "[share_outside_0_100] in share_105" in summary
    assert "failed marts/reconciliation great_expectations" in summary
    warehouse = built["warehouse"].warehouse
    assert f"review pages: {warehouse.parent / 'review'}/<document>.html" in summary
    assert f"Data Docs: {warehouse.parent / 'data_docs' / 'index.html'}" in summary


def test_a_build_that_breaks_the_contract_for_everyone_is_held_back_naming_what_failed(built, tmp_path):
    """A landing file the figures step did not check (written by hand, or by an older version)
    reaches the build: the gate holds the build back and names the expectation, the figure, its
    document and sentence; the published warehouse stays as it was and no `.next` is left."""
    from orchestration.definitions import defs
    from orchestration.jobs import WAREHOUSE
    from orchestration.resources import build_resources
    from orchestration.settings import Settings

    source = built["warehouse"]
    root = tmp_path / "w"
    shutil.copytree(source.warehouse.parent, root)
    settings = Settings(source.raw_dir, root / "nonferrous.duckdb", dagster_home=tmp_path / "home")
    figures_file = landing.dataset_dir(settings.landing_dir, "figures") / f"{SMALL.stem}.parquet"
    rows = pq.read_table(figures_file).to_pylist()
    rows[0]["number_text"] = rows[0]["number_text"] + "0"
    landing.write_rows(settings.landing_dir, "figures", SMALL.stem, rows)
    before = settings.warehouse.read_bytes()

    result = dg.materialize(
        [*defs.assets, *defs.asset_checks], selection=WAREHOUSE, resources=build_resources(settings),
        instance=dg.DagsterInstance.ephemeral(), raise_on_error=False,
    )
    assert not result.success
    (failure,) = [e for e in result.all_events if e.event_type == dg.DagsterEventType.STEP_FAILURE]
    description = failure.event_specific_data.user_failure_data.description
    assert "breaks the figure contract" in description
    assert "span_matches_number_text" in description and rows[0]["figure_id"] in description
    assert SMALL.stem in description and rows[0]["source_text"][:20] in description
    metadata = failure.event_specific_data.user_failure_data.metadata
    assert metadata["documents"].value == [SMALL.stem]
    assert settings.warehouse.read_bytes() == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith("nonferrous.duckdb")) == ["nonferrous.duckdb"]


# --- the contract rules, one document at a time --------------------------------------------------

TEXT = "1-4月，十种常用有色金属产量为2660.0万吨，比去年同期增长2.3%。"


def _row(**changes) -> dict:
    start = TEXT.index("2660.0")
    row = {
        "document_id": "d", "figure_id": figure_id("d", start, start + 6), "char_start": start, "char_end": start + 6,
        "number_text": "2660.0", "source_text": TEXT, "category": "output", "indicator_zh": "产量", "subject_zh": None,
        "measure": "level", "value": 2660.0, "unit": "万吨", "value_base": 26600000.0, "unit_base": "t",
        "qualifier": None, "period_start": None, "period_end": None, "period_grain": "ytd", "flow": None,
        "scope": "national", "parent_figure_id": None,
    }
    row.update(changes)
    return row


def _rules(rows) -> dict[str, list]:
    return {breach.rule: list(breach.figure_ids) for breach in figure_breaches(TEXT, rows, landing.FIGURES_SCHEMA)}


def test_figures_that_meet_the_contract_break_nothing_even_when_implausible():
    assert _rules([_row(), _row(figure_id="x", char_start=TEXT.index("2.3"), char_end=TEXT.index("2.3") + 3,
                            number_text="2.3", measure="share_pct", value=250.0, value_base=250.0, unit="%",
                            unit_base="pct")]) == {}


@pytest.mark.parametrize(("changes", "rule"), [
    ({"char_start": 0}, "span_matches_number_text"),
    ({"char_end": 10_000}, "span_matches_number_text"),
    ({"category": "gossip"}, "in_vocabulary(category)"),
    ({"unit_base": "furlong"}, "in_vocabulary(unit_base)"),
    ({"measure": None}, "not_null(measure)"),
    ({"value": float("nan")}, "finite(value)"),
    ({"char_start": "seven"}, "type(char_start)"),
    ({"period_start": date(2025, 5, 1), "period_end": date(2025, 4, 30)}, "period_ordered"),
])
def test_each_rule_names_the_figure_that_breaks_it(changes, rule):
    broken = _row(figure_id="broken", **changes)
    assert rule in _rules([broken])
    assert _rules([broken])[rule] == ["broken"]


def test_keys_are_unique_per_figure_and_per_span():
    rules = _rules([_row(), _row()])
    assert rules["unique(figure_id)"] and rules["unique(char_start, char_end)"]


def test_the_reason_names_rule_figure_and_sentence():
    reason = describe_breaches(figure_breaches(TEXT, [_row(figure_id="f1", char_start=0)], landing.FIGURES_SCHEMA))
    assert reason.startswith("its figures break the contract: span_matches_number_text: 1 figure (f1: ")
    assert "十种常用有色金属产量" in reason
