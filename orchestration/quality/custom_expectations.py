"""Custom Great Expectations (GE 1.x subclasses) for what the built-in ones cannot say.

- ExpectIdentityToHoldWithinTolerance: a reconciliation row's stated and computed values are no
  further apart than its tolerance (equal), or the computed value does not exceed the stated one
  by more than it (at_most): the arithmetic of marts.reconciliation checked again, independently
  of its `passed` column. orchestration.quality.in_database.WITHIN_TOLERANCE_SQL says the same
  for DuckDB, where the suites are evaluated.

Importing this module registers it with GE, so suite files can name it by its snake_case type
(expect_identity_to_hold_within_tolerance). (The span check is computed by DuckDB into the
batch of the fct_figure suite: see orchestration.quality.suites.SPAN_MATCHES_SQL.)
"""

from __future__ import annotations

import math
from typing import ClassVar

import pandas as pd
from great_expectations.execution_engine import PandasExecutionEngine
from great_expectations.expectations.expectation import MulticolumnMapExpectation
from great_expectations.expectations.metrics.map_metric_provider import MulticolumnMapMetricProvider
from great_expectations.expectations.metrics.map_metric_provider.multicolumn_condition_partial import (
    multicolumn_condition_partial,
)
from great_expectations.render import RenderedStringTemplateContent
from great_expectations.render.components import LegacyRendererType
from great_expectations.render.renderer.renderer import renderer

_MULTICOLUMN_DOMAIN_KEYS = ("batch_id", "table", "column_list", "row_condition", "condition_parser", "ignore_row_if")


def _sentence(configuration, template: str, runtime_configuration: dict | None) -> list[RenderedStringTemplateContent]:
    """Data Docs text for a custom expectation: `template` with $column_0 … $column_3 from column_list."""
    columns = list((configuration.kwargs if configuration else {}).get("column_list") or [])
    params = {f"column_{i}": name for i, name in enumerate(columns)}
    return [RenderedStringTemplateContent(
        content_block_type="string_template",
        string_template={"template": template, "params": params,
                         "styling": (runtime_configuration or {}).get("styling")},
    )]


def _within_tolerance(stated, computed, tolerance, comparison) -> bool:
    values = (stated, computed, tolerance)
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in values) or tolerance < 0:
        return False
    difference = computed - stated
    slack = tolerance * (1 + 1e-9) + 1e-9
    if comparison == "equal":
        return abs(difference) <= slack
    if comparison == "at_most":
        return difference <= slack
    return False


class MulticolumnIdentityHoldsWithinTolerance(MulticolumnMapMetricProvider):
    condition_metric_name = "multicolumn_values.identity_holds_within_tolerance"
    condition_domain_keys = _MULTICOLUMN_DOMAIN_KEYS
    condition_value_keys = ()

    @multicolumn_condition_partial(engine=PandasExecutionEngine)
    def _pandas(cls, column_list: pd.DataFrame, **kwargs) -> pd.Series:
        stated, computed, tolerance, comparison = (column_list[name] for name in column_list.columns)
        return pd.Series(
            [_within_tolerance(*values) for values in zip(stated, computed, tolerance, comparison)],
            index=column_list.index,
            dtype=bool,
        )


class ExpectIdentityToHoldWithinTolerance(MulticolumnMapExpectation):
    """Expect each identity's computed value to match its stated value within the tolerance.

    column_list: [stated value, computed value, tolerance, comparison], in that order; comparison
    'equal' needs |computed - stated| <= tolerance, 'at_most' needs computed - stated <= tolerance.
    """

    map_metric = "multicolumn_values.identity_holds_within_tolerance"
    success_keys = ("mostly",)
    args_keys = ("column_list",)
    ignore_row_if: str = "never"

    library_metadata: ClassVar[dict] = {
        "maturity": "experimental",
        "tags": ["nonferrous warehouse", "reconciliation"],
        "contributors": ["nonferrous-warehouse"],
        "requirements": [],
    }

    @classmethod
    @renderer(renderer_type=LegacyRendererType.PRESCRIPTIVE)
    def _prescriptive_renderer(cls, configuration=None, result=None, runtime_configuration=None, **kwargs):
        return _sentence(configuration, "$column_1 must match $column_0 within $column_2 ($column_3 = equal), "
                         "or not exceed it by more ($column_3 = at_most): every identity holds.", runtime_configuration)
