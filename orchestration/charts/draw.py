"""Charts as PNG files, with Chinese labels in a font that has their glyphs.

A chart is refused, not written with empty boxes, when its font lacks a character it draws: the
characters are checked against the font's character map first, and matplotlib's own
missing-glyph warning is turned into an error while drawing.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from orchestration.charts.fonts import ChineseFont, chinese_font
from orchestration.charts.selection import Chart

COLOURS = ("#3b6ea8", "#d9822b", "#5a9e4b", "#b5485d", "#7b61a8", "#8c6d46")
DERIVED_HATCH = "///"


class MissingGlyphs(Exception):
    """A chart would draw characters its font cannot."""


@dataclass(frozen=True)
class RenderedChart:
    chart: Chart
    path: Path
    font: str


def render(chart: Chart, folder: Path, font: ChineseFont | None = None) -> RenderedChart:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    font = font or chinese_font()
    footnote = f"数据：{chart.documents} 份文件 documents · 序列 series: {', '.join(chart.series_ids[:3])}{' …' if len(chart.series_ids) > 3 else ''}"
    derived_legend = "* = 推算值 derived" if chart.kind == "lines" else "斜线 = 推算值 derived"
    missing = font.missing([*chart.texts(), footnote, derived_legend])
    if missing:
        raise MissingGlyphs(f"chart {chart.name}: the font {font.family} has no glyph for {''.join(missing)!r}")
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{chart.name}.png"
    with warnings.catch_warnings(), plt.rc_context({"font.family": [font.family], "axes.unicode_minus": False}):
        warnings.filterwarnings("error", message=".*missing from font.*")
        figure, axes = plt.subplots(figsize=(9, 5), dpi=100)
        try:
            if chart.kind == "lines":
                _lines(axes, chart)
            else:
                _bars(axes, chart)
            axes.set_title(chart.title, fontsize=14, loc="left")
            axes.set_ylabel(chart.unit)
            axes.spines[["top", "right"]].set_visible(False)
            axes.grid(axis="y", alpha=0.3)
            if any(any(group.derived) for group in chart.groups):
                footnote += "   " + derived_legend
            figure.text(0.01, 0.01, footnote, fontsize=8, color="#555555")
            figure.tight_layout(rect=(0, 0.04, 1, 1))
            figure.savefig(path)
        finally:
            plt.close(figure)
    return RenderedChart(chart, path, font.family)


def _bars(axes, chart: Chart) -> None:
    count, positions = len(chart.groups), range(len(chart.categories))
    width = 0.8 / max(count, 1)
    for index, group in enumerate(chart.groups):
        offsets = [p + (index - (count - 1) / 2) * width for p in positions]
        shown = [(x, v, d) for x, v, d in zip(offsets, group.values, group.derived) if v is not None]
        bars = axes.bar(
            [x for x, _, _ in shown], [v for _, v, _ in shown], width=width * 0.95,
            color=COLOURS[index % len(COLOURS)], label=group.label if count > 1 else None,
            hatch=[DERIVED_HATCH if d else None for _, _, d in shown], edgecolor="white",
        )
        labels = [_number(v) for _, v, _ in shown]
        axes.bar_label(bars, labels=labels, fontsize=8, padding=2)
    if chart.notes and any(chart.notes):
        top = max(v for group in chart.groups for v in group.values if v is not None)
        for position, note in zip(positions, chart.notes):
            if note:
                axes.annotate(f"同比 {note}", (position, 0), xytext=(0, -28), textcoords="offset points",
                              ha="center", fontsize=8, color="#555555", annotation_clip=False)
        axes.set_ylim(top=top * 1.12)
    axes.set_xticks(list(positions), chart.categories, rotation=0 if len(chart.categories) <= 6 else 30,
                    ha="center" if len(chart.categories) <= 6 else "right")
    if count > 1:
        axes.legend(frameon=False)


def _lines(axes, chart: Chart) -> None:
    for index, group in enumerate(chart.groups):
        points = [(d, v, derived) for d, v, derived in zip(chart.dates, group.values, group.derived) if v is not None]
        colour = COLOURS[index % len(COLOURS)]
        axes.plot([d for d, _, _ in points], [v for _, v, _ in points], marker="o", color=colour, label=group.label)
        for d, v, derived in points:
            axes.annotate(_number(v) + ("*" if derived else ""), (d, v), xytext=(4, 4), textcoords="offset points", fontsize=8)
    axes.legend(frameon=False)
    axes.figure.autofmt_xdate()


def _number(value: float) -> str:
    """Five significant digits, the precision statistics are printed with (2,991.9; 17.94; 13,238)."""
    return f"{value:,.0f}" if abs(value) >= 1e5 else f"{value:,.5g}"
