"""What the Dagster UI shows of each asset and where its links lead: every materialization reports
its row count and first rows; links open the warehouse's pages through the pages server
(orchestration/pages.py), which serves those pages and nothing else of the warehouse folder."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request
from pathlib import Path

import dagster as dg
import pytest

from orchestration.pages import proofreading_markdown, server, url_of
from orchestration.previews import ROW_COUNT
from orchestration.settings import Settings


@pytest.fixture
def pages(tmp_path):
    """A warehouse folder with a page of each kind and the files that must stay unserved, and its
    pages server on a free port."""
    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb")
    for page in ("index.html", "review/doc_a.html", "charts/output.png", "data_docs/index.html"):
        path = settings.warehouse_dir / page
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page, encoding="utf-8")
    settings.warehouse.write_bytes(b"not for the browser")
    (settings.landing_dir).mkdir(parents=True)
    (settings.landing_dir / "figures.parquet").write_bytes(b"nor this")
    with server(settings, port=0) as httpd:
        thread = threading.Thread(target=httpd.serve_forever, daemon=True)
        thread.start()
        host, port = httpd.server_address[:2]
        yield settings, f"http://{host}:{port}"
        httpd.shutdown()
        thread.join()


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def test_the_pages_server_serves_the_pages_and_nothing_else(pages):
    settings, base = pages
    for page in ("index.html", "review/doc_a.html", "charts/output.png", "data_docs/index.html"):
        assert _status(f"{base}/{page}") == (200, page)
    for hidden in ("nonferrous.duckdb", "landing/figures.parquet", "review/../nonferrous.duckdb",
                   "%2e%2e/%2e%2e/etc/passwd", "dagster_home/"):
        assert _status(f"{base}/{hidden}")[0] == 404, hidden


def test_links_point_to_the_pages_server_and_files_elsewhere_to_their_path(tmp_path):
    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb", pages_url="http://127.0.0.1:4321")
    assert url_of(settings, settings.review_dir / "doc_a.html", "f120") == "http://127.0.0.1:4321/review/doc_a.html#f120"
    elsewhere = tmp_path / "suite.html"
    assert url_of(settings, elsewhere) == elsewhere.resolve().as_uri()
    listed = proofreading_markdown(settings, [("fig2", "doc_b", 7), ("fig1", "doc_a", 120)])
    assert listed.splitlines() == [
        f"- [doc_a](http://127.0.0.1:4321/review/doc_a.html) `{settings.review_dir / 'doc_a.html'}`",
        "  - [figure fig1](http://127.0.0.1:4321/review/doc_a.html#f120): `nonferrous figure fig1`",
        f"- [doc_b](http://127.0.0.1:4321/review/doc_b.html) `{settings.review_dir / 'doc_b.html'}`",
        "  - [figure fig2](http://127.0.0.1:4321/review/doc_b.html#f7): `nonferrous figure fig2`",
    ]


def test_every_table_reports_its_row_count_and_first_rows_and_a_view_what_it_is(corpus_warehouse):
    from orchestration.definitions import defs

    asset_keys = set(defs.resolve_asset_graph().get_all_asset_keys())
    with corpus_warehouse.connect() as con:
        figures = con.execute("select count(*) from marts.fct_figure").fetchone()[0]
        observations = con.execute("select count(*) from marts.fct_observation").fetchone()[0]
        documents = con.execute("select count(*) from marts.dim_document").fetchone()[0]
        views = {dg.AssetKey([schema, name]) for schema, name in con.execute(
            "select table_schema, table_name from information_schema.tables where table_type = 'VIEW'").fetchall()}
    with dg.DagsterInstance.from_config(str(corpus_warehouse.dagster_home)) as instance:
        metadata = {}
        for key in asset_keys:
            event = instance.get_latest_materialization_event(key)
            assert event is not None, f"{key.to_user_string()} was never materialized"
            metadata[key] = event.asset_materialization.metadata
    assert views, "the warehouse has views (the wide series)"
    for key, shown in metadata.items():
        if key in views:  # computed when read: not counted at every refresh
            assert ROW_COUNT not in shown and "a view" in shown["preview"].value.lower(), key.to_user_string()
            continue
        assert ROW_COUNT in shown and "preview" in shown, f"{key.to_user_string()}: {sorted(shown)}"
        assert isinstance(shown[ROW_COUNT].value, int) and shown[ROW_COUNT].value >= 0
    assert metadata[dg.AssetKey(["marts", "fct_figure"])][ROW_COUNT].value == figures
    assert metadata[dg.AssetKey(["marts", "fct_observation"])][ROW_COUNT].value == observations
    assert metadata[dg.AssetKey(["review_pages"])][ROW_COUNT].value == documents
    preview = metadata[dg.AssetKey(["marts", "fct_figure"])]["preview"].value
    assert preview.startswith("| figure_id |") and f"*first 5 of {figures} rows*" in preview
