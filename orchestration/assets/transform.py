"""Transform layer: the dbt project as Dagster assets (staging -> intermediate -> marts).

dbt builds into a fresh DuckDB file beside the warehouse and, only when every model and dbt
test has passed, that file replaces the warehouse in one rename: readers keep seeing the last
complete state, and a run killed mid-build leaves the old warehouse untouched.
"""


import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration import warehouse
from orchestration.quality.suites import run_suite
from orchestration.resources import dbt_environment, dbt_project
from orchestration.settings import Settings

WAREHOUSE_WRITER_POOL = "duckdb_writer"


class WarehouseTranslator(DagsterDbtTranslator):
    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> dg.AssetKey:
        if dbt_resource_props["resource_type"] in ("model", "seed"):
            return dg.AssetKey([dbt_resource_props["schema"], dbt_resource_props["name"]])
        return super().get_asset_key(dbt_resource_props)

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "catalogue"
        return dbt_resource_props["fqn"][1] if len(dbt_resource_props["fqn"]) > 2 else "transform"


translator = WarehouseTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def _hold_back_if_structurally_broken(built: Path) -> None:
    """The structural suite gates publication: a build that breaks the figure contract never
    replaces the warehouse analysts read (its asset check then reports the same on the old one)."""
    if not built.exists():  # the selection held no model, nothing was built
        return
    run = run_suite(built, "fct_figure")
    if run.critical_failures:
        raise dg.Failure(
            description=f"{built.name} breaks the figure contract; the published warehouse is left as it was.",
            metadata={"failed_expectations": dg.MetadataValue.json([o.describe() for o in run.critical_failures])},
        )


@dbt_assets(
    manifest=dbt_project.manifest_path,
    dagster_dbt_translator=translator,
    pool=WAREHOUSE_WRITER_POOL,
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: dg.ResourceParam[Settings]):
    settings.next_warehouse.unlink(missing_ok=True)
    if context.selected_asset_keys != context.assets_def.keys and settings.warehouse.exists():
        # A subset rebuilds some models only: start from the published warehouse so the others stay.
        shutil.copyfile(settings.warehouse, settings.next_warehouse)
    with dbt_environment(settings):
        yield from dbt.cli(["build"], context=context).stream()
    _hold_back_if_structurally_broken(settings.next_warehouse)
    warehouse.publish(settings.next_warehouse, settings.warehouse)
    context.log.info(f"published {settings.warehouse}")
