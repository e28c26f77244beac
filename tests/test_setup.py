"""The set-up parses the dbt project into the warehouse's own dbt target folder, once per change."""

import pytest

from orchestration.settings import DBT_PROJECT_DIR, Settings


def test_dbt_target_folder_sits_beside_the_warehouse_and_is_what_dbt_is_given(tmp_path):
    settings = Settings(tmp_path / "raw", tmp_path / "w" / "nonferrous.duckdb")
    assert settings.dbt_target_dir == tmp_path / "w" / "dbt_target"
    environment = settings.dbt_environment()
    assert environment["DBT_TARGET_PATH"] == environment["DBT_LOG_PATH"] == str(tmp_path / "w" / "dbt_target")


def test_the_definitions_read_the_manifest_of_their_warehouse(tmp_path):
    from orchestration.resources import dbt_project

    settings = Settings(tmp_path / "raw", tmp_path / "w" / "nonferrous.duckdb")
    assert dbt_project(settings).manifest_path == tmp_path / "w" / "dbt_target" / "manifest.json"


@pytest.mark.warehouse  # runs dbt's parser (seconds to tens of seconds)
def test_two_warehouse_locations_each_get_their_own_manifest_parsed_once(tmp_path):
    from orchestration.setup import parse_dbt_project

    first = Settings(tmp_path / "raw", tmp_path / "one" / "nonferrous.duckdb")
    second = Settings(tmp_path / "raw", tmp_path / "two" / "nonferrous.duckdb")
    shared_target = DBT_PROJECT_DIR / "target" / "manifest.json"
    shared_before = shared_target.stat().st_mtime_ns if shared_target.exists() else None

    assert parse_dbt_project(first) is True
    manifest = first.dbt_target_dir / "manifest.json"
    written = manifest.stat().st_mtime_ns
    assert parse_dbt_project(second) is True
    assert parse_dbt_project(first) is False  # the other location's parse left this one current
    assert manifest.stat().st_mtime_ns == written
    assert (second.dbt_target_dir / "manifest.json").exists()
    assert (first.dbt_target_dir / "partial_parse.msgpack").exists()
    assert (shared_target.stat().st_mtime_ns if shared_target.exists() else None) == shared_before
