"""What an ingest run records about itself: counts and a few named documents, never a list of
every document.

A run over N document partitions yields one result per asset, and Dagster writes that result's
metadata once per partition: metadata that grew with N (a JSON of every document's figure count,
every failure) made a run write N events of O(N) bytes each, gigabytes of event log at 10,000
documents. So every listing here names at most NAMED_DOCUMENTS documents and says how many more
there are and where all of them are: marts.rejected_documents for the refused ones (landing
`rejections/`), the landing `extractions/` (marts.dim_document) for the figures per document.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping
from itertools import islice
from typing import Any

import dagster as dg

from orchestration.previews import records_preview

NAMED_DOCUMENTS = 10  # documents a listing names; the rest are counted

DOCUMENT_PREVIEW_COLUMNS = ["document_id", "file_name", "format", "encoding", "char_count", "published_on", "title"]
FIGURE_PREVIEW_COLUMNS = ["figure_id", "document_id", "number_text", "unit", "category", "indicator_zh", "subject_zh",
                          "measure", "period_start", "period_end"]
EXTRACTION_PREVIEW_COLUMNS = ["document_id", "document_date", "document_date_source", "figure_count", "unresolved_period_count"]

WHERE_REJECTED = "marts.rejected_documents (landing rejections/)"
WHERE_FIGURE_COUNTS = "marts.dim_document.figure_count (landing extractions/)"

# The pages of the documents a listing names (orchestration.pages.document_pages_markdown).
PagesMarkdown = Callable[[Iterable[str]], str]


def named(listing: Mapping[str, Any]) -> dict[str, Any]:
    """The first NAMED_DOCUMENTS entries of a per-document listing (in run order)."""
    return dict(islice(listing.items(), NAMED_DOCUMENTS))


def listing_note(listing: Mapping[str, Any], what: str, where: str) -> str:
    """How many documents a listing holds and where every one of them is, e.g. "523 document(s)
    failed at extraction: 10 named here and 513 more; every one with its reason in
    marts.rejected_documents (landing rejections/)"."""
    shown = min(len(listing), NAMED_DOCUMENTS)
    more = f"{shown} named here and {len(listing) - shown} more" if len(listing) > shown else "all named here"
    return f"{len(listing)} document(s) {what}: {more}; every one with its reason in {where}"


def bounded_breaches(quarantined: Mapping[str, list[dict]]) -> dict[str, list[dict]]:
    """The named documents' contract breaches, each naming its first few figures and counting
    the rest: a document can break a rule with thousands of figures."""
    return {
        document_id: [{**breach, "figure_count": len(breach["figure_ids"]),
                       "figure_ids": breach["figure_ids"][:NAMED_DOCUMENTS]} for breach in breaches]
        for document_id, breaches in named(quarantined).items()
    }


def _listing(key: str, listing: Mapping[str, Any], what: str, where: str) -> dict[str, Any]:
    """`documents_<key>` (the count), `<key>` (the first few, JSON) and `<key>_note` (how many
    more and where); only the count when the listing is empty."""
    metadata: dict[str, Any] = {f"documents_{key}": dg.MetadataValue.int(len(listing))}
    if listing:
        metadata[key] = dg.MetadataValue.json(named(listing))
        metadata[f"{key}_note"] = dg.MetadataValue.text(listing_note(listing, what, where))
    return metadata


def _quarantined_listing(quarantined: Mapping[str, list[dict]]) -> dict[str, Any]:
    metadata = _listing("quarantined", quarantined, "quarantined (figures break the contract)", WHERE_REJECTED)
    if quarantined:
        metadata["quarantined"] = dg.MetadataValue.json(bounded_breaches(quarantined))
    return metadata


def figure_count_summary(counts: Mapping[str, int]) -> dict[str, Any]:
    """Figures per document as a distribution and the documents with the most, not one entry per document."""
    if not counts:
        return {}
    values = sorted(counts.values())
    most = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:NAMED_DOCUMENTS]
    return {
        "min": values[0], "median": statistics.median(values), "max": values[-1],
        "most_figures": dict(most),
        "per_document": WHERE_FIGURE_COUNTS,
    }


def documents_run_metadata(landed: int, shown: list[dict], rejected: Mapping[str, str]) -> dict[str, dict[str, Any]]:
    """The metadata of the documents step's two assets: `landed` documents decoded (`shown`: the
    first few rows), `rejected`: file name -> reason."""
    return {
        "documents": {
            "documents_landed": dg.MetadataValue.int(landed),
            **records_preview(landed, shown, DOCUMENT_PREVIEW_COLUMNS),
        },
        "rejections": {
            **_listing("rejected", rejected, "refused at reading", WHERE_REJECTED),
            **records_preview(len(rejected), [{"file": name, "stage": "read", "reason": reason}
                                              for name, reason in named(rejected).items()], ["file", "stage", "reason"]),
        },
    }


def readable_check_metadata(rejected: Mapping[str, str], pages: PagesMarkdown) -> dict[str, Any]:
    """The metadata of the check that every document was read."""
    metadata = _listing("rejected", rejected, "refused at reading", WHERE_REJECTED)
    if rejected:
        metadata["proofreading_pages"] = dg.MetadataValue.md(pages(named(rejected)))
    return metadata


def figures_run_metadata(
    counts: Mapping[str, int], failed: Mapping[str, str], quarantined: Mapping[str, list[dict]],
    shown_figures: list[dict], shown_extractions: list[dict],
) -> dict[str, dict[str, Any]]:
    """The metadata of the figures step's two assets: `counts` figures landed per document,
    `failed` document -> why the extractor failed, `quarantined` document -> contract breaches."""
    total = sum(counts.values())
    return {
        "figures": {
            "figures": dg.MetadataValue.int(total),
            "documents_extracted": dg.MetadataValue.int(len(counts)),
            **({"figures_per_document": dg.MetadataValue.json(figure_count_summary(counts))} if counts else {}),
            **_listing("failed", failed, "failed at extraction", WHERE_REJECTED),
            **_quarantined_listing(quarantined),
            **records_preview(total, shown_figures, FIGURE_PREVIEW_COLUMNS),
        },
        "extractions": {
            "documents": dg.MetadataValue.int(len(counts)),
            **records_preview(len(counts), shown_extractions, EXTRACTION_PREVIEW_COLUMNS),
        },
    }


def contract_check_description(extracted: int, quarantined: Mapping[str, list[dict]]) -> str:
    if not quarantined:
        return f"the figures of all {extracted} extracted document(s) meet the contract"
    more = f" and {len(quarantined) - NAMED_DOCUMENTS} more" if len(quarantined) > NAMED_DOCUMENTS else ""
    return f"{len(quarantined)} document(s) quarantined: " + "; ".join(named(quarantined)) + more


def contract_check_metadata(quarantined: Mapping[str, list[dict]], pages: PagesMarkdown) -> dict[str, Any]:
    """The metadata of the figure-contract check."""
    metadata = _quarantined_listing(quarantined)
    if quarantined:
        metadata["proofreading_pages"] = dg.MetadataValue.md(pages(named(quarantined)))
    return metadata


def failure_metadata(key: str, listing: Mapping[str, str], what: str) -> dict[str, Any]:
    """The metadata of a step that failed for every document (`dg.Failure`)."""
    return _listing(key, listing, what, WHERE_REJECTED)
