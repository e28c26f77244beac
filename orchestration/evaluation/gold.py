"""The gold set and the documents it labels, read exactly as the pipeline reads them.

A gold file `tests/gold/<document_id>.jsonl` labels the document `raw/<document_id>.*`, which is
found and decoded by the pipeline's own readers (orchestration/ingest/readers.py), its sidecar
included: the scorer sees the text and the published_on the warehouse sees.

A document's genre is the prefix of its id before the first `_` (stats, trade, market,
company, invest, policy for the development corpus); a numeric prefix (000_40164949131a04b4,
the five original documents) is the genre `corpus`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.ingest.readers import DocumentRejected, find_document_file, read_document

ROOT = Path(__file__).resolve().parents[2]
GOLD_DIR = ROOT / "tests" / "gold"
RAW_DIR = ROOT / "raw"
CORPUS_GENRE = "corpus"


class GoldError(Exception):
    """A gold file that cannot be scored; the message names the file and the problem."""


@dataclass(frozen=True)
class GoldDocument:
    document_id: str
    genre: str
    text: str  # the decoded document, the text gold offsets index
    published_on: date | None  # from the sidecar, as the pipeline passes it to extract()
    figures: tuple[dict, ...]  # the gold rows, one per figure


def genre_of(document_id: str) -> str:
    prefix = document_id.split("_", 1)[0]
    return CORPUS_GENRE if prefix.isdigit() else prefix


def gold_paths(gold_dir: Path = GOLD_DIR) -> list[Path]:
    return sorted(Path(gold_dir).glob("*.jsonl"))


def gold_sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def load_gold_document(path: Path, raw_dir: Path = RAW_DIR) -> GoldDocument:
    """The gold rows of `path` with their document; GoldError when either cannot be used."""
    path = Path(path)
    shown = _shown(path)
    try:
        document = read_document(find_document_file(raw_dir, path.stem))
    except DocumentRejected as error:
        raise GoldError(f"{shown}: its document cannot be read: {error}") from None
    rows: list[dict] = []
    problems: list[str] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            start, end = row["char_start"], row["char_end"]
            if document.text[start:end] != row["number_text"]:
                problems.append(f"line {number}: the text at {start}-{end} is {document.text[start:end]!r}, "
                                f"not number_text {row['number_text']!r}")
                continue
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            problems.append(f"line {number}: not a gold figure ({type(exc).__name__}: {exc})")
            continue
        rows.append(row)
    if problems:
        more = f" (and {len(problems) - 5} more)" if len(problems) > 5 else ""
        raise GoldError(f"{shown}: " + "; ".join(problems[:5]) + more)
    return GoldDocument(path.stem, genre_of(path.stem), document.text, document.sidecar.get("published_on"),
                        tuple(rows))


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
