"""Decode one input document into the exact text that figure offsets index.

`read_document(path)` returns a `DecodedDocument` whose `text` is what `dim_document` stores and
what every `char_start`/`char_end` in `marts.fct_figure` points into, or raises
`DocumentRejected` with a short sentence saying what is wrong with the file. Nothing is guessed
silently: a file is either decoded with an encoding we can stand behind, or rejected.

Formats
- .txt: byte-exact. UTF-8 is tried first and, when valid, is the answer (no newline or Unicode
  normalisation: `\\r\\n` stays `\\r\\n`). A byte-order mark selects UTF-8 (BOM stripped,
  encoding "utf-8-sig"), UTF-16 LE/BE or UTF-32 LE/BE. Otherwise charset-normalizer, restricted
  to Chinese encodings (GB18030 ⊃ GBK ⊃ GB2312, Big5), must agree, and the decoded text must look
  like Chinese text (no private-use/control/replacement characters; its Han characters mostly
  common ones) before it is accepted.
- .html/.htm: decoded the same way (BOM, then valid UTF-8, then the declared meta/XML charset,
  then detection); the main text is extracted by trafilatura (paragraphs on their own lines),
  falling back to the whole body text without navigation/scripts/styles/forms when trafilatura
  finds nothing.
- .pdf: pypdfium2's text layer, pages in order, joined with "\\n\\n".
- .docx: body paragraphs and table cells (row by row, one cell per line) in document order.

The module is pure (no Dagster, no DuckDB) and never writes anything: the input file is read
once, as bytes, and every parser works on those bytes, so `sha256` always describes what was
decoded.
"""

from __future__ import annotations

import codecs
import hashlib
import io
import os
import re
import stat
import threading
import unicodedata
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from orchestration.ingest.document_ids import document_id_for

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DecodedDocument",
    "DocumentRejected",
    "SIDECAR_SUFFIXES",
    "SUPPORTED_SUFFIXES",
    "entry_problem",
    "find_document_file",
    "scan_folder",
    "is_document",
    "read_document",
    "read_sidecar",
]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".txt", ".html", ".htm", ".pdf", ".docx")
SIDECAR_SUFFIXES: tuple[str, ...] = (".yaml", ".yml")
DEFAULT_MAX_BYTES = 50 * 1024 * 1024

_FORMATS = {".txt": "txt", ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}
_TEMP_SUFFIXES = frozenset(
    {".tmp", ".temp", ".part", ".partial", ".crdownload", ".download", ".swp", ".swo", ".swx", ".bak", ".lock"}
)
_SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini", "icon\r"})
_SIDECAR_MAX_BYTES = 1024 * 1024


# --------------------------------------------------------------------------------------------
# Public types
# --------------------------------------------------------------------------------------------


class DocumentRejected(Exception):
    """A document that cannot be decoded. `reason` is a short sentence naming the problem;
    `str(exc)` is "<file name>: <reason>"; `kind` is a stable machine-readable tag
    (unsupported_suffix, vanished, unreadable, not_a_file, empty, too_large, changed, binary,
    undecodable, no_text, no_text_layer, encrypted, corrupt, dangling_link, link_outside)."""

    def __init__(self, path: Path | str, reason: str, kind: str = "rejected") -> None:
        self.path = Path(path)
        self.reason = reason
        self.kind = kind
        super().__init__(f"{self.path.name}: {reason}")

    def __reduce__(self):  # picklable across process boundaries (multiprocess executors)
        return (type(self), (self.path, self.reason, self.kind))


@dataclass(frozen=True)
class DecodedDocument:
    document_id: str  # file name without extension
    file_name: str
    format: str  # txt, html, pdf, docx
    encoding: str | None  # txt/html: utf-8, utf-8-sig, utf-16-le, utf-16-be, gb18030, gbk, big5, ...
    text: str  # the decoded text figure offsets refer to
    sha256: str  # of the raw bytes
    size_bytes: int
    sidecar: dict[str, Any] = field(default_factory=dict)  # parsed raw/<doc>.yaml, else {}
    warnings: tuple[str, ...] = ()  # problems that did not stop decoding (bad sidecar, fallbacks …)


# --------------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------------


def is_document(path: Path) -> bool:
    """True for a candidate input entry: one that exists and is not hidden, not a temporary or
    backup file, not an Office lock file and not a sidecar (.yaml/.yml).

    The test is by name only (and existence, without following a symbolic link): directories,
    named pipes, dangling links and links out of the folder ARE candidates, and so are files with
    an unsupported suffix. `read_document` rejects each with a reason, so whatever lands in the
    input folder is reported in rejected_documents instead of being ignored silently.
    """
    path = Path(path)
    name = path.name
    if not name or name.startswith((".", "~", "#")) or name.endswith(("~", "#")):
        return False  # hidden, Office lock (~$x.docx), editor backup/autosave
    if name.lower() in _SYSTEM_FILES:
        return False
    suffix = path.suffix.lower()
    if suffix in SIDECAR_SUFFIXES or suffix in _TEMP_SUFFIXES:
        return False
    try:
        os.lstat(path)
    except OSError:
        return False
    return True


def scan_folder(raw_dir: Path) -> dict[str, list[Path]]:
    """document id -> the candidate entries of `raw_dir` that claim it (one, unless two files share
    a stem). The folder is read flat, and names are taken literally (never as glob patterns)."""
    entries: dict[str, list[Path]] = {}
    for path in sorted(Path(raw_dir).iterdir()):
        if is_document(path):
            entries.setdefault(document_id_for(path.name), []).append(path)
    return entries


def find_document_file(raw_dir: Path, document_id: str, scanned: dict[str, list[Path]] | None = None) -> Path:
    """The one input entry of `document_id` in `raw_dir` (from `scanned`, a `scan_folder` of it,
    when the caller looks up many); `DocumentRejected` when there is none or when several files
    share the id."""
    raw_dir = Path(raw_dir)
    candidates = (scanned if scanned is not None else scan_folder(raw_dir)).get(document_id, [])
    if not candidates:
        raise DocumentRejected(raw_dir / document_id, f"no input file for document {document_id!r} in {raw_dir}", "vanished")
    if len(candidates) > 1:
        names = ", ".join(p.name for p in candidates)
        raise DocumentRejected(candidates[0], f"several files share the document id {document_id!r}: {names}")
    return candidates[0]


def entry_problem(path: Path, folder: Path | None = None) -> str | None:
    """Why the entry at `path` cannot be read as a document file, found without opening it: it is
    not a regular file (a directory, a named pipe, a socket, a device), or a symbolic link that
    dangles or, when `folder` is given, resolves outside `folder`. None for a readable candidate."""
    try:
        _regular_target(Path(path), folder)
    except DocumentRejected as rejection:
        return rejection.reason
    return None


def read_document(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, folder: Path | None = None) -> DecodedDocument:
    """Read and decode one document; raise `DocumentRejected` with the reason if it can't be.

    With `folder` (the input folder), the document and its sidecar must lie inside it: a symbolic
    link that resolves elsewhere is rejected. Any failure of the decoders, expected or not, is a
    rejection of this file, never an exception that stops the caller's other documents."""
    path = Path(path)
    try:
        return _read_document(path, max_bytes, folder)
    except DocumentRejected:
        raise
    except MemoryError:
        raise DocumentRejected(path, "ran out of memory while decoding it", "corrupt") from None
    except Exception as exc:  # noqa: BLE001 - a parser library's failure on this file is this file's problem
        raise DocumentRejected(path, f"could not be decoded ({type(exc).__name__}: {exc})", "corrupt") from None


def _read_document(path: Path, max_bytes: int, folder: Path | None) -> DecodedDocument:
    target = _regular_target(path, folder)
    suffix = path.suffix.lower()
    fmt = _FORMATS.get(suffix)
    if fmt is None:
        shown = f"'{path.suffix}'" if path.suffix else "(no extension)"
        raise DocumentRejected(
            path,
            f"unsupported file type {shown}; supported types are {', '.join(SUPPORTED_SUFFIXES)}",
            "unsupported_suffix",
        )

    raw = _read_bytes(path, target, max_bytes)
    warnings: list[str] = []
    encoding: str | None = None
    if fmt == "txt":
        text, encoding, warns = _decode_txt(raw, path)
    elif fmt == "html":
        text, encoding, warns = _decode_html(raw, path)
    elif fmt == "pdf":
        text, warns = _decode_pdf(raw, path)
    else:
        text, warns = _decode_docx(raw, path, max_bytes)
    warnings.extend(warns)

    if not text.strip():
        raise DocumentRejected(path, _EMPTY_TEXT_REASON[fmt], "no_text")

    sidecar, sidecar_warnings = read_sidecar(path, folder)
    warnings.extend(sidecar_warnings)

    return DecodedDocument(
        document_id=document_id_for(path.name),
        file_name=path.name,
        format=fmt,
        encoding=encoding,
        text=text,
        sha256=hashlib.sha256(raw).hexdigest(),
        size_bytes=len(raw),
        sidecar=sidecar,
        warnings=tuple(warnings),
    )


_EMPTY_TEXT_REASON = {
    "txt": "decoded text is empty (whitespace only)",
    "html": "HTML page has no readable text (empty or whitespace only after removing markup)",
    "pdf": "PDF text layer is empty (whitespace only)",
    "docx": "Word document has no text (empty or whitespace only)",
}


# --------------------------------------------------------------------------------------------
# Reading bytes
# --------------------------------------------------------------------------------------------

_ENTRY_KINDS = (
    (stat.S_ISDIR, "a directory (the input folder is read flat: files in sub-folders are not read)"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _regular_target(path: Path, folder: Path | None) -> Path:
    """The regular file `path` names (itself, or where its symbolic links lead), checked without
    opening anything: opening a named pipe would block, opening a device could act on it."""
    try:
        entry = os.lstat(path)
    except FileNotFoundError:
        raise DocumentRejected(path, "file disappeared before it could be read", "vanished") from None
    except OSError as exc:
        raise DocumentRejected(path, f"file could not be read ({exc.strerror or exc})", "unreadable") from None
    target = path
    if stat.S_ISLNK(entry.st_mode):
        target = Path(os.path.realpath(path))
        if not target.exists():
            raise DocumentRejected(
                path, f"dangling symbolic link: its target {os.readlink(path)} does not exist", "dangling_link"
            )
        if folder is not None and not target.is_relative_to(Path(os.path.realpath(folder))):
            raise DocumentRejected(
                path,
                f"symbolic link to {target}, outside the input folder {folder}: only files inside it are read",
                "link_outside",
            )
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        raise DocumentRejected(path, f"file could not be read ({exc.strerror or exc})", "unreadable") from None
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _ENTRY_KINDS if test(mode)), "not a regular file")
        raise DocumentRejected(path, f"is {kind}, not a document file", "not_a_file")
    return target


def _no_follow(name: str, flags: int) -> int:
    # The target was resolved already: a link swapped in since then fails (ELOOP) instead of
    # being followed, and a file swapped for a named pipe does not block the open.
    return os.open(name, flags | os.O_NOFOLLOW | os.O_NONBLOCK)


def _read_bytes(path: Path, target: Path, max_bytes: int) -> bytes:
    try:
        with open(target, "rb", opener=_no_follow) as handle:
            before = os.fstat(handle.fileno())
            if not stat.S_ISREG(before.st_mode):
                raise DocumentRejected(path, "was replaced by something that is not a file while being read", "changed")
            if before.st_size == 0:
                raise DocumentRejected(path, "file is empty (0 bytes)", "empty")
            if before.st_size > max_bytes:
                raise DocumentRejected(path, _too_large(before.st_size, max_bytes), "too_large")
            raw = handle.read(max_bytes + 1)
            after = os.fstat(handle.fileno())
    except FileNotFoundError:
        raise DocumentRejected(path, "file disappeared before it could be read", "vanished") from None
    except PermissionError:
        raise DocumentRejected(path, "file is not readable (permission denied)", "unreadable") from None
    except IsADirectoryError:
        raise DocumentRejected(path, "is a directory, not a document file", "not_a_file") from None
    except OSError as exc:
        raise DocumentRejected(path, f"file could not be read ({exc.strerror or exc})", "unreadable") from None

    if len(raw) > max_bytes:
        raise DocumentRejected(path, _too_large(max(len(raw), after.st_size), max_bytes), "too_large")
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(raw) != after.st_size:
        raise DocumentRejected(
            path, "file changed while it was being read (is it still being written?)", "changed"
        )
    if not raw:
        raise DocumentRejected(path, "file is empty (0 bytes)", "empty")
    return raw


def _too_large(size: int, cap: int) -> str:
    return f"file is {_human(size)} ({size:,} bytes), over the {_human(cap)} ({cap:,} bytes) limit"


def _human(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} bytes" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)  # unreachable


# --------------------------------------------------------------------------------------------
# Character decoding (txt and html)
# --------------------------------------------------------------------------------------------

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # UTF-32 first: its LE mark starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8", "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
)

# Families of Chinese encodings, each tried in order (superset first; a GBK file decodes
# identically as GB18030 except for the single byte 0x80, which only cp936/gbk accept).
_GB_FAMILY = ("gb18030", "gbk")
_BIG5_FAMILY = ("big5", "cp950", "big5hkscs")
_DETECTION_CANDIDATES = ["gb18030", "big5", "big5hkscs"]

_GB_LABELS = {
    "gb2312", "gbk", "x-gbk", "gb18030", "gb_2312-80", "gb_2312", "chinese", "csgb2312",
    "csiso58gb231280", "iso-ir-58", "cp936", "windows-936", "ms936", "euc-cn", "euccn", "x-euc-cn",
}
_BIG5_LABELS = {"big5", "big5-hkscs", "big5hkscs", "cn-big5", "csbig5", "x-x-big5", "cp950", "windows-950"}
_UTF8_LABELS = {"utf-8", "utf8", "unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "x-unicode20utf8"}


def _decode_txt(raw: bytes, path: Path) -> tuple[str, str, list[str]]:
    text, encoding, warnings = _decode_chars(raw, path, declared=None)
    warnings.extend(_check_controls(text, path))
    return text, encoding, warnings


def _decode_chars(raw: bytes, path: Path, declared: str | None) -> tuple[str, str, list[str]]:
    """bytes -> (text, encoding, warnings); raises DocumentRejected when no decoding is certain."""
    warnings: list[str] = []

    for bom, codec, label in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(codec), label, warnings
            except UnicodeDecodeError as exc:
                if codec.startswith("utf-32"):
                    continue  # e.g. UTF-16 LE text whose first character is U+0000: try UTF-16
                name = codec.upper().replace("-LE", " LE").replace("-BE", " BE")
                raise DocumentRejected(
                    path,
                    f"starts with a {name} byte-order mark but is not valid {name} "
                    f"(byte offset {exc.start + len(bom)}: {exc.reason})",
                    "undecodable",
                ) from None

    if b"\x00" in raw:
        raise DocumentRejected(
            path,
            f"contains NUL bytes (first at byte offset {raw.index(0)}): binary data, "
            "or UTF-16/UTF-32 text without a byte-order mark",
            "binary",
        )

    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"invalid byte 0x{raw[exc.start]:02x} at offset {exc.start}"
    else:
        if declared and _family(declared) not in ("utf-8", None) and not raw.isascii():
            warnings.append(f"declares charset '{declared}' but is valid UTF-8; decoded as UTF-8")
        return text, "utf-8", warnings

    if declared:
        family = _family(declared)
        codecs_to_try = {"gb": _GB_FAMILY, "big5": _BIG5_FAMILY}.get(family, (declared,) if family else ())
        for codec in codecs_to_try:
            text = _strict(raw, codec)
            if text is not None and _implausible(text) is None:
                return text, _codec_name(codec), warnings
        warnings.append(f"declared charset '{declared}' does not decode this file; detected instead")

    text, encoding, problem = _detect_chinese(raw)
    if text is not None:
        return text, encoding, warnings
    detail = f"; {problem}" if problem else ""
    raise DocumentRejected(
        path,
        f"undecodable: not valid UTF-8 ({utf8_error}) and no confident Chinese encoding "
        f"(GB18030/GBK, Big5) fits{detail}",
        "undecodable",
    )


def _family(label: str) -> str | None:
    label = label.strip().lower()
    if label in _GB_LABELS:
        return "gb"
    if label in _BIG5_LABELS:
        return "big5"
    if label in _UTF8_LABELS:
        return "utf-8"
    try:
        codecs.lookup(label)
    except LookupError:
        return None  # unknown label: ignore the declaration
    return "other"


def _strict(raw: bytes, codec: str) -> str | None:
    try:
        return raw.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _codec_name(codec: str) -> str:
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return codec
    return name.replace("_", "-")


def _detect_chinese(raw: bytes) -> tuple[str | None, str | None, str | None]:
    """charset-normalizer restricted to Chinese encodings; each answer it gives is verified by
    decoding the whole file strictly and checking that the text looks like Chinese. The other
    Chinese family (GB vs Big5) is decoded too, as a rival: if it reads about as well, the file is
    ambiguous (only happens with a handful of characters) and rejected rather than guessed.
    Returns (text, encoding, None) or (None, None, why-not)."""
    from charset_normalizer import from_bytes

    offered: list[str] = []
    for match in from_bytes(raw, cp_isolation=_DETECTION_CANDIDATES, explain=False):
        enc = match.encoding.lower().replace("-", "_")
        family = "gb" if enc in ("gb18030", "gbk", "gb2312") else "big5" if enc.startswith("big5") else None
        if family is not None and family not in offered and match.chaos <= 0.1:
            offered.append(family)

    readings: dict[str, tuple[float, str, str]] = {}  # family -> (score, codec, text)
    problem: str | None = None
    for family, family_codecs in (("gb", _GB_FAMILY), ("big5", _BIG5_FAMILY)):
        for codec in family_codecs:
            text = _strict(raw, codec)
            if text is None:
                continue
            why = _implausible(text)
            if why is None:
                readings[family] = (_common_share(text), codec, text)
            elif family in offered:
                problem = f"as {_codec_name(codec)} it {why}"
            break

    accepted = sorted(
        (readings[f] for f in offered if f in readings), key=lambda r: r[0], reverse=True
    )
    if not accepted:
        return None, None, problem
    score, codec, text = accepted[0]
    for rival_score, rival_codec, rival_text in readings.values():
        if rival_text != text and rival_score >= score - 0.05:
            return None, None, (
                f"ambiguous: reads equally well as {_codec_name(codec)} and {_codec_name(rival_codec)}"
            )
    return text, _codec_name(codec), None


def _is_han(ch: str) -> bool:
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF
        or 0x3400 <= o <= 0x4DBF
        or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF
    )


def _is_common_han(ch: str) -> bool:
    """In GB2312 level 1 (3,755 most used simplified characters) or Big5's frequently-used block
    (5,401 traditional characters). Real Chinese prose is >98% such characters; text decoded with
    the wrong Chinese codec (GBK read as Big5, Big5 read as GBK, Shift-JIS read as GBK …) is not."""
    try:
        b = ch.encode("gb2312")
        if len(b) == 2 and 0xB0 <= b[0] <= 0xD7:
            return True
    except UnicodeEncodeError:
        pass
    try:
        b = ch.encode("big5")
        if len(b) == 2 and 0xA440 <= (b[0] << 8 | b[1]) <= 0xC67E:
            return True
    except UnicodeEncodeError:
        pass
    return False


def _is_common_wide(ch: str) -> bool:
    """A non-ASCII character expected in Chinese prose: a common Han character, or anything that
    is not a letter (CJK punctuation, full-width forms, symbols, circled numbers …). Rare Han,
    kana, bopomofo, hangul and other scripts' letters are what wrong-codec readings produce."""
    if _is_han(ch):
        return _is_common_han(ch)
    if 0xFF10 <= ord(ch) <= 0xFF5A:  # full-width digits and Latin letters
        return True
    return not unicodedata.category(ch).startswith("L")


def _common_share(text: str) -> float:
    wide = {ch: n for ch, n in Counter(text).items() if ord(ch) >= 0x80 and not ch.isspace()}
    total = sum(wide.values())
    if not total:
        return 1.0
    return sum(n for ch, n in wide.items() if _is_common_wide(ch)) / total


def _is_suspicious(ch: str) -> bool:
    """Characters that do not occur in sound Chinese text but do in mis-decoded text."""
    if ch in "\t\n\r\f\v":
        return False
    o = ord(ch)
    if o < 0x80:
        return o < 0x20 or o == 0x7F
    if 0xC0 <= o <= 0x24F:  # accented Latin letters: typical of bytes decoded with the wrong codec
        return True
    if ch == "\ufffd":
        return True
    return unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs")


def _implausible(text: str) -> str | None:
    """None if `text` looks like Chinese (or plain) text, else a short description of why not.
    Works on the distinct characters, so it stays fast on large files."""
    counts = Counter(text)
    visible = {ch: n for ch, n in counts.items() if not ch.isspace()}
    n_visible = sum(visible.values())
    if not n_visible:
        return None
    bad = sum(n for ch, n in visible.items() if _is_suspicious(ch))
    if bad > 0.02 * n_visible:
        return f"gives {bad} control/private-use/unexpected characters out of {n_visible}"
    wide = {ch: n for ch, n in visible.items() if ord(ch) >= 0x80}
    n_wide = sum(wide.values())
    if n_wide:
        common = sum(n for ch, n in wide.items() if _is_common_wide(ch))
        # Long texts: real prose is >98% common characters. Short ones: at least half.
        if common < (0.8 if n_wide >= 10 else 0.5) * n_wide:
            return f"gives mostly rare characters ({common} of {n_wide} non-ASCII common): not Chinese prose"
    return None


_DISALLOWED_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f-\x9f]")  # not \t \n \v \f \r


def _check_controls(text: str, path: Path) -> list[str]:
    """Reject text with NUL or many control characters (binary content); tolerate a few strays
    (at most one per thousand characters), reported as a warning. Offsets stay exact: nothing is
    removed."""
    if "\x00" in text:
        raise DocumentRejected(
            path, f"contains NUL characters (first at character {text.index(chr(0))}): binary data, not text", "binary"
        )
    first = _DISALLOWED_CONTROL.search(text)
    if first is None:
        return []
    count = len(_DISALLOWED_CONTROL.findall(text))
    described = f"{count} control character(s) (first U+{ord(first.group()):04X} at character {first.start()})"
    if count > len(text) // 1000:
        raise DocumentRejected(path, f"contains {described}: binary data, not text", "binary")
    return [f"contains {described}; kept as is"]


# --------------------------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9_.\-]+)""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml\b[^>]*\?>", re.IGNORECASE)

_DROP_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form",
    "iframe", "svg", "button", "select", "textarea", "object", "embed", "head",
)
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "blockquote", "body", "br", "caption", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "h1", "h2", "h3", "h4",
        "h5", "h6", "hr", "html", "li", "main", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)


def _declared_charset(raw: bytes) -> str | None:
    head = raw[:4096]
    match = _XML_ENCODING.search(head) or _META_CHARSET.search(head)
    return match.group(1).decode("ascii").lower() if match else None


def _decode_html(raw: bytes, path: Path) -> tuple[str, str, list[str]]:
    markup, encoding, warnings = _decode_chars(raw, path, declared=_declared_charset(raw))
    if "\x00" in markup:
        raise DocumentRejected(path, "contains NUL characters: binary data, not HTML", "binary")
    markup = _XML_DECLARATION.sub("", markup, count=1)  # lxml refuses str input with one
    text = _trafilatura_text(markup)
    if not text.strip():
        text = _body_text(markup)
        if text.strip():
            warnings.append("no main article found by trafilatura; used the whole body text")
    return text, encoding, warnings


def _trafilatura_text(markup: str) -> str:
    import trafilatura

    try:
        extracted = trafilatura.extract(
            markup,
            output_format="txt",
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception:  # noqa: BLE001 - any extractor failure falls back to the body text
        return ""
    return _tidy_lines(extracted or "")


def _body_text(markup: str) -> str:
    import lxml.html
    from lxml import etree

    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return ""
    for element in list(root.iter(etree.Comment, etree.ProcessingInstruction)):
        _drop(element)
    for element in list(root.iter(*_DROP_TAGS)):
        _drop(element)
    body = root.find("body")
    pieces: list[str] = []
    _walk_html(body if body is not None else root, pieces)
    return _tidy_lines("".join(pieces))


def _drop(element) -> None:
    """Remove an element but keep its tail text."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    parent.remove(element)
    if tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _walk_html(element, pieces: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    block = tag.lower() in _BLOCK_TAGS
    if block:
        pieces.append("\n")
    if element.text:
        pieces.append(element.text)
    for child in element:
        _walk_html(child, pieces)
        if child.tail:
            pieces.append(child.tail)
    if block:
        pieces.append("\n")


def _tidy_lines(text: str) -> str:
    """One paragraph per line: collapse runs of spaces inside lines, drop blank lines."""
    lines = (re.sub(r"[ \t\u00a0\u3000]+", " ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------------------------
# PDF
# --------------------------------------------------------------------------------------------

_PDFIUM_LOCK = threading.Lock()  # pdfium is not thread-safe; processes are fine
_PDF_DROP = dict.fromkeys(c for c in range(0x20) if chr(c) not in "\t\n\f")


def _decode_pdf(raw: bytes, path: Path) -> tuple[str, list[str]]:
    import pypdfium2 as pdfium

    warnings: list[str] = []
    with _PDFIUM_LOCK:
        try:
            pdf = pdfium.PdfDocument(raw)
        except pdfium.PdfiumError as exc:
            cause = str(exc)
            if "password" in cause.lower() or "security" in cause.lower():
                raise DocumentRejected(path, f"PDF is encrypted and needs a password ({cause})", "encrypted") from None
            raise DocumentRejected(path, f"not a readable PDF: corrupt or truncated ({cause})", "corrupt") from None
        try:
            n_pages = len(pdf)
            if n_pages == 0:
                raise DocumentRejected(path, "PDF has no pages", "corrupt")
            pages: list[str] = []
            for index in range(n_pages):
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        page_text = textpage.get_text_range()
                    finally:
                        textpage.close()
                finally:
                    page.close()
                page_text = page_text.replace("\r\n", "\n").replace("\r", "\n").translate(_PDF_DROP)
                pages.append(page_text.strip())
        except pdfium.PdfiumError as exc:
            raise DocumentRejected(path, f"PDF could not be read ({exc})", "corrupt") from None
        finally:
            pdf.close()

    if not any(p.strip() for p in pages):
        raise DocumentRejected(path, "no text layer (scanned PDF?)", "no_text_layer")
    blank = [str(i + 1) for i, p in enumerate(pages) if not p.strip()]
    if blank:
        warnings.append(f"page(s) {', '.join(blank)} of {n_pages} have no text layer (scanned?)")
    text = "\n\n".join(pages)
    counts = Counter(text)
    n_visible = sum(n for ch, n in counts.items() if not ch.isspace())
    garbled = sum(
        n for ch, n in counts.items() if ch == "\ufffd" or unicodedata.category(ch) in ("Co", "Cn", "Cs")
    )
    if garbled > 0.1 * n_visible:
        raise DocumentRejected(
            path,
            f"PDF text layer is garbled ({garbled} of {n_visible} characters have no Unicode mapping)",
            "undecodable",
        )
    if garbled:
        warnings.append(f"{garbled} character(s) of the PDF text layer have no Unicode mapping")
    return text, warnings


# --------------------------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_SKIP_INSIDE_PARAGRAPH = (_W + "txbxContent", _W + "del", _W + "moveFrom", _MC_FALLBACK)


def _decode_docx(raw: bytes, path: Path, max_bytes: int) -> tuple[str, list[str]]:
    if raw.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DocumentRejected(
            path,
            "is an OLE2 file, not a .docx: a password-protected .docx or a legacy Word .doc renamed",
            "encrypted",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise DocumentRejected(path, f"not a valid .docx: not a ZIP package ({exc})", "corrupt") from None
    limit = max(20 * max_bytes, 256 * 1024 * 1024)
    if expanded > limit:
        raise DocumentRejected(
            path, f".docx expands to {_human(expanded)}, over the {_human(limit)} safety limit", "too_large"
        )

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(raw))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, SyntaxError) as exc:
        raise DocumentRejected(path, f"not a valid .docx ({type(exc).__name__}: {exc})", "corrupt") from None
    except Exception as exc:  # noqa: BLE001 - lxml and python-docx raise a wide variety
        raise DocumentRejected(path, f"not a valid .docx ({type(exc).__name__}: {exc})", "corrupt") from None

    lines: list[str] = []
    _docx_blocks(document.element.body, lines)
    return "\n".join(lines), []


def _docx_blocks(container, lines: list[str]) -> None:
    """Paragraphs and tables of a body/cell/content control, in document order."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == _W + "p":
            lines.append(_docx_paragraph(child))
        elif tag == _W + "tbl":
            _docx_table(child, lines)
        elif tag in (_W + "sdt", _W + "customXml"):
            content = child.find(_W + "sdtContent") if tag == _W + "sdt" else child
            if content is not None:
                _docx_blocks(content, lines)


def _docx_children(element, tag: str):
    """Direct `tag` children of `element`, looking through content controls/custom XML."""
    for child in element.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _docx_children(content, tag)
        elif child.tag == _W + "customXml":
            yield from _docx_children(child, tag)


def _docx_table(tbl, lines: list[str]) -> None:
    """Row by row, one cell per line; empty cells and vertical-merge continuations skipped."""
    for tr in _docx_children(tbl, _W + "tr"):
        for cell in _docx_children(tr, _W + "tc"):
            merge = cell.find(f"{_W}tcPr/{_W}vMerge")
            if merge is not None and merge.get(_W + "val", "continue") == "continue":
                continue  # continuation of a vertically merged cell: its text is in the cell above
            paragraphs = [
                _docx_paragraph(p).replace("\n", " ").strip() for p in _docx_children(cell, _W + "p")
            ]
            cell_text = " ".join(p for p in paragraphs if p)
            if cell_text:
                lines.append(cell_text)
            for nested in _docx_children(cell, _W + "tbl"):
                _docx_table(nested, lines)


def _docx_paragraph(p) -> str:
    """Text of a w:p: runs anywhere inside it (hyperlinks, fields, insertions, smart tags),
    tabs and breaks; not deleted text, not text boxes (anchored elsewhere), not field codes."""
    skip: set[int] = set()
    for tag in _SKIP_INSIDE_PARAGRAPH:
        for inner in p.iter(tag):
            skip.update(id(e) for e in inner.iter())
    parts: list[str] = []
    for el in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen", _W + "sym"):
        if id(el) in skip:
            continue
        tag = el.tag
        if tag == _W + "t":
            parts.append(el.text or "")
        elif el.getparent() is None or el.getparent().tag != _W + "r":
            continue  # w:tab inside w:tabs is a tab-stop definition, not text
        elif tag == _W + "tab":
            parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
        elif tag == _W + "sym":
            char = el.get(_W + "char")
            try:
                code = int(char, 16) if char else None
            except ValueError:
                code = None
            if code is not None:
                parts.append(chr(code - 0xF000 if code >= 0xF000 else code))
    return "".join(parts)


# --------------------------------------------------------------------------------------------
# Sidecar
# --------------------------------------------------------------------------------------------

_DATE_PATTERNS = (
    re.compile(r"^\s*(\d{4})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*$"),
    re.compile(r"^\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*$"),
)
_TEXT_KEYS = ("title", "publisher", "url")


class _SidecarLoader(yaml.SafeLoader):
    """Safe YAML that leaves dates as text: `_parse_date` reads them, so an impossible date
    (published_on: 2025-13-45) costs that key, with a warning, not the whole sidecar."""


_SidecarLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_sidecar(path: Path, folder: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """The optional `<doc>.yaml` (or `.yml`) beside a document: (parsed mapping, warnings).

    A sidecar is optional metadata, so nothing wrong with it rejects its document: a missing one
    is `{}` without warning; one that cannot be read or parsed (not a file, a link out of
    `folder`, not UTF-8, invalid YAML, anything the parser raises) is `{}` with a warning naming
    the file and the problem; a bad value (a `published_on` that is not a date, a title that is
    not text) is dropped with a warning and the rest kept. `published_on` becomes a date."""
    path = Path(path)
    candidates = [path.with_suffix(s) for s in SIDECAR_SUFFIXES]
    existing = [c for c in candidates if os.path.lexists(c)]
    if not existing:
        return {}, []
    sidecar_path = existing[0]
    warnings: list[str] = []
    if len(existing) > 1:
        warnings.append(f"both {existing[0].name} and {existing[1].name} exist; used {existing[0].name}")
    name = sidecar_path.name
    try:
        target = _regular_target(sidecar_path, folder)
        with open(target, "rb", opener=_no_follow) as handle:
            raw = handle.read(_SIDECAR_MAX_BYTES + 1)
    except DocumentRejected as rejection:
        return {}, warnings + [f"sidecar {name} ignored: {rejection.reason}"]
    except OSError as exc:
        return {}, warnings + [f"sidecar {name} ignored: could not be read ({exc.strerror or exc})"]
    if len(raw) > _SIDECAR_MAX_BYTES:
        return {}, warnings + [f"sidecar {name} ignored: larger than {_human(_SIDECAR_MAX_BYTES)}"]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return {}, warnings + [f"sidecar {name} ignored: not UTF-8 (byte offset {exc.start})"]

    try:
        data = yaml.load(text, Loader=_SidecarLoader)  # noqa: S506 - a SafeLoader
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        at = f" at line {where.line + 1}, column {where.column + 1}" if where is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        return {}, warnings + [f"sidecar {name} ignored: invalid YAML{at} ({problem})"]
    except Exception as exc:  # noqa: BLE001 - e.g. ValueError of an explicit !!timestamp, RecursionError
        return {}, warnings + [f"sidecar {name} ignored: could not be parsed ({type(exc).__name__}: {exc})"]
    if data is None:
        return {}, warnings
    if not isinstance(data, dict):
        return {}, warnings + [f"sidecar {name} ignored: expected a mapping of keys, got a {type(data).__name__}"]

    sidecar: dict[str, Any] = {str(k): v for k, v in data.items()}
    for key in _TEXT_KEYS:
        value = sidecar.get(key)
        if value is None or isinstance(value, str):
            continue
        if isinstance(value, (int, float, date)) and not isinstance(value, bool):
            sidecar[key] = str(value)
        else:
            del sidecar[key]
            warnings.append(f"sidecar {name}: '{key}' is a {type(value).__name__}, not text; ignored")
    if "published_on" in sidecar:
        value = sidecar["published_on"]
        parsed = _parse_date(value)
        if parsed is None:
            del sidecar["published_on"]
            if value is not None:
                warnings.append(f"sidecar {name}: published_on {value!r} is not a date (use YYYY-MM-DD); ignored")
        else:
            sidecar["published_on"] = parsed
    return sidecar, warnings


def _parse_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        return None
    for parse in (date.fromisoformat, datetime.fromisoformat):
        try:
            parsed = parse(value.strip())
        except ValueError:
            continue
        return parsed.date() if isinstance(parsed, datetime) else parsed
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            try:
                return date(*(int(g) for g in match.groups()))
            except ValueError:
                return None
    return None
