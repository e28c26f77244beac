"""Proofreading pages: a document's text with every figure highlighted by category, its fields
on hover, and a table of the figures below. Analysts check extraction by eye here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

CATEGORY_COLOURS = {
    "trade": "#ffd59e",
    "output": "#b8e0b8",
    "investment": "#b5d3f5",
    "profit": "#f7b7c3",
    "price": "#e0c8f5",
    "index": "#c9f0ee",
    "capacity": "#f3e6a1",
    "consumption": "#d9ecb3",
    "energy_env": "#c6e6c6",
    "macro": "#dcdcdc",
    "other": "#eeeeee",
}
TABLE_COLUMNS = (
    "char_start", "number_text", "value", "unit", "value_base", "unit_base", "measure", "category",
    "indicator_zh", "indicator_code", "subject_zh", "commodity_code", "qualifier", "period_start",
    "period_end", "period_grain", "flow", "scope", "rules",
)
HOVER_FIELDS = (
    "category", "indicator_zh", "subject_zh", "measure", "value", "unit", "value_base", "unit_base",
    "qualifier", "period_start", "period_end", "period_grain", "flow", "scope", "figure_id", "rules",
)

STYLE = """
body { font-family: sans-serif; margin: 2em; color: #222; }
.text { white-space: pre-wrap; line-height: 1.8; border: 1px solid #ccc; padding: 1em; max-width: 60em; }
mark { border-radius: 3px; padding: 0 1px; cursor: help; }
mark:target { outline: 2px solid #c00; }
table { border-collapse: collapse; font-size: 0.85em; margin-top: 1em; }
td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 4px; border-radius: 3px; }
"""


def render_review_page(document: Mapping, figures: Sequence[Mapping]) -> str:
    """`document` has document_id, file_name, text, document_date (None when unknown) and, where
    known, title and publisher; `figures` are fct_figure rows, with the names of the extraction
    rules that decided them (`rules`) where known."""
    text: str = document["text"]
    ordered = sorted(figures, key=lambda f: (f["char_start"], f["char_end"]))
    pieces, cursor = [], 0
    for figure in ordered:
        start, end = figure["char_start"], figure["char_end"]
        if start < cursor:  # overlapping spans cannot both be wrapped; the table still lists it
            continue
        pieces.append(escape(text[cursor:start]))
        hover = "\n".join(f"{name}: {value}" for name in HOVER_FIELDS if (value := figure.get(name)) is not None)
        colour = CATEGORY_COLOURS.get(figure["category"], "#eeeeee")
        pieces.append(
            f'<mark id="f{start}" class="figure {escape(figure["category"])}" style="background:{colour}" '
            f'title="{escape(hover)}">{escape(text[start:end])}</mark>'
        )
        cursor = end
    pieces.append(escape(text[cursor:]))

    legend = "".join(
        f'<span style="background:{colour}">{category} ({sum(1 for f in ordered if f["category"] == category)})</span>'
        for category, colour in CATEGORY_COLOURS.items()
    )
    header = "".join(f"<th>{name}</th>" for name in TABLE_COLUMNS)
    rows = "".join(
        "<tr>" + "".join(
            f'<td><a href="#f{f["char_start"]}">{f["char_start"]}</a></td>' if name == "char_start"
            else f"<td>{'' if (value := f.get(name)) is None else escape(str(value))}</td>"
            for name in TABLE_COLUMNS
        ) + "</tr>"
        for f in ordered
    )
    title = escape(f'{document["file_name"]}: {len(ordered)} figures')
    date = document.get("document_date") or "unknown (neither the text nor a sidecar gives one)"
    about = "".join(
        f"<br>{label}: {escape(str(document[key]))}" for key, label in (("title", "Title"), ("publisher", "Publisher"))
        if document.get(key)
    )
    return (
        f'<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title>'
        f"<style>{STYLE}</style></head><body>"
        f"<h1>{title}</h1><p>Document date: {escape(str(date))}.{about}<br>"
        f"Hover a highlighted number for its fields; click a row's offset to jump to it.</p>"
        f'<p class="legend">{legend}</p>'
        f'<div class="text">{"".join(pieces)}</div>'
        f"<h2>Figures</h2><table><thead><tr>{header}</tr></thead><tbody>{rows}</tbody></table>"
        f"</body></html>"
    )
