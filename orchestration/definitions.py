"""The code location, as a table of contents: ingest -> transform (dbt) -> checks."""

import dagster as dg

from orchestration.assets.ingest import documents, figures
from orchestration.assets.transform import warehouse_models
from orchestration.resources import build_resources
from orchestration.settings import Settings

defs = dg.Definitions(
    assets=[documents, figures, warehouse_models],
    resources=build_resources(Settings.from_env()),
)
