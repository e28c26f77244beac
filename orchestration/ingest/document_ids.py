"""The document-id rule: what a partition key may be, since it becomes a file name in the landing
zone (`<id>.parquet`, the writer's temp file `.<id>.<random>.tmp`) and on the review pages.

A document id is the file name without its extension, when that is a safe file name of its own:
1 to `MAX_DOCUMENT_ID_BYTES` bytes of UTF-8, no path separator, no control character, not hidden
(a leading dot), and nothing Dagster refuses in a partition key ("..."). A file whose stem breaks
the rule (too long, a newline or bytes that are not UTF-8 in its name) gets a short stable id
instead: the stem cut to fit, with the unsafe characters replaced, and `~` plus a hash of the
whole name, so two long names that begin alike stay apart and a rename changes the id.

Keys that come from elsewhere (a partition added in the UI or through the GraphQL API) are
checked with `invalid_document_id` before they become paths; a key that fails is refused with
its reason and no path is built from it.
"""

from __future__ import annotations

import hashlib
import os
import unicodedata
from pathlib import Path

# A file name may have 255 bytes; the landing writer's temp file adds 14 (".", ".<8 random>.tmp")
# and the longest suffix the pipeline appends is ".parquet". 200 leaves room for both and more.
MAX_DOCUMENT_ID_BYTES = 200
_HASH_CHARACTERS = 12
_SHORTENED_MARK = "~"
# Dagster refuses partition keys containing these (dagster/_core/definitions/partitions/utils/base.py).
_DAGSTER_FORBIDDEN = ("...",)


def invalid_document_id(key: str) -> str | None:
    """Why `key` cannot be a document id (a sentence), or None if it can."""
    if not isinstance(key, str) or not key:
        return "a document id cannot be empty"
    if "/" in key or "\\" in key:
        return "a document id cannot contain a path separator ('/' or '\\')"
    if key in (".", "..") or key.startswith("."):
        return "a document id cannot start with '.' (hidden files are not documents)"
    unsafe = next((ch for ch in key if _unsafe(ch)), None)
    if unsafe is not None:
        return f"a document id cannot contain the control or undecodable character U+{ord(unsafe):04X}"
    forbidden = next((part for part in _DAGSTER_FORBIDDEN if part in key), None)
    if forbidden is not None:
        return f"a document id cannot contain {forbidden!r} (Dagster refuses it in a partition key)"
    size = len(key.encode("utf-8"))
    if size > MAX_DOCUMENT_ID_BYTES:
        return f"a document id can have at most {MAX_DOCUMENT_ID_BYTES} bytes (UTF-8); this one has {size}"
    return None


def document_id_for(file_name: str) -> str:
    """The document id of a file (or of any other entry) of the raw folder."""
    stem = Path(file_name).stem if not file_name.startswith(".") else file_name
    if invalid_document_id(stem) is None:
        return stem
    digest = hashlib.sha256(os.fsencode(file_name)).hexdigest()[:_HASH_CHARACTERS]
    budget = MAX_DOCUMENT_ID_BYTES - len(_SHORTENED_MARK) - _HASH_CHARACTERS
    safe = "".join("_" if _unsafe(ch) or ch in "/\\" else ch for ch in stem).replace("...", "._.").lstrip(".")
    kept, used = [], 0
    for ch in safe:
        size = len(ch.encode("utf-8"))
        if used + size > budget:
            break
        kept.append(ch)
        used += size
    return "".join(kept) + _SHORTENED_MARK + digest


def _unsafe(ch: str) -> bool:
    # Cc: control characters (newline, tab, NUL, DEL, C1); Cs: the lone surrogates Python uses for
    # bytes of a file name that are not UTF-8, which no Parquet or UTF-8 writer accepts.
    return unicodedata.category(ch) in ("Cc", "Cs")
