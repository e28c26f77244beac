"""The Dagster definitions load and the asset graph reads raw -> staging -> marts."""

import dagster as dg
import pytest

from orchestration.definitions import defs


def _graph():
    return defs.resolve_asset_graph()


def test_definitions_load():
    dg.Definitions.validate_loadable(defs)


def test_lineage_runs_from_ingestion_through_staging_to_marts():
    graph = _graph()
    key = dg.AssetKey
    assert key("documents") in graph.get(key("figures")).parent_keys
    assert key("figures") in graph.get(key(["staging", "stg_landing__figures"])).parent_keys
    assert key("documents") in graph.get(key(["staging", "stg_landing__documents"])).parent_keys
    assert key(["intermediate", "int_figures_resolved"]) in graph.get(key(["marts", "fct_figure"])).parent_keys


def test_ingestion_is_partitioned_per_document_and_dbt_writes_through_one_pool():
    graph = _graph()
    for name in ("documents", "figures"):
        partitions = graph.get(dg.AssetKey(name)).partitions_def
        assert isinstance(partitions, dg.DynamicPartitionsDefinition) and partitions.name == "documents"
    fct_figure = graph.get(dg.AssetKey(["marts", "fct_figure"]))
    assert fct_figure.partitions_def is None
    assert fct_figure.pools == {"duckdb_writer"}


def test_dbt_tests_are_asset_checks():
    checks = {check.asset_key.path[-1] for check in _graph().asset_check_keys}
    assert {"fct_figure", "dim_document"} <= checks


# --- one owner per job ----------------------------------------------------------------------------

def _imports(module_path) -> set[str]:
    import ast

    tree = ast.parse(module_path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def test_no_module_of_the_code_location_imports_the_definitions_or_make_run():
    """The code location is a tree: definitions sit on top, `make run` and the launcher above them,
    and nothing the definitions import reaches back up (no definitions -> automation ->
    materialize -> definitions circle, not even inside a function)."""
    from orchestration.settings import PROJECT_ROOT

    top = {"orchestration.definitions", "orchestration.materialize", "orchestration.serve"}
    package = PROJECT_ROOT / "orchestration"
    offenders = {}
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts)
        if module in top:
            continue
        reached = {name for name in _imports(path) for owner in top if name == owner or name.startswith(owner + ".")}
        if reached:
            offenders[module] = sorted(reached)
    assert offenders == {}


def test_assets_checks_sensors_and_the_schedule_take_the_settings_resolved_once():
    from orchestration.definitions import settings
    from orchestration.settings import Settings

    assert defs.resources["settings"] is settings and isinstance(settings, Settings)
    users = [*defs.assets, *defs.asset_checks, *defs.sensors, *defs.schedules]
    takers = [d for d in users if "settings" in getattr(d, "required_resource_keys", set())]
    assert len(takers) >= len(defs.asset_checks) + 4  # documents, figures, the dbt models, review pages and the checks
    assert {"paths", "duckdb"} & set(defs.resources) == set()


def test_dagster_home_is_derived_beside_the_warehouse_unless_exported(tmp_path):
    from orchestration.settings import Settings

    environ = {"NONFERROUS_WAREHOUSE": str(tmp_path / "w" / "nonferrous.duckdb")}
    assert Settings.from_env(environ).dagster_home == tmp_path / "w" / "dagster_home"
    exported = {**environ, "DAGSTER_HOME": str(tmp_path / "elsewhere")}
    assert Settings.from_env(exported).dagster_home == tmp_path / "elsewhere"


def test_the_refresh_report_finds_the_run_history_without_DAGSTER_HOME_exported(tmp_path, monkeypatch, capsys):
    """`python -m orchestration.automation`, called in this process (a process of its own would
    spend seconds importing the definitions again) with the environment it would have."""
    from orchestration import automation
    from orchestration.jobs import TRIGGER_TAG, ingest_job
    from orchestration.settings import Settings
    from orchestration.setup import write_dagster_config

    settings = Settings(tmp_path / "raw", tmp_path / "w" / "nonferrous.duckdb")
    write_dagster_config(settings.dagster_home)
    with settings.dagster_instance() as instance:
        instance.add_run(dg.DagsterRun(job_name=ingest_job.name, status=dg.DagsterRunStatus.FAILURE,
                                       tags={TRIGGER_TAG: "daily_refresh"}))
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    monkeypatch.setenv("NONFERROUS_WAREHOUSE", str(settings.warehouse))
    monkeypatch.setattr("sys.argv", ["orchestration.automation"])
    with pytest.raises(SystemExit) as exited:
        automation.main()
    assert exited.value.code == 1
    report = capsys.readouterr().out
    assert report.startswith(f"{ingest_job.name} ") and " FAILURE " in report, report


def test_the_instance_the_set_up_writes_sends_no_telemetry_and_shows_no_community_dialog(tmp_path):
    from orchestration.setup import write_dagster_config

    write_dagster_config(tmp_path)
    with dg.DagsterInstance.from_config(str(tmp_path)) as instance:
        assert instance.telemetry_enabled is False
        assert instance.nux_enabled is False
