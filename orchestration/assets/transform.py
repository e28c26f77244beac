"""Transform layer: the dbt project as Dagster assets (staging -> intermediate -> marts).

dbt builds into a DuckDB file beside the warehouse -- a copy of the published warehouse whose
staging tables replace only the documents whose landing files changed, or a new file when
anything about that copy is in doubt (orchestration/warehouse_build.py) -- and, only when every
model and dbt test has passed and the figure contract holds, that file replaces the warehouse in
one rename: readers keep seeing the last complete state, and a run that fails, is cancelled or is
killed mid-build leaves the old warehouse untouched and nothing beside it.

The models' materializations are reported once the build is published, each with its row count and
first rows (read from the published file: while dbt builds, its process holds the file); a build
that is not published materializes nothing, and reports only its tests' results.
"""


from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from orchestration import warehouse, warehouse_build
from orchestration.assets.quality import describe_failure, failed_expectations, failing_figures
from orchestration.hygiene import remove_build_leftovers
from orchestration.ingest import landing
from orchestration.jobs import FULL_BUILD_TAG
from orchestration.previews import table_preview
from orchestration.quality.suites import run_suite
from orchestration.resources import dbt_environment, dbt_project
from orchestration.settings import Settings

WAREHOUSE_WRITER_POOL = "duckdb_writer"
# dbt's unit tests check the models' SQL on fixed inputs, not the data: they change only when the
# dbt project does, so `make test` runs them (tests/test_dbt_project.py) instead of every refresh,
# where they were 14 of 261 nodes and 15 s of node time on 300 documents (docs/benchmarks.md).
REFRESH_EXCLUDES = ("--exclude", "resource_type:unit_test")


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


def _hold_back_if_structurally_broken(context: dg.AssetExecutionContext, built: Path, settings: Settings) -> None:
    """The structural suite gates publication: a build that breaks the figure contract for everyone
    (keys, spans, vocabularies, types: what no single document's quarantine explains) never
    replaces the warehouse analysts read. Implausible values are warnings of the same suite and
    never hold a build back. The failure names each expectation with its figures, documents and
    sentences, in the run log and in the step's failure metadata. The validation writes the suite's
    Data Docs, and the fct_figure check of the same run takes its result once the file is published
    (`suites.last_run_on`)."""
    if not built.exists():  # the selection held no model, nothing was built
        return
    with warehouse.connect(built, settings.duckdb_config()) as con:
        run = run_suite(built, "fct_figure", settings.data_docs_dir, connection=con)
        if not run.critical_failures:
            return
        figures = failing_figures(run, con)
    lines = [describe_failure(outcome, figures) for outcome in run.critical_failures]
    documents = sorted({
        figures[figure_id]["document_id"]
        for outcome in run.critical_failures for figure_id in outcome.unexpected_ids if figure_id in figures
    })
    description = (
        f"{built.name} breaks the figure contract; the published warehouse is left as it was. "
        + " | ".join(lines)
    )
    context.log.error(description)
    raise dg.Failure(
        description=description,
        metadata={
            "failed_expectations": dg.MetadataValue.json(failed_expectations(run, figures, critical_only=True)),
            "documents": dg.MetadataValue.json(documents),
        },
    )


# From the manifest the set-up parsed for the warehouse of this environment (NONFERROUS_WAREHOUSE).
@dbt_assets(manifest=dbt_project(Settings.from_env()).manifest_path, dagster_dbt_translator=translator)
def _dbt_project():
    """Only the asset and check specs of the dbt project (models, seeds, tests), with the metadata
    dagster-dbt reads back at run time; `warehouse_models` below is what runs."""


# One step, never a subset: every dbt build writes a whole new warehouse file, so a selection of
# some models in the UI, or a backfill that reaches them tick by tick, must not build a part of
# it. Not subsettable, Dagster runs them all together, in one run, once the ingest assets are done.
@dg.multi_asset(
    name="warehouse_models",
    specs=list(_dbt_project.specs),
    check_specs=list(_dbt_project.check_specs),
    can_subset=False,
    op_tags=_dbt_project.op.tags,
    pool=WAREHOUSE_WRITER_POOL,
    allow_arbitrary_check_specs=True,
)
def warehouse_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, settings: dg.ResourceParam[Settings]):
    # This step holds the writer slot: whatever an earlier build left is no one's any more.
    remove_build_leftovers(settings)
    # dbt reads the landing zone even before any document landed, and fails on a broken schema file
    for notice in landing.ensure_landing(settings.landing_dir):
        context.log.warning(notice)
    events = []
    try:
        plan = warehouse_build.prepare(settings, full_requested=context.run.tags.get(FULL_BUILD_TAG) == "true")
        context.log.info(plan.summary())
        with dbt_environment(settings):
            for event in dbt.cli(["build", *REFRESH_EXCLUDES], context=context).stream():
                events.append(event)
        _hold_back_if_structurally_broken(context, settings.next_warehouse, settings)
        stale_wal = warehouse.publish(settings.next_warehouse, settings.warehouse)
        if stale_wal is not None:
            context.log.warning(
                f"a write-ahead log of the replaced warehouse (a client had it open read-write) was moved aside to "
                f"{stale_wal}: the new warehouse opens at once; that client's writes are not in it"
            )
        context.log.info(f"published {settings.warehouse}")
        try:
            warehouse_build.record_published(settings)
        except OSError as error:
            context.log.warning(f"the published warehouse's record could not be written ({error}): the next build is a full one")
    except Exception:
        yield from (event for event in events if isinstance(event, (dg.AssetCheckResult, dg.AssetCheckEvaluation)))
        raise
    finally:
        # A failed, held-back or cancelled build leaves nothing beside the warehouse.
        for path in remove_build_leftovers(settings):
            context.log.info(f"removed {path}, left by this build")
    yield from _with_previews(context, events, settings.warehouse)


def _with_previews(context: dg.AssetExecutionContext, events: Iterable, published: Path) -> Iterator:
    """dbt's events, each model's and seed's materialization with its row count and first rows."""
    with warehouse.connect(published) as con:
        for event in events:
            if isinstance(event, dg.Output):
                key = context.asset_key_for_output(event.output_name)
                yield event.with_metadata({**event.metadata, **table_preview(con, ".".join(key.path))})
            elif isinstance(event, dg.AssetMaterialization):
                yield event.with_metadata({**event.metadata, **table_preview(con, ".".join(event.asset_key.path))})
            else:
                yield event
