"""The warehouse's pages — index.html, the proofreading pages (review/), the charts and the Data
Docs — served read-only over http, and the links the Dagster UI shows to them.

A browser does not follow a file:// link from an http page such as the Dagster UI, and Dagster
serves no files of its own; so `make ui` and `make serve` start this small server beside the
webserver (`python -m orchestration.pages`), at NONFERROUS_PAGES_URL (http://127.0.0.1:3001 by
default). Links in materialization and check metadata point there, and come with the file's path
as copyable text for a reader without the server.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import dagster as dg

from orchestration.settings import Settings

# What is served, under the warehouse folder: nothing else there (the DuckDB file, the landing
# zone, the run history) is.
SERVED = ("index.html", "review", "charts", "data_docs")


def url_of(settings: Settings, path: Path, anchor: str | None = None) -> str:
    """The address of a page of the warehouse folder on the pages server (a file elsewhere: its
    file:// address)."""
    resolved, root = path.resolve(), settings.warehouse_dir.resolve()
    if not resolved.is_relative_to(root):
        return resolved.as_uri()
    return f"{settings.pages_url}/{resolved.relative_to(root).as_posix()}" + (f"#{anchor}" if anchor else "")


def page_metadata(settings: Settings, name: str, path: Path) -> dict[str, dg.MetadataValue]:
    """`name`: the link (pages server); `name_file`: the path, to copy."""
    return {name: dg.MetadataValue.url(url_of(settings, path)), f"{name}_file": dg.MetadataValue.path(str(path))}


def proofreading_markdown(settings: Settings, figures: Iterable[tuple[str, str, int]]) -> str:
    """For figures (figure_id, document_id, char_start): each document's proofreading page, a link
    to the figure's place on it, and the command that shows the figure in a terminal."""
    by_document: dict[str, list[tuple[str, int]]] = {}
    for figure_id, document_id, char_start in figures:
        by_document.setdefault(document_id, []).append((figure_id, char_start))
    lines = []
    for document_id, placed in sorted(by_document.items()):
        page = settings.review_dir / f"{document_id}.html"
        lines.append(f"- [{document_id}]({url_of(settings, page)}) `{page}`")
        lines += [
            f"  - [figure {figure_id}]({url_of(settings, page, f'f{char_start}')}): `nonferrous figure {figure_id}`"
            for figure_id, char_start in placed
        ]
    return "\n".join(lines)


def document_pages_markdown(settings: Settings, document_ids: Iterable[str]) -> str:
    """Each document's proofreading page (of its last published version), or that it has none."""
    lines = []
    for document_id in sorted(set(document_ids)):
        page = settings.review_dir / f"{document_id}.html"
        lines.append(
            f"- [{document_id}]({url_of(settings, page)}) `{page}`" if page.exists()
            else f"- {document_id}: no proofreading page (never published)"
        )
    return "\n".join(lines)


class _PagesHandler(SimpleHTTPRequestHandler):
    def send_head(self):
        root = Path(self.directory).resolve()
        target = Path(self.translate_path(self.path)).resolve()  # `..` already gone
        parts = target.relative_to(root).parts if target.is_relative_to(root) else ("..",)
        if parts and parts[0] not in SERVED:
            self.send_error(404, "not one of the warehouse's pages")
            return None
        return super().send_head()

    def list_directory(self, path):
        if Path(path).resolve() == Path(self.directory).resolve():  # the warehouse folder, before index.html exists
            self.send_error(404, "no index page yet: `make run` writes it")
            return None
        return super().list_directory(path)

    def log_message(self, format, *args):  # noqa: A002 - the signature of the base class
        pass


def server(settings: Settings, host: str | None = None, port: int | None = None) -> ThreadingHTTPServer:
    """The server of the settings' warehouse pages, bound to NONFERROUS_PAGES_URL's host and port
    unless others are given (port 0: a free one)."""
    address = urlsplit(settings.pages_url)
    handler = functools.partial(_PagesHandler, directory=str(settings.warehouse_dir))
    return ThreadingHTTPServer((host or address.hostname or "127.0.0.1", address.port if port is None else port), handler)


def main() -> int:
    settings = Settings.from_env()
    settings.warehouse_dir.mkdir(parents=True, exist_ok=True)
    try:
        pages = server(settings)
    except OSError as error:
        print(f"pages server: cannot listen at {settings.pages_url} ({error}); "
              "set NONFERROUS_PAGES_URL to a free address", file=sys.stderr)
        return 1
    with pages:
        print(f"warehouse pages of {settings.warehouse_dir} at {settings.pages_url}/index.html", file=sys.stderr, flush=True)
        try:
            pages.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
