"""`make bench-quick` as a smoke test: the harness runs end to end and writes every figure.
No timing is asserted (a shared machine makes any bound flaky); docs/benchmarks.md has the figures."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import PROJECT_ROOT

FIGURES = ("bare_scan_mb_s", "extract_mb_s", "extract_ratio", "first_run_s", "noop_run_s",
           "incremental_one_doc_s", "series_query_ms")


@pytest.mark.warehouse
def test_bench_quick_writes_every_figure(tmp_path):
    output = tmp_path / "bench.json"
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench", "--quick", "--output", str(output)],
        cwd=PROJECT_ROOT, capture_output=True, text=True,
    )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    results = json.loads(output.read_text(encoding="utf-8"))
    for name in FIGURES:
        assert isinstance(results[name], (int, float)) and results[name] > 0, (name, results[name])
    (size,) = results["sizes"]
    assert results["full_rebuild_s"][str(size)] > 0 and results["peak_rss_mb"][str(size)] > 0
    assert results["rebuilds"][0]["fct_figure_rows"] > 0
    assert results["incremental"]["new_document_figures"] > 0
    assert "marts." in results["series_query"]["sql"]
    for name in ("extract_mb_s", "noop_run_s", "series_query_ms"):
        assert name in completed.stdout  # the printed table
