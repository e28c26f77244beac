"""The proof of the incremental build (orchestration/warehouse_build.py): after documents are added,
changed and removed, a build started from a copy of the published warehouse, whose staging tables
replace only those documents' rows, leaves every table of every schema exactly as a full build of
the same landing files from an empty file does; and a landing file set aside as broken makes the
next build a full one.

Two copies of the corpus warehouse: one refreshed step by step, each build from the one before; the
other rebuilt in full (as the run tag asks) on the same landing files after step 1; step 3's full
build, forced by the broken file, is step 2's. The dbt step runs in process, as the UI, the sensor
or `make run` run it."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import dagster as dg
import duckdb
import pyarrow.parquet as pq
import pytest

from orchestration import warehouse_build
from orchestration.assets.transform import warehouse_models
from orchestration.definitions import defs
from orchestration.ingest import landing
from orchestration.jobs import FULL_BUILD_TAG
from orchestration.resources import build_resources
from orchestration.settings import Settings

# The schemas dbt builds, and the landing listing each build records.
DBT_SCHEMAS = ("staging", "intermediate", "marts", "catalogue")
RECORDED = (("build", "landing_files"),)
LOAD_MARKER = "loaded_in_build"


def copy_of(corpus_warehouse, root: Path) -> Settings:
    """The corpus warehouse's folder (published file, its record, landing zone, dbt target), copied
    with its files' times, so that the published file is still the one its record names."""
    shutil.copytree(corpus_warehouse.warehouse.parent, root / "warehouse")
    return Settings(corpus_warehouse.raw_dir, root / "warehouse" / "nonferrous.duckdb", dagster_home=root / "dagster_home")


def build(settings: Settings, full: bool = False) -> tuple[str, str]:
    """The dbt step alone, published as a refresh publishes it; the mode and reason it recorded."""
    result = dg.materialize(
        [*defs.assets, *defs.asset_checks], selection=dg.AssetSelection.assets(*warehouse_models.keys),
        resources=build_resources(settings), instance=dg.DagsterInstance.ephemeral(),
        tags={FULL_BUILD_TAG: "true"} if full else {}, raise_on_error=False,
    )
    failures = [event.event_specific_data for event in result.all_events if event.event_type == dg.DagsterEventType.STEP_FAILURE]
    assert result.success, failures
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute("select mode, reason from build.build_info").fetchone()


def same_landing(source: Settings, target: Settings) -> None:
    shutil.rmtree(target.landing_dir)
    shutil.copytree(source.landing_dir, target.landing_dir)


def tables(con: duckdb.DuckDBPyConnection, catalog: str, recorded: bool) -> list[tuple[str, str]]:
    schemas = ", ".join(f"'{schema}'" for schema in DBT_SCHEMAS)
    found = con.execute(
        f"select table_schema, table_name from information_schema.tables where table_catalog = '{catalog}' "
        f"and table_schema in ({schemas}) order by 1, 2").fetchall()
    return [*found, *(RECORDED if recorded else ())]


def differences(incremental: Path, full: Path, recorded: bool = True) -> dict[str, tuple[int, int]]:
    """table -> (rows only in the incremental build, rows only in the full build), `except all`
    both ways, for every table and view that differs; every column but the staging rows' load
    marker; the landing listing the builds recorded too unless `recorded` is false."""
    with duckdb.connect() as con:
        con.execute(f"attach '{incremental}' as incremental (read_only)")
        con.execute(f"attach '{full}' as full_build (read_only)")
        assert tables(con, "incremental", recorded) == tables(con, "full_build", recorded)
        differing = {}
        for schema, table in tables(con, "incremental", recorded):
            columns = ", ".join(
                f'"{name}"' for (name,) in con.execute(
                    "select column_name from information_schema.columns where table_catalog = 'incremental' "
                    "and table_schema = ? and table_name = ? order by ordinal_position", [schema, table]).fetchall()
                if name != LOAD_MARKER)
            counts = [
                con.execute(f"select count(*) from (select {columns} from {a}.{schema}.{table} "
                            f"except all select {columns} from {b}.{schema}.{table})").fetchone()[0]
                for a, b in (("incremental", "full_build"), ("full_build", "incremental"))
            ]
            if counts != [0, 0]:
                differing[f"{schema}.{table}"] = tuple(counts)
    return differing


def markers(settings: Settings) -> dict[str, set[str]]:
    """document id -> the load markers of its rows in the three incremental staging tables."""
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        rows = con.execute(" union all ".join(
            f"select document_id, {LOAD_MARKER} from staging.stg_landing__{dataset}"
            for dataset in warehouse_build.INCREMENTAL_DATASETS)).fetchall()
    found: dict[str, set[str]] = {}
    for document_id, marker in rows:
        found.setdefault(document_id, set()).add(marker)
    return found


def renamed(rows: list[dict], old: str, new: str) -> list[dict]:
    """A document's landing rows as another document's: its id, and figure ids derived from it."""
    def figure_id(value: str | None) -> str | None:
        return None if value is None else hashlib.sha256(f"{new}\0{value}".encode()).hexdigest()[:20]

    return [
        {**row, "document_id": new,
         **({"figure_id": figure_id(row["figure_id"]), "parent_figure_id": figure_id(row["parent_figure_id"])}
            if "figure_id" in row else {})}
        for row in rows
    ]


def with_fewer_figures(landing_dir: Path, document_id: str, keep) -> None:
    """Rewrite a document's figures keeping those `keep` accepts (and every parent of a kept one),
    with its extraction's figure count."""
    figures = landing.read_rows(landing_dir, "figures", document_id)
    parent_of = {row["figure_id"]: row["parent_figure_id"] for row in figures}
    wanted = {row["figure_id"] for index, row in enumerate(figures) if keep(index)}
    while missing := {parent_of[f] for f in wanted if parent_of[f] is not None} - wanted:
        wanted |= missing
    kept = [row for row in figures if row["figure_id"] in wanted]
    landing.write_rows(landing_dir, "figures", document_id, kept)
    (extraction,) = landing.read_rows(landing_dir, "extractions", document_id)
    landing.write_rows(landing_dir, "extractions", document_id, [{**extraction, "figure_count": len(kept)}])


def document_ids(landing_dir: Path) -> list[str]:
    return sorted(landing.landed_document_ids(landing_dir, "figures"))


def test_incremental_builds_equal_full_builds_and_a_set_aside_file_makes_a_full_one(corpus_warehouse, tmp_path):
    incremental = copy_of(corpus_warehouse, tmp_path / "incremental")
    full = copy_of(corpus_warehouse, tmp_path / "full")
    loaded_before = markers(incremental)
    removed, changed, untouched, emptied = document_ids(incremental.landing_dir)[:4]
    untouched_marker = loaded_before[untouched]
    landing_dir = incremental.landing_dir

    # Step 1: a document removed, one landed again under a new name (appeared), one re-extracted
    # with fewer figures (changed).
    added = f"{removed}_renamed"
    for dataset in warehouse_build.INCREMENTAL_DATASETS:
        landing.write_rows(landing_dir, dataset, added, renamed(landing.read_rows(landing_dir, dataset, removed), removed, added))
    landing.remove_document(landing_dir, removed)
    with_fewer_figures(landing_dir, changed, keep=lambda index: index % 2 == 0)

    mode, reason = build(incremental)
    assert mode == "incremental" and reason.startswith("3 of "), reason
    loaded = markers(incremental)
    assert removed not in loaded
    assert loaded[untouched] == untouched_marker, "an untouched document's staging rows were loaded again"
    (step_marker,) = loaded[added]
    assert step_marker not in set.union(*loaded_before.values())
    assert loaded[changed] == loaded_before[changed] | {step_marker}, "its figures and extraction, not its text"
    same_landing(incremental, full)
    assert build(full, full=True) == ("full", "a full build was asked for")
    assert differences(incremental.warehouse, full.warehouse) == {}

    # Step 2, from the incremental build's file: a document re-extracted with no figure left (an
    # incremental merge by key would keep its old ones).
    with_fewer_figures(landing_dir, emptied, keep=lambda index: False)
    assert landing.read_rows(landing_dir, "figures", emptied) == []
    mode, reason = build(incremental)
    assert mode == "incremental" and reason.startswith("1 of "), reason
    loaded = markers(incremental)
    assert loaded[untouched] == untouched_marker and loaded[added] == {step_marker}
    assert loaded[emptied] - loaded_before[emptied], "the emptied document's extraction was loaded again"
    second_step = shutil.copy2(incremental.warehouse, tmp_path / "second_step.duckdb")

    # Step 3: a landing file found broken and set aside (the refresh's own repair of a schema file,
    # written anew the same): the build reads everything, from an empty file; the landing files'
    # rows are those of step 2, so it is also step 2's full build (the listing differs: the broken
    # file set aside, the schema file written anew).
    (landing_dir / "figures" / landing.SCHEMA_FILE).write_bytes(b"not parquet")
    mode, reason = build(incremental)
    assert mode == "full" and "set aside as broken: figures/_schema.parquet.corrupt-" in reason, reason
    assert len(set.union(*markers(incremental).values())) == 1, "a full build loads every row itself"
    assert differences(second_step, incremental.warehouse, recorded=False) == {}
