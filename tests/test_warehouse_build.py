"""How a warehouse build starts (orchestration/warehouse_build.py), without dbt: a published file
stands in for a built warehouse, with the build record a build leaves in it."""

from __future__ import annotations

import json
import os

import duckdb
import pytest

from orchestration import warehouse_build
from orchestration.ingest import landing
from orchestration.settings import Settings

DOCUMENTS = [f"doc_{index:02d}" for index in range(16)]


@pytest.fixture
def settings(tmp_path) -> Settings:
    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb")
    settings.warehouse_dir.mkdir()
    landing.ensure_landing(settings.landing_dir)
    for document_id in DOCUMENTS:
        for dataset in warehouse_build.INCREMENTAL_DATASETS:
            land(settings, dataset, document_id)
    publish_build(settings)
    return settings


def land(settings: Settings, dataset: str, document_id: str, rows: int = 1) -> None:
    columns = landing.DATASETS[dataset].names
    landing.write_rows(settings.landing_dir, dataset, document_id,
                       [{"document_id": document_id, **({"figure_id": f"{document_id}-{n}"} if "figure_id" in columns else {})}
                        for n in range(rows)])


def publish_build(settings: Settings) -> warehouse_build.BuildPlan:
    """What a published build leaves: its file, with its record, renamed into place, and the
    record of the publication."""
    plan = warehouse_build.prepare(settings)
    os.replace(settings.next_warehouse, settings.warehouse)
    warehouse_build.record_published(settings)
    return plan


def test_the_first_build_is_full_and_the_next_one_with_nothing_changed_is_incremental(tmp_path):
    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb")
    settings.warehouse_dir.mkdir()
    landing.ensure_landing(settings.landing_dir)
    assert publish_build(settings).mode == "full"
    plan = publish_build(settings)
    assert (plan.mode, plan.changed_documents) == ("incremental", set())


def test_added_changed_and_removed_documents_are_replaced_and_only_their_files_read(settings):
    land(settings, "documents", "doc_new")
    land(settings, "figures", "doc_new")
    land(settings, "figures", "doc_01", rows=3)
    landing.remove_document(settings.landing_dir, "doc_02")
    plan = warehouse_build.prepare(settings)
    assert plan.mode == "incremental"
    assert plan.changes == {
        "documents": {"doc_new": "doc_new.parquet", "doc_02": None},
        "figures": {"doc_new": "doc_new.parquet", "doc_01": "doc_01.parquet", "doc_02": None},
        "extractions": {"doc_02": None},
    }
    with duckdb.connect(str(settings.next_warehouse), read_only=True) as con:
        assert con.execute("select mode from build.build_info").fetchone() == ("incremental",)
        planned = con.execute("select dataset, document_id, file_name from build.landing_changes order by all").fetchall()
        listed = {row[0] for row in con.execute("select file_name from build.landing_files where dataset = 'figures'").fetchall()}
        # the build started from the published file: what it held is there
        assert con.execute("select count(*) from build.landing_files").fetchone()[0] > 0
    assert ("figures", "doc_01", "doc_01.parquet") in planned and ("extractions", "doc_02", None) in planned
    assert "doc_new.parquet" in listed and "doc_02.parquet" not in listed


def test_the_build_starts_from_a_copy_of_the_published_file(settings):
    with duckdb.connect(str(settings.warehouse)) as con:
        con.execute("create table main.kept as select 1 as one")
    warehouse_build.record_published(settings)
    warehouse_build.prepare(settings)
    with duckdb.connect(str(settings.next_warehouse), read_only=True) as con:
        assert con.execute("select one from main.kept").fetchall() == [(1,)]


@pytest.mark.parametrize("doubt, reason", [
    (lambda s: s.warehouse.unlink(), "there is no published warehouse"),
    (lambda s: s.warehouse.with_name(s.warehouse.name + ".wal").write_bytes(b"wal"), "a write-ahead log"),
    (lambda s: os.utime(s.warehouse, ns=(0, 0)), "not the file the last build published"),
    (lambda s: warehouse_build.published_record_path(s).unlink(), "not the file the last build published"),
    (lambda s: landing.set_aside(landing.document_file(s.landing_dir, "figures", "doc_03")), "set aside as broken: figures/doc_03.parquet.corrupt-"),
    (lambda s: landing.set_aside(landing.document_file(s.landing_dir, "rejections", "doc_03").parent / landing.SCHEMA_FILE),
     "set aside as broken: rejections/_schema.parquet.corrupt-"),
    (lambda s: os.utime(s.landing_dir / "documents" / landing.SCHEMA_FILE, ns=(0, 0)), "schema files were written anew: documents/_schema.parquet"),
    (lambda s: [land(s, "figures", document_id, rows=2) for document_id in DOCUMENTS[:5]], "5 of 16 documents changed, more than 25%"),
])
def test_anything_doubtful_makes_a_full_build_from_an_empty_file(settings, doubt, reason):
    doubt(settings)
    plan = warehouse_build.prepare(settings)
    assert plan.mode == "full" and reason in plan.reason, plan.reason
    with duckdb.connect(str(settings.next_warehouse), read_only=True) as con:
        assert con.execute("select mode, reason from build.build_info").fetchone() == ("full", plan.reason)
        assert con.execute("select count(*) from build.landing_changes").fetchone() == (0,)
        tables = con.execute("select table_schema || '.' || table_name from information_schema.tables order by 1").fetchall()
    assert tables == [("build.build_info",), ("build.landing_changes",), ("build.landing_files",)], "a new file, not a copy"


def test_a_full_build_is_made_when_asked_for(settings):
    assert warehouse_build.prepare(settings, full_requested=True).reason == "a full build was asked for"


def test_other_build_code_makes_a_full_build(settings, monkeypatch):
    monkeypatch.setattr(warehouse_build, "build_fingerprint", lambda: "another build code")
    assert "the build code changed" in warehouse_build.prepare(settings).reason


def test_the_fingerprint_covers_the_dbt_project_the_landing_schema_and_the_planning():
    covered = {path.name for path in warehouse_build.BUILD_CODE}
    assert covered == {"dbt", "landing.py", "warehouse_build.py"}


def test_the_publication_record_names_the_published_file(settings):
    recorded = json.loads(warehouse_build.published_record_path(settings).read_text())["signature"]
    stat = settings.warehouse.stat()
    assert recorded == [stat.st_size, stat.st_mtime_ns]
