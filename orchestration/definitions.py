"""The code location, as a table of contents: ingest -> transform (dbt) -> checks -> review, the
jobs, and the automation around them. The settings are resolved here, once, from the environment."""

import dagster as dg

from orchestration.assets.charts import charts
from orchestration.assets.index import warehouse_index
from orchestration.assets.ingest import documents, figures
from orchestration.assets.quality import quality_checks
from orchestration.assets.review import review_pages
from orchestration.assets.transform import warehouse_models
from orchestration.automation import daily_refresh, raw_folder_sensor, refresh_after_ingest
from orchestration.jobs import EXECUTOR, ingest_job, refresh_job
from orchestration.resources import build_resources
from orchestration.settings import Settings

settings = Settings.from_env()

defs = dg.Definitions(
    assets=[documents, figures, warehouse_models, review_pages, charts, warehouse_index],
    asset_checks=quality_checks,
    jobs=[ingest_job, refresh_job],
    sensors=[raw_folder_sensor, refresh_after_ingest],
    schedules=[daily_refresh],
    resources=build_resources(settings),
    executor=EXECUTOR,
)
