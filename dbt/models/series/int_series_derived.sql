{{ config(schema='intermediate') }}
-- Values no document states, computed as an analyst would from two reported observations that do,
-- each with the figures it came from. Only reported observations without a conflict are used, and
-- never a derived value: nothing is derived from a derivation.
--
-- Cumulative levels (additive units, from 1 January to the end of a month of the same year: 1-5月,
-- 一季度, 上半年, 1月, 全年) and the calendar month, quarter or half that joins two of them obey
-- C(to the period's end) = C(to the day before it begins) + the period; any two give the third:
--   period_from_cumulative: the period, C(later) - C(earlier): 5月 = 1-5月 - 1-4月,
--     二季度 = 上半年 - 一季度, 三季度 = 1-9月 - 上半年, 下半年 = 全年 - 上半年;
--   cumulative_less_period: the earlier cumulative level, C(later) - the period: 一季度 = 上半年 - 二季度;
--   cumulative_plus_period: the later cumulative level, C(earlier) + the period: 上半年 = 一季度 + 二季度.
-- A level L and its stated 同比 growth g obey L(t) = L(t-1) x (1 + g/100), for the same period a
-- year apart; either level follows from the other and the rate:
--   level_from_prior_year: L(t) = L(t-1) x (1 + g/100);
--   prior_year_level_from_growth: L(t-1) = L(t) / (1 + g/100). Offices compute 同比 on a comparable
--     basis, so this is the base the rate implies, which can differ from the level published a year
--     earlier; where a document states that level the reconciliation shows by how much.
--
-- Each carries the lowest and highest value the printed precision of its inputs allows. `stated`
-- marks a value some document states (same indicator, subject, scope, unit and period, whatever
-- grain it is named by): such a value is never published as derived, only reconciled with the
-- reported one (marts.reconciliation, kind derived). Series with an indicator detail (the good of
-- a partner's trade, a share's wording) are neither derived nor counted as stating a value here:
-- the keys below do not hold the detail.
with all_reported as (
    select * from {{ ref('int_series_reported') }} where indicator_detail_zh is null
),
reported as (
    select * from all_reported where len(conflicting_figure_ids) = 0
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
single_periods as (
    -- a calendar month, quarter or half that does not begin the year (one that does is cumulative)
    select * from reported
    where measure = 'level'
      and additive
      and day(period_start) = 1 and month(period_start) > 1
      and period_end = last_day(period_end)
      and year(period_end) = year(period_start)
      and (
          (period_grain = 'month' and month(period_end) = month(period_start))
          or (period_grain = 'quarter' and month(period_start) in (4, 7, 10) and month(period_end) = month(period_start) + 2)
          or (period_grain = 'half' and month(period_start) = 7 and month(period_end) = 12)
      )
),
period_from_cumulative as (
    select
        later.indicator_code, later.subject_key, later.commodity_code, later.scope, later.unit_base, later.additive,
        case month(later.period_end) - month(earlier.period_end)
            when 1 then 'month'
            when 3 then case when month(later.period_end) in (6, 9, 12) then 'quarter' end
            when 6 then case when month(later.period_end) = 12 then 'half' end
        end as period_grain,
        cast(earlier.period_end + 1 as date) as period_start,
        later.period_end,
        'period_from_cumulative' as derivation,
        later.value_base - earlier.value_base as value_base,
        later.value_base - earlier.value_base - later.half_unit_base - earlier.half_unit_base as low_base,
        later.value_base - earlier.value_base + later.half_unit_base + earlier.half_unit_base as high_base,
        [later.source_figure_id, earlier.source_figure_id] as input_figure_ids,
        [later.source_document_id, earlier.source_document_id] as input_document_ids
    from cumulative as later
    join cumulative as earlier
      on earlier.indicator_code = later.indicator_code
     and earlier.subject_key = later.subject_key
     and earlier.scope = later.scope
     and earlier.unit_base = later.unit_base
     and earlier.period_start = later.period_start
     and earlier.period_end < later.period_end
),
cumulative_less_period as (
    select
        later.indicator_code, later.subject_key, later.commodity_code, later.scope, later.unit_base, later.additive,
        {{ cumulative_grain('cast(period.period_start - 1 as date)') }} as period_grain,
        later.period_start,
        cast(period.period_start - 1 as date) as period_end,
        'cumulative_less_period' as derivation,
        later.value_base - period.value_base as value_base,
        later.value_base - period.value_base - later.half_unit_base - period.half_unit_base as low_base,
        later.value_base - period.value_base + later.half_unit_base + period.half_unit_base as high_base,
        [later.source_figure_id, period.source_figure_id] as input_figure_ids,
        [later.source_document_id, period.source_document_id] as input_document_ids
    from cumulative as later
    join single_periods as period
      on period.indicator_code = later.indicator_code
     and period.subject_key = later.subject_key
     and period.scope = later.scope
     and period.unit_base = later.unit_base
     and period.period_end = later.period_end
),
cumulative_plus_period as (
    select
        earlier.indicator_code, earlier.subject_key, earlier.commodity_code, earlier.scope, earlier.unit_base, earlier.additive,
        {{ cumulative_grain('period.period_end') }} as period_grain,
        earlier.period_start,
        period.period_end,
        'cumulative_plus_period' as derivation,
        earlier.value_base + period.value_base as value_base,
        earlier.value_base + period.value_base - earlier.half_unit_base - period.half_unit_base as low_base,
        earlier.value_base + period.value_base + earlier.half_unit_base + period.half_unit_base as high_base,
        [earlier.source_figure_id, period.source_figure_id] as input_figure_ids,
        [earlier.source_document_id, period.source_document_id] as input_document_ids
    from cumulative as earlier
    join single_periods as period
      on period.indicator_code = earlier.indicator_code
     and period.subject_key = earlier.subject_key
     and period.scope = earlier.scope
     and period.unit_base = earlier.unit_base
     and period.period_start = cast(earlier.period_end + 1 as date)
),
levels as (
    -- levels a growth rate can apply to: positive, in units that are not themselves rates
    select * from reported
    where measure = 'level' and unit_base not in ('pct', 'pp') and value_base > half_unit_base
),
growth_rates as (
    select
        *,
        {{ years_shifted('period_start', -1) }} as prior_start,
        {{ years_shifted('period_end', -1) }} as prior_end
    from reported
    where measure = 'yoy_pct'
),
level_from_prior_year as (
    select
        levels.indicator_code, levels.subject_key, levels.commodity_code, levels.scope, levels.unit_base, levels.additive,
        rates.period_grain,
        rates.period_start,
        rates.period_end,
        'level_from_prior_year' as derivation,
        levels.value_base * (1 + rates.value_base / 100) as value_base,
        (levels.value_base - levels.half_unit_base) * (1 + (rates.value_base - rates.half_unit_base) / 100) as low_base,
        (levels.value_base + levels.half_unit_base) * (1 + (rates.value_base + rates.half_unit_base) / 100) as high_base,
        [levels.source_figure_id, rates.source_figure_id] as input_figure_ids,
        [levels.source_document_id, rates.source_document_id] as input_document_ids
    from levels
    join growth_rates as rates
      on rates.indicator_code = levels.indicator_code
     and rates.subject_key = levels.subject_key
     and rates.scope = levels.scope
     and rates.prior_start = levels.period_start
     and rates.prior_end = levels.period_end
),
prior_year_level_from_growth as (
    select
        levels.indicator_code, levels.subject_key, levels.commodity_code, levels.scope, levels.unit_base, levels.additive,
        levels.period_grain,
        rates.prior_start as period_start,
        rates.prior_end as period_end,
        'prior_year_level_from_growth' as derivation,
        levels.value_base / (1 + rates.value_base / 100) as value_base,
        (levels.value_base - levels.half_unit_base) / (1 + (rates.value_base + rates.half_unit_base) / 100) as low_base,
        (levels.value_base + levels.half_unit_base) / (1 + (rates.value_base - rates.half_unit_base) / 100) as high_base,
        [levels.source_figure_id, rates.source_figure_id] as input_figure_ids,
        [levels.source_document_id, rates.source_document_id] as input_document_ids
    from levels
    join growth_rates as rates
      on rates.indicator_code = levels.indicator_code
     and rates.subject_key = levels.subject_key
     and rates.scope = levels.scope
     and rates.period_start = levels.period_start
     and rates.period_end = levels.period_end
    where rates.value_base - rates.half_unit_base > -100  -- a fall of 100% or more leaves no base
),
derived as (
    select * from period_from_cumulative where period_grain is not null
    union all by name
    select * from cumulative_less_period
    union all by name
    select * from cumulative_plus_period
    union all by name
    select * from level_from_prior_year
    union all by name
    select * from prior_year_level_from_growth
),
identified as (
    select
        {{ series_id('indicator_code', 'subject_key', 'scope', 'period_grain', "'level'", 'unit_base') }} as series_id,
        indicator_code,
        subject_key,
        commodity_code,
        scope,
        period_grain,
        'level' as measure,
        unit_base,
        additive,
        period_start,
        period_end,
        derivation,
        value_base,
        low_base,
        high_base,
        (high_base - low_base) / 2 as half_unit_base,
        input_figure_ids,
        list_sort(list_distinct(input_document_ids)) as input_document_ids
    from derived
)
select
    identified.*,
    exists (
        select 1 from all_reported
        where all_reported.indicator_code = identified.indicator_code
          and all_reported.subject_key = identified.subject_key
          and all_reported.scope = identified.scope
          and all_reported.unit_base = identified.unit_base
          and all_reported.measure = 'level'
          and all_reported.period_start = identified.period_start
          and all_reported.period_end = identified.period_end
    ) as stated,
    -- several derivations of one quantity (a quarter from two cumulative levels and from a growth
    -- rate, say, whatever grain each names it by): one is published, in the order of derivation_rank
    row_number() over (
        partition by identified.indicator_code, identified.subject_key, identified.scope, identified.unit_base,
                     identified.period_start, identified.period_end
        order by {{ derivation_rank('identified.derivation') }}, identified.input_figure_ids
    ) = 1 as preferred
from identified
