"""The document partitions (one per file in the raw folder, the file name without extension) and
their sync with the raw folder, shared by `make run`, the raw-folder sensor and the schedule."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import dagster as dg
from sqlalchemy.exc import IntegrityError

from orchestration.ingest import landing, raw_folder
from orchestration.settings import Settings

document_partitions = dg.DynamicPartitionsDefinition(name="documents")
_LISTING_CHARS = 1000


@dataclass(frozen=True)
class PartitionSync:
    present: list[str]  # document ids in the raw folder, sorted
    ordered: list[str]  # the dynamic partition keys after the sync, in partition order
    new: list[str]  # partitions added by this sync
    removed: dict[str, list[str]]  # document id -> landing files deleted (its partition, if any, too)


def sync_document_partitions(
    instance: dg.DagsterInstance, settings: Settings, log: logging.Logger | dg.DagsterLogManager
) -> PartitionSync:
    """Add a partition for each new document of the raw folder; delete the partition and the
    landing files of each document that left it.

    Newly added keys are contiguous at the end of the partition order: the instance lists dynamic
    partitions by insertion id and adds a batch in the order given (verified in
    dagster/_core/storage/event_log/sql_event_log.py, `add_dynamic_partitions`/
    `get_dynamic_partitions`, and by the tests), so a range from the first to the last new key
    covers the new keys and nothing else -- unless someone else adds partitions at the same
    moment, which is why the sensor splits keys into contiguous blocks of the actual order."""
    name = document_partitions.name
    present = raw_folder.document_ids(settings.raw_dir)
    known = set(instance.get_dynamic_partitions(name))
    added = _add_partitions(instance, name, [key for key in present if key not in known])
    if added:
        log.info(f"added {len(added)} document partition(s): {listing(added)}")
    for key in sorted(known - set(present)):
        instance.delete_dynamic_partition(name, key)
    removed: dict[str, list[str]] = {}
    landed = {document_id for dataset in ("decoded", "documents") for document_id in landing.landed_document_ids(settings.landing_dir, dataset)}
    for document_id in sorted((known | landed) - set(present)):
        try:
            removed[document_id] = [str(path) for path in landing.remove_document(settings.landing_dir, document_id)]
        except landing.UnsafeDocumentId as refused:
            # A key added by hand (UI, API) that is no file name: its partition is gone, no path is touched.
            removed[document_id] = []
            log.warning(f"partition {document_id!r} deleted; {refused}")
            continue
        log.info(
            f"document {document_id} left {settings.raw_dir}: partition deleted, "
            f"landing files removed: {', '.join(removed[document_id]) or 'none'}"
        )
    ordered = list(instance.get_dynamic_partitions(name))
    added_keys = set(added)
    return PartitionSync(present=present, ordered=ordered, new=[key for key in ordered if key in added_keys], removed=removed)


def _add_partitions(instance: dg.DagsterInstance, name: str, keys: list[str]) -> list[str]:
    """Add `keys`; the ones this call added. Two syncs at once (two `make run`s, a run and the
    sensor) may both find a document new: the one that adds it second gets a unique-key error
    from the storage, and then adds only what the other has not."""
    if not keys:
        return []
    try:
        instance.add_dynamic_partitions(name, keys)
        return keys
    except IntegrityError:
        added_meanwhile = set(instance.get_dynamic_partitions(name))
        missing = [key for key in keys if key not in added_meanwhile]
        if missing:
            instance.add_dynamic_partitions(name, missing)
        return missing


def listing(keys: list[str]) -> str:
    """Document ids for a log line or a run tag, cut short (with the count) when there are many."""
    text = ", ".join(keys)
    if len(text) <= _LISTING_CHARS:
        return text
    return text[:_LISTING_CHARS].rsplit(", ", 1)[0] + f" … ({len(keys)} in all)"
