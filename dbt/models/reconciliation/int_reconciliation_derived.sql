-- kind derived: a value derived from other statements (marts.fct_observation, origin derived)
-- against the value a document reports for the same series and period, where one does. The
-- stated side is the reported observation's source figure; the computed side carries the
-- rounding of every input.
with derived as (
    select * from {{ ref('int_series_derived') }}
),
reported as (
    select * from {{ ref('int_series_reported') }}
)
select
    'derived' as kind,
    derived.derivation as rule,
    'equal' as comparison,
    reported.source_figure_id as total_figure_id,
    derived.input_figure_ids as component_figure_ids,
    reported.source_figure_id as stated_figure_id,
    reported.value_base as stated_base,
    reported.half_unit_base as stated_half_base,
    derived.value_base as computed_base,
    derived.low_base as computed_low_base,
    derived.high_base as computed_high_base
from derived
join reported
  on reported.series_id = derived.series_id
 and reported.period_start = derived.period_start
 and reported.period_end = derived.period_end
