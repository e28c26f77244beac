"""Many phrases found in one pass over a text (Aho-Corasick, pyahocorasick).

A `PhraseMatcher` is built once from a word set of the lexicon. It answers the questions
the grammar asks of a stretch of text, each in a single scan:

- `longest_first`: non-overlapping hits, the longest taken first where two overlap (in 全年产销量
  the 产销量 starting one character later beats the 年产 a left-to-right scan would take);
- `leftmost_longest`: non-overlapping hits left to right, the longest at each position (what
  a regular-expression scan of the same alternatives finds);
- `first_start`: where the leftmost hit begins; `all_hits`: every occurrence; `match_at`: the
  longest phrase beginning at a position.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

import ahocorasick


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and hits are made by
# the ten thousand per document; nothing changes a hit once made.
@dataclass(slots=True, unsafe_hash=True)
class Hit:
    start: int
    end: int
    word: str


class PhraseMatcher:
    def __init__(self, phrases: Iterable[str]):
        self.phrases = frozenset(p for p in phrases if p)
        # first character -> the lengths of the phrases it begins, longest first (for match_at)
        lengths: dict[str, set[int]] = {}
        for phrase in self.phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}
        self._automaton = ahocorasick.Automaton()
        for phrase in self.phrases:
            self._automaton.add_word(phrase, len(phrase))
        if self.phrases:
            self._automaton.make_automaton()

    def __contains__(self, phrase: str) -> bool:
        return phrase in self.phrases

    # The automaton copies the whole string it is handed before reading it, whatever the bounds
    # given: a scan of one clause of a document costs a copy of the document unless it is handed
    # the clause alone, so the scans below slice first and shift the positions back.
    def _longest_per_start(self, text: str, start: int, end: int) -> dict[int, int]:
        """Start -> length of the longest phrase beginning there, within text[start:end]."""
        if not self.phrases or end <= start:
            return {}
        # hits come in the order they end, so of the phrases beginning at one place the longest
        # comes last
        return {start + last - length + 1: length for last, length in self._automaton.iter(text[start:end])}

    def longest_first(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(text) if end is None else end
        found = self._longest_per_start(text, start, end)
        # the characters the hits taken so far cover: one look-up per hit instead of a comparison
        # with every hit taken (a whole document's keywords run to thousands)
        covered = bytearray(max(end - start, 0))
        taken: list[tuple[int, int]] = []
        for s, length in sorted(found.items(), key=lambda kv: (-kv[1], kv[0])):
            if covered.find(1, s - start, s - start + length) != -1:
                continue
            covered[s - start:s - start + length] = b"\x01" * length
            taken.append((s, s + length))
        taken.sort()
        return [Hit(s, e, text[s:e]) for s, e in taken]

    def leftmost_longest(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        end = len(text) if end is None else end
        found = self._longest_per_start(text, start, end)
        hits = []
        reached = start
        for s in sorted(found):
            if s < reached:
                continue
            e = s + found[s]
            hits.append(Hit(s, e, text[s:e]))
            reached = e
        return hits

    def last_start(self, text: str) -> int:
        """Where the last occurrence of any phrase begins; -1 when there is none."""
        if not self.phrases or not text:
            return -1
        return max((last - length + 1 for last, length in self._automaton.iter(text)), default=-1)

    def first_start(self, text: str, start: int = 0, end: int | None = None) -> int | None:
        end = len(text) if end is None else end
        found = self._longest_per_start(text, start, end)
        return min(found) if found else None

    def all_hits(self, text: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """Every occurrence of every phrase, overlapping ones included."""
        end = len(text) if end is None else end
        if not self.phrases or end <= start:
            return []
        return [Hit(start + last - length + 1, start + last + 1, text[start + last - length + 1:start + last + 1])
                for last, length in self._automaton.iter(text[start:end])]

    def match_at(self, text: str, pos: int) -> str | None:
        """The longest phrase that begins at `pos`."""
        for length in self._lengths.get(text[pos:pos + 1], ()):
            if text[pos:pos + length] in self.phrases:
                return text[pos:pos + length]
        return None
