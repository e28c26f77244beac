"""The landing zone: one Parquet file per document and dataset, replaced atomically.

Each landing folder also keeps an empty `_schema.parquet`, so dbt's read_parquet glob works
(and yields zero rows) before any document has landed or after the last one is removed.

A document is landed in two steps. The documents step writes its decoded text to `decoded/`;
the figures step extracts from it and, only when the figures meet the contract, writes
`figures/` and `extractions/` and moves the text into `documents/` (`accept_document`). dbt
reads `documents/`, `figures/`, `extractions/` and `rejections/` only, so a document whose new
figures are quarantined keeps the text and figures published before, consistent with each
other; `extractions.document_sha256` names the text the figures were extracted from, so a crash
between those renames never pairs figures with another version of the text.

Every path is built from a document id by `document_file`, which refuses an id that breaks the
document-id rule (a partition key such as `../../x` added in the UI) and any path that would not
lie inside the landing zone: data never chooses where the pipeline writes or deletes.

The zone repairs itself: a schema file that cannot be read is set aside (renamed
`*.corrupt-<time>`, out of dbt's glob, kept for inspection) and written anew, and so is a
document's rejections file that cannot be read when a new rejection is recorded; each repair is
returned as a notice for the run log.
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.ingest.document_ids import invalid_document_id

log = logging.getLogger(__name__)

DOCUMENTS_SCHEMA = pa.schema([
    ("document_id", pa.string()),
    ("file_name", pa.string()),
    ("format", pa.string()),
    ("encoding", pa.string()),
    ("sha256", pa.string()),
    ("size_bytes", pa.int64()),
    ("char_count", pa.int32()),
    ("title", pa.string()),
    ("publisher", pa.string()),
    ("published_on", pa.date32()),
    ("url", pa.string()),
    ("warnings", pa.string()),
    ("text", pa.string()),
])

FIGURES_SCHEMA = pa.schema([
    ("document_id", pa.string()),
    ("figure_id", pa.string()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
    ("number_text", pa.string()),
    ("source_text", pa.string()),
    ("category", pa.string()),
    ("indicator_zh", pa.string()),
    ("subject_zh", pa.string()),
    ("measure", pa.string()),
    ("value", pa.float64()),
    ("unit", pa.string()),
    ("value_base", pa.float64()),
    ("unit_base", pa.string()),
    ("qualifier", pa.string()),
    ("period_start", pa.date32()),
    ("period_end", pa.date32()),
    ("period_grain", pa.string()),
    ("flow", pa.string()),
    ("scope", pa.string()),
    ("parent_figure_id", pa.string()),
    # the named extraction rules that decided the figure's slots, "slot:rule; slot:rule …"
    ("rules", pa.string()),
])

EXTRACTIONS_SCHEMA = pa.schema([
    ("document_id", pa.string()),
    ("document_sha256", pa.string()),
    ("document_date", pa.date32()),
    ("document_date_source", pa.string()),
    ("figure_count", pa.int32()),
    ("unresolved_period_count", pa.int32()),
    ("diagnostics", pa.string()),
])

REJECTIONS_SCHEMA = pa.schema([
    ("document_id", pa.string()),
    ("file_name", pa.string()),
    ("stage", pa.string()),
    ("reason", pa.string()),
    ("details", pa.string()),
    ("first_seen", pa.timestamp("s", tz="UTC")),
    ("last_seen", pa.timestamp("s", tz="UTC")),
])

DATASETS: dict[str, pa.Schema] = {
    "decoded": DOCUMENTS_SCHEMA,
    "documents": DOCUMENTS_SCHEMA,
    "figures": FIGURES_SCHEMA,
    "extractions": EXTRACTIONS_SCHEMA,
    "rejections": REJECTIONS_SCHEMA,
}
SCHEMA_FILE = "_schema.parquet"
# What a file set aside as broken has in its name (`<name>.parquet.corrupt-<time>`).
SET_ASIDE_MARK = ".corrupt-"
# A temp file older than this was left by a killed writer (a live write takes seconds).
STALE_TEMP_SECONDS = 3600


class UnsafeDocumentId(ValueError):
    """A document id that cannot name a landing file: the reason says why."""


def dataset_dir(landing_dir: Path, dataset: str) -> Path:
    return landing_dir / dataset


def document_file(landing_dir: Path, dataset: str, document_id: str) -> Path:
    """The landing file of a document, once its id is known to be safe and the path to lie
    inside the landing zone; UnsafeDocumentId otherwise."""
    problem = invalid_document_id(document_id)
    if problem:
        raise UnsafeDocumentId(f"document id {document_id!r} refused: {problem}")
    target = dataset_dir(landing_dir, dataset) / f"{document_id}.parquet"
    if not target.resolve().is_relative_to(landing_dir.resolve()):
        raise UnsafeDocumentId(f"document id {document_id!r} refused: {target} would lie outside the landing zone {landing_dir}")
    return target


def ensure_landing(landing_dir: Path) -> list[str]:
    """Create the landing folders and their schema files; set a broken schema file aside and
    write it anew; remove the temp files of killed writers. Returns a notice for each repair.
    Called once by each step that writes the zone, before its first write."""
    notices = []
    for dataset, schema in DATASETS.items():
        folder = dataset_dir(landing_dir, dataset)
        folder.mkdir(parents=True, exist_ok=True)
        schema_file = folder / SCHEMA_FILE
        try:
            # a folder landed by an older version gets the current columns, so new ones read as null
            # (by name: Parquet stores a timestamp[s] as milliseconds, so the types read back differ)
            current = schema_file.exists() and pq.read_schema(schema_file).names == schema.names
        except Exception as error:  # noqa: BLE001 - whatever pyarrow makes of a broken file
            aside = set_aside(schema_file)
            notices.append(f"{schema_file} is unreadable ({type(error).__name__}: {error}): set aside as {aside.name}, written anew")
            current = False
        if not current:
            _write_atomically(schema.empty_table(), schema_file)
        _sweep_stale_temp_files(folder)
    for notice in notices:
        log.warning(notice)
    return notices


def set_aside(path: Path) -> Path:
    """Rename a broken landing file out of the glob dbt reads (`*.parquet`), keeping it."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    aside = path.with_name(f"{path.name}{SET_ASIDE_MARK}{stamp}")
    os.replace(path, aside)
    return aside


def _sweep_stale_temp_files(folder: Path) -> None:
    cutoff = time.time() - STALE_TEMP_SECONDS
    for temp in folder.glob(".*.tmp"):
        try:
            if temp.stat().st_mtime < cutoff:
                temp.unlink()
        except FileNotFoundError:
            pass


def write_rows(landing_dir: Path, dataset: str, document_id: str, rows: list[dict]) -> Path:
    """Replace the document's file of `dataset` with `rows`, in one rename. The schema files and
    the sweep of stale temp files are `ensure_landing`'s, once per step: per write, the sweep
    listed a folder that grows with every document landed (quadratic over a backfill)."""
    target = document_file(landing_dir, dataset, document_id)
    target.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pylist(rows, schema=DATASETS[dataset])
    _write_atomically(table, target)
    return target


def read_rows(landing_dir: Path, dataset: str, document_id: str) -> list[dict]:
    return pq.read_table(document_file(landing_dir, dataset, document_id)).to_pylist()


def record_rejection(
    landing_dir: Path, document_id: str, file_name: str, stage: str, reason: str, details: str | None = None
) -> list[str]:
    """Note that a document was refused (keeping when it was first refused); its earlier landed
    data, if any, is left as it was. `details`: JSON for machines (the contract breaches). An
    unreadable earlier rejections file is set aside; the notice of that is returned."""
    now = datetime.now(timezone.utc).replace(microsecond=0)
    first_seen, notices = now, []
    try:
        (previous,) = read_rows(landing_dir, "rejections", document_id)
        first_seen = previous["first_seen"]
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - a broken file of ours must not stop the rejection being recorded
        broken = document_file(landing_dir, "rejections", document_id)
        aside = set_aside(broken)
        notices.append(f"{broken} was unreadable ({type(error).__name__}: {error}): set aside as {aside.name}")
        log.warning(notices[-1])
    write_rows(landing_dir, "rejections", document_id, [{
        "document_id": document_id, "file_name": file_name, "stage": stage, "reason": reason,
        "details": details, "first_seen": first_seen, "last_seen": now,
    }])
    return notices


def accept_document(landing_dir: Path, document_id: str) -> None:
    """Publish the decoded text the figures step has just landed figures for (see the module
    docstring); a document whose text was already accepted has nothing waiting."""
    decoded = document_file(landing_dir, "decoded", document_id)
    if decoded.exists():
        os.replace(decoded, document_file(landing_dir, "documents", document_id))


def is_accepted(landing_dir: Path, document_id: str) -> bool:
    """Whether a version of the document is landed for dbt to publish."""
    return document_file(landing_dir, "documents", document_id).exists()


def document_to_extract(landing_dir: Path, document_id: str) -> dict:
    """The text the figures step extracts from: the newly decoded one, else the accepted one.
    FileNotFoundError when the document has never been decoded."""
    for dataset in ("decoded", "documents"):
        path = document_file(landing_dir, dataset, document_id)
        if path.exists():
            (row,) = pq.read_table(path).to_pylist()
            return row
    raise FileNotFoundError(f"no decoded or accepted text of {document_id} in {landing_dir}")


def clear_rejection(landing_dir: Path, document_id: str) -> None:
    document_file(landing_dir, "rejections", document_id).unlink(missing_ok=True)


def landed_document_ids(landing_dir: Path, dataset: str) -> set[str]:
    folder = dataset_dir(landing_dir, dataset)
    if not folder.exists():
        return set()
    return {path.stem for path in folder.glob("*.parquet") if path.name != SCHEMA_FILE}


def remove_document(landing_dir: Path, document_id: str) -> list[Path]:
    """Delete every landing file of a document; returns what was removed."""
    removed = []
    for dataset in DATASETS:
        path = document_file(landing_dir, dataset, document_id)
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def _write_atomically(table: pa.Table, target: Path) -> None:
    # Written beside the target (same file system) and renamed over it: a reader or a crash
    # sees the old file or the new one, never half a file. The temp name does not end in
    # .parquet, so dbt's glob never picks it up.
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.stem}.", suffix=".tmp", dir=target.parent)
    os.close(descriptor)
    try:
        pq.write_table(table, temp_name)
        os.replace(temp_name, target)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
