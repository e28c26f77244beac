"""warehouse/index.html: one page linking what a build produces for people to look at — the charts,
the proofreading page of every document, the Data Docs of the checks — with the series per category.
Every link is relative, so the page works opened from disk or served from the warehouse folder."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

STYLE = """
body { font-family: "Noto Sans CJK SC", sans-serif; margin: 2em; color: #222; max-width: 72em; }
h1 { font-size: 1.6em; } h2 { margin-top: 1.6em; border-bottom: 1px solid #ddd; }
table { border-collapse: collapse; font-size: 0.9em; }
td, th { border: 1px solid #ccc; padding: 3px 8px; text-align: left; }
td.n { text-align: right; }
.charts { display: flex; flex-wrap: wrap; gap: 1em; }
.charts figure { margin: 0; } .charts img { width: 26em; border: 1px solid #ddd; }
code { background: #f4f4f4; padding: 1px 4px; }
"""


def render_index(
    documents: Sequence[Mapping],
    series_per_category: Sequence[Mapping],
    chart_files: Sequence[str],
    data_docs: str | None,
) -> str:
    """`documents`: document_id, file_name, title, document_date, figure_count; `series_per_category`:
    category, series, observations, derived; `chart_files`: names in charts/; `data_docs`: the
    relative path of the Data Docs home, or None when no check has run yet."""
    charts = "".join(
        f'<figure><a href="charts/{escape(name)}"><img src="charts/{escape(name)}" alt="{escape(name)}"></a>'
        f"<figcaption>{escape(name)}</figcaption></figure>"
        for name in chart_files
    ) or "<p>No chart yet: materialize the <code>charts</code> asset.</p>"
    series_rows = "".join(
        f"<tr><td>{escape(row['category'])}</td><td class=n>{row['series']}</td>"
        f"<td class=n>{row['observations']}</td><td class=n>{row['derived']}</td></tr>"
        for row in series_per_category
    )
    document_rows = "".join(
        f'<tr><td><a href="review/{escape(doc["document_id"])}.html">{escape(doc["file_name"])}</a></td>'
        f"<td>{escape(doc.get('title') or '')}</td><td>{escape(str(doc.get('document_date') or ''))}</td>"
        f"<td class=n>{doc['figure_count']}</td></tr>"
        for doc in documents
    )
    checks = (
        f'<p><a href="{escape(data_docs)}">Data Docs</a>: the last validation of every Great Expectations suite '
        "(figure structure, category marts, totals identities).</p>"
        if data_docs else "<p>No Data Docs yet: they are written when the checks run (<code>make run</code>).</p>"
    )
    return f"""<!doctype html>
<html lang="zh-Hans"><head><meta charset="utf-8"><title>Nonferrous warehouse 有色金属数据仓库</title>
<style>{STYLE}</style></head><body>
<h1>Nonferrous warehouse 有色金属数据仓库</h1>
<p>Everything a build produces for reading. Query the series from a terminal with
<code>nonferrous series 精炼铜产量</code>, export them with <code>nonferrous export --format xlsx</code>.</p>
<h2>Charts 图表</h2><div class="charts">{charts}</div>
<h2>Series 序列</h2>
<table><tr><th>category 类别</th><th>series 序列</th><th>observations 观测值</th><th>derived 推算</th></tr>{series_rows}</table>
<h2>Checks 校验</h2>{checks}
<h2>Proofreading pages 校对页</h2>
<p>Each document's text with every figure highlighted; hover a number for its fields.</p>
<table><tr><th>file 文件</th><th>title 标题</th><th>date 日期</th><th>figures 数字</th></tr>{document_rows}</table>
</body></html>
"""
