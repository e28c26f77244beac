"""Data Docs that render offline. Great Expectations' pages load Bootstrap, jQuery, Popper,
bootstrap-table, a date picker and Font Awesome from CDNs (and vega, a dark theme and a logo they
do not need here: our suites draw no charts). The pages are rewritten to use the copies vendored beside this module
(`data_docs_vendor/`, each with its licence) in `<data docs>/vendor/`; anything else they would
fetch is dropped, so opening them never reaches the internet.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

VENDOR_SOURCE = Path(__file__).resolve().parent / "data_docs_vendor"
VENDOR_FOLDER = "vendor"

# The file a CDN URL names (its last path segment) -> the vendored copy, relative to vendor/.
VENDORED = {
    "bootstrap.min.css": "bootstrap/bootstrap.min.css",
    "bootstrap.min.js": "bootstrap/bootstrap.min.js",
    "jquery-3.7.1.min.js": "jquery/jquery.min.js",
    "popper.min.js": "popper/popper.min.js",
    "bootstrap-table.min.css": "bootstrap-table/bootstrap-table.min.css",
    "bootstrap-table.min.js": "bootstrap-table/bootstrap-table.min.js",
    "bootstrap-table-filter-control.css": "bootstrap-table/bootstrap-table-filter-control.min.css",
    "bootstrap-table-filter-control.min.css": "bootstrap-table/bootstrap-table-filter-control.min.css",
    "bootstrap-table-filter-control.min.js": "bootstrap-table/bootstrap-table-filter-control.min.js",
    "all.min.css": "fontawesome/css/all.min.css",
    "bootstrap-datepicker.min.css": "bootstrap-datepicker/bootstrap-datepicker.min.css",
    "bootstrap-datepicker.min.js": "bootstrap-datepicker/bootstrap-datepicker.min.js",
}

_FETCHED = re.compile(
    r"<script\b[^>]*\bsrc=\"(?P<script>https?://[^\"]+)\"[^>]*>\s*</script>"
    r"|<link\b[^>]*\bhref=\"(?P<link>https?://[^\"]+)\"[^>]*>"
    r"|<img\b[^>]*\bsrc=\"(?P<img>https?://[^\"]+)\"[^>]*>"
)
_INTEGRITY = re.compile(r"\s(?:integrity|crossorigin)=\"[^\"]*\"")


def make_offline(data_docs_dir: Path) -> None:
    """Vendor the libraries into `data_docs_dir/vendor/` and point every page at them."""
    shutil.copytree(VENDOR_SOURCE, data_docs_dir / VENDOR_FOLDER, dirs_exist_ok=True)
    for page in data_docs_dir.rglob("*.html"):
        if VENDOR_FOLDER in page.relative_to(data_docs_dir).parts:
            continue
        html = page.read_text(encoding="utf-8")
        prefix = Path(os.path.relpath(data_docs_dir / VENDOR_FOLDER, page.parent)).as_posix()
        offline = _FETCHED.sub(lambda match: _localised(match, prefix), html)
        if offline != html:
            page.write_text(offline, encoding="utf-8")


def _localised(match: re.Match, prefix: str) -> str:
    url = match.group("script") or match.group("link") or match.group("img")
    vendored = VENDORED.get(url.split("?")[0].rstrip("/").rsplit("/", 1)[-1])
    if vendored is None or match.group("img"):
        return ""  # vega, the dark theme, the remote logo: not needed offline
    return _INTEGRITY.sub("", match.group(0).replace(url, f"{prefix}/{vendored}"))
