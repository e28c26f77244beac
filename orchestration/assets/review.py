"""Review layer: proofreading pages rendered from the published warehouse.

A refresh renders only the pages whose content changed: each page's inputs (the document's
fields and text, its figures with their rules) are summed up per document by one query as a
digest, kept with the pages in `review/pages.json` together with a hash of the renderer; a page is
rendered again when its digest differs, its file is missing, or the renderer changed. One new
document into a warehouse of thousands renders one page, not thousands."""

import hashlib
import inspect
import json
import os
import sys

import dagster as dg

from orchestration import review, warehouse
from orchestration.pages import url_of
from orchestration.previews import PREVIEW_ROWS, preview_metadata
from orchestration.review import render_review_page
from orchestration.settings import Settings

MANIFEST = "pages.json"

# The figures a page shows: fct_figure with the rules that decided each (not in the contract; they
# come from upstream).
_PAGE_FIGURES = (
    "select figures.*, resolved.rules from marts.fct_figure as figures "
    "left join intermediate.int_figures_resolved as resolved using (figure_id)"
)
# Per document: what the preview shows, and a digest of everything its page is rendered from. The
# figures' rows are combined by xor of their hashes, each row distinct by its figure_id: an ordered
# aggregate (a JSON string or a list per document, hashed) took 4 to 5 s at 2,000 documents, this
# 0.3 to 0.5 s, on every refresh.
_DIGESTS = f"""
with page_figures as (
    select
        document_id,
        count(*) as figures,
        bit_xor(hash(f)) as digest
    from ({_PAGE_FIGURES}) as f
    group by document_id
)
select
    documents.document_id,
    coalesce(documents.title, documents.file_name) as shown_title,
    coalesce(page_figures.figures, 0) as figures,
    hash(documents.file_name, documents.text, documents.document_date, documents.title, documents.publisher,
         page_figures.digest) as digest
from marts.dim_document as documents
left join page_figures using (document_id)
order by documents.document_id
"""


# Documents rendered per query: a full rebuild of thousands of documents holds one batch of figures
# in memory at a time, not the whole mart.
RENDER_BATCH = 500
_BATCH_DOCUMENTS = (
    "select document_id, file_name, text, strftime(document_date, '%Y-%m-%d') as document_date, title, publisher "
    "from marts.dim_document where document_id in (select unnest($documents))"
)
_BATCH_FIGURES = f"select * from ({_PAGE_FIGURES}) where document_id in (select unnest($documents)) order by document_id"


def _render_pages(con, review_dir, document_ids: list[str]) -> None:
    parameters = {"documents": document_ids}
    documents = warehouse.records(con, _BATCH_DOCUMENTS, parameters)
    figures_of: dict[str, list[dict]] = {}
    for figure in warehouse.records(con, _BATCH_FIGURES, parameters):
        figures_of.setdefault(figure["document_id"], []).append(figure)
    for document in documents:
        page = review_dir / f"{document['document_id']}.html"
        page.write_text(render_review_page(document, figures_of.get(document["document_id"], [])), encoding="utf-8")


def renderer_version() -> str:
    """A hash of the page renderer's source and of this module's (which reads what it is given):
    a change to either renders every page again."""
    sources = inspect.getsource(review) + inspect.getsource(sys.modules[__name__])
    return hashlib.sha256(sources.encode()).hexdigest()


def _read_manifest(review_dir) -> dict:
    try:
        manifest = json.loads((review_dir / MANIFEST).read_text(encoding="utf-8"))
        return manifest if isinstance(manifest, dict) and isinstance(manifest.get("pages"), dict) else {}
    except (OSError, ValueError):
        return {}


def _write_manifest(review_dir, manifest: dict) -> None:
    target = review_dir / MANIFEST
    temporary = target.with_name(f".{MANIFEST}.tmp")
    temporary.write_text(json.dumps(manifest, sort_keys=True), encoding="utf-8")
    os.replace(temporary, target)


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
    manifest = _read_manifest(review_dir)
    renderer = renderer_version()
    rendered_before = manifest.get("pages", {}) if manifest.get("renderer") == renderer else {}
    with warehouse.connect(settings.warehouse, settings.duckdb_config()) as con:
        pages = con.execute(_DIGESTS).fetchall()
        to_render = [
            document_id for document_id, _, _, digest in pages
            if rendered_before.get(document_id) != digest or not (review_dir / f"{document_id}.html").exists()
        ]
        for batch in range(0, len(to_render), RENDER_BATCH):
            _render_pages(con, review_dir, to_render[batch:batch + RENDER_BATCH])
    written = {f"{document_id}.html" for document_id, _, _, _ in pages}
    for stale in set(p.name for p in review_dir.glob("*.html")) - written:
        (review_dir / stale).unlink()
    _write_manifest(review_dir, {"renderer": renderer, "pages": {document_id: digest for document_id, _, _, digest in pages}})
    context.log.info(f"{len(pages)} review pages in {review_dir}, {len(to_render)} of them rendered again")
    shown = [(document_id, count, title, review_dir / f"{document_id}.html") for document_id, title, count, _ in pages[:PREVIEW_ROWS]]
    links = "\n".join(f"- [{document_id}]({url_of(settings, page)})" for document_id, _, _, page in shown)
    return dg.MaterializeResult(metadata={
        "pages": len(pages),
        "pages_rendered": len(to_render),
        "folder": dg.MetadataValue.path(str(review_dir)),
        **preview_metadata(len(pages), ["document_id", "figures", "title"], [row[:3] for row in shown], after=links),
    })
