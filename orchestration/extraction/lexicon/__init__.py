"""The extraction lexicon: every word the engine reads, with its meaning, as data.

Each `*.tsv` file beside this module is one table: comment lines (#) saying what it holds, a
header row, then one phrase a line with its meaning in the other columns. A new publisher's
wording is a line here, not a change to the grammar.

Tables are loaded once, at import; the engine asks for word sets by meaning
(`words("changes", role="rise")`) while its modules are imported, and compiles them there
once (`matcher.PhraseMatcher`, or a regular expression where a word class sits inside a
pattern). Every query is recorded, so a test can show that no entry is read by nothing
(`unread_entries`) and no entry is listed twice (`duplicate_entries`).
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType

# The columns that, with the phrase, identify an entry: a phrase may have one meaning per key.
KEY_COLUMNS: dict[str, tuple[str, ...]] = {
    "changes": (),
    "compound_indicators": (),
    "count_names": ("role",),
    "duration_names": ("role",),
    "datelines": ("role",),
    "dimension_names": (),
    "indicators": (),
    "markers": ("marker",),
    "name_parts": ("position",),
    "not_figures": ("kind",),
    "paired_indicators": (),
    "partner_abbreviations": (),
    "period_words": ("kind",),
    "qualifiers": ("position",),
    "quantity_names": (),
    "quotes": ("role",),
    "single_metal_blocks": ("side",),
    "stakes": ("kind",),
    "subjects": ("kind",),
    "table_words": ("role",),
    "trade_names": ("counts",),
    "units": ("role",),
}


@dataclass(frozen=True)
class Entry:
    phrase: str
    meaning: MappingProxyType  # column -> value ("" when empty)
    line: int

    def __getitem__(self, column: str) -> str:
        return self.meaning[column]


def _read(name: str) -> tuple[Entry, ...]:
    text = resources.files(__name__).joinpath(f"{name}.tsv").read_text(encoding="utf-8")
    header: list[str] | None = None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            if header[0] != "phrase":
                raise ValueError(f"lexicon/{name}.tsv: the first column must be 'phrase'")
            continue
        if len(cells) != len(header):
            raise ValueError(f"lexicon/{name}.tsv line {number}: {len(cells)} cells, {len(header)} columns")
        entries.append(Entry(cells[0], MappingProxyType(dict(zip(header[1:], cells[1:]))), number))
    return tuple(entries)


TABLES: dict[str, tuple[Entry, ...]] = {name: _read(name) for name in KEY_COLUMNS}
_queries: list[tuple[str, tuple[tuple[str, str], ...]]] = []


def entries(table: str, **where: str) -> tuple[Entry, ...]:
    """The entries of `table` whose columns hold the given values, in file order."""
    _queries.append((table, tuple(where.items())))
    return tuple(e for e in TABLES[table] if all(e[k] == v for k, v in where.items()))


def words(table: str, **where: str) -> tuple[str, ...]:
    return tuple(e.phrase for e in entries(table, **where))


def meanings(table: str, column: str, **where: str) -> dict[str, str]:
    """phrase -> the value of `column`, for the entries selected by `where`."""
    return {e.phrase: e[column] for e in entries(table, **where)}


def duplicate_entries() -> list[str]:
    """Entries listed twice with the same key (a phrase with two meanings where one is allowed)."""
    found = []
    for table, rows in TABLES.items():
        seen: dict[tuple[str, ...], int] = {}
        for e in rows:
            key = (e.phrase, *(e[k] for k in KEY_COLUMNS[table]))
            if key in seen:
                found.append(f"lexicon/{table}.tsv line {e.line}: {e.phrase} repeats line {seen[key]}")
            else:
                seen[key] = e.line
    return found


def unread_entries() -> list[str]:
    """Entries no query of the engine selects (call after importing the engine's modules)."""
    found = []
    for table, rows in TABLES.items():
        conditions = [dict(where) for name, where in _queries if name == table]
        for e in rows:
            if not any(all(e[k] == v for k, v in c.items()) for c in conditions):
                found.append(f"lexicon/{table}.tsv line {e.line}: {e.phrase} is read by no rule")
    return found
