"""The Dagster definitions load and the asset graph reads raw -> staging -> marts."""

import dagster as dg

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
