"""Review layer: proofreading pages rendered from the published warehouse."""

import dagster as dg

from orchestration import warehouse
from orchestration.pages import url_of
from orchestration.previews import PREVIEW_ROWS, preview_metadata
from orchestration.review import render_review_page
from orchestration.settings import Settings


@dg.asset(
    deps=[dg.AssetKey(["marts", "fct_figure"]), dg.AssetKey(["marts", "dim_document"])],
    group_name="review",
    kinds={"html"},
    description="One proofreading page per document in warehouse/review/: figures highlighted by category, fields on hover.",
)
def review_pages(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    review_dir = settings.review_dir
    review_dir.mkdir(parents=True, exist_ok=True)
    if not settings.warehouse.exists():  # selected on its own before any build: nothing to review yet
        context.log.warning(f"no warehouse at {settings.warehouse} yet: no review pages written")
        return dg.MaterializeResult(metadata={
            "pages": 0, "folder": dg.MetadataValue.path(str(review_dir)), **preview_metadata(0, [], []),
        })
    with warehouse.connect(settings.warehouse, settings.duckdb_config()) as con:
        documents = con.execute(
            "select document_id, file_name, text, strftime(document_date, '%Y-%m-%d') as document_date, title, publisher "
            "from marts.dim_document"
        ).fetch_df().astype(object)
        documents = documents.where(documents.notna(), None)
        # the rules that decided each figure are not in the contract; they come from upstream
        figures = con.execute(
            "select figures.*, resolved.rules from marts.fct_figure as figures "
            "left join intermediate.int_figures_resolved as resolved using (figure_id)"
        ).fetch_df()
    # Grouped once: filtering the whole frame per document is quadratic in the warehouse size.
    figures = figures.astype(object).where(figures.notna(), None)
    figures_of = {document_id: rows.to_dict("records") for document_id, rows in figures.groupby("document_id", sort=False)}
    written, shown = [], []
    for document in documents.to_dict("records"):
        page = review_dir / f"{document['document_id']}.html"
        figures_in = figures_of.get(document["document_id"], [])
        page.write_text(render_review_page(document, figures_in), encoding="utf-8")
        written.append(page.name)
        if len(shown) < PREVIEW_ROWS:
            shown.append((document["document_id"], len(figures_in), document["title"] or document["file_name"], page))
    for stale in set(p.name for p in review_dir.glob("*.html")) - set(written):
        (review_dir / stale).unlink()
    context.log.info(f"{len(written)} review pages in {review_dir}")
    links = "\n".join(f"- [{document_id}]({url_of(settings, page)})" for document_id, _, _, page in shown)
    return dg.MaterializeResult(metadata={
        "pages": len(written),
        "folder": dg.MetadataValue.path(str(review_dir)),
        **preview_metadata(len(written), ["document_id", "figures", "title"], [row[:3] for row in shown], after=links),
    })
