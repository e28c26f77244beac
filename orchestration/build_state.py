"""What the last complete `make run` was built from, so that a run with nothing changed does
nothing and a run after one new document ingests that document only.

`<warehouse dir>/build_state.json` is written after a run whose ingest and refresh both
succeeded. It holds:

- `documents`: each document's quick signature (file names, sizes, modification times, its
  sidecar included) as it was ingested;
- `ingest_code`: a hash of the code that decides what is landed (the readers, the extraction
  library and its lexicon, the ingest assets); when it changes every document is ingested again;
- `build_code`: a hash of everything the warehouse is built with (all of orchestration/, the dbt
  project, the expectation suites);
- `landing` and `warehouse`: the landing zone's file listing and the published file's
  signature right after that run.

A run compares the present with it: documents whose signature differs (or that are new, or whose
landing file is missing) are ingested; if nothing is ingested or removed and the landing zone,
the code and the warehouse file are as recorded, the warehouse is up to date and the run stops
before Dagster is even imported. Anything else -- a document the sensor ingested meanwhile, a
model edited, a warehouse file replaced -- makes the refresh run. No Dagster, dbt or DuckDB here (the raw
folder's listing is the readers'): this is read before the heavy imports.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from orchestration.ingest import raw_folder
from orchestration.settings import DBT_PROJECT_DIR, EXPECTATIONS_DIR, PROJECT_ROOT, Settings

STATE_FILE_NAME = "build_state.json"
LANDING_DATASETS = ("documents", "figures", "extractions", "rejections")
_PACKAGE = PROJECT_ROOT / "orchestration"
INGEST_CODE = (_PACKAGE / "ingest", _PACKAGE / "extraction", _PACKAGE / "assets" / "ingest.py")
BUILD_CODE = (_PACKAGE, DBT_PROJECT_DIR, EXPECTATIONS_DIR)
_NOT_SOURCE = {"target", "logs", "__pycache__", "dbt_packages"}


def tree_hash(roots: tuple[Path, ...]) -> str:
    """sha256 over the names and bytes of every file under `roots` (build output and caches left
    out), so the same tree hashes the same wherever the project is checked out."""
    digest = hashlib.sha256()
    for root in roots:
        files = [root] if root.is_file() else sorted(
            path for path in root.rglob("*")
            if path.is_file() and not _NOT_SOURCE.intersection(path.relative_to(root).parts)
        )
        for path in files:
            name = root.name if path == root else f"{root.name}/{path.relative_to(root)}"
            digest.update(name.encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def raw_signatures(raw_dir: Path) -> dict[str, list]:
    """document id -> [[entry name, size, mtime ns], …] of its entries and sidecar, with the ids
    and entries the partitions have (`raw_folder.members`). An entry that cannot be read (a
    dangling link, a named pipe, a link out of the folder) is signed by its own stat: it is still
    a document to try, whose rejection is listed."""
    signatures: dict[str, list] = {}
    for document_id, paths in raw_folder.members(raw_dir).items():
        signature = []
        for path in paths:
            try:
                stat = raw_folder.entry_stat(path, raw_dir)
            except OSError:  # gone since the folder was listed
                continue
            signature.append([path.name, stat.st_size, stat.st_mtime_ns])
        signatures[document_id] = signature
    return signatures


def landing_listing(landing_dir: Path) -> str:
    digest = hashlib.sha256()
    for dataset in LANDING_DATASETS:
        folder = landing_dir / dataset
        if not folder.is_dir():
            continue
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".parquet"):
                    stat = entry.stat()
                    digest.update(f"{dataset}/{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _landed_or_rejected(settings: Settings, document_id: str) -> bool:
    """A document refused at reading has no landed file but a rejection: it was tried, and is
    tried again only when its bytes (or the ingest code) change."""
    return any((settings.landing_dir / dataset / f"{document_id}.parquet").exists() for dataset in ("documents", "rejections"))


def file_signature(path: Path) -> list[int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return [stat.st_size, stat.st_mtime_ns]


@dataclass
class BuildState:
    documents: dict[str, list] = field(default_factory=dict)
    ingest_code: str = ""
    build_code: str = ""
    landing: str = ""
    warehouse: list[int] | None = None

    @staticmethod
    def path(settings: Settings) -> Path:
        return settings.warehouse_dir / STATE_FILE_NAME

    @classmethod
    def load(cls, settings: Settings) -> "BuildState":
        """The recorded state; an empty one (everything counts as changed) if there is none or it
        cannot be read."""
        try:
            data = json.loads(cls.path(settings).read_text(encoding="utf-8"))
            return cls(**{key: data[key] for key in ("documents", "ingest_code", "build_code", "landing", "warehouse")})
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def save(self, settings: Settings) -> None:
        target = self.path(settings)
        temporary = target.with_name(f".{target.name}.tmp")
        temporary.write_text(json.dumps(self.__dict__, sort_keys=True), encoding="utf-8")
        os.replace(temporary, target)


@dataclass(frozen=True)
class Plan:
    """What a run has to do to bring the warehouse up to date with the raw folder."""

    present: dict[str, list]  # the raw folder now: document id -> signature
    to_ingest: list[str]  # new, changed, or not landed; every document when the ingest code changed
    removed: list[str]  # ingested before, gone from the raw folder now
    ingest_code: str
    build_code: str
    reason: str  # why the refresh has to run, "" when it does not

    @property
    def up_to_date(self) -> bool:
        return not self.to_ingest and not self.removed and not self.reason


def plan(settings: Settings, state: BuildState | None = None) -> Plan:
    state = state if state is not None else BuildState.load(settings)
    present = raw_signatures(settings.raw_dir)
    ingest_code, build_code = tree_hash(INGEST_CODE), tree_hash(BUILD_CODE)
    if ingest_code != state.ingest_code:
        to_ingest = sorted(present)
    else:
        to_ingest = sorted(
            document_id for document_id, signature in present.items()
            if state.documents.get(document_id) != signature or not _landed_or_rejected(settings, document_id)
        )
    removed = sorted(set(state.documents) - set(present))
    reason = ""
    if build_code != state.build_code:
        reason = "the code, the dbt project or the expectations changed"
    elif file_signature(settings.warehouse) != state.warehouse or state.warehouse is None:
        reason = "the warehouse file is not the one the last run published"
    elif landing_listing(settings.landing_dir) != state.landing:
        reason = "the landing zone changed since the last build"
    return Plan(present, to_ingest, removed, ingest_code, build_code, reason)


def record(settings: Settings, done: Plan) -> None:
    """After a run whose ingest and refresh both succeeded."""
    BuildState(
        documents=done.present,
        ingest_code=done.ingest_code,
        build_code=done.build_code,
        landing=landing_listing(settings.landing_dir),
        warehouse=file_signature(settings.warehouse),
    ).save(settings)
