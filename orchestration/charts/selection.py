"""Which observations each chart shows, read from the series marts.

- output by metal: the latest period for which two or more nonferrous commodities' output is
  stated (the goods under 有色金属 in the commodity catalogue, not cars or steel), a bar per
  commodity, with its 同比 where stated;
- trade by flow: the national whole's exports, imports, total and balance, grouped by period (the
  latest six periods stating two flows or more), in the currency most stated;
- profits by segment: the latest period for which two or more segments' total profit is stated;
- prices: prices per tonne, a line per commodity over time, a chart per currency, drawn per
  tonne as quoted (元/吨, 美元/吨): the six commodities quoted on the most dates, over the
  latest 24 dates any of them is quoted (a warehouse of thousands of market dailies quotes
  dozens of commodities on hundreds of days: more lines than colours, and more labels than
  room, and seconds of drawing per chart).
Other values are converted to the largest unit of the units catalogue that keeps them above one
(万吨, 亿元, 万亿元 …); derived values are drawn hatched.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from orchestration.warehouse import records

OBSERVATIONS_SQL = """
select s.series_id, s.family_id, s.indicator_code, s.indicator_zh, s.subject_zh, s.commodity_code, s.scope,
       s.period_grain, s.measure, s.unit_base, o.period_label, o.period_end, o.value_base, o.value, o.origin,
       o.source_document_id, o.figure_ids
from marts.fct_observation as o
join marts.dim_series as s using (series_id)
where s.measure in ('level', 'yoy_pct') and ({condition})
"""
UNITS_SQL = "select unit, multiplier, unit_base from catalogue.units"
FLOWS = {"export_value": "出口 exports", "import_value": "进口 imports", "trade_total": "进出口 total", "trade_balance": "顺差 balance"}
LATEST_PERIODS = 6
PRICE_LINES = 6  # one colour each (draw.COLOURS)
PRICE_DATES = 24
SCOPE_ZH = {"world": "国际", "firm": "企业", "regional": "地区"}


@dataclass
class Group:
    label: str
    values: list[float | None]
    derived: list[bool]


@dataclass
class Chart:
    name: str
    title: str
    kind: str  # bars, grouped_bars or lines
    unit: str
    categories: list[str] = field(default_factory=list)  # bar labels, or group labels for grouped bars
    dates: list[date] = field(default_factory=list)  # x positions of a line chart
    groups: list[Group] = field(default_factory=list)
    notes: list[str | None] = field(default_factory=list)  # a label above each bar (its 同比)
    series_ids: list[str] = field(default_factory=list)
    documents: int = 0

    def texts(self) -> list[str]:
        """Every string the chart draws."""
        return [self.title, self.unit, *self.categories, *(g.label for g in self.groups), *(n for n in self.notes if n)]


class Units:
    def __init__(self, rows: list[tuple[str, float, str]]):
        self.by_base: dict[str, list[tuple[float, str]]] = defaultdict(list)
        for unit, multiplier, base in rows:
            self.by_base[base].append((multiplier, unit))

    def readable(self, unit_base: str, values_base: list[float]) -> tuple[str, float]:
        """The largest catalogued unit that keeps the largest value at one or more."""
        largest = max((abs(v) for v in values_base if v is not None), default=0)
        fitting = sorted((m, u) for m, u in self.by_base.get(unit_base, []) if m <= max(largest, 1))
        if not fitting:
            return unit_base, 1.0
        multiplier, unit = fitting[-1]
        return unit, multiplier

    def plain(self, unit_base: str) -> tuple[str, float]:
        """The catalogued unit that is the base unit itself (元/吨 for CNY/t), so that prices are
        drawn per tonne as quoted, not per pound (美元/磅) because its figures are larger."""
        unit = next((u for m, u in self.by_base.get(unit_base, []) if m == 1), unit_base)
        return unit, 1.0


def _rows(con, condition: str) -> list[dict]:
    return records(con, OBSERVATIONS_SQL.format(condition=condition))


def _documents(rows: list[dict]) -> int:
    return len({r["source_document_id"] for r in rows if r["source_document_id"]})


def _yoy_note(growth: dict[tuple[str, str], float], row: dict) -> str | None:
    rate = growth.get((row["family_id"], row["period_label"]))
    return None if rate is None else f"{rate:+.1f}%"


def latest_cross_section(con, units: Units, name: str, title: str, condition: str, label_of) -> Chart | None:
    """Bars: the latest period (and grain) for which two or more subjects state a level."""
    rows = _rows(con, condition)
    levels = [r for r in rows if r["measure"] == "level"]
    growth = {(r["family_id"], r["period_label"]): r["value"] for r in rows if r["measure"] == "yoy_pct"}
    sections: dict[tuple, list[dict]] = defaultdict(list)
    for row in levels:
        sections[(row["period_grain"], row["period_label"], row["period_end"], row["unit_base"])].append(row)
    usable = [(key, members) for key, members in sections.items() if len({label_of(m) for m in members}) >= 2]
    if not usable:
        return None
    (grain, period_label, _, unit_base), members = max(usable, key=lambda item: (item[0][2], len(item[1])))
    members.sort(key=lambda m: -m["value_base"])
    unit, multiplier = units.readable(unit_base, [m["value_base"] for m in members])
    return Chart(
        name=name,
        title=f"{title}（{period_label}）",
        kind="bars",
        unit=unit,
        categories=[label_of(m) for m in members],
        groups=[Group(unit, [m["value_base"] / multiplier for m in members], [m["origin"] == "derived" for m in members])],
        notes=[_yoy_note(growth, m) for m in members],
        series_ids=sorted({m["series_id"] for m in members}),
        documents=_documents(members),
    )


def trade_by_flow(con, units: Units) -> Chart | None:
    codes = ", ".join(f"'{code}'" for code in FLOWS)
    rows = [r for r in _rows(con, f"s.indicator_code in ({codes}) and s.subject_zh is null and s.scope = 'national'")
            if r["measure"] == "level" and r["unit_base"] in ("CNY", "USD")]
    if not rows:
        return None
    currency = max(("CNY", "USD"), key=lambda base: sum(r["unit_base"] == base for r in rows))
    by_period: dict[tuple[date, str], dict[str, dict]] = defaultdict(dict)
    for row in rows:
        if row["unit_base"] == currency:
            by_period[(row["period_end"], row["period_label"])][row["indicator_code"]] = row
    periods = sorted(key for key, flows in by_period.items() if len(flows) >= 2)[-LATEST_PERIODS:]
    if not periods:
        return None
    chosen = [row for key in periods for row in by_period[key].values()]
    unit, multiplier = units.readable(currency, [r["value_base"] for r in chosen])
    groups = []
    for code, label in FLOWS.items():
        cells = [by_period[key].get(code) for key in periods]
        if any(cells):
            groups.append(Group(
                label,
                [None if c is None else c["value_base"] / multiplier for c in cells],
                [c is not None and c["origin"] == "derived" for c in cells],
            ))
    return Chart(
        name="trade_by_flow",
        title="全国货物贸易 进出口（按流向）trade by flow",
        kind="grouped_bars",
        unit=unit,
        categories=[label for _, label in periods],
        groups=groups,
        series_ids=sorted({r["series_id"] for r in chosen}),
        documents=_documents(chosen),
    )


def prices(con, units: Units) -> list[Chart]:
    rows = [r for r in _rows(con, "s.indicator_code = 'price' and s.unit_base like '%/t'") if r["measure"] == "level"]
    charts = []
    for unit_base in sorted({r["unit_base"] for r in rows}):
        quoted: dict[str, dict[date, dict]] = defaultdict(dict)
        for row in rows:
            if row["unit_base"] == unit_base:
                quoted[row["family_id"]][row["period_end"]] = row
        families = sorted(quoted, key=lambda family: (-len(quoted[family]), family))[:PRICE_LINES]
        dates = sorted({d for family in families for d in quoted[family]})[-PRICE_DATES:]
        drawn = [quoted[family][d] for family in families for d in dates if d in quoted[family]]
        unit, multiplier = units.plain(unit_base)
        groups = []
        for family in sorted(family for family in families if any(d in quoted[family] for d in dates)):
            members = quoted[family]
            any_row = next(iter(members.values()))
            label = any_row["subject_zh"] or any_row["indicator_zh"]
            if any_row["scope"] in SCOPE_ZH:
                label += f"（{SCOPE_ZH[any_row['scope']]}）"
            groups.append(Group(
                label,
                [members[d]["value_base"] / multiplier if d in members else None for d in dates],
                [d in members and members[d]["origin"] == "derived" for d in dates],
            ))
        left_out = len(quoted) - len(groups)
        charts.append(Chart(
            name=f"prices_{unit_base.replace('/', '_per_')}",
            title=f"价格 prices（{unit}）" + (f"：报价最多的 {len(groups)}/{len(quoted)} 种 most quoted" if left_out else ""),
            kind="lines",
            unit=unit,
            dates=dates,
            groups=groups,
            series_ids=sorted({r["series_id"] for r in drawn}),
            documents=_documents(drawn),
        ))
    return charts


def select_charts(con) -> list[Chart]:
    units = Units(con.execute(UNITS_SQL).fetchall())
    charts = [
        latest_cross_section(
            con, units, "output_by_metal", "有色金属产量（按金属）output by metal",
            "s.indicator_code = 'output' and s.scope = 'national' and s.commodity_code in "
            "(select commodity_code from marts.dim_commodity where root_code = 'nonferrous')",
            lambda row: row["subject_zh"],
        ),
        trade_by_flow(con, units),
        latest_cross_section(
            con, units, "profit_by_segment", "利润总额（按板块）profits by segment",
            "s.indicator_code = 'profit_total' and s.scope = 'national'",
            lambda row: row["subject_zh"] or "合计 total",
        ),
        *prices(con, units),
    ]
    return [chart for chart in charts if chart is not None]
