"""The `nonferrous` command line, run as the installed console script against built warehouses."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import openpyxl
import pytest

NONFERROUS = Path(sys.executable).parent / "nonferrous"


def run(warehouse: Path, *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(NONFERROUS), *arguments, "--warehouse", str(warehouse)],
        capture_output=True, text=True, cwd=cwd, env={"PATH": "/usr/bin:/bin", "COLUMNS": "160", "LANG": "C.UTF-8"},
    )


def test_series_by_chinese_name_shows_the_values_with_units(corpus_warehouse):
    done = run(corpus_warehouse.warehouse, "series", "精炼铜产量")
    assert done.returncode == 0, done.stderr
    assert "产量:精炼铜:累计值" in done.stdout and "output.refined_copper.national.ytd.level.t" in done.stdout
    assert "478.1" in done.stdout and "万吨" in done.stdout


def test_series_by_english_name_alias_and_id_find_the_same_series(corpus_warehouse):
    english = run(corpus_warehouse.warehouse, "series", "refined", "copper", "output", "year-to-date")
    alias = run(corpus_warehouse.warehouse, "series", "电解铜产量累计值")
    by_id = run(corpus_warehouse.warehouse, "series", "output.refined_copper.national.ytd.level.t")
    for done in (english, alias, by_id):
        assert done.returncode == 0, done.stderr
        assert "output.refined_copper.national.ytd.level.t" in done.stdout
        assert "output.refined_copper.national.year.level.t" not in done.stdout


def test_a_misspelt_series_gets_close_matches(corpus_warehouse):
    done = run(corpus_warehouse.warehouse, "series", "精练铜产量")
    assert done.returncode == 1
    assert "no series matches" in done.stderr and "精炼铜产量" in done.stderr


def test_derived_values_are_marked(series_probe_warehouse):
    done = run(series_probe_warehouse.warehouse, "series", "原铝产量", "当月值")
    assert done.returncode == 0, done.stderr
    assert "450.8*" in done.stdout and "derived" in done.stdout


def test_figure_shows_its_sentence_document_fields_and_checks(corpus_warehouse):
    with corpus_warehouse.connect() as con:
        figure_id = con.execute(
            "select source_figure_id from marts.fct_observation "
            "where series_id = 'output.refined_copper.national.ytd.level.t' and origin = 'reported'"
        ).fetchone()[0]
    done = run(corpus_warehouse.warehouse, "figure", figure_id[:8])
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert figure_id in out and "000_40164949131a04b4.txt" in out
    assert "精炼铜产量为 478.1 万吨" in out
    assert "ytd" in out and "refined_copper" in out
    assert "decided by the rules" in out and "indicator: keyword" in out
    assert "series output.refined_copper.national.ytd.level.t" in out
    assert "check of_which" in out
    missing = run(corpus_warehouse.warehouse, "figure", "no-such-figure")
    assert missing.returncode == 1 and "no figure with id" in missing.stderr


def test_sql_writes_a_table_csv_and_json(corpus_warehouse):
    query = ("select series_id, value from marts.fct_observation "
             "where series_id like 'output.refined_copper.%.ytd.level.t' and origin = 'reported'")
    table = run(corpus_warehouse.warehouse, "sql", query)
    as_csv = run(corpus_warehouse.warehouse, "sql", query, "--csv")
    as_json = run(corpus_warehouse.warehouse, "sql", query, "--json")
    assert table.returncode == as_csv.returncode == as_json.returncode == 0
    assert "478.1" in table.stdout
    assert list(csv.reader(io.StringIO(as_csv.stdout))) == [["series_id", "value"], ["output.refined_copper.national.ytd.level.t", "478.1"]]
    assert json.loads(as_json.stdout) == [{"series_id": "output.refined_copper.national.ytd.level.t", "value": 478.1}]


def test_sql_shows_a_result_wider_than_the_terminal_a_row_at_a_time(corpus_warehouse):
    columns = duckdb.connect(str(corpus_warehouse.warehouse), read_only=True).execute(
        "select * from marts.dim_series limit 0").fetchdf().columns
    wide = run(corpus_warehouse.warehouse, "sql", "select * from marts.dim_series order by series_id limit 2")
    assert wide.returncode == 0
    assert "-[ row 1 ]-" in wide.stdout and "-[ row 2 ]-" in wide.stdout and "…" not in wide.stdout
    lines = wide.stdout.splitlines()
    assert all(any(line.split()[:1] == [column] for line in lines) for column in columns)


def test_sql_says_so_when_nothing_matches_or_the_query_is_wrong(corpus_warehouse):
    empty = run(corpus_warehouse.warehouse, "sql", "select * from marts.dim_series where false")
    assert empty.returncode == 0 and "No rows" in empty.stderr
    wrong = run(corpus_warehouse.warehouse, "sql", "selec 1")
    assert wrong.returncode == 2 and "the query failed" in wrong.stderr and "selec" in wrong.stderr


def test_export_xlsx_has_a_sheet_per_category_units_in_the_header_and_sources(corpus_warehouse, tmp_path):
    target = tmp_path / "out.xlsx"
    done = run(corpus_warehouse.warehouse, "export", "--format", "xlsx", "--out", str(target))
    assert done.returncode == 0, done.stderr
    workbook = openpyxl.load_workbook(target, read_only=True)
    with corpus_warehouse.connect() as con:
        categories = [row[0] for row in con.execute("select distinct category from marts.dim_series").fetchall()]
        observations = con.execute("select count(*) from marts.fct_observation").fetchone()[0]
    assert {name.split(" ")[-1] for name in workbook.sheetnames[:-2]} == set(categories)
    assert workbook.sheetnames[-2:] == ["来源 sources", "序列 series"]
    output = workbook["产量 output"]
    header = {row[0]: row[1:] for row in output.iter_rows(min_row=1, max_row=5, values_only=True)}
    column = header["序列代码 Series id"].index("output.refined_copper.national.ytd.level.t")
    assert header["单位 Unit"][column] == "万吨" and header["指标名称"][column] == "产量:精炼铜:累计值"
    values = [row[column + 1] for row in output.iter_rows(min_row=7, values_only=True) if row[column + 1] is not None]
    # 1-4月 478.1万吨, 增长5.7%: the year before is derived from them, a row above the reported value
    assert values == [pytest.approx(478.1 / 1.057), 478.1]
    sources = list(workbook["来源 sources"].iter_rows(values_only=True))
    assert sources[0][:3] == ("series_id", "name_zh", "period_label") and len(sources) == observations + 1


def test_export_of_chosen_series_to_csv_and_parquet(corpus_warehouse, tmp_path):
    as_csv = run(corpus_warehouse.warehouse, "export", "-f", "csv", "-s", "精炼铜产量", "-o", str(tmp_path / "csv"))
    as_parquet = run(corpus_warehouse.warehouse, "export", "-f", "parquet", "-s", "output.refined_copper", "-o", str(tmp_path / "pq"))
    assert as_csv.returncode == as_parquet.returncode == 0, as_csv.stderr + as_parquet.stderr
    raw = (tmp_path / "csv" / "fct_observation.csv").read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows and {row["series_id"].split(".")[1] for row in rows} == {"refined_copper"}
    parquet = duckdb.sql(f"select distinct series_id from '{tmp_path / 'pq' / 'dim_series.parquet'}'").fetchall()
    assert parquet and all(series_id.startswith("output.refined_copper.") for (series_id,) in parquet)
    assert (tmp_path / "pq" / "wide_output.parquet").exists()


def test_catalogue_lists_indicators_commodities_and_what_is_not_catalogued(corpus_warehouse):
    done = run(corpus_warehouse.warehouse, "catalogue", "铜")
    assert done.returncode == 0, done.stderr
    assert "refined_copper" in done.stdout and "series per category" in done.stdout
    nothing = run(corpus_warehouse.warehouse, "catalogue", "xyzzy")
    assert nothing.returncode == 1 and "nothing in the catalogue mentions" in nothing.stderr


def test_a_missing_warehouse_says_how_to_build_it(tmp_path):
    done = run(tmp_path / "nowhere.duckdb", "series", "精炼铜产量")
    assert done.returncode == 2
    assert "No warehouse at" in done.stderr and "make run" in done.stderr


def test_a_half_written_warehouse_is_named_as_such(corpus_warehouse, tmp_path):
    broken = tmp_path / "broken.duckdb"
    data = corpus_warehouse.warehouse.read_bytes()
    broken.write_bytes(data[: len(data) // 2])
    done = run(broken, "series", "精炼铜产量")
    assert done.returncode == 2
    assert "incomplete or damaged" in done.stderr and "make run" in done.stderr


def test_a_warehouse_locked_by_a_writer_is_named_as_such(corpus_warehouse, tmp_path):
    copy = tmp_path / "locked.duckdb"
    shutil.copyfile(corpus_warehouse.warehouse, copy)
    writer = subprocess.Popen(
        [sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(copy)!r}); print('open', flush=True); time.sleep(60)"],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert writer.stdout.readline().strip() == "open"
        done = run(copy, "series", "精炼铜产量")
    finally:
        writer.kill()
        writer.wait()
    assert done.returncode == 2
    assert "is locked" in done.stderr and "another program" in done.stderr
