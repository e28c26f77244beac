"""Charts of the main series (output by metal, trade by flow, profits by segment, prices) as PNG
files with Chinese labels; no Dagster here, the charts asset calls `render_charts`."""

from __future__ import annotations

from pathlib import Path

from orchestration.charts.draw import MissingGlyphs, RenderedChart, render
from orchestration.charts.fonts import NoChineseFont, chinese_font
from orchestration.charts.selection import Chart, select_charts

__all__ = ["Chart", "MissingGlyphs", "NoChineseFont", "RenderedChart", "render_charts"]


def render_charts(connection, folder: Path) -> list[RenderedChart]:
    """Every chart the warehouse has data for, written to `folder`; charts no longer drawn are removed."""
    font = chinese_font()
    rendered = [render(chart, folder, font) for chart in select_charts(connection)]
    kept = {chart.path.name for chart in rendered}
    for stale in folder.glob("*.png"):
        if stale.name not in kept:
            stale.unlink()
    return rendered
