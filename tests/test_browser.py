"""The Dagster UI in a real browser, as a new user meets it.

`dagster dev` (webserver and daemon) runs on a free localhost port over a copy of the corpus
warehouse; Debian's Chromium (installed by `make test`, never Playwright's own download), driven
by Playwright, opens the asset lineage, checks that our groups are there, launches a
materialization of the charts from the asset's page, waits on the run's page until it succeeds,
and opens the asset again to find the charts drawn in its materialization's metadata. Screenshots of each step
are kept in test-artifacts/browser/.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
ARTIFACTS = PROJECT_ROOT / "test-artifacts" / "browser"
GROUPS = ("ingest", "staging", "intermediate", "marts", "series", "reconciliation", "catalogue", "review")
START_TIMEOUT_S = 120
RUN_TIMEOUT_MS = 180_000


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


@pytest.fixture(scope="module")
def dagster_ui(corpus_warehouse, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium (make test-debian-packages)")
    root = tmp_path_factory.mktemp("ui")
    warehouse = root / "warehouse" / "nonferrous.duckdb"
    warehouse.parent.mkdir()
    shutil.copyfile(corpus_warehouse.warehouse, warehouse)
    raw = root / "raw"  # empty: the raw-folder sensor has nothing to ingest while the test runs
    raw.mkdir()
    dagster_home = root / "dagster_home"
    port = _free_port()
    env = {
        **os.environ,
        "NONFERROUS_RAW_DIR": str(raw),
        "NONFERROUS_WAREHOUSE": str(warehouse),
        "DAGSTER_HOME": str(dagster_home),
        "DO_NOT_TRACK": "1",
        "GX_ANALYTICS_ENABLED": "false",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
    }
    # what `make ui` does first: the Dagster home, and the dbt manifest of this warehouse
    subprocess.run([sys.executable, "-m", "orchestration.setup"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    log = (root / "dagster_dev.log").open("w")
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "dagster"), "dev", "-m", "orchestration.definitions",
         "--host", "127.0.0.1", "--port", str(port)],
        env=env, cwd=PROJECT_ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while not _answers(f"{base}/server_info"):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"dagster dev did not come up on {base}:\n{(root / 'dagster_dev.log').read_text()[-3000:]}")
            time.sleep(1)
        yield base, warehouse
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C sends: dagster dev stops its daemon and webserver
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


@pytest.fixture(scope="module")
def page(dagster_ui):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.set_default_timeout(60_000)
        # the first-visit "join the community" dialog covers whatever page it opens on
        page.add_locator_handler(page.get_by_role("button", name="Skip"), lambda button: button.click())
        yield page
        browser.close()


def test_the_asset_lineage_shows_our_groups(dagster_ui, page):
    base, _ = dagster_ui
    page.goto(f"{base}/asset-groups")
    for group in GROUPS:
        page.get_by_text(group, exact=True).first.wait_for()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=ARTIFACTS / "01_asset_lineage.png", animations="disabled")


def test_a_materialization_launched_from_the_ui_succeeds_and_shows_the_charts(dagster_ui, page):
    base, warehouse = dagster_ui
    page.goto(f"{base}/assets/charts")
    page.locator("button").filter(has_text=re.compile(r"^\s*Materialize\s*$")).first.click()
    # upstream assets were built outside this fresh Dagster home, so the UI asks before launching
    confirm = page.get_by_role("button", name="Confirm")
    confirm.wait_for()
    confirm.click()
    toast = page.get_by_text(re.compile(r"Launched run"))
    toast.wait_for()
    page.screenshot(path=ARTIFACTS / "02_run_launched.png", animations="disabled")
    page.get_by_role("link", name="View").first.click()
    page.wait_for_url(re.compile(r"/runs/"))
    page.get_by_text("Success", exact=True).first.wait_for(timeout=RUN_TIMEOUT_MS)
    page.screenshot(path=ARTIFACTS / "03_run_succeeded.png", animations="disabled")

    charts = sorted(path.name for path in (warehouse.parent / "charts").glob("*.png"))
    assert "output_by_metal.png" in charts and "trade_by_flow.png" in charts

    page.goto(f"{base}/assets/charts")
    preview = page.get_by_role("row").filter(has_text="preview").get_by_text("Show Markdown")
    preview.wait_for()
    page.screenshot(path=ARTIFACTS / "04_charts_asset.png", animations="disabled")
    preview.click()
    inline = page.locator("img[src^='data:image/png']")
    inline.first.wait_for()
    assert inline.count() == len(charts)
    page.screenshot(path=ARTIFACTS / "05_charts_in_the_materialization.png", animations="disabled")
