"""Great Expectations suites, kept as JSON files in expectations/, run against the warehouse.

Each run builds an ephemeral GE context (nothing written but the Data Docs), loads the suite file,
evaluates it on the mart it validates in the DuckDB file (read-only) and renders the result as
Data Docs HTML under `<data_docs_dir>/<suite>/`. The expectations are evaluated by DuckDB where the
mart lies (orchestration.quality.in_database: one SQL query per suite, GE's results), not by GE's
pandas engine, which held the whole mart in memory: the figure marts and the reconciliation grow
with the documents beyond what a pandas batch holds (docs/benchmarks.md). GE's pandas engine
stays available (`engine="pandas"`) as the reference the tests compare the SQL with.

A suite file is the reviewable source of truth: GE 1.x logs and drops an expectation whose type it
does not know instead of raising, so `load_suite` refuses a suite that comes out with fewer
expectations than its file lists, or with one the SQL evaluation does not know.
"""

from __future__ import annotations

import html
import json
import logging
import os
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd

from orchestration import warehouse as warehouse_file
from orchestration.quality.contract import VOCABULARY_COLUMNS, contract_vocabulary
from orchestration.quality.data_docs import make_offline
from orchestration.quality.in_database import (
    ROW_ORDER, Batch, UnsupportedExpectation, batch, batch_frame, check_supported, evaluate_suite,
)
from orchestration.settings import EXPECTATIONS_DIR

if TYPE_CHECKING:
    import great_expectations as gx

logger = logging.getLogger(__name__)

EXAMPLES_PER_FAILURE = 20


@dataclass(frozen=True)
class SuiteSpec:
    """A suite file and the mart it validates (asset key ["marts", model])."""

    name: str
    model: str
    id_column: str
    blocking: bool
    description: str

    @property
    def path(self) -> Path:
        return EXPECTATIONS_DIR / f"{self.name}.json"

    @property
    def asset_key_path(self) -> list[str]:
        return ["marts", self.model]


SUITES: dict[str, SuiteSpec] = {
    spec.name: spec
    for spec in (
        SuiteSpec("fct_figure", "fct_figure", "figure_id", True,
                  "Structure of the figure contract: keys, vocabularies, units, periods, spans; implausible values warned."),
        SuiteSpec("reconciliation", "reconciliation", "identity_id", False,
                  "Every totals identity found in the warehouse holds within the printed precision."),
        SuiteSpec("fct_trade", "fct_trade", "figure_id", False, "Trade figures: flows valid; implausible values warned."),
        SuiteSpec("fct_output", "fct_output", "figure_id", False, "Output figures: structure; implausible values warned."),
        SuiteSpec("fct_investment", "fct_investment", "figure_id", False, "Investment figures: structure; implausible values warned."),
        SuiteSpec("fct_profit", "fct_profit", "figure_id", False, "Profit figures: structure; implausible values warned."),
    )
}


class SuiteFileError(ValueError):
    """A suite file GE could not load as written."""


@dataclass
class ExpectationOutcome:
    type: str
    kwargs: dict[str, Any]
    severity: str
    success: bool
    unexpected_count: int | None = None
    element_count: int | None = None
    unexpected_ids: list[Any] = field(default_factory=list)
    error: str | None = None

    def describe(self) -> str:
        target = self.kwargs.get("column") or self.kwargs.get("column_list") or self.kwargs.get("column_A") or ""
        counts = f" {self.unexpected_count} of {self.element_count} rows" if self.unexpected_count is not None else ""
        return f"{self.type}({target}){counts}" + (f": {self.error}" if self.error else "")


@dataclass
class SuiteRun:
    spec: SuiteSpec
    success: bool
    outcomes: list[ExpectationOutcome]
    row_count: int
    docs_index: Path | None

    @property
    def failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.outcomes if not o.success]

    @property
    def critical_failures(self) -> list[ExpectationOutcome]:
        return [o for o in self.failures if o.severity == "critical"]

    @property
    def statistics(self) -> dict[str, int]:
        return {
            "evaluated_expectations": len(self.outcomes),
            "successful_expectations": sum(o.success for o in self.outcomes),
            "failed_critical": len(self.critical_failures),
            "failed_warning": sum(1 for o in self.failures if o.severity != "critical"),
        }


# --- suite files --------------------------------------------------------------------------------

def read_suite_file(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(document, dict) or not document.get("name") or not isinstance(document.get("expectations"), list):
        raise SuiteFileError(f"{path}: a suite file needs a name and a list of expectations")
    return document


def _great_expectations():
    """GE, with the custom expectations registered. Imported at the first validation rather than
    with the definitions: it takes seconds of CPU, and most processes that load the definitions
    (sensor ticks, ingest steps, the command line, the tests) never validate."""
    import great_expectations as gx

    from orchestration.quality import custom_expectations  # noqa: F401  (registers the custom expectations)

    return gx


def load_suite(path: Path) -> gx.ExpectationSuite:
    """The suite as GE builds it, or SuiteFileError when GE would not take every expectation, or
    when orchestration.quality.in_database cannot evaluate one as written."""
    gx = _great_expectations()
    document = read_suite_file(path)
    try:
        suite = gx.ExpectationSuite(
            name=document["name"],
            expectations=document["expectations"],
            meta=document.get("meta"),
        )
    except Exception as error:  # pydantic raises on arguments an expectation does not take
        raise SuiteFileError(f"{path}: GE refused an expectation: {error}") from error
    if len(suite.expectations) != len(document["expectations"]):
        loaded = {e.expectation_type for e in suite.expectations}
        dropped = [e.get("type") for e in document["expectations"] if e.get("type") not in loaded]
        raise SuiteFileError(
            f"{path}: the file lists {len(document['expectations'])} expectations, GE loaded "
            f"{len(suite.expectations)} (dropped: {dropped or 'see the log'})"
        )
    for expectation in document["expectations"]:
        try:
            check_supported(expectation["type"], expectation.get("kwargs", {}))
        except UnsupportedExpectation as error:
            raise SuiteFileError(f"{path}: {error}") from error
    return suite


# --- batches ------------------------------------------------------------------------------------

def suite_batch(con: duckdb.DuckDBPyConnection, spec: SuiteSpec) -> Batch:
    """The rows a suite validates, in the mart's own order (its rowid); a figure mart with `flags`
    (the marts.figure_flags rules each figure trips, comma-separated, else null) and fct_figure with
    `span_matches_number_text`, both computed by DuckDB with the mart."""
    if spec.id_column != "figure_id":
        return batch(con, f'select rowid as {ROW_ORDER}, * from marts."{spec.model}"', spec.id_column)
    span_check = f", {SPAN_MATCHES_SQL} as span_matches_number_text" if spec.model == "fct_figure" else ""
    # each text's length counted once per document, not once per figure (0.8 s of 3 s at 1,000 documents)
    documents = ("left join (select document_id, text, length(text) as text_length from marts.dim_document) as documents "
                 "on documents.document_id = figures.document_id") if span_check else ""
    return batch(con, f"""
        select figures.rowid as {ROW_ORDER}, figures.*{span_check}, flagged.flags
        from marts."{spec.model}" as figures
        {documents}
        left join (
            select figure_id, string_agg(rule, ', ' order by rule) as flags from marts.figure_flags group by figure_id
        ) as flagged on flagged.figure_id = figures.figure_id
    """, spec.id_column)


# Whether a figure's span in its document's text (dim_document.text and its length text_length,
# joined as `documents`) is its number_text: text[char_start:char_end] == number_text with
# 0 <= char_start < char_end <= len(text), as orchestration.quality.contract.span_matches says it
# for one text. DuckDB's substring and length count code points, as Python's offsets do; a figure
# of no published document, or with a null offset or number, does not match.
SPAN_MATCHES_SQL = """coalesce(
            figures.char_start >= 0 and figures.char_start < figures.char_end
            and figures.char_end <= documents.text_length
            and substring(documents.text, figures.char_start + 1, figures.char_end - figures.char_start) = figures.number_text,
            false)"""


def suite_parameters(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Values suite files refer to as {"$PARAMETER": name}: the catalogues of the warehouse itself
    and the contract's vocabularies (`contract_<column>`), so no suite file keeps a copy of them."""
    units = [row[0] for row in con.execute("select unit from marts.dim_unit where catalogued order by unit").fetchall()]
    return {
        "catalogued_units": units,
        **{f"contract_{column}": list(contract_vocabulary(column)) for column in VOCABULARY_COLUMNS},
    }


# --- running ------------------------------------------------------------------------------------

def _context(site_dir: Path | None) -> gx.data_context.EphemeralDataContext:
    gx = _great_expectations()
    context = gx.get_context(mode="ephemeral")
    try:
        context.variables.progress_bars = gx.data_context.types.base.ProgressBarsConfig(globally=False)
    except Exception:  # noqa: BLE001 - progress bars are cosmetic
        pass
    for site in list(context.get_site_names()):
        context.delete_data_docs_site(site)
    if site_dir is not None:
        context.add_data_docs_site(
            site_name="warehouse",
            site_config={
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(site_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False},
            },
        )
    return context


def _outcome(result, id_column: str) -> ExpectationOutcome:
    config = result.expectation_config
    details = result.result or {}
    ids = []
    for entry in (details.get("unexpected_index_list") or [])[:EXAMPLES_PER_FAILURE]:
        identifier = entry.get(id_column) if isinstance(entry, dict) else entry
        ids.append(None if pd.isna(identifier) else identifier)  # a missing id is None whichever the engine
    # GE reports an error of the expectation itself, or of each metric that raised (keyed by metric)
    info = result.exception_info or {}
    raised = [info] if "raised_exception" in info else [v for v in info.values() if isinstance(v, dict)]
    messages = [str(entry.get("exception_message")) for entry in raised if entry.get("raised_exception")]
    error = "; ".join(messages) if messages else None
    severity = getattr(config, "severity", None)
    return ExpectationOutcome(
        type=config.type,
        kwargs={k: v for k, v in config.kwargs.items() if k != "batch_id"},
        severity=str(getattr(severity, "value", severity) or "critical"),
        success=bool(result.success),
        unexpected_count=details.get("unexpected_count"),
        element_count=details.get("element_count"),
        unexpected_ids=ids,
        error=error,
    )


# The last result of each suite in this process, with what it was validated on. The build
# validates fct_figure on the file it is about to publish (the hold-back), and the asset check on
# the published file right after: the same file, renamed, in the same run process (every run
# executes its steps in process, orchestration/jobs.py), so the check takes the hold-back's result
# instead of evaluating the suite and rendering its Data Docs a second time.
_LAST_RUNS: dict[str, tuple[tuple, SuiteRun]] = {}


def _validated_on(warehouse: Path, spec: SuiteSpec, data_docs_dir: Path | None) -> tuple | None:
    """What a suite's result depends on: the DuckDB file itself (device, inode, size and
    modification time: a rename keeps them, a new build or any write changes them), the suite
    file and where its Data Docs went. None when a write-ahead log beside the file could change
    what a reader sees."""
    try:
        stat = warehouse.stat()
    except OSError:
        return None
    if warehouse_file.write_ahead_log(warehouse).exists():
        return None
    suite_file = spec.path.read_bytes()
    return (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, suite_file, str(data_docs_dir))


def last_run_on(warehouse: Path, suite_name: str, data_docs_dir: Path | None = None) -> SuiteRun | None:
    """The result of this process's last validation with the suite, if it was of this very file
    (as `_validated_on` tells it) with its Data Docs in `data_docs_dir`; else None."""
    spec = SUITES[suite_name]
    last = _LAST_RUNS.get(suite_name)
    key = _validated_on(warehouse, spec, data_docs_dir)
    return last[1] if last is not None and key is not None and last[0] == key else None


def run_suite(warehouse: Path, suite_name: str, data_docs_dir: Path | None = None,
              connection: duckdb.DuckDBPyConnection | None = None, engine: str = "duckdb") -> SuiteRun:
    """Validate one mart of the warehouse with its suite; Data Docs go to data_docs_dir/<suite>/.
    `engine`: "duckdb" (the SQL translation, where the mart lies) or "pandas" (GE's own engine on
    the mart read whole into memory: the reference the tests compare the SQL with)."""
    spec = SUITES[suite_name]
    run = _validate(warehouse, spec, data_docs_dir, connection, engine)
    key = _validated_on(warehouse, spec, data_docs_dir)
    if key is not None:
        _LAST_RUNS[suite_name] = (key, run)
    return run


def _validate(warehouse: Path, spec: SuiteSpec, data_docs_dir: Path | None,
              connection: duckdb.DuckDBPyConnection | None, engine: str) -> SuiteRun:
    if engine not in ("duckdb", "pandas"):
        raise ValueError(f"engine {engine!r}: duckdb or pandas")
    gx = _great_expectations()
    suite = load_suite(spec.path)
    con = connection or warehouse_file.connect(warehouse)
    try:
        parameters = suite_parameters(con)
        rows = suite_batch(con, spec)
        if engine == "duckdb":
            row_count, validation = _evaluate_in_database(con, rows, spec, suite, parameters)
        else:
            frame = batch_frame(con, rows)
            row_count = len(frame)
    finally:
        if connection is None:
            con.close()

    site_dir = data_docs_dir / spec.name if data_docs_dir is not None else None
    if site_dir is not None and site_dir.exists():
        shutil.rmtree(site_dir)  # the latest validation only; the pipeline keeps history in Dagster
    context = _context(site_dir)
    suite = context.suites.add(suite)
    if engine == "duckdb":
        if site_dir is not None:
            _render_data_docs(context, validation)
    else:
        pandas_batch = context.data_sources.add_pandas("warehouse").add_dataframe_asset(name=spec.model) \
            .add_batch_definition_whole_dataframe("whole table")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=spec.name, data=pandas_batch, suite=suite))
        actions = [gx.checkpoint.UpdateDataDocsAction(name="data_docs", site_names=["warehouse"])] if site_dir else []
        checkpoint = context.checkpoints.add(gx.Checkpoint(
            name=spec.name,
            validation_definitions=[definition],
            actions=actions,
            result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [spec.id_column]},
        ))
        result = checkpoint.run(batch_parameters={"dataframe": frame}, expectation_parameters=parameters)
        (validation,) = result.run_results.values()
    outcomes = [_outcome(r, spec.id_column) for r in validation.results]
    docs_index = site_dir / "index.html" if site_dir is not None and (site_dir / "index.html").exists() else None
    run = SuiteRun(spec=spec, success=bool(validation.success), outcomes=outcomes, row_count=row_count, docs_index=docs_index)
    if data_docs_dir is not None:
        write_docs_home(data_docs_dir, run)
    return run


def _evaluate_in_database(con: duckdb.DuckDBPyConnection, rows: Batch, spec: SuiteSpec, suite: gx.ExpectationSuite,
                          parameters: dict[str, Any]):
    """The batch's row count and the suite's GE validation result, the expectations evaluated by
    DuckDB on the batch."""
    from great_expectations.core import ExpectationSuiteValidationResult, ExpectationValidationResult
    from great_expectations.core.run_identifier import RunIdentifier

    configs = [expectation.configuration for expectation in suite.expectations]
    row_count, evaluations = evaluate_suite(con, rows, [(config.type, dict(config.kwargs)) for config in configs],
                                            parameters, EXAMPLES_PER_FAILURE)
    results = [
        ExpectationValidationResult(
            success=evaluation.success, expectation_config=config, result=evaluation.result,
            exception_info={"raised_exception": evaluation.error is not None, "exception_message": evaluation.error,
                            "exception_traceback": None},
        )
        for config, evaluation in zip(configs, evaluations, strict=True)
    ]
    met = sum(result.success for result in results)
    run_id = RunIdentifier(run_time=datetime.now(timezone.utc))
    return row_count, ExpectationSuiteValidationResult(
        success=met == len(results),
        results=results,
        suite_name=suite.name,
        statistics={
            "evaluated_expectations": len(results),
            "successful_expectations": met,
            "unsuccessful_expectations": len(results) - met,
            "success_percent": 100 * met / len(results) if results else None,
        },
        meta={"run_id": run_id, "validation_time": run_id.run_time,
              "batch_spec": {"data_asset_name": f"marts.{spec.model}", "evaluated_in": "duckdb"}},
        batch_id=f"duckdb-{spec.model}",
    )


def _render_data_docs(context, validation) -> None:
    """The Data Docs of a validation GE did not run itself: stored as a result, then rendered."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    suite_id = ExpectationSuiteIdentifier(name=validation.suite_name)
    result_id = ValidationResultIdentifier(expectation_suite_identifier=suite_id, run_id=validation.meta["run_id"],
                                           batch_identifier=validation.batch_id)
    context.validation_results_store.store_validation_results(
        suite_validation_result=validation, suite_validation_result_identifier=result_id,
        expectation_suite_identifier=suite_id,
    )
    context.build_data_docs(site_names=["warehouse"], resource_identifiers=[result_id, suite_id])


def write_docs_home(data_docs_dir: Path, run: SuiteRun) -> Path:
    """data_docs/index.html: one line per suite with its last result, linking to the suite's site."""
    data_docs_dir.mkdir(parents=True, exist_ok=True)
    status_file = data_docs_dir / "suites.json"
    try:
        status = json.loads(status_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        status = {}
    status[run.spec.name] = {
        "model": run.spec.model,
        "success": run.success,
        "rows": run.row_count,
        **run.statistics,
        "validated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "description": run.spec.description,
    }
    temp = status_file.with_suffix(".json.tmp")
    temp.write_text(json.dumps(status, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(temp, status_file)
    rows = "\n".join(
        f"<tr><td><a href=\"{html.escape(name)}/index.html\">{html.escape(name)}</a></td>"
        f"<td>marts.{html.escape(entry['model'])}</td><td>{'passed' if entry['success'] else 'FAILED'}</td>"
        f"<td>{entry['rows']}</td><td>{entry['successful_expectations']}/{entry['evaluated_expectations']}</td>"
        f"<td>{html.escape(entry['validated_at'])}</td><td>{html.escape(entry['description'])}</td></tr>"
        for name, entry in sorted(status.items())
    )
    page = (
        "<!doctype html><html><head><meta charset=\"utf-8\"><title>Warehouse Data Docs</title></head><body>"
        "<h1>Great Expectations suites of the warehouse</h1><table border=\"1\" cellpadding=\"4\">"
        "<tr><th>suite</th><th>validates</th><th>result</th><th>rows</th><th>expectations met</th>"
        f"<th>validated at (UTC)</th><th>what it checks</th></tr>{rows}</table></body></html>"
    )
    index = data_docs_dir / "index.html"
    index.write_text(page, encoding="utf-8")
    make_offline(data_docs_dir)
    return index
