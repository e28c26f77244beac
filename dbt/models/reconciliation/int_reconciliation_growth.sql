-- Growth identities: levels and the growth stated between them agree, within rounding.
--   growth_cagr:   a 年均增长 rate over calendar years Y0+1..Y1 against the levels of Y0 and Y1
--                  stated in the same document (e.g. a five-year plan's table): ((L1/L0)^(1/n) - 1) x 100.
--   growth_yoy:    a 同比 rate against the level of its period and the level of the same period a
--                  year earlier, from any document of the warehouse; a change stated against an
--                  explicit base year (比2010年下降27.8%) against the levels of both years.
--   growth_change: a change stated in the figure's own unit or in percentage points
--                  (比2010年下降402千瓦时/吨, a table's "[-150]" five-year change) against the two levels.
-- The computed value carries the rounding of the levels: the lowest and highest rates their
-- printed precision allows.
with figures as (
    select
        *,
        month(period_start) = 1 and day(period_start) = 1 and month(period_end) = 12 and day(period_end) = 31 as whole_years,
        year(period_end) as year_end
    from {{ ref('int_reconciliation_figures') }}
    where usable and dated
),
year_levels as (
    select * from figures
    where whole_years and year(period_start) = year(period_end)
),

-- growth_cagr ---------------------------------------------------------------------------------
cagr_candidates as (
    select
        rates.figure_id as rate_figure_id,
        bases.figure_id as base_figure_id,
        ends.figure_id as end_figure_id,
        ends.year_end - bases.year_end as years,
        row_number() over (
            partition by rates.figure_id
            order by abs(bases.char_start - rates.char_start) + abs(ends.char_start - rates.char_start)
        ) as pick
    from figures as rates
    join year_levels as bases
      on bases.document_id = rates.document_id
     and bases.year_end = year(rates.period_start) - 1
     and bases.measure = 'level'
    join year_levels as ends
      on ends.document_id = rates.document_id
     and ends.year_end = rates.year_end
     and ends.measure in ('level', 'target', 'forecast')
     and {{ same_indicator('ends', 'bases') }}
     and ends.subject_zh is not distinct from bases.subject_zh
     and ends.unit_base = bases.unit_base
    where rates.measure = 'cagr_pct'
      and rates.whole_years
      and rates.year_end > year(rates.period_start)
      and {{ same_indicator('bases', 'rates') }}
      and bases.subject_zh is not distinct from rates.subject_zh
      and bases.flow is not distinct from rates.flow
      and bases.additive
      and bases.value_base > bases.half_unit_base
),
cagr as (
    select
        'growth_cagr' as kind,
        'cagr_from_levels' as rule,
        'equal' as comparison,
        rates.figure_id as total_figure_id,
        [bases.figure_id, ends.figure_id] as component_figure_ids,
        rates.figure_id as stated_figure_id,
        rates.value_base as stated_base,
        rates.half_unit_base as stated_half_base,
        (pow(ends.value_base / bases.value_base, 1.0 / candidates.years) - 1) * 100 as computed_base,
        (pow((ends.value_base - ends.half_unit_base) / (bases.value_base + bases.half_unit_base), 1.0 / candidates.years) - 1) * 100 as computed_low_base,
        (pow((ends.value_base + ends.half_unit_base) / (bases.value_base - bases.half_unit_base), 1.0 / candidates.years) - 1) * 100 as computed_high_base
    from cagr_candidates as candidates
    join figures as rates on rates.figure_id = candidates.rate_figure_id
    join figures as bases on bases.figure_id = candidates.base_figure_id
    join figures as ends on ends.figure_id = candidates.end_figure_id
    where candidates.pick = 1
),

-- growth_yoy ----------------------------------------------------------------------------------
yoy_candidates as (
    select
        rates.figure_id as rate_figure_id,
        currents.figure_id as current_figure_id,
        previous.figure_id as previous_figure_id,
        case when rates.year_end - year(rates.period_start) >= 1 and rates.whole_years then 'yoy_from_base_year' else 'yoy_from_levels' end as rule,
        row_number() over (
            partition by rates.figure_id
            order by
                (currents.document_id <> rates.document_id)::int + (previous.document_id <> rates.document_id)::int,
                -- a base year stated as the period's first year (比2010年 -> 2010..2015) or the year before it
                abs(year(rates.period_start) - previous.year_end),
                abs(currents.char_start - rates.char_start) + abs(previous.char_start - rates.char_start)
        ) as pick
    from figures as rates
    join figures as currents
      on currents.measure = 'level'
     and {{ same_indicator('currents', 'rates') }}
     and currents.subject_zh is not distinct from rates.subject_zh
     and currents.flow is not distinct from rates.flow
     and currents.additive
    join figures as previous
      on previous.measure = 'level'
     and {{ same_indicator('previous', 'currents') }}
     and previous.subject_zh is not distinct from currents.subject_zh
     and previous.flow is not distinct from currents.flow
     and previous.unit_base = currents.unit_base
     and previous.value_base > previous.half_unit_base
    where rates.measure = 'yoy_pct'
      and (
          -- the same period a year earlier
          (currents.period_start = rates.period_start and currents.period_end = rates.period_end
           and currents.period_grain is not distinct from rates.period_grain
           and previous.period_grain is not distinct from currents.period_grain
           and year(previous.period_start) = year(currents.period_start) - 1
           and month(previous.period_start) = month(currents.period_start) and day(previous.period_start) = day(currents.period_start)
           and year(previous.period_end) = year(currents.period_end) - 1
           and month(previous.period_end) = month(currents.period_end)
           and (day(previous.period_end) = day(currents.period_end) or month(currents.period_end) = 2))
          or
          -- a change against an explicit base year
          (rates.whole_years and rates.year_end - year(rates.period_start) >= 1
           and currents.whole_years and year(currents.period_start) = currents.year_end and currents.year_end = rates.year_end
           and previous.whole_years and year(previous.period_start) = previous.year_end
           and previous.year_end in (year(rates.period_start) - 1, year(rates.period_start)))
      )
),
yoy as (
    select
        'growth_yoy' as kind,
        candidates.rule,
        'equal' as comparison,
        rates.figure_id as total_figure_id,
        [previous.figure_id, currents.figure_id] as component_figure_ids,
        rates.figure_id as stated_figure_id,
        rates.value_base as stated_base,
        rates.half_unit_base as stated_half_base,
        (currents.value_base / previous.value_base - 1) * 100 as computed_base,
        ((currents.value_base - currents.half_unit_base) / (previous.value_base + previous.half_unit_base) - 1) * 100 as computed_low_base,
        ((currents.value_base + currents.half_unit_base) / (previous.value_base - previous.half_unit_base) - 1) * 100 as computed_high_base
    from yoy_candidates as candidates
    join figures as rates on rates.figure_id = candidates.rate_figure_id
    join figures as currents on currents.figure_id = candidates.current_figure_id
    join figures as previous on previous.figure_id = candidates.previous_figure_id
    where candidates.pick = 1
),

-- growth_change -------------------------------------------------------------------------------
change_candidates as (
    select
        changes.figure_id as change_figure_id,
        bases.figure_id as base_figure_id,
        ends.figure_id as end_figure_id,
        row_number() over (
            partition by changes.figure_id
            order by
                -- a five-year change (2016..2020) starts from the year before; 比2010年 (2010..2015) from its first year
                abs(year(changes.period_start) - 1 - bases.year_end),
                abs(bases.char_start - changes.char_start) + abs(ends.char_start - changes.char_start)
        ) as pick
    from figures as changes
    join year_levels as bases
      on bases.document_id = changes.document_id
     and bases.year_end in (year(changes.period_start) - 1, year(changes.period_start))
     and bases.measure in ('level', 'share_pct', 'rate_pct')
     and {{ same_indicator('bases', 'changes') }}
     and bases.subject_zh is not distinct from changes.subject_zh
     and bases.flow is not distinct from changes.flow
     and (bases.unit_base = changes.unit_base or (changes.unit_base = 'pp' and bases.unit_base = 'pct'))
    join year_levels as ends
      on ends.document_id = changes.document_id
     and ends.year_end = changes.year_end
     and ends.year_end > bases.year_end
     and ends.measure in ('level', 'target', 'forecast', 'share_pct', 'rate_pct')
     and {{ same_indicator('ends', 'bases') }}
     and ends.subject_zh is not distinct from bases.subject_zh
     and ends.flow is not distinct from bases.flow
     and ends.unit_base = bases.unit_base
    where changes.measure in ('abs_change', 'pp_change')
      and changes.whole_years
),
change as (
    select
        'growth_change' as kind,
        changes.measure || '_from_levels' as rule,
        'equal' as comparison,
        changes.figure_id as total_figure_id,
        [bases.figure_id, ends.figure_id] as component_figure_ids,
        changes.figure_id as stated_figure_id,
        changes.value_base as stated_base,
        changes.half_unit_base as stated_half_base,
        ends.value_base - bases.value_base as computed_base,
        ends.value_base - bases.value_base - ends.half_unit_base - bases.half_unit_base as computed_low_base,
        ends.value_base - bases.value_base + ends.half_unit_base + bases.half_unit_base as computed_high_base
    from change_candidates as candidates
    join figures as changes on changes.figure_id = candidates.change_figure_id
    join figures as bases on bases.figure_id = candidates.base_figure_id
    join figures as ends on ends.figure_id = candidates.end_figure_id
    where candidates.pick = 1
)

select * from cagr
union all
select * from yoy
union all
select * from change
