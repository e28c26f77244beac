{#- The shape analysts paste into a spreadsheet, for one category: a row per indicator, subject and
    scope (a series family) and period, with the level, its 同比 and 环比, and the year-to-date level
    and 同比 ending in the same month side by side (Wind's 当月值, 当月同比, 环比, 累计值, 累计同比).
    A family whose levels are stated in two base units (t and count) has a row for each. -#}
{% macro series_wide(category) %}
with series as (
    select * from {{ ref('dim_series') }}
    where category = '{{ category }}' and measure in ('level', 'yoy_pct', 'mom_pct')
),
placed as (
    -- a year-to-date value sits in the row of the month it ends with
    select
        observations.*,
        series.family_id,
        series.measure,
        series.period_grain,
        series.unit_base,
        case when series.period_grain = 'ytd' then 'month' else series.period_grain end as row_grain,
        case when series.period_grain = 'ytd' then cast(date_trunc('month', observations.period_end) as date)
             else observations.period_start end as row_start
    from {{ ref('fct_observation') }} as observations
    join series using (series_id)
),
families as (
    select distinct family_id, family_name_zh, family_name_en, indicator_code, subject_zh, subject_en, scope
    from series
),
level_units as (
    select distinct family_id, unit_base, unit from series where measure = 'level'
),
periods as (
    select distinct family_id, row_grain, row_start, period_end as row_end from placed
),
rows as (
    select periods.*, level_units.unit_base, level_units.unit
    from periods
    left join level_units using (family_id)
)
select
    rows.family_id,
    families.family_name_zh,
    families.family_name_en,
    families.indicator_code,
    families.subject_zh,
    families.subject_en,
    families.scope,
    {{ period_label('rows.row_grain', 'rows.row_start', 'rows.row_end') }} as period_label,
    rows.row_grain as period_grain,
    rows.row_start as period_start,
    rows.row_end as period_end,
    rows.unit,
    max(placed.value) filter (where placed.measure = 'level' and placed.period_grain <> 'ytd') as level,
    max(placed.origin) filter (where placed.measure = 'level' and placed.period_grain <> 'ytd') as level_origin,
    max(placed.value) filter (where placed.measure = 'yoy_pct' and placed.period_grain <> 'ytd') as yoy_pct,
    max(placed.value) filter (where placed.measure = 'mom_pct' and placed.period_grain <> 'ytd') as mom_pct,
    max(placed.value) filter (where placed.measure = 'level' and placed.period_grain = 'ytd') as ytd_level,
    max(placed.value) filter (where placed.measure = 'yoy_pct' and placed.period_grain = 'ytd') as ytd_yoy_pct,
    bool_or(placed.conflict) as conflict
from rows
join families using (family_id)
join placed
  on placed.family_id = rows.family_id
 and placed.row_grain = rows.row_grain
 and placed.row_start = rows.row_start
 and placed.period_end = rows.row_end
 and (placed.measure <> 'level' or placed.unit_base = rows.unit_base)
group by all
order by rows.family_id, rows.row_start, rows.row_end, rows.unit
{% endmacro %}
