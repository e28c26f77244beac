-- kind derived: a value derived from other statements (intermediate.int_series_derived) against the
-- value a document reports for the same quantity (indicator, subject, scope, unit and period,
-- whatever grain names it), where one does. The stated side is the reported observation's source
-- figure; the computed side carries the rounding of every input. Three statements that make one
-- identity (1-4月, 5月 and 1-5月; a level, the level a year earlier and the growth) are one
-- instance, whichever of them is taken as stated: the first derivation in the order of
-- int_series_derived's preference.
with derived as (
    select * from {{ ref('int_series_derived') }}
),
reported as (
    -- a derived value has no indicator detail (int_series_derived)
    select * from {{ ref('int_series_reported') }} where indicator_detail_zh is null
),
compared as (
    select
        derived.derivation,
        derived.input_figure_ids,
        derived.value_base,
        derived.low_base,
        derived.high_base,
        reported.source_figure_id,
        reported.value_base as stated_base,
        reported.half_unit_base as stated_half_base,
        row_number() over (
            partition by list_sort(list_append(derived.input_figure_ids, reported.source_figure_id))
            order by {{ derivation_rank('derived.derivation') }}
        ) as instance_rank
    from derived
    join reported
      on reported.indicator_code = derived.indicator_code
     and reported.subject_key = derived.subject_key
     and reported.scope = derived.scope
     and reported.unit_base = derived.unit_base
     and reported.measure = 'level'
     and reported.period_start = derived.period_start
     and reported.period_end = derived.period_end
)
select
    'derived' as kind,
    derivation as rule,
    'equal' as comparison,
    source_figure_id as total_figure_id,
    input_figure_ids as component_figure_ids,
    source_figure_id as stated_figure_id,
    stated_base,
    stated_half_base,
    value_base as computed_base,
    low_base as computed_low_base,
    high_base as computed_high_base
from compared
where instance_rank = 1
