-- One row per series: its stable id, definition, names, unit, span and counts.
with definitions as (
    select * from {{ ref('int_series_definitions') }}
),
observed as (
    select
        series_id,
        min(period_start) as first_period_start,
        max(period_end) as last_period_end,
        arg_min(period_label, period_start) as first_period,
        arg_max(period_label, period_end) as last_period,
        count(*) as observation_count,
        count(*) filter (where origin = 'reported') as reported_count,
        count(*) filter (where origin = 'derived') as derived_count,
        count(*) filter (where conflict) as conflict_count
    from {{ ref('fct_observation') }}
    group by series_id
),
stated as (
    select series_id, count(distinct document_id) as document_count, count(*) as figure_count
    from {{ ref('int_series_statements') }}
    group by series_id
)
select
    definitions.series_id,
    definitions.family_id,
    definitions.name_zh,
    definitions.name_en,
    definitions.family_name_zh,
    definitions.family_name_en,
    definitions.category,
    definitions.indicator_code,
    definitions.indicator_detail_zh,
    definitions.indicator_zh,
    definitions.indicator_en,
    definitions.subject_key,
    definitions.subject_zh,
    definitions.subject_en,
    definitions.commodity_code,
    definitions.scope,
    definitions.period_grain,
    definitions.frequency_zh,
    definitions.frequency_en,
    definitions.measure,
    definitions.unit,
    definitions.unit_base,
    observed.first_period,
    observed.last_period,
    observed.first_period_start,
    observed.last_period_end,
    observed.observation_count,
    observed.reported_count,
    observed.derived_count,
    observed.conflict_count,
    coalesce(stated.document_count, 0) as document_count,
    coalesce(stated.figure_count, 0) as figure_count,
    definitions.indicator_aliases,
    definitions.subject_aliases
from definitions
join observed using (series_id)
left join stated using (series_id)
order by definitions.category, definitions.series_id
