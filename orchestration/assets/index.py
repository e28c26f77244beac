"""warehouse/index.html, the page that links the charts, the proofreading pages and the Data Docs."""

import dagster as dg

from orchestration import warehouse
from orchestration.index_page import render_index
from orchestration.pages import page_metadata
from orchestration.previews import markdown_table, preview_metadata
from orchestration.settings import Settings

DOCUMENTS_SQL = """
select document_id, file_name, title, strftime(document_date, '%Y-%m-%d') as document_date, figure_count
from marts.dim_document order by document_id
"""
SERIES_SQL = """
select category, count(*) as series, sum(observation_count) as observations, sum(derived_count) as derived
from marts.dim_series group by category order by series desc, category
"""


@dg.asset(
    deps=["review_pages", "charts", dg.AssetKey(["marts", "dim_series"])],
    group_name="review",
    kinds={"html"},
    description="warehouse/index.html: links the charts, every document's proofreading page and the Data Docs.",
)
def warehouse_index(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    with warehouse.connect(settings.warehouse) as con:
        documents = warehouse.records(con, DOCUMENTS_SQL)
        series = warehouse.records(con, SERIES_SQL)
    chart_files = sorted(path.name for path in settings.charts_dir.glob("*.png"))
    data_docs = settings.data_docs_dir / "index.html"
    page = settings.warehouse_dir / "index.html"
    page.write_text(
        render_index(documents, series, chart_files, data_docs.relative_to(settings.warehouse_dir).as_posix() if data_docs.exists() else None),
        encoding="utf-8",
    )
    context.log.info(f"index page {page}")
    return dg.MaterializeResult(metadata={
        **page_metadata(settings, "page", page),
        **preview_metadata(
            len(documents), ["document_id", "file_name", "document_date", "figure_count"],
            [[row["document_id"], row["file_name"], row["document_date"], row["figure_count"]] for row in documents],
        ),
        "documents_linked": len(documents),
        "charts_linked": len(chart_files),
        "data_docs_linked": data_docs.exists(),
        "series_per_category": dg.MetadataValue.md(
            markdown_table(["category", "series", "observations", "derived"], [list(row.values()) for row in series], limit=20)
        ),
    })

