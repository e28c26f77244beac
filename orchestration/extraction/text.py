"""A layout-free view of a document, with a map back to original offsets.

Newspapers are set in narrow columns: a line break (and the blank line of a column or page
break) can fall inside a number, a unit or a keyword ("增长\\n5.7%", "2660.0万\\n吨"), and
justified text spaces out characters ("品 种 波 动"). The grammar reads a *view* of the text
with that layout whitespace removed; every view character remembers the original offset it
came from, so a span found in the view maps back to `text[char_start:char_end]` of the
original, which may then contain the line break.

Two kinds of whitespace survive in the view, as a single "\\n" or " ":
- a paragraph break ("\\n"): a line break after sentence-final punctuation, or, in documents
  set one paragraph per line, after a short line without final punctuation (a headline);
- a cell or word separator (" "): a tab (flattened tables), or whitespace between two digits
  that is not a plain soft line wrap (so "3136\\n\\t5156" never reads as one number).

The view also carries a *normalised* copy (same length, char for char) in which full-width
digits, Latin letters and number punctuation are NFKC-folded ("２０２５" -> "2025", "％" -> "%"),
and a year written digit by digit in Chinese numerals is written in digits ("二零二二年" ->
"2022年", as filings date their periods). Chinese punctuation (，；：（）) is left alone because
it delimits clauses.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from itertools import chain

from .document_date import date_line
from .periods import digit_years

# Characters after which a line break ends a paragraph.
TERMINAL = frozenset("。！？!?…")
CLOSERS = frozenset("”’」』）)")
# Full-width forms folded in the normalised view; Chinese clause punctuation is kept as is.
_KEEP_FULLWIDTH = frozenset("，；：（）！？")


def _fold(ch: str) -> str:
    if "\uff01" <= ch <= "\uff5e" and ch not in _KEEP_FULLWIDTH:
        folded = unicodedata.normalize("NFKC", ch)
        if len(folded) == 1:
            return folded
    if ch in "\u3000\u00a0":
        return " "
    if ch in "—–－‐‑−":  # dashes used in ranges (1—4月) and the minus sign (−2.1%)
        return "-"
    if ch in "～〜":
        return "~"
    if ch == "〇":
        return "〇"
    return ch


@dataclass(frozen=True)
class View:
    original: str
    text: str  # layout whitespace removed
    norm: str  # `text` with full-width forms folded; same length as `text`
    index: tuple[int, ...]  # view position -> original offset
    reading: str  # the original in simplified characters (traditional.py); same length

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a view span [start, end) to an original span; the end is exclusive."""
        if end <= start:
            pos = self.index[start] if start < len(self.index) else len(self.original)
            return pos, pos
        return self.index[start], self.index[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]


def _wide_layout(text: str) -> bool:
    """True when paragraphs are set one per line (a web page), False for narrow columns.
    Lines holding tabs are table cells, which say nothing about how the prose is set."""
    lengths = [len(line.strip()) for line in text.splitlines() if line.strip() and "\t" not in line]
    if not lengths:
        return True
    return statistics.median(lengths) > 30


# Every character `_fold` changes: few in a document, so they are found and replaced one by one.
_FOLDED = {chr(code): folded for code in (*range(0xFF01, 0xFF5F), *map(ord, "\u3000\u00a0—–－‐‑−～〜"))
           if (folded := _fold(chr(code))) != chr(code)}
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLDED)) + "]")
_WHITESPACE = re.compile(r"\s+")
_LIST_ITEM = re.compile(r"(?:\d{1,2}、|[（(][一二三四五六七八九十\d]{1,2}[)）])")


def build_view(original: str, reading: str | None = None) -> View:
    """The view of `original`, read from `reading` (its simplified-character copy, the same
    length char for char) when the original is written in traditional characters."""
    text = original if reading is None else reading
    wide = _wide_layout(text)
    pieces: list[str] = []
    index: list[range | tuple[int]] = []
    tail = ""  # the last two characters of the view so far
    n = len(text)
    pos = 0
    line_start = 0  # original offset of the current line's first char
    for run_match in _WHITESPACE.finditer(text):
        i, j = run_match.span()
        if i > pos:
            pieces.append(text[pos:i])
            index.append(range(pos, i))
            tail = (tail + text[max(pos, i - 2):i])[-2:]
        pos = j
        run = run_match.group()
        prev = tail[-1:]
        nxt = text[j] if j < n else ""
        newlines = run.count("\n") + run.count("\r") - run.count("\r\n")
        has_tab = "\t" in run
        sep: str | None = None
        if newlines:
            line = text[line_start:i].strip()
            prev_core = tail[0] if prev in CLOSERS and len(tail) >= 2 else prev
            if prev_core in TERMINAL or prev_core in "：:" and wide:
                sep = "\n"
            elif wide and (len(line) <= 30 or has_tab):
                # a headline or a table cell in a one-paragraph-per-line document
                sep = "\n"
            elif has_tab:
                sep = "\n"
            elif len(line) <= 60 and date_line(line) is not None:
                sep = "\n"  # a dateline or byline is a paragraph of its own, whatever the layout
            elif _LIST_ITEM.match(text, j):
                sep = "\n"  # a numbered item (1、, （二）) begins a paragraph, whatever the layout
            elif _digitish(prev) and _digitish(nxt) and newlines > 1:
                sep = " "
            last_nl = max(run.rfind("\n"), run.rfind("\r"))
            line_start = i + last_nl + 1
        elif has_tab or (_digitish(prev) and _digitish(nxt)):
            sep = " "
        if sep is not None and tail:
            pieces.append(sep)
            index.append((i,))
            tail = (tail + sep)[-2:]
    if pos < n:
        pieces.append(text[pos:])
        index.append(range(pos, n))
    view_text = "".join(pieces)
    norm = _FOLDABLE.sub(lambda m: _FOLDED[m.group()], view_text)
    norm = digit_years(norm)
    return View(original, view_text, norm, tuple(chain.from_iterable(index)), text)


def _digitish(ch: str) -> bool:
    if not ch:
        return False
    f = _fold(ch)
    return f.isdigit() and f.isascii() or f in "."


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # view offsets
    end: int
    paragraph: int


SENTENCE_END = frozenset("。！？!?")


_SENTENCE_BREAK = re.compile("\n|[" + "".join(sorted(SENTENCE_END)) + "][" + "".join(sorted(CLOSERS)) + "]*")


def split_sentences(view: View) -> list[Sentence]:
    """Sentences of the view: ended by 。！？ or a paragraph break; a closing quote stays with
    the sentence it closes."""
    text = view.text
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    for m in _SENTENCE_BREAK.finditer(text):
        i, end = m.span()
        if text[i] == "\n":
            if i > start:
                sentences.append(Sentence(start, i, paragraph))
            paragraph += 1
        else:
            sentences.append(Sentence(start, end, paragraph))
        start = end
    if start < len(text):
        sentences.append(Sentence(start, len(text), paragraph))
    return [s for s in sentences if text[s.start:s.end].strip()]
