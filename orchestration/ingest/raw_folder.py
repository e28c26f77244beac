"""The raw folder as the partitions and the raw-folder sensor see it: read flat, every entry that
is not hidden, temporary or a sidecar a document candidate with an id
(`document_ids.document_id_for`), whatever it is (`readers.scan_folder`).

A regular file (or a symbolic link to one inside the folder) is read; anything else -- a
sub-folder, a named pipe, a dangling link, a link that leads out of the folder -- keeps its
partition and is rejected by the documents step with its reason, so it is listed in
marts.rejected_documents rather than skipped without a word. The sensor's fingerprint of such an
entry never opens it (a named pipe would block) and never follows it out of the folder.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from orchestration.ingest.readers import SIDECAR_SUFFIXES, entry_problem, scan_folder


def document_ids(raw_dir: Path) -> list[str]:
    return sorted(scan_folder(raw_dir))


def members(raw_dir: Path) -> dict[str, list[Path]]:
    """document id -> its entries and their sidecars, sorted: what a change of the document is."""
    return {
        document_id: sorted({*paths, *(sidecar for path in paths for sidecar in _sidecars(path))})
        for document_id, paths in scan_folder(raw_dir).items()
    }


def _sidecars(path: Path) -> list[Path]:
    return [sidecar for suffix in SIDECAR_SUFFIXES if os.path.lexists(sidecar := path.with_suffix(suffix))]


def entry_stat(path: Path, raw_dir: Path) -> os.stat_result:
    """The stat of what a readable entry leads to; of the entry itself for one that cannot be read
    (a dangling link has nothing else to stat)."""
    return os.lstat(path) if entry_problem(path, raw_dir) else os.stat(path)


def entry_sha256(path: Path, raw_dir: Path) -> str:
    """sha256 of a readable entry's bytes; for one that cannot be read (a named pipe must not be
    opened), of the reason it cannot, so that a change of that reason counts as a change."""
    problem = entry_problem(path, raw_dir)
    if problem:
        return hashlib.sha256(f"unreadable: {problem}".encode()).hexdigest()
    digest = hashlib.sha256()
    # Non-blocking: an entry swapped for a named pipe since the check reads as empty, not for ever.
    with open(path, "rb", opener=lambda name, flags: os.open(name, flags | os.O_NONBLOCK)) as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
