"""Charts of the main series, as PNG files in warehouse/charts/ and inline in the Dagster UI."""

import base64

import dagster as dg

from orchestration import warehouse
from orchestration.charts import MissingGlyphs, NoChineseFont, render_charts
from orchestration.pages import url_of
from orchestration.previews import ROW_COUNT
from orchestration.settings import Settings


@dg.asset(
    deps=[dg.AssetKey(["marts", "dim_series"]), dg.AssetKey(["marts", "fct_observation"])],
    group_name="review",
    kinds={"python", "png"},
    description=(
        "The main series drawn as PNG files in warehouse/charts/ — output by metal, trade by flow, profits by "
        "segment, prices — with Chinese labels in a CJK font; each materialization shows them below."
    ),
)
def charts(context: dg.AssetExecutionContext, settings: dg.ResourceParam[Settings]) -> dg.MaterializeResult:
    folder = settings.charts_dir
    try:
        with warehouse.connect(settings.warehouse) as con:
            rendered = render_charts(con, folder)
    except (NoChineseFont, MissingGlyphs) as error:
        raise dg.Failure(description=f"charts not drawn: {error}") from None
    sections = []
    for chart in rendered:
        encoded = base64.b64encode(chart.path.read_bytes()).decode("ascii")
        sections.append(
            f"**{chart.chart.title}** — [{chart.path.name}]({url_of(settings, chart.path)}), {len(chart.chart.series_ids)} series from "
            f"{chart.chart.documents} document(s)\n\n![{chart.chart.name}](data:image/png;base64,{encoded})"
        )
        context.log.info(f"{chart.path}: {chart.chart.title} ({chart.font})")
    return dg.MaterializeResult(metadata={
        ROW_COUNT: dg.MetadataValue.int(len(rendered)),
        "charts": len(rendered),
        "folder": dg.MetadataValue.path(str(folder)),
        "font": rendered[0].font if rendered else "",
        "files": dg.MetadataValue.json({chart.path.name: chart.chart.series_ids for chart in rendered}),
        "preview": dg.MetadataValue.md("\n\n".join(sections) or "No series to chart yet."),
    })
