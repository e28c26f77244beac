"""The specification cases (tests/specs/*.yaml) are wordings written for them: no case text is
taken from a document the extractor is measured on (raw/ and the shared corpora beside the
repository), so a rule that passes them is not fitted to those documents. And every listed
number_text is located on a whole number, not inside a longer one (the locator takes the first
match, so "20" in "2019-06-28，…产能为20万吨" needs `occurrence: 1`).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from test_specs import SPEC_DIR, load_spec

PROJECT_ROOT = SPEC_DIR.parent.parent
DOCUMENT_DIRS = [PROJECT_ROOT / "raw", *sorted((PROJECT_ROOT.parent / "shared").glob("corpus*"))]
DIGIT = re.compile(r"[0-9０-９]")
THOUSANDS_GROUP = re.compile(r"[0-9０-９]{3}(?![0-9０-９])")


def _documents() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8", errors="replace")
            for folder in DOCUMENT_DIRS if folder.is_dir()
            for path in sorted(folder.glob("*.txt"))}


def _cases() -> list:
    return [pytest.param(case, id=case.id)
            for path in sorted(SPEC_DIR.glob("*.yaml"))
            for case in load_spec(path).cases]


@pytest.fixture(scope="module")
def documents() -> dict[Path, str]:
    return _documents()


def test_there_are_documents_to_compare_with(documents: dict[Path, str]) -> None:
    assert any(path.parent.name == "raw" for path in documents), f"no documents in {PROJECT_ROOT / 'raw'}"


@pytest.mark.parametrize("case", _cases())
def test_case_text_is_not_taken_from_a_document(case, documents: dict[Path, str]) -> None:
    text = case.text.strip()
    sources = [str(path) for path, document in documents.items() if text in document]
    assert not sources, f"{case.file}, case {case.name!r}: the text is copied from {sources}"


@pytest.mark.parametrize("case", _cases())
def test_listed_numbers_are_whole_numbers(case) -> None:
    text = case.text
    for expected in case.figures or ():
        start, end = expected.span
        assert not (_continues_before(text, start) or _continues_after(text, end)), (
            f"{case.file}, case {case.name!r}: {expected.number_text!r} at {start}-{end} is inside the "
            f"longer number around {text[max(0, start - 6):end + 6]!r}; list the figures in text order "
            f"or write `occurrence`")


def _continues_before(text: str, start: int) -> bool:
    before = text[start - 1:start] if start else ""
    if DIGIT.match(before):
        return True
    if not (DIGIT.match(text[start:start + 1]) and start >= 2 and DIGIT.match(text[start - 2])):
        return False
    # a decimal point, or a thousands separator followed by a group of three digits
    return before in (".", "．") or (before in (",", "，") and bool(THOUSANDS_GROUP.match(text, start)))


def _continues_after(text: str, end: int) -> bool:
    after = text[end:end + 1]
    if DIGIT.match(after):
        return True
    if not (end and DIGIT.match(text[end - 1])):
        return False
    return (after in (".", "．") and bool(DIGIT.match(text[end + 1:end + 2]))) or (
        after in (",", "，") and bool(THOUSANDS_GROUP.match(text, end + 1)))
