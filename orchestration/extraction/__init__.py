"""Figure extraction: Chinese text in, typed figures out. Pure functions, no I/O.

    extract(text, published_on=None) -> Extraction

The document date comes from `published_on` (the sidecar), else from the document's own date
line (a header, dateline or byline in its head, or a sign-off at its end), else from the
reference period a release's title names, else from what the body states (document_date.py);
a sidecar that disagrees with the text's date line is reported in the diagnostics. Flattened tables are read by `tables.extract_tables`; prose
inside their ranges is skipped, and the two sets of figures are merged in text order.

Where things are:
- lexicon/*.tsv: every word the engine reads, with its meaning (indicator phrasings and their
  category and flow, change words and their sign, markers, qualifiers, subjects, period words,
  units, table header words). A new publisher's wording is first of all a line there.
- meaning layer, shared by prose and tables: periods.py (the Period type, running-text period
  phrases), label_periods.py (table labels' period phrases), document_date.py (the present a
  text speaks from), units.py (parse_unit, to_base), keywords.py (classify an indicator,
  subjects, scope of a subject), matcher.py (one-pass phrase matching).
- prose: text.py (the layout-free view, sentences), candidates.py (numbers with unit and
  qualifiers), changes.py, enumerations.py, ofwhich.py, context.py (what sentences pass on),
  category_rules.py, measure_rules.py, modality_rules.py, period_rules.py and unit_rules.py (ordered
  lists of named rules per slot, reading clues.py's Clues; rules.py), subjects.py (a document's
  firms, the opening phrase of a clause) and subject_rules.py (the subject rules), naming.py
  (indicator names as written), prose.py (the parser that gathers the clues and lets the rules
  decide).
- tables: table_lines.py (lines, cells, a table's body), table_layout.py (grid), table_columns.py
  (what a column measures, and when), table_cells.py (cell meaning), tables.py (entry point).
- traditional.py: text in traditional characters is read through a simplified copy of the same
  length (OpenCC), so the lexicon holds simplified words only and every span stays exact.
A wording that needs more than a lexicon line is a small named rule in the rule list of the
slot it decides, placed where it should take precedence; each figure records the rules that
decided it (Figure.rules).
"""

from __future__ import annotations

import dataclasses
import datetime

from .model import Extraction, Figure, figure_id
from .document_date import detect_document_date
from .periods import find_periods
from .prose import ProseParser
from .subject_rules import is_firm_measure
from .tables import TableResult, extract_tables
from .text import build_view
from .traditional import simplified_reading

__all__ = ["Extraction", "Figure", "extract", "figure_id"]


def extract(text: str, published_on: datetime.date | None = None) -> Extraction:
    reading = simplified_reading(text)
    view = build_view(text, reading)
    periods = find_periods(view.norm)
    dated = detect_document_date(reading, view.norm, periods, published_on)
    doc_date = dated.date
    diagnostics: list[str] = list(dated.diagnostics)
    try:
        tables = extract_tables(reading, doc_date, dated.reference)
    except Exception as exc:  # a table reader failure must not lose the prose figures
        diagnostics.append(f"tables: {type(exc).__name__}: {exc}")
        tables = TableResult()
    diagnostics.extend(tables.diagnostics)
    table_figures, ranges = tables.figures, tables.ranges
    prose_parser = ProseParser(view, doc_date, list(ranges), periods)
    result = prose_parser.run()
    table_figures = _with_document_firm(table_figures, prose_parser.subjects.firms.main)
    diagnostics.extend(result.diagnostics)
    if result.unresolved:
        diagnostics.append(f"unresolved periods: {result.unresolved}")

    # Merge prose and table figures in text order; re-point parent indices after sorting.
    prose = [(f, p) for f, p in zip(result.figures, result.parents)]
    keyed: list[tuple[Figure, Figure | None]] = []
    for f, p in prose:
        keyed.append((f, result.figures[p] if p is not None else None))
    for f in table_figures:
        parent = table_figures[f.parent_index] if f.parent_index is not None and 0 <= f.parent_index < len(table_figures) else None
        keyed.append((f, parent))
    seen: set[tuple[int, int]] = set()
    unique: list[tuple[Figure, Figure | None]] = []
    for f, p in sorted(keyed, key=lambda fp: (fp[0].char_start, fp[0].char_end)):
        if (f.char_start, f.char_end) in seen:
            continue
        seen.add((f.char_start, f.char_end))
        unique.append((f, p))
    position = {(f.char_start, f.char_end): i for i, (f, _) in enumerate(unique)}
    figures = []
    for f, p in unique:
        parent_index = position.get((p.char_start, p.char_end)) if p is not None else None
        # spans are read in the simplified reading; the number is quoted as the original writes it
        number_text = text[f.char_start:f.char_end]
        if f.parent_index != parent_index or f.number_text != number_text:
            f = dataclasses.replace(f, parent_index=parent_index, number_text=number_text)
        figures.append(f)
    return Extraction(tuple(figures), doc_date, dated.source, tuple(diagnostics))


def _with_document_firm(figures: list[Figure], firm: str | None) -> list[Figure]:
    """A company document's tables of its own results (营业收入, 总资产 rows) name no firm: they are
    the document's firm's, as its prose results are."""
    if firm is None:
        return figures
    return [dataclasses.replace(f, subject_zh=firm, scope="firm")
            if f.subject_zh is None and is_firm_measure(f.category, f.unit_base) else f for f in figures]
