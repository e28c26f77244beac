"""The dbt resource starts no `dbt --version` process (a dbt start-up, and requests to pypi.org)
and opens no dbt adapter in the Dagster process before each invocation."""

from importlib.metadata import version

import dagster_dbt.core.resource as dagster_dbt_resource
from packaging.version import Version

from orchestration.resources import WarehouseDbtResource, build_resources
from orchestration.settings import Settings


def test_the_dbt_version_is_the_installed_packages_without_a_process(tmp_path, monkeypatch):
    def no_process(*args, **kwargs):
        raise AssertionError(f"started a process: {args}")

    monkeypatch.setattr(dagster_dbt_resource, "check_output", no_process)
    dbt = build_resources(Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb"))["dbt"]
    assert isinstance(dbt, WarehouseDbtResource)
    assert dbt._cli_version == Version(version("dbt-core"))
    assert dbt._cli_version.major < 2  # dbt-core, not the fusion engine: dagster-dbt's own test
    assert dbt._initialize_dbt_core_adapter(["build"]) is None
