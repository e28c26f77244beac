{{ config(schema='intermediate') }}
-- Values no document states, computed from two reported observations that do, each with the
-- figures it came from. Only reported observations without a conflict are used, and never a
-- derived value: nothing is derived from a derivation.
--
--   month_from_ytd: a single month from two cumulative levels of the same year that end one month
--     apart (1-5月 minus 1-4月). Cumulative: a level in additive units from 1 January to the end of
--     a month, stated as year to date, first quarter, first half, January or the whole year.
--   level_from_prior_year: a level from the level a year earlier and its stated 同比 growth,
--     L(t) = L(t-1) x (1 + g/100), for the same grain and a period exactly one year later.
--
-- Each carries the lowest and highest value the printed precision of its inputs allows; the
-- reconciliation compares it with the reported value where one exists (kind derived).
with reported as (
    select * from {{ ref('int_series_reported') }}
    where len(conflicting_figure_ids) = 0
),
cumulative as (
    select * from reported
    where measure = 'level'
      and additive
      and period_grain in ('ytd', 'quarter', 'half', 'year', 'month')
      and month(period_start) = 1 and day(period_start) = 1
      and period_end = last_day(period_end)
      and year(period_end) = year(period_start)
),
month_from_ytd as (
    select
        later.indicator_code,
        later.subject_key,
        later.commodity_code,
        later.scope,
        'month' as period_grain,
        'level' as measure,
        later.unit_base,
        later.additive,
        cast(date_trunc('month', later.period_end) as date) as period_start,
        later.period_end,
        'month_from_ytd' as derivation,
        later.value_base - earlier.value_base as value_base,
        later.value_base - earlier.value_base - later.half_unit_base - earlier.half_unit_base as low_base,
        later.value_base - earlier.value_base + later.half_unit_base + earlier.half_unit_base as high_base,
        [later.source_figure_id, earlier.source_figure_id] as input_figure_ids,
        list_sort(list_distinct([later.source_document_id, earlier.source_document_id])) as input_document_ids
    from cumulative as later
    join cumulative as earlier
      on earlier.indicator_code = later.indicator_code
     and earlier.subject_key = later.subject_key
     and earlier.scope = later.scope
     and earlier.unit_base = later.unit_base
     and earlier.period_start = later.period_start
     and earlier.period_end = last_day(cast(date_trunc('month', later.period_end) as date) - 1)
),
prior_levels as (
    select
        *,
        cast(period_start + interval 1 year as date) as next_start,
        case when period_end = last_day(period_end) then last_day(cast(period_end + interval 1 year as date))
             else cast(period_end + interval 1 year as date) end as next_end
    from reported
    where measure = 'level' and unit_base not in ('pct', 'pp') and value_base > half_unit_base
),
growth_rates as (
    select * from reported where measure = 'yoy_pct'
),
level_from_prior_year as (
    select
        levels.indicator_code,
        levels.subject_key,
        levels.commodity_code,
        levels.scope,
        levels.period_grain,
        'level' as measure,
        levels.unit_base,
        levels.additive,
        rates.period_start,
        rates.period_end,
        'level_from_prior_year' as derivation,
        levels.value_base * (1 + rates.value_base / 100) as value_base,
        (levels.value_base - levels.half_unit_base) * (1 + (rates.value_base - rates.half_unit_base) / 100) as low_base,
        (levels.value_base + levels.half_unit_base) * (1 + (rates.value_base + rates.half_unit_base) / 100) as high_base,
        [levels.source_figure_id, rates.source_figure_id] as input_figure_ids,
        list_sort(list_distinct([levels.source_document_id, rates.source_document_id])) as input_document_ids
    from prior_levels as levels
    join growth_rates as rates
      on rates.indicator_code = levels.indicator_code
     and rates.subject_key = levels.subject_key
     and rates.scope = levels.scope
     and rates.period_grain = levels.period_grain
     and rates.period_start = levels.next_start
     and rates.period_end = levels.next_end
),
derived as (
    select * from month_from_ytd
    union all by name
    select * from level_from_prior_year
)
select
    {{ series_id('indicator_code', 'subject_key', 'scope', 'period_grain', 'measure', 'unit_base') }} as series_id,
    *,
    (high_base - low_base) / 2 as half_unit_base,
    -- several derivations of one value (from a first quarter and from a 1-3月 figure, say): a
    -- difference of two levels is preferred to a growth rate, whose base may be restated
    row_number() over (
        partition by {{ series_id('indicator_code', 'subject_key', 'scope', 'period_grain', 'measure', 'unit_base') }}, period_start, period_end
        order by case derivation when 'month_from_ytd' then 0 else 1 end, input_figure_ids
    ) = 1 as preferred
from derived
