"""What `make run` decides to do from the recorded build state (no Dagster, no dbt)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from orchestration import build_state
from orchestration.settings import Settings


@pytest.fixture
def settings(tmp_path, monkeypatch) -> Settings:
    code = tmp_path / "code"
    code.mkdir()
    (code / "extract.py").write_text("RULES = 1\n")
    (code / "model.sql").write_text("select 1\n")
    monkeypatch.setattr(build_state, "INGEST_CODE", (code / "extract.py",))
    monkeypatch.setattr(build_state, "BUILD_CODE", (code,))
    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb")
    settings.raw_dir.mkdir()
    settings.warehouse_dir.mkdir()
    for name in ("a", "b"):
        (settings.raw_dir / f"{name}.txt").write_text(f"document {name}: 铜产量10.5万吨\n", encoding="utf-8")
    return settings


def land(settings: Settings, document_id: str, dataset: str = "documents") -> None:
    folder = settings.landing_dir / dataset
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{document_id}.parquet").write_bytes(b"landed " + document_id.encode())


def complete_run(settings: Settings) -> build_state.Plan:
    """What a successful make run leaves: every planned document landed, a published file, the state."""
    todo = build_state.plan(settings)
    for document_id in todo.to_ingest:
        land(settings, document_id)
    settings.warehouse.write_bytes(b"warehouse")
    build_state.record(settings, todo)
    return todo


def test_a_first_run_ingests_every_document_and_builds(settings):
    todo = build_state.plan(settings)
    assert todo.to_ingest == ["a", "b"]
    assert todo.reason and not todo.up_to_date


def test_nothing_changed_means_up_to_date(settings):
    complete_run(settings)
    todo = build_state.plan(settings)
    assert todo.to_ingest == [] and todo.removed == [] and todo.reason == ""
    assert todo.up_to_date


def test_a_new_document_is_the_only_one_ingested(settings):
    complete_run(settings)
    (settings.raw_dir / "c.txt").write_text("新文件\n", encoding="utf-8")
    todo = build_state.plan(settings)
    assert todo.to_ingest == ["c"]
    assert not todo.up_to_date


def test_a_changed_document_or_sidecar_is_ingested_again(settings):
    complete_run(settings)
    (settings.raw_dir / "a.txt").write_text("document a, edited\n", encoding="utf-8")
    (settings.raw_dir / "b.yaml").write_text("publisher: 安泰科\n", encoding="utf-8")
    assert build_state.plan(settings).to_ingest == ["a", "b"]


def test_a_touched_file_counts_as_changed(settings):
    complete_run(settings)
    path = settings.raw_dir / "a.txt"
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert build_state.plan(settings).to_ingest == ["a"]


def test_a_removed_document_is_reported(settings):
    complete_run(settings)
    (settings.raw_dir / "b.txt").unlink()
    todo = build_state.plan(settings)
    assert todo.removed == ["b"] and todo.to_ingest == []
    assert not todo.up_to_date


def test_a_document_without_its_landing_file_is_ingested_again(settings):
    complete_run(settings)
    (settings.landing_dir / "documents" / "a.parquet").unlink()
    assert build_state.plan(settings).to_ingest == ["a"]


def test_a_rejected_document_is_not_retried_until_it_changes(settings):
    todo = build_state.plan(settings)
    land(settings, "a")
    land(settings, "b", dataset="rejections")  # refused at reading: no landed document
    settings.warehouse.write_bytes(b"warehouse")
    build_state.record(settings, todo)
    assert build_state.plan(settings).up_to_date


def test_changed_ingest_code_ingests_every_document(settings):
    complete_run(settings)
    (build_state.INGEST_CODE[0]).write_text("RULES = 2\n")
    todo = build_state.plan(settings)
    assert todo.to_ingest == ["a", "b"]


def test_a_changed_model_refreshes_without_ingesting(settings):
    complete_run(settings)
    (build_state.BUILD_CODE[0] / "model.sql").write_text("select 2\n")
    todo = build_state.plan(settings)
    assert todo.to_ingest == [] and "code" in todo.reason


def test_landing_files_written_by_someone_else_refresh_the_warehouse(settings):
    complete_run(settings)
    land(settings, "a", dataset="figures")  # e.g. the sensor's ingest run, between two make runs
    todo = build_state.plan(settings)
    assert todo.to_ingest == [] and "landing" in todo.reason


def test_a_replaced_or_missing_warehouse_file_is_rebuilt(settings):
    complete_run(settings)
    settings.warehouse.write_bytes(b"another warehouse, restored from a backup")
    assert "warehouse" in build_state.plan(settings).reason
    settings.warehouse.unlink()
    assert "warehouse" in build_state.plan(settings).reason


def test_an_unreadable_state_file_means_everything_is_done_again(settings):
    complete_run(settings)
    build_state.BuildState.path(settings).write_text("{not json")
    todo = build_state.plan(settings)
    assert todo.to_ingest == ["a", "b"] and todo.reason


def test_hidden_and_temporary_files_are_not_documents(settings):
    complete_run(settings)
    (settings.raw_dir / ".c.txt.tmp").write_text("half written")
    (settings.raw_dir / "~$d.docx").write_bytes(b"lock")
    assert build_state.plan(settings).up_to_date


def test_the_project_code_hashes_are_stable_and_see_edits(tmp_path):
    folder = tmp_path / "tree"
    (folder / "target").mkdir(parents=True)
    (folder / "model.sql").write_text("select 1")
    first = build_state.tree_hash((folder,))
    (folder / "target" / "manifest.json").write_text("{}")  # build output is not source
    assert build_state.tree_hash((folder,)) == first
    (folder / "model.sql").write_text("select 2")
    assert build_state.tree_hash((folder,)) != first
    assert build_state.tree_hash(build_state.BUILD_CODE) == build_state.tree_hash(build_state.BUILD_CODE)
    assert all(Path(path).exists() for path in build_state.INGEST_CODE)
