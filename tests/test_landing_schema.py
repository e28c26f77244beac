"""A landing zone written by an older version gains the current columns; a current one is left
untouched (a refresh must not rewrite files it did not change)."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.ingest import landing


def test_an_older_figures_folder_gains_the_rules_column(tmp_path):
    folder = landing.dataset_dir(tmp_path, "figures")
    folder.mkdir(parents=True)
    older = pa.schema([field for field in landing.FIGURES_SCHEMA if field.name != "rules"])
    pq.write_table(older.empty_table(), folder / landing.SCHEMA_FILE)
    pq.write_table(pa.Table.from_pylist([{"document_id": "old", "figure_id": "f"}], schema=older),
                   folder / "old.parquet")

    landing.ensure_landing(tmp_path)

    assert pq.read_schema(folder / landing.SCHEMA_FILE).names == landing.FIGURES_SCHEMA.names
    with duckdb.connect() as con:
        rows = con.execute(
            f"select figure_id, rules from read_parquet('{folder}/*.parquet', union_by_name = true)").fetchall()
    assert rows == [("f", None)]


def test_a_current_landing_zone_is_not_rewritten(tmp_path):
    landing.ensure_landing(tmp_path)
    written = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*.parquet")}
    landing.ensure_landing(tmp_path)
    assert {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*.parquet")} == written
