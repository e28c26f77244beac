-- One row per series and period: the reported value (what the documents state, agreed) or, where
-- no document states it, a derived value (origin = derived) computed from reported ones. The two
-- are never mixed: a derived value never replaces or adjusts a reported one.
-- Values are shown in the series' display unit (dim_series.unit) and in the base unit.
with reported as (
    select
        series_id,
        period_start,
        period_end,
        'reported' as origin,
        cast(null as varchar) as derivation,
        value_base,
        half_unit_base,
        qualifier,
        document_count,
        source_document_id,
        source_figure_id,
        source_text,
        figure_ids,
        len(conflicting_figure_ids) > 0 as conflict,
        conflicting_figure_ids
    from {{ ref('int_series_reported') }}
),
derived as (
    select
        derived.series_id,
        derived.period_start,
        derived.period_end,
        'derived' as origin,
        derived.derivation,
        derived.value_base,
        derived.half_unit_base,
        cast(null as varchar) as qualifier,
        len(derived.input_document_ids) as document_count,
        cast(null as varchar) as source_document_id,
        cast(null as varchar) as source_figure_id,
        cast(null as varchar) as source_text,
        derived.input_figure_ids as figure_ids,
        false as conflict,
        cast([] as varchar[]) as conflicting_figure_ids
    from {{ ref('int_series_derived') }} as derived
    where derived.preferred and not derived.stated
),
observations as (
    select * from reported
    union all by name
    select * from derived
),
series as (
    select series_id, period_grain, unit, unit_multiplier from {{ ref('int_series_definitions') }}
)
select
    observations.series_id,
    {{ period_label('series.period_grain', 'observations.period_start', 'observations.period_end') }} as period_label,
    observations.period_start,
    observations.period_end,
    observations.value_base / series.unit_multiplier as value,
    series.unit,
    observations.value_base,
    observations.half_unit_base,
    -- digits after the decimal point the value carries (2660.0万吨 -> 1; a derived value: its inputs')
    case when observations.half_unit_base > 0
         then cast(greatest(0, ceil(-log10(2 * observations.half_unit_base / series.unit_multiplier) - 1e-9)) as integer)
    end as decimals,
    observations.qualifier,
    observations.origin,
    observations.derivation,
    observations.document_count,
    observations.source_document_id,
    observations.source_figure_id,
    observations.source_text,
    observations.figure_ids,
    observations.conflict,
    observations.conflicting_figure_ids
from observations
join series using (series_id)
order by observations.series_id, observations.period_start, observations.period_end
