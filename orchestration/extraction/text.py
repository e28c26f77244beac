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
digits, Latin letters and number punctuation are NFKC-folded ("２０２５" -> "2025", "％" -> "%").
Chinese punctuation (，；：（）) is left alone because it delimits clauses.
"""

from __future__ import annotations

import statistics
import unicodedata
from dataclasses import dataclass

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
    if ch in "—–－‐‑":  # dashes used in ranges (1—4月)
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


def build_view(text: str) -> View:
    wide = _wide_layout(text)
    out: list[str] = []
    idx: list[int] = []
    n = len(text)
    i = 0
    line_start = 0  # original offset of the current line's first char
    while i < n:
        ch = text[i]
        if not ch.isspace():
            out.append(ch)
            idx.append(i)
            i += 1
            continue
        # a run of whitespace
        j = i
        while j < n and text[j].isspace():
            j += 1
        run = text[i:j]
        prev = out[-1] if out else ""
        nxt = text[j] if j < n else ""
        newlines = run.count("\n") + run.count("\r") - run.count("\r\n")
        has_tab = "\t" in run
        sep: str | None = None
        if newlines:
            line = text[line_start:i].strip()
            prev_core = prev
            if prev in CLOSERS and len(out) >= 2:
                prev_core = out[-2]
            if prev_core in TERMINAL or prev_core in "：:" and wide:
                sep = "\n"
            elif wide and (len(line) <= 30 or has_tab):
                # a headline or a table cell in a one-paragraph-per-line document
                sep = "\n"
            elif has_tab:
                sep = "\n"
            elif _digitish(prev) and _digitish(nxt) and newlines > 1:
                sep = " "
            last_nl = max(run.rfind("\n"), run.rfind("\r"))
            line_start = i + last_nl + 1
        else:
            if has_tab or (_digitish(prev) and _digitish(nxt)):
                sep = " "
        if sep is not None and out:
            out.append(sep)
            idx.append(i)
        i = j
    view_text = "".join(out)
    norm = "".join(_fold(c) for c in view_text)
    return View(text, view_text, norm, tuple(idx))


def _digitish(ch: str) -> bool:
    if not ch:
        return False
    f = _fold(ch)
    return f.isdigit() and f.isascii() or f in "."


@dataclass(frozen=True)
class Sentence:
    start: int  # view offsets
    end: int
    paragraph: int


SENTENCE_END = frozenset("。！？!?")


def split_sentences(view: View) -> list[Sentence]:
    """Sentences of the view: ended by 。！？ or a paragraph break; a closing quote stays with
    the sentence it closes."""
    text = view.text
    sentences: list[Sentence] = []
    paragraph = 0
    start = 0
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            if i > start:
                sentences.append(Sentence(start, i, paragraph))
            paragraph += 1
            start = i + 1
        elif ch in SENTENCE_END:
            end = i + 1
            while end < n and text[end] in CLOSERS:
                end += 1
            sentences.append(Sentence(start, end, paragraph))
            start = end
            i = end
            continue
        i += 1
    if start < n:
        sentences.append(Sentence(start, n, paragraph))
    return [s for s in sentences if text[s.start:s.end].strip()]
