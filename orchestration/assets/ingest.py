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
from dataclasses import asdict, dataclass

import dagster as dg

from orchestration.extraction import Extraction, extract, figure_id
from orchestration.ingest import landing
from orchestration.ingest.document_ids import document_id_for, invalid_document_id
from orchestration.ingest.readers import DocumentRejected, find_document_file, read_document, scan_folder
from orchestration.ingest.run_metadata import (
    contract_check_description,
    contract_check_metadata,
    documents_run_metadata,
    failure_metadata,
    figures_run_metadata,
    readable_check_metadata,
)
from orchestration.ingest.worker_pool import parent_watched_pool
from orchestration.pages import document_pages_markdown
from orchestration.partitions import document_partitions
from orchestration.previews import PREVIEW_ROWS
from orchestration.quality.contract import Breach, describe_breaches, figure_breaches
from orchestration.settings import Settings


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


@dataclass(frozen=True)
class _Keys:
    safe: list[str]
    refused: dict[str, str]  # key -> why it cannot be a document id


def _safe_keys(context: dg.AssetExecutionContext, keys: list[str]) -> _Keys:
    """Partition keys become landing paths: one that breaks the document-id rule (a key typed in
    the UI or sent through the API) is refused here, with its reason, before any path is built."""
    safe, refused = [], {}
    for key in keys:
        problem = invalid_document_id(key)
        if problem:
            refused[key] = f"partition key refused: {problem}; nothing was read or written for it"
            context.log.error(f"{key!r}: {refused[key]}")
        else:
            safe.append(key)
    return _Keys(safe, refused)


def _reject(context: dg.AssetExecutionContext, settings: Settings, document_id: str, file_name: str, stage: str,
            reason: str, details: str | None = None) -> None:
    """Record a rejection, with a notice for any broken rejections file the landing zone set aside."""
    for notice in landing.record_rejection(settings.landing_dir, document_id, file_name, stage, reason, details):
        context.log.warning(notice)


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
    for notice in landing.ensure_landing(settings.landing_dir):
        context.log.warning(notice)
    keys = _safe_keys(context, context.partition_keys)
    scanned = scan_folder(settings.raw_dir)  # once: a lookup per document would list the folder per document
    landed, rejected, shown = [], dict(keys.refused), []
    progress = Progress(context, len(keys.safe), "characters")
    for index, document_id in enumerate(keys.safe, start=1):
        try:
            path = find_document_file(settings.raw_dir, document_id, scanned)
            document = read_document(path, settings.max_document_bytes, folder=settings.raw_dir)
            failure = None
        except DocumentRejected as error:
            failure = (error.path.name, error.reason)
        if failure is None:
            try:
                row = _land_decoded(settings, document_id, document)
            except Exception as error:  # noqa: BLE001 - one document's failure must not stop the others
                failure = (document.file_name, f"could not be landed ({type(error).__name__}: {error})")
        if failure is not None:
            # The document's earlier landing file, if any, stays: nothing already loaded is lost.
            file_name, reason = failure
            context.log.error(f"[{index}/{len(keys.safe)}] {file_name}: {reason}")
            _reject(context, settings, document_id, file_name, "read", reason)
            rejected[file_name] = reason
            progress.add(document_id, 0)
            continue
        if len(landed) < PREVIEW_ROWS:
            shown.append(row)
        landed.append(document_id)
        for warning in document.warnings:
            context.log.warning(f"{document.file_name}: {warning}")
        progress.add(document_id, len(document.text))
    if rejected and not landed:
        raise dg.Failure(description="No document could be read.",
                         metadata=failure_metadata("rejected", rejected, "refused at reading"))
    for asset_key, metadata in documents_run_metadata(len(landed), shown, rejected).items():
        yield dg.MaterializeResult(asset_key=asset_key, metadata=metadata)
    yield dg.AssetCheckResult(
        check_name="every_document_readable",
        passed=not rejected,
        severity=dg.AssetCheckSeverity.WARN,
        metadata=readable_check_metadata(
            rejected, lambda names: document_pages_markdown(settings, map(document_id_for, names))),
    )


def _land_decoded(settings: Settings, document_id: str, document) -> dict:
    """Land the decoded document for the figures step; returns the row landed."""
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
    return row


class TooManyFigures(Exception):
    """A document with more figures than the cap allows (NONFERROUS_MAX_FIGURES_PER_DOCUMENT)."""

    def __init__(self, found: int, cap: int) -> None:
        self.found, self.cap = found, cap
        super().__init__(
            f"{found:,} figures, over the cap of {cap:,} figures per document (NONFERROUS_MAX_FIGURES_PER_DOCUMENT)"
        )

    def __reduce__(self):  # raised in a worker process, re-raised in the run's
        return (type(self), (self.found, self.cap))


def _extract_rows(
    document_id: str, text: str, published_on, sha256: str, max_figures: int
) -> tuple[list[dict], dict, list[Breach]]:
    """In a worker process: the document's figure rows, its extraction summary, and the contract
    rules its figures break (checked here, where the text already is, once per document).
    TooManyFigures beyond `max_figures`, before anything is built of them."""
    extraction: Extraction = extract(text, published_on)
    if len(extraction.figures) > max_figures:
        raise TooManyFigures(len(extraction.figures), max_figures)
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
    for notice in landing.ensure_landing(settings.landing_dir):
        context.log.warning(notice)
    keys = _safe_keys(context, context.partition_keys)
    inputs = []
    for document_id in keys.safe:
        try:
            row = landing.document_to_extract(settings.landing_dir, document_id)
        except FileNotFoundError:
            context.log.error(f"{document_id}: no decoded document to extract from (was it rejected?)")
            continue
        except Exception as error:  # noqa: BLE001 - an unreadable landing file is this document's problem only
            context.log.error(f"{document_id}: its decoded text could not be read ({type(error).__name__}: {error})")
            continue
        inputs.append((document_id, row["file_name"], row["text"], row["published_on"], row["sha256"]))

    failed: dict[str, str] = dict(keys.refused)
    quarantined: dict[str, list[dict]] = {}
    counts: dict[str, int] = {}
    shown_figures: list[dict] = []
    shown_extractions: list[dict] = []
    workers = min(len(inputs), os.cpu_count() or 1)
    progress = Progress(context, len(inputs), "figures")
    with parent_watched_pool(max(workers, 1)) as pool:
        futures = {
            doc: pool.submit(_extract_rows, doc, text, published, sha, settings.max_figures_per_document)
            for doc, _, text, published, sha in inputs
        }
        file_names = {doc: file_name for doc, file_name, *_ in inputs}
        del inputs  # the pool holds the texts it still needs
        for index, document_id in enumerate(list(futures), start=1):
            try:
                rows, summary, breaches = futures.pop(document_id).result()  # popped: a landed result is freed
            except Exception as error:  # noqa: BLE001 - one bad document must not stop the others
                failed[document_id] = str(error) if isinstance(error, TooManyFigures) \
                    else f"extractor raised {type(error).__name__}: {error}"
                earlier = "its earlier version stays published" if landing.is_accepted(settings.landing_dir, document_id) \
                    else "it has never been published"
                context.log.error(f"[{index}/{len(file_names)}] {document_id}: {failed[document_id]} ({earlier})")
                _reject(context, settings, document_id, file_names[document_id], "extract", failed[document_id])
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
                _reject(context, settings, document_id, file_names[document_id], "contract", reason,
                        json.dumps(quarantined[document_id], ensure_ascii=False, default=str))
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
        raise dg.Failure(description="No document could be extracted.",
                         metadata=failure_metadata("failed", failed, "failed at extraction"))
    for asset_key, metadata in figures_run_metadata(counts, failed, quarantined, shown_figures, shown_extractions).items():
        yield dg.MaterializeResult(asset_key=asset_key, metadata=metadata)
    yield dg.AssetCheckResult(
        check_name="every_document_meets_the_contract",
        asset_key="figures",
        passed=not quarantined,
        severity=dg.AssetCheckSeverity.WARN,
        description=contract_check_description(len(counts), quarantined),
        metadata=contract_check_metadata(quarantined, lambda ids: document_pages_markdown(settings, ids)),
    )
