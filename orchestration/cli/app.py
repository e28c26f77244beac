"""`nonferrous`: the warehouse from a terminal — series, figures, SQL, exports and the catalogue.

Only click is imported when the command starts (typer was tried: it validates arguments through
pydantic, a second of imports); DuckDB, rich's tables and the exporters are imported by the
command that uses them, so an answer comes in well under a second.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import click

STARTED = time.perf_counter()


@click.group(
    help="China nonferrous-metals statistics from the warehouse (read-only). 有色金属统计数据仓库。",
    context_settings={"help_option_names": ["-h", "--help"]},
)
def app() -> None:
    pass


warehouse_option = click.option(
    "--warehouse", "-w", type=click.Path(path_type=Path), envvar="NONFERROUS_WAREHOUSE",
    help="The DuckDB warehouse file, opened read-only [default: warehouse/nonferrous.duckdb].",
)


def _console(stderr: bool = False):
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def _fail(message: str, code: int = 2) -> click.exceptions.Exit:
    from rich.markup import escape

    _console(stderr=True).print(f"[bold red]error:[/] {escape(message)}")
    return click.exceptions.Exit(code)


def _open(path: Path | None):
    from orchestration.cli.warehouse import Warehouse, WarehouseUnavailable, default_path

    try:
        return Warehouse(path or default_path())
    except WarehouseUnavailable as error:
        raise _fail(str(error)) from None


def _report_time(label: str) -> None:
    """With NONFERROUS_TIMINGS set, how long the command took after start-up (benchmarks read it)."""
    if os.environ.get("NONFERROUS_TIMINGS"):
        print(f"{label}: {time.perf_counter() - STARTED:.3f} s after the command module loaded", file=sys.stderr)


def _guarded(action):
    """Run a command body, turning a warehouse that fails mid-read into a plain message."""
    from orchestration.cli.warehouse import QueryFailed, WarehouseUnavailable

    try:
        return action()
    except WarehouseUnavailable as error:
        raise _fail(str(error)) from None
    except QueryFailed as error:
        raise _fail(f"the query failed: {error}") from None


@app.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--periods", default=24, show_default=True, help="Show at most this many of the latest periods.")
@warehouse_option
def series(query: tuple[str, ...], periods: int, warehouse: Path | None) -> None:
    """Find series by Chinese or English name, alias or id (精炼铜产量, refined copper output,
    output.refined_copper) and show their values over time."""
    from orchestration.cli import series as lookup

    opened = _open(warehouse)

    def body():
        all_series, labels = lookup.load(opened)
        found = lookup.find(all_series, labels, " ".join(query))
        if not found.series:
            hint = f" Did you mean: {', '.join(found.suggestions)}?" if found.suggestions else ""
            raise _fail(
                f"no series matches {' '.join(query)!r}.{hint} "
                "`nonferrous catalogue` lists what the warehouse holds.",
                code=1,
            )
        shown = found.series[: lookup.MAX_COLUMNS]
        observations = lookup.observations(opened, [s["series_id"] for s in shown])
        _render_series(found.series, shown, observations.records(), periods)

    _guarded(body)
    _report_time("series")


def _render_series(matched: list[dict], shown: list[dict], observations: list[dict], periods: int) -> None:
    from rich.table import Table

    from orchestration.cli.series import format_value

    console = _console()
    listing = Table(title=f"{len(matched)} series 序列", title_justify="left")
    listing.add_column("#", justify="right")
    listing.add_column("series 序列 (name / id)", overflow="fold")
    listing.add_column("unit", no_wrap=True)
    listing.add_column("periods 期间", no_wrap=True)
    listing.add_column("obs", justify="right", no_wrap=True)
    for number, one in enumerate(matched, start=1):
        span = one["first_period"] if one["first_period"] == one["last_period"] else f"{one['first_period']} → {one['last_period']}"
        listing.add_row(
            str(number), f"{one['name_zh']}\n[dim]{one['series_id']}[/]", one["unit"], span,
            f"{one['observation_count']}" + (f" ({one['derived_count']} derived)" if one["derived_count"] else ""),
        )
    console.print(listing)
    if len(matched) > len(shown):
        console.print(
            f"[yellow]Values of the first {len(shown)} of {len(matched)} series below; narrow the query with a "
            "subject, grain or measure (精炼铜 产量 累计值) or give a series id.[/]"
        )
    ends = sorted({o["period_end"] for o in observations})
    hidden = max(len(ends) - periods, 0)
    ends = ends[hidden:]
    values = Table(title="values 数值", title_justify="left")
    values.add_column("period end 期末", no_wrap=True)
    single = len(shown) == 1
    if single:
        values.add_column("period 期间", no_wrap=True)
    same_family = len({one["family_id"] for one in shown}) == 1
    for one in shown:
        heading = one["name_zh"].split(":")[-1] if same_family else one["name_zh"]
        values.add_column(f"{heading}\n({one['unit']})", justify="right")
    cells = {(o["series_id"], o["period_end"]): o for o in observations}
    for end in ends:
        row = [end.strftime("%Y-%m") if _month_end(end) else str(end)]
        if single:
            row.append(cells[(shown[0]["series_id"], end)]["period_label"])
        for one in shown:
            observation = cells.get((one["series_id"], end))
            row.append(_cell(observation, format_value) if observation else "")
        values.add_row(*row)
    console.print(values)
    if hidden:
        console.print(f"[dim]{hidden} earlier periods not shown (--periods {periods + hidden} shows them).[/]")
    console.print("[dim]* derived 推算值 (not stated by any document)   ! documents disagree 文件间冲突 (`nonferrous figure` shows the sources)[/]")


def _month_end(day) -> bool:
    import datetime

    return (day + datetime.timedelta(days=1)).day == 1


def _cell(observation: dict, format_value) -> str:
    text = format_value(observation["value"], observation["decimals"])
    if observation["origin"] == "derived":
        return f"[italic cyan]{text}*[/]"
    if observation["conflict"]:
        return f"[red]{text}![/]"
    return text


@app.command()
@click.argument("figure_id")
@warehouse_option
def figure(figure_id: str, warehouse: Path | None) -> None:
    """Show a figure (FIGURE_ID: fct_figure.figure_id, or its first characters): its sentence with
    the number highlighted, document, position, fields, the rules that decided them, the series
    observation it feeds and the identities that check it."""
    from orchestration.cli import figure as figures

    opened = _open(warehouse)

    def body():
        try:
            view = figures.look_up(opened, figure_id)
        except figures.FigureNotFound as missing:
            more = f" Ids starting so: {', '.join(missing.candidates)}." if missing.candidates else ""
            raise _fail(
                f"no figure with id {figure_id!r}.{more} Figure ids are in every table of figures and on the "
                "review pages (warehouse/review/).",
                code=1,
            ) from None
        _render_figure(view, opened.path)

    _guarded(body)
    _report_time("figure")


def _render_figure(view, warehouse_path: Path) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    f = view.figure
    number = view.context[view.number_at: view.number_at + len(f["number_text"])]
    console.print(f"[bold]{f['figure_id']}[/]  {escape(f['file_name'])}"
                  + (f" ({f['document_date']})" if f["document_date"] else "")
                  + f"  line {view.line}, characters {f['char_start']}–{f['char_end']}")
    console.print(
        "  " + escape(view.context[: view.number_at]) + f"[bold reverse]{escape(number)}[/]"
        + escape(view.context[view.number_at + len(f["number_text"]):])
    )
    fields = Table(show_header=False, box=None, padding=(0, 2))
    period = f"{f['period_start']} – {f['period_end']} ({f['period_grain']})" if f["period_start"] else "not resolved"
    for label, value in (
        ("category", f["category"]),
        ("indicator", " / ".join(str(v) for v in (f["indicator_zh"], f["indicator_en"], f["indicator_code"]) if v) or "—"),
        ("subject", " / ".join(str(v) for v in (f["subject_zh"], f["commodity_code"]) if v) or "—"),
        ("measure", f["measure"]),
        ("value", f"{f['value']:g} {f['unit'] or ''}  = {f['value_base']:,.12g} {f['unit_base'] or ''}" if f["value_base"] is not None else f"{f['value']:g} {f['unit'] or ''}"),
        ("qualifier", f["qualifier"] or "—"),
        ("period", period),
        ("flow", f["flow"] or "—"),
        ("scope", f["scope"]),
    ):
        fields.add_row(f"[dim]{label}[/]", escape(str(value)))
    console.print(fields)
    if view.rules:
        decided = "; ".join(f"{slot}: {', '.join(rules)}" for slot, rules in view.rules.items())
        console.print(f"[dim]decided by the rules[/] {escape(decided)}")
    else:
        console.print("[dim]decided by the rules[/] not recorded (landed before rules were recorded: rebuild with `make run`)")
    for observation in view.observations:
        role = "its source" if observation["is_source"] else "agrees" if not observation["conflict"] else "in conflict"
        console.print(
            f"[dim]series[/] {observation['series_id']} {escape(observation['name_zh'])} {observation['period_label']}: "
            f"{observation['value']:,.{max(observation['decimals'] or 0, 0)}f} {observation['unit']} "
            f"({observation['document_count']} document(s); this figure: {role})"
        )
    for identity in view.identities:
        verdict = "[green]holds[/]" if identity["passed"] else "[red]fails[/]"
        console.print(f"[dim]check[/] {identity['kind']}/{identity['rule']} {verdict}: {escape(identity['detail'])}")
    page = warehouse_path.parent / "review" / f"{f['document_id']}.html"
    if page.exists():
        console.print(f"[dim]proofreading page[/] {page.resolve().as_uri()}#f{f['char_start']}")


@app.command()
@click.argument("query")
@click.option("--csv", "as_csv", is_flag=True, help="Write CSV to standard output.")
@click.option("--json", "as_json", is_flag=True, help="Write a JSON array of objects to standard output.")
@click.option("--max-rows", default=50, show_default=True, help="Rows shown in the table view (CSV and JSON write all).")
@warehouse_option
def sql(query: str, as_csv: bool, as_json: bool, max_rows: int, warehouse: Path | None) -> None:
    """Run a read-only SQL query (DuckDB dialect): a table, or CSV or JSON for other tools.

    Example: nonferrous sql "select * from marts.dim_series limit 5" """
    if as_csv and as_json:
        raise _fail("choose one of --csv and --json")
    opened = _open(warehouse)
    result = _guarded(lambda: opened.fetch(query))
    if not result.rows:
        _console(stderr=True).print("No rows. (The query ran; nothing matched.)")
        if as_csv:
            print(",".join(result.columns))
        elif as_json:
            print("[]")
        return
    if as_csv:
        import csv as csv_module

        writer = csv_module.writer(sys.stdout, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows(result.rows)
    elif as_json:
        import json as json_module

        print(json_module.dumps(result.records(), ensure_ascii=False, default=str, indent=1))
    else:
        import numbers

        from rich.markup import escape
        from rich.table import Table

        from rich.measure import Measurement

        table = Table()
        for index, column in enumerate(result.columns):
            first = next((row[index] for row in result.rows if row[index] is not None), None)
            numeric = isinstance(first, numbers.Number) and not isinstance(first, bool)
            table.add_column(column, justify="right" if numeric else "left")
        shown = [[escape("" if value is None else str(value)) for value in row] for row in result.rows[:max_rows]]
        for row in shown:
            table.add_row(*row)
        console = _console()
        if Measurement.get(console, console.options.update_width(10**6), table).maximum <= console.width:
            console.print(table)
        else:
            # too wide for the terminal, where every column would shrink to "…": one block per
            # row, a line per column (psql's expanded display)
            for number, row in enumerate(shown, 1):
                console.print(f"[dim]-[ row {number} ]-[/]")
                block = Table(show_header=False, box=None, padding=(0, 2))
                block.add_column(style="bold")
                block.add_column(overflow="fold")
                for column, value in zip(result.columns, row):
                    block.add_row(escape(column), value)
                console.print(block)
        if len(result.rows) > max_rows:
            console.print(f"[dim]{len(result.rows)} rows; the first {max_rows} shown (--max-rows, or --csv for all).[/]")
    _report_time("sql")


@app.command()
@click.option("--format", "-f", "file_format", type=click.Choice(["xlsx", "csv", "parquet"]), default="xlsx", show_default=True,
              help="xlsx (a workbook), csv or parquet (a folder of files).")
@click.option("--series", "-s", "wanted_series", multiple=True,
              help="Only these series (ids, or names as `series` takes them); repeatable.")
@click.option("--out", "-o", type=click.Path(path_type=Path),
              help="The workbook, or the folder for csv and parquet [default: nonferrous-export(.xlsx)].")
@warehouse_option
def export(file_format: str, wanted_series: tuple[str, ...], out: Path | None, warehouse: Path | None) -> None:
    """Export the series marts for Excel and other tools."""
    from orchestration.cli import export as exporter
    from orchestration.cli import series as lookup

    opened = _open(warehouse)
    target = out or Path("nonferrous-export.xlsx" if file_format == "xlsx" else "nonferrous-export")

    def body():
        series_ids = None
        if wanted_series:
            all_series, labels = lookup.load(opened)
            series_ids = []
            for wanted in wanted_series:
                found = lookup.find(all_series, labels, wanted)
                if not found.series:
                    hint = f" Did you mean: {', '.join(found.suggestions)}?" if found.suggestions else ""
                    raise _fail(f"no series matches {wanted!r}.{hint}", code=1)
                series_ids += [s["series_id"] for s in found.series if s["series_id"] not in series_ids]
        try:
            if file_format == "xlsx":
                return exporter.export_workbook(opened, target, series_ids)
            return exporter.export_files(opened, file_format, target, series_ids)
        except exporter.ExportFailed as error:
            raise _fail(str(error)) from None

    written = _guarded(body)
    console = _console()
    for path in written:
        console.print(f"wrote {path}")
    _report_time("export")


@app.command()
@click.argument("word", required=False)
@warehouse_option
def catalogue(word: str | None, warehouse: Path | None) -> None:
    """The indicators and commodities the warehouse knows, with their series counts, and the
    indicator phrasings not catalogued yet; WORD keeps the entries mentioning it (铜, copper, 产量)."""
    from orchestration.cli import catalogue as catalogues

    opened = _open(warehouse)
    found = _guarded(lambda: catalogues.look_up(opened, word))
    _render_catalogue(found, word)
    _report_time("catalogue")


def _render_catalogue(found, word: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table

    console = _console()
    if not (found.indicators or found.commodities or found.uncatalogued):
        raise _fail(f"nothing in the catalogue mentions {word!r}.", code=1)
    summary = ", ".join(f"{category} {count}" for category, count in found.series_per_category)
    console.print(f"series per category 各类序列数: {summary}")
    def name(row: dict) -> str:
        return f"{escape(row['name_zh'])}\n[dim]{escape(row['name_en'] or '')}[/]"

    def words(value) -> str:
        return escape((value or "").replace("|", "、"))

    for title, rows, columns in (
        ("indicators 指标", found.indicators, {
            "code": lambda r: r["code"], "name 名称": name, "category": lambda r: r["category"],
            "unit": lambda r: r["unit_base"], "series": lambda r: str(r["series"]),
            "figures": lambda r: str(r["figures"]), "aliases 别名": lambda r: words(r["aliases"]),
        }),
        ("commodities 商品", found.commodities, {
            "code": lambda r: r["code"], "name 名称": name, "path 层级": lambda r: escape(r["path_zh"] or ""),
            "series": lambda r: str(r["series"]), "aliases 别名": lambda r: words(r["aliases"]),
        }),
        ("not catalogued yet 未编目的指标说法", found.uncatalogued, {
            "phrasing 说法": lambda r: escape(r["indicator_zh"]), "category": lambda r: r["category"],
            "figures": lambda r: str(r["figures"]), "documents": lambda r: str(r["documents"]),
        }),
    ):
        if not rows:
            continue
        table = Table(title=f"{title} ({len(rows)})", title_justify="left")
        for column in columns:
            numeric = column in ("series", "figures", "documents")
            table.add_column(column, overflow="fold", justify="right" if numeric else "left", no_wrap=numeric)
        for row in rows:
            table.add_row(*(render(row) for render in columns.values()))
        console.print(table)


def main() -> None:
    app(prog_name="nonferrous")


if __name__ == "__main__":
    main()
