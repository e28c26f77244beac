"""`nonferrous export`: the series marts for Excel and other tools.

- xlsx: one workbook laid out as Wind or CEIC export it — a sheet per category with a column per
  series (name, English name, unit, frequency and id in the header rows) and a row per period
  end; derived values in italics on yellow, values documents disagree on in red; then a sheet of
  sources (every observation with its document, figure and sentence) and a sheet of the series.
- csv (UTF-8 with a byte-order mark, so Excel reads the Chinese) or parquet: a folder with
  dim_series, fct_observation, fct_figure and the wide view of every category.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from orchestration.cli.warehouse import Rows, Warehouse

CATEGORY_SHEETS = {
    "trade": "贸易 trade", "output": "产量 output", "investment": "投资 investment", "profit": "效益 profit",
    "price": "价格 price", "index": "指数 index", "capacity": "产能 capacity", "consumption": "消费 consumption",
    "energy_env": "能源环境 energy_env", "macro": "宏观 macro", "other": "其他 other",
}
HEADER_ROWS = (
    ("name_zh", "指标名称"),
    ("name_en", "Name"),
    ("unit", "单位 Unit"),
    ("frequency", "频率 Frequency"),
    ("series_id", "序列代码 Series id"),
)
PERIOD_HEADER = "期末 Period end  (斜体黄底 = 推算 derived; 红字 = 文件间冲突 conflict)"
SOURCE_COLUMNS = (
    "series_id", "name_zh", "period_label", "period_start", "period_end", "value", "unit", "origin", "derivation",
    "conflict", "document_count", "source_document_id", "source_figure_id", "source_text", "figure_ids",
    "conflicting_figure_ids",
)
CATEGORY_ORDER = tuple(CATEGORY_SHEETS)


class ExportFailed(Exception):
    """The export could not be written; the message names the path."""


def _literal_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]"


def table_queries(warehouse: Warehouse, series_ids: list[str] | None) -> dict[str, str]:
    """The query of every exported table, restricted to the given series (and what they rest on)."""
    categories = [row[0] for row in warehouse.fetch("select distinct category from marts.dim_series order by 1").rows]
    if series_ids is None:
        series_filter = family_filter = figure_filter = "true"
    else:
        ids = _literal_list(series_ids)
        series_filter = f"list_contains({ids}, series_id)"
        family_filter = f"family_id in (select family_id from marts.dim_series where list_contains({ids}, series_id))"
        figure_filter = (
            "figure_id in (select unnest(figure_ids || conflicting_figure_ids) from marts.fct_observation "
            f"where list_contains({ids}, series_id))"
        )
    queries = {
        "dim_series": f"select * from marts.dim_series where {series_filter}",
        "fct_observation": f"select * from marts.fct_observation where {series_filter}",
        "fct_figure": f"select * from marts.fct_figure where {figure_filter}",
    }
    for category in categories:
        queries[f"wide_{category}"] = f"select * from marts.wide_{category} where {family_filter}"
    return queries


def export_files(warehouse: Warehouse, file_format: str, folder: Path, series_ids: list[str] | None) -> list[Path]:
    """csv or parquet: one file per table in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, query in table_queries(warehouse, series_ids).items():
        target = folder / f"{name}.{file_format}"
        if file_format == "parquet":
            _copy(warehouse, query, target, "(format parquet)")
        else:
            with tempfile.TemporaryDirectory() as scratch:
                plain = Path(scratch) / target.name
                _copy(warehouse, query, plain, "(format csv, header true)")
                with target.open("wb") as out, plain.open("rb") as body:
                    out.write("\ufeff".encode("utf-8"))  # Excel reads UTF-8 only with its byte-order mark
                    shutil.copyfileobj(body, out)
        written.append(target)
    return written


def _copy(warehouse: Warehouse, query: str, target: Path, options: str) -> None:
    import duckdb

    quoted = "'" + str(target).replace("'", "''") + "'"
    try:
        warehouse.connection.execute(f"copy ({query}) to {quoted} {options}")
    except duckdb.Error as error:
        raise ExportFailed(f"cannot write {target}: {str(error).splitlines()[0]}") from None


def export_workbook(warehouse: Warehouse, target: Path, series_ids: list[str] | None) -> list[Path]:
    """xlsx: a sheet per category (series side by side), a sources sheet and a series sheet."""
    import xlsxwriter

    queries = table_queries(warehouse, series_ids)
    series_table = warehouse.fetch(queries["dim_series"] + " order by family_id, series_id")
    series = series_table.records()
    observations = warehouse.fetch(
        "select o.*, s.name_zh from (" + queries["fct_observation"] + ") as o "
        "join marts.dim_series as s using (series_id) order by o.series_id, o.period_end, o.period_start"
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        workbook = xlsxwriter.Workbook(str(target), {"remove_timezone": True})
    except OSError as error:
        raise ExportFailed(f"cannot write {target}: {error}") from None
    styles = _Styles(workbook)
    by_series: dict[str, list[dict]] = {}
    for row in observations.records():
        by_series.setdefault(row["series_id"], []).append(row)
    for category in sorted({s["category"] for s in series}, key=CATEGORY_ORDER.index):
        in_category = [s for s in series if s["category"] == category]
        _category_sheet(workbook.add_worksheet(CATEGORY_SHEETS[category]), styles, in_category, by_series)
    _table_sheet(workbook.add_worksheet("来源 sources"), styles, observations, SOURCE_COLUMNS)
    _table_sheet(workbook.add_worksheet("序列 series"), styles, series_table, None)
    try:
        workbook.close()
    except OSError as error:
        raise ExportFailed(f"cannot write {target}: {error}") from None
    return [target]


class _Styles:
    def __init__(self, workbook):
        self.workbook = workbook
        self.header = workbook.add_format({"bold": True, "bg_color": "#e8eef7", "text_wrap": True, "valign": "top"})
        self.label = workbook.add_format({"bold": True, "bg_color": "#e8eef7"})
        self.date = workbook.add_format({"num_format": "yyyy-mm-dd"})
        self._numbers: dict[tuple[int, bool, bool], object] = {}

    def number(self, decimals: int | None, derived: bool, conflict: bool):
        key = (max(decimals or 0, 0), derived, conflict)
        if key not in self._numbers:
            spec = {"num_format": "#,##0" + ("." + "0" * key[0] if key[0] else "")}
            if derived:
                spec.update(italic=True, bg_color="#fff2cc")
            if conflict:
                spec.update(font_color="#c00000")
            self._numbers[key] = self.workbook.add_format(spec)
        return self._numbers[key]


def _category_sheet(sheet, styles: _Styles, series: list[dict], by_series: dict[str, list[dict]]) -> None:
    for row, (field, label) in enumerate(HEADER_ROWS):
        sheet.write(row, 0, label, styles.label)
        for column, one in enumerate(series, start=1):
            value = f"{one['frequency_zh']} {one['frequency_en']}" if field == "frequency" else one[field]
            sheet.write(row, column, value, styles.header)
    sheet.write(len(HEADER_ROWS), 0, PERIOD_HEADER, styles.label)
    period_ends = sorted({o["period_end"] for one in series for o in by_series.get(one["series_id"], [])})
    first_data_row = len(HEADER_ROWS) + 1
    rows = {end: first_data_row + index for index, end in enumerate(period_ends)}
    for end, row in rows.items():
        sheet.write_datetime(row, 0, end, styles.date)
    for column, one in enumerate(series, start=1):
        placed: dict[int, dict] = {}
        for observation in by_series.get(one["series_id"], []):
            row = rows[observation["period_end"]]
            if row in placed:
                # two periods of one series end on the same day: the cell keeps the first, its note the other
                sheet.write_comment(row, column, f"{observation['period_label']}: {observation['value']:g} {observation['unit']}")
                continue
            placed[row] = observation
            style = styles.number(observation["decimals"], observation["origin"] == "derived", observation["conflict"])
            sheet.write_number(row, column, observation["value"], style)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, max(len(series), 1), 18)
    sheet.set_row(0, 45)
    sheet.freeze_panes(first_data_row, 1)


def _table_sheet(sheet, styles: _Styles, table: Rows, columns: tuple[str, ...] | None) -> None:
    names = list(columns) if columns else table.columns
    positions = [table.columns.index(name) for name in names]
    for column, name in enumerate(names):
        sheet.write(0, column, name, styles.label)
    for row_number, row in enumerate(table.rows, start=1):
        for column, position in enumerate(positions):
            value = row[position]
            if isinstance(value, list):
                value = " | ".join(map(str, value))
            if hasattr(value, "isoformat") and not isinstance(value, str):
                sheet.write_datetime(row_number, column, value, styles.date)
            elif value is not None:
                sheet.write(row_number, column, value)
    sheet.autofilter(0, 0, max(len(table.rows), 1), max(len(names) - 1, 0))
    sheet.freeze_panes(1, 0)
