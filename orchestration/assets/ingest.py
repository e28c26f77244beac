"""Ingestion layer: raw documents -> landing Parquet, one dynamic partition per document.

Both assets take a single-run backfill policy: a rebuild of many documents is one run, and
the figures step spreads the documents over every core.

The documents step decodes each document into the landing zone's `decoded/`; the figures step
extracts its figures, checks them against the figure contract (orchestration.quality.contract)
and lands them with the text only if they meet it. A document whose figures break it is
quarantined: listed in marts.rejected_documents (stage `contract`, the breaches named), while
what the warehouse published of it before stays. Every other document goes on.
"""


import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict
from pathlib import Path

import dagster as dg

from orchestration.extraction import Extraction, extract, figure_id
from orchestration.ingest import landing
from orchestration.ingest.readers import DocumentRejected, find_document_file, read_document
from orchestration.pages import document_pages_markdown
from orchestration.partitions import document_partitions
from orchestration.previews import PREVIEW_ROWS, records_preview
from orchestration.quality.contract import Breach, describe_breaches, figure_breaches
from orchestration.settings import Settings

# The columns each materialization's preview shows of the rows it landed.
DOCUMENT_PREVIEW_COLUMNS = ["document_id", "file_name", "format", "encoding", "char_count", "published_on", "title"]
FIGURE_PREVIEW_COLUMNS = ["figure_id", "document_id", "number_text", "unit", "category", "indicator_zh", "subject_zh",
                          "measure", "period_start", "period_end"]
EXTRACTION_PREVIEW_COLUMNS = ["document_id", "document_date", "document_date_source", "figure_count", "unresolved_period_count"]


class Progress:
    """Progress as one log line per batch of documents, not one per document: every line is an
    event committed to the run's storage, which for a backfill of thousands of documents cost
    more than reading them. Errors and warnings are still logged one by one."""

    EVERY_SECONDS = 10.0
    SMALL_RUN = 20  # documents: a run this small keeps one line per document

    def __init__(self, context: dg.AssetExecutionContext, total: int, noun: str):
        self.context, self.total, self.noun = context, total, noun
        self.done, self.batch, self.amount = 0, [], 0
        self.last = time.monotonic()

    def add(self, document_id: str, amount: int) -> None:
        self.done += 1
        self.batch.append(document_id)
        self.amount += amount
        if self.done == self.total or time.monotonic() - self.last >= self.EVERY_SECONDS or self.total <= self.SMALL_RUN:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        names = self.batch[0] if len(self.batch) == 1 else f"{len(self.batch)} documents ({self.batch[0]} … {self.batch[-1]})"
        self.context.log.info(f"[{self.done}/{self.total}] {names}: {self.amount} {self.noun}")
        self.batch, self.amount, self.last = [], 0, time.monotonic()


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "documents",
            description="Each document in the raw folder, decoded to text with its fingerprint, landed as Parquet.",
            kinds={"python", "parquet"},
        ),
        dg.AssetSpec(
            "rejections",
            description="Documents refused (unreadable file, or an extractor failure), with the reason and when.",
            kinds={"python", "parquet"},
        ),
    ],
    check_specs=[dg.AssetCheckSpec(
        "every_document_readable",
        asset="documents",
        description="Every requested document decoded; refused ones are listed in marts.rejected_documents.",
    )],
    partitions_def=document_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingest",
)
def documents(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    landed, rejected, shown = [], {}, []
    progress = Progress(context, len(context.partition_keys), "characters")
    for index, document_id in enumerate(context.partition_keys, start=1):
        try:
            document = read_document(find_document_file(settings.raw_dir, document_id), settings.max_document_bytes)
        except DocumentRejected as error:
            # The document's earlier landing file, if any, stays: nothing already loaded is lost.
            context.log.error(f"[{index}/{len(context.partition_keys)}] {error.path.name}: {error.reason}")
            landing.record_rejection(settings.landing_dir, document_id, error.path.name, "read", error.reason)
            rejected[error.path.name] = error.reason
            progress.add(document_id, 0)
            continue
        sidecar = document.sidecar
        row = {
            "document_id": document_id,
            "file_name": document.file_name,
            "format": document.format,
            "encoding": document.encoding,
            "sha256": document.sha256,
            "size_bytes": document.size_bytes,
            "char_count": len(document.text),
            "title": sidecar.get("title"),
            "publisher": sidecar.get("publisher"),
            "published_on": sidecar.get("published_on"),
            "url": sidecar.get("url"),
            "warnings": json.dumps(list(document.warnings), ensure_ascii=False),
            "text": document.text,
        }
        landing.write_rows(settings.landing_dir, "decoded", document_id, [row])
        if len(landed) < PREVIEW_ROWS:
            shown.append(row)
        landed.append(document_id)
        for warning in document.warnings:
            context.log.warning(f"{document.file_name}: {warning}")
        progress.add(document_id, len(document.text))
    if rejected and not landed:
        raise dg.Failure(description="No document could be read.", metadata={"rejected": dg.MetadataValue.json(rejected)})
    yield dg.MaterializeResult(asset_key="documents", metadata={
        "documents_landed": len(landed),
        **records_preview(len(landed), shown, DOCUMENT_PREVIEW_COLUMNS),
    })
    yield dg.MaterializeResult(asset_key="rejections", metadata={
        "documents_rejected": dg.MetadataValue.json(rejected),
        **records_preview(len(rejected), [{"file": name, "stage": "read", "reason": reason} for name, reason in rejected.items()],
                          ["file", "stage", "reason"]),
    })
    yield dg.AssetCheckResult(
        check_name="every_document_readable",
        passed=not rejected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "rejected": dg.MetadataValue.json(rejected),
            **({"proofreading_pages": dg.MetadataValue.md(document_pages_markdown(
                settings, [Path(name).stem for name in rejected]))} if rejected else {}),
        },
    )


def _extract_rows(document_id: str, text: str, published_on, sha256: str) -> tuple[list[dict], dict, list[Breach]]:
    """In a worker process: the document's figure rows, its extraction summary, and the contract
    rules its figures break (checked here, where the text already is, once per document)."""
    extraction: Extraction = extract(text, published_on)
    ids = [figure_id(document_id, f.char_start, f.char_end) for f in extraction.figures]
    rows = []
    for fid, figure in zip(ids, extraction.figures):
        row = asdict(figure)
        parent_index = row.pop("parent_index")
        rows.append({
            **row,
            "rules": "; ".join(figure.rules),
            "document_id": document_id,
            "figure_id": fid,
            "parent_figure_id": ids[parent_index] if parent_index is not None else None,
        })
    summary = {
        "document_id": document_id,
        "document_sha256": sha256,
        "document_date": extraction.document_date,
        "document_date_source": extraction.document_date_source,
        "figure_count": len(rows),
        "unresolved_period_count": sum(1 for f in extraction.figures if f.period_end is None),
        "diagnostics": json.dumps(list(extraction.diagnostics), ensure_ascii=False),
    }
    return rows, summary, figure_breaches(text, rows, landing.FIGURES_SCHEMA)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            "figures",
            deps=["documents"],
            description="The figures the extraction library finds in each document, landed as Parquet.",
            kinds={"python", "parquet"},
        ),
        dg.AssetSpec(
            "extractions",
            deps=["documents"],
            description="Per document: the date relative periods were resolved from, figure counts and diagnostics.",
            kinds={"python", "parquet"},
        ),
    ],
    check_specs=[dg.AssetCheckSpec(
        "every_document_meets_the_contract",
        asset="figures",
        description=(
            "The figures of every extracted document meet the figure contract; a document whose figures "
            "break it is quarantined (listed in marts.rejected_documents, its earlier figures kept)."
        ),
    )],
    partitions_def=document_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    group_name="ingest",
)
def figures(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]):
    keys = context.partition_keys
    inputs = []
    for document_id in keys:
        try:
            row = landing.document_to_extract(settings.landing_dir, document_id)
        except FileNotFoundError:
            context.log.error(f"{document_id}: no decoded document to extract from (was it rejected?)")
            continue
        inputs.append((document_id, row["file_name"], row["text"], row["published_on"], row["sha256"]))

    failed: dict[str, str] = {}
    quarantined: dict[str, list[dict]] = {}
    counts: dict[str, int] = {}
    shown_figures: list[dict] = []
    shown_extractions: list[dict] = []
    workers = min(len(inputs), os.cpu_count() or 1)
    progress = Progress(context, len(inputs), "figures")
    with ProcessPoolExecutor(max_workers=max(workers, 1)) as pool:
        futures = {doc: pool.submit(_extract_rows, doc, text, published, sha) for doc, _, text, published, sha in inputs}
        file_names = {doc: file_name for doc, file_name, *_ in inputs}
        del inputs  # the pool holds the texts it still needs
        for index, document_id in enumerate(list(futures), start=1):
            try:
                rows, summary, breaches = futures.pop(document_id).result()  # popped: a landed result is freed
            except Exception as error:  # noqa: BLE001 - one bad document must not stop the others
                failed[document_id] = f"extractor raised {type(error).__name__}: {error}"
                context.log.error(f"[{index}/{len(file_names)}] {document_id}: {failed[document_id]}")
                landing.record_rejection(
                    settings.landing_dir, document_id, file_names[document_id], "extract", failed[document_id]
                )
                progress.add(document_id, 0)
                continue
            if breaches:
                reason = describe_breaches(breaches)
                quarantined[document_id] = [breach.as_dict() for breach in breaches]
                earlier = "its earlier version stays published" if landing.is_accepted(settings.landing_dir, document_id) \
                    else "it has never been published"
                context.log.error(
                    f"[{index}/{len(file_names)}] {document_id}: quarantined, its {len(rows)} new figures withheld "
                    f"({earlier}): {reason}"
                )
                landing.record_rejection(
                    settings.landing_dir, document_id, file_names[document_id], "contract", reason,
                    json.dumps(quarantined[document_id], ensure_ascii=False, default=str),
                )
                progress.add(document_id, 0)
                continue
            landing.write_rows(settings.landing_dir, "figures", document_id, rows)
            landing.write_rows(settings.landing_dir, "extractions", document_id, [summary])
            landing.accept_document(settings.landing_dir, document_id)
            landing.clear_rejection(settings.landing_dir, document_id)
            counts[document_id] = len(rows)
            shown_figures += rows[: PREVIEW_ROWS - len(shown_figures)]
            if len(shown_extractions) < PREVIEW_ROWS:
                shown_extractions.append(summary)
            progress.add(document_id, len(rows))
    if failed and not counts and not quarantined:
        raise dg.Failure(description="No document could be extracted.", metadata={"failed": dg.MetadataValue.json(failed)})
    yield dg.MaterializeResult(asset_key="figures", metadata={
        "figures": sum(counts.values()),
        "figures_per_document": dg.MetadataValue.json(counts),
        "documents_failed": dg.MetadataValue.json(failed),
        "documents_quarantined": dg.MetadataValue.json(quarantined),
        **records_preview(sum(counts.values()), shown_figures, FIGURE_PREVIEW_COLUMNS),
    })
    yield dg.MaterializeResult(asset_key="extractions", metadata={
        "documents": len(counts),
        **records_preview(len(counts), shown_extractions, EXTRACTION_PREVIEW_COLUMNS),
    })
    yield dg.AssetCheckResult(
        check_name="every_document_meets_the_contract",
        asset_key="figures",
        passed=not quarantined,
        severity=dg.AssetCheckSeverity.WARN,
        description=(
            f"{len(quarantined)} document(s) quarantined: " + "; ".join(quarantined) if quarantined
            else f"the figures of all {len(counts)} extracted document(s) meet the contract"
        ),
        metadata={
            "quarantined": dg.MetadataValue.json(quarantined),
            **({"proofreading_pages": dg.MetadataValue.md(document_pages_markdown(settings, quarantined))}
               if quarantined else {}),
        },
    )
