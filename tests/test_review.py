"""Proofreading pages: every figure is highlighted at its span, with its fields on hover."""

import re
from html import unescape

from orchestration.review import render_review_page

TEXT = "1-4月，精炼铜产量为478.1万吨、增长5.7%。<注>"
FIGURES = [
    {"figure_id": "a", "char_start": 11, "char_end": 16, "number_text": "478.1", "category": "output",
     "indicator_zh": "产量", "subject_zh": "精炼铜", "measure": "level", "value": 478.1, "unit": "万吨",
     "value_base": 4781000.0, "unit_base": "t", "period_end": "2025-04-30"},
    {"figure_id": "b", "char_start": 21, "char_end": 24, "number_text": "5.7", "category": "output",
     "indicator_zh": "产量", "subject_zh": "精炼铜", "measure": "yoy_pct", "value": 5.7, "unit": "%",
     "value_base": 5.7, "unit_base": "pct", "period_end": "2025-04-30",
     "rules": "indicator:carried; category:keyword; measure:percent_change; period:own_phrase; scope:default"},
]
DOCUMENT = {"document_id": "doc", "file_name": "doc.txt", "text": TEXT, "document_date": "2025-05-20"}


def test_each_figure_is_highlighted_at_its_span_with_its_fields_on_hover():
    page = render_review_page(DOCUMENT, FIGURES)
    marks = re.findall(r'<mark id="f(\d+)"[^>]*title="([^"]*)">([^<]*)</mark>', page)
    assert [(int(start), text) for start, _, text in marks] == [(11, "478.1"), (21, "5.7")]
    hover = unescape(marks[1][1])
    assert "measure: yoy_pct" in hover and "subject_zh: 精炼铜" in hover and "period_end: 2025-04-30" in hover


def test_the_text_is_kept_whole_and_escaped():
    page = render_review_page(DOCUMENT, FIGURES)
    body = re.search(r'<div class="text">(.*?)</div>', page, re.S).group(1)
    assert unescape(re.sub(r"<[^>]+>", "", body)) == TEXT
    assert "<注>" not in page


def test_the_table_lists_every_figure_with_a_link_to_its_place():
    page = render_review_page(DOCUMENT, FIGURES)
    assert page.count('<a href="#f') == len(FIGURES)
    assert "2 figures" in page


def test_the_rules_that_decided_a_figure_are_shown():
    page = render_review_page(DOCUMENT, FIGURES)
    marks = re.findall(r'<mark id="f(\d+)"[^>]*title="([^"]*)">', page)
    assert "rules: indicator:carried; category:keyword; measure:percent_change" in unescape(marks[1][1])
    assert "<th>rules</th>" in page and "period:own_phrase" in page


def test_a_document_without_a_date_says_so_and_shows_its_title_and_publisher():
    page = render_review_page(
        {"document_id": "d", "file_name": "d.txt", "text": "铜", "document_date": None, "title": "铜市周报", "publisher": "某研究所"},
        [],
    )
    assert "Document date: unknown" in page and "nan" not in page and "None" not in page
    assert "Title: 铜市周报" in page and "Publisher: 某研究所" in page


# --- the review_pages asset renders only the pages whose content changed ---------------------------

def _warehouse_of(path, documents: dict[str, str], figures: list[tuple[str, str, int, int, float]]) -> None:
    """A DuckDB file with the three relations review_pages reads: documents {id: text} and figures
    (figure_id, document_id, char_start, char_end, value)."""
    import duckdb

    path.unlink(missing_ok=True)
    with duckdb.connect(str(path)) as con:
        con.execute("create schema marts; create schema intermediate")
        con.execute("create table marts.dim_document (document_id varchar, file_name varchar, text varchar, "
                    "document_date date, title varchar, publisher varchar)")
        con.executemany("insert into marts.dim_document values (?, ?, ?, null, null, null)",
                        [(d, f"{d}.txt", text) for d, text in documents.items()])
        con.execute("create table marts.fct_figure (figure_id varchar, document_id varchar, char_start integer, "
                    "char_end integer, number_text varchar, category varchar, value double, period_end date)")
        con.executemany("insert into marts.fct_figure select ?, ?, ?, ?, substr(?, ? + 1, ? - ?), 'output', ?, "
                        "date '2025-04-30'",
                        [(f, d, s, e, documents[d], s, e, s, v) for f, d, s, e, v in figures])
        con.execute("create table intermediate.int_figures_resolved as select figure_id, 'rule:x' as rules from marts.fct_figure")


def _review(settings):
    import dagster as dg

    from orchestration.assets.review import review_pages

    result = review_pages(context=dg.build_asset_context(), settings=settings)
    return result.metadata["pages"], result.metadata["pages_rendered"]


def test_a_refresh_renders_only_the_pages_whose_content_changed(tmp_path, monkeypatch):
    from orchestration.assets import review as review_asset
    from orchestration.settings import Settings

    settings = Settings(tmp_path / "raw", tmp_path / "warehouse" / "nonferrous.duckdb")
    settings.warehouse_dir.mkdir()
    documents = {"a": "铜产量12.5万吨", "b": "铝产量30万吨，增长2%"}
    figures = [("fa", "a", 3, 7, 12.5), ("fb1", "b", 3, 5, 30.0), ("fb2", "b", 10, 11, 2.0)]
    _warehouse_of(settings.warehouse, documents, figures)
    assert _review(settings) == (2, 2)
    page_a, page_b = settings.review_dir / "a.html", settings.review_dir / "b.html"
    written_a = page_a.stat().st_mtime_ns
    assert _review(settings) == (2, 0)  # nothing changed

    # a figure of b changes, c is new: their pages, and only theirs, are rendered again
    documents["c"] = "锌产量8万吨"
    _warehouse_of(settings.warehouse, documents, [*figures[:2], ("fb2", "b", 10, 11, 3.0), ("fc", "c", 3, 4, 8.0)])
    assert _review(settings) == (3, 2)
    assert page_a.stat().st_mtime_ns == written_a
    assert "value: 3.0" in unescape(page_b.read_text(encoding="utf-8"))
    assert "<td>2025-04-30</td>" in page_b.read_text(encoding="utf-8")  # a date, not a midnight timestamp
    assert (settings.review_dir / "c.html").exists()

    # a removed document loses its page; a page deleted by hand is rendered again
    del documents["c"]
    _warehouse_of(settings.warehouse, documents, [*figures[:2], ("fb2", "b", 10, 11, 3.0)])
    page_a.unlink()
    assert _review(settings) == (2, 1)
    assert sorted(p.name for p in settings.review_dir.glob("*.html")) == ["a.html", "b.html"]

    # a document's text changes, its figures do not: its page only
    documents["a"] = "铜产量12.5万吨。"
    _warehouse_of(settings.warehouse, documents, [*figures[:2], ("fb2", "b", 10, 11, 3.0)])
    assert _review(settings) == (2, 1)
    assert "</mark>万吨。</div>" in page_a.read_text(encoding="utf-8")

    # a new renderer renders every page again
    monkeypatch.setattr(review_asset, "renderer_version", lambda: "another renderer")
    assert _review(settings) == (2, 2)
