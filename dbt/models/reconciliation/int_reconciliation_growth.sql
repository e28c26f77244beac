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
--
-- How the levels are found, in time that grows with the figures and not with their square: each
-- rate is paired by key with the groups of levels it may be computed from (same indicator key
-- and a compatible wording, subject, flow, unit, period), and within its own document takes from
-- each group the level nearest before it and the one nearest after it in the text (see the
-- nearest_in_text macro); a level from another document (growth_yoy) is that document's first
-- statement of it. Among those, the rate takes the levels nearest to it, as before.
--
-- growth_yoy's levels from other documents are found the same way (nearest_in_other_documents):
-- of the first statements of all other documents, only the nearest to the rate's position, ties to
-- the smallest figure_id, not one per document. The ranking of the pairs is exactly what it was:
-- it orders by the number of levels from other documents, the base year's distance, the sum of
-- both levels' distances to the rate in the text, then the current's and the previous' figure_id.
-- For a current level from another document, the previous levels it pairs with depend only on
-- its key and unit (one query per unit), and the ranking of its pairs with any one previous level
-- is by its own distance and figure_id: the nearest of its key and unit ranks first. For a
-- current level, the previous levels of one query share the base year, so the nearest of another
-- document ranks first among the others. The pair ranked first is always kept.
with figures as (
    select
        *,
        month(period_start) = 1 and day(period_start) = 1 and month(period_end) = 12 and day(period_end) = 31 as whole_years,
        year(period_end) as year_end
    from {{ ref('int_reconciliation_figures') }}
    where usable and dated
),
compatible as (
    {{ compatible_wordings('figures') }}
),
year_levels as (
    select * from figures
    where whole_years and year(period_start) = year(period_end)
),

-- growth_cagr ---------------------------------------------------------------------------------
cagr_rates as (
    select rates.*, compatible.compatible_zh
    from figures as rates
    join compatible on compatible.indicator_key = rates.indicator_key and compatible.indicator_zh is not distinct from rates.indicator_zh
    where rates.measure = 'cagr_pct' and rates.whole_years and rates.year_end > year(rates.period_start)
),
cagr_base_pool as (
    select * from year_levels
    where measure = 'level' and additive and value_base > half_unit_base
),
cagr_base_queries as (
    select
        figure_id as rate_figure_id, char_start, year_end as rate_year_end,
        document_id as want_document_id, indicator_key as want_indicator_key, compatible_zh as want_indicator_zh,
        subject_zh as want_subject_zh, flow as want_flow, year(period_start) - 1 as want_year_end
    from cagr_rates
),
cagr_bases as (
    {{ nearest_in_text('cagr_base_queries', 'cagr_base_pool',
                       ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'year_end']) }}
),
cagr_end_pool as (
    select * from year_levels where measure in ('level', 'target', 'forecast')
),
cagr_end_queries as (
    select
        cagr_bases.rate_figure_id, cagr_bases.char_start, bases.figure_id as base_figure_id,
        bases.char_start as base_char_start, cagr_bases.rate_year_end - bases.year_end as years,
        bases.document_id as want_document_id, bases.indicator_key as want_indicator_key,
        compatible.compatible_zh as want_indicator_zh, bases.subject_zh as want_subject_zh,
        bases.unit_base as want_unit_base, cagr_bases.rate_year_end as want_year_end
    from cagr_bases
    join year_levels as bases on bases.figure_id = cagr_bases.candidate_figure_id
    join compatible on compatible.indicator_key = bases.indicator_key and compatible.indicator_zh is not distinct from bases.indicator_zh
),
cagr_ends as (
    {{ nearest_in_text('cagr_end_queries', 'cagr_end_pool',
                       ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'unit_base', 'year_end']) }}
),
cagr_candidates as (
    select
        rate_figure_id,
        base_figure_id,
        candidate_figure_id as end_figure_id,
        years,
        row_number() over (
            partition by rate_figure_id
            order by abs(base_char_start - char_start) + abs(candidate_char_start - char_start), base_figure_id, candidate_figure_id
        ) as pick
    from cagr_ends
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
-- Levels come from the rate's own document (the nearest on each side) or from any other
-- document (its first statement of the level): fewer levels from other documents first, then the
-- base year nearest the rate's first year, then the levels nearest the rate in the text.
yoy_rates as (
    select
        rates.*,
        compatible.compatible_zh,
        year(rates.period_start) as start_year,
        case when rates.year_end - year(rates.period_start) >= 1 and rates.whole_years then 'yoy_from_base_year' else 'yoy_from_levels' end as rule
    from figures as rates
    join compatible on compatible.indicator_key = rates.indicator_key and compatible.indicator_zh is not distinct from rates.indicator_zh
    where rates.measure = 'yoy_pct'
),

-- the same period a year earlier: the current level is of the rate's period (and grain), the
-- previous one of the period a year before it (any day of February ends February)
same_current_pool as (
    select * from figures where measure = 'level' and additive
),
same_current_queries as (
    select
        figure_id as rate_figure_id, char_start, document_id as rate_document_id, rule, start_year as rate_start_year,
        document_id as want_document_id, indicator_key as want_indicator_key, compatible_zh as want_indicator_zh,
        subject_zh as want_subject_zh, flow as want_flow, period_start as want_period_start,
        period_end as want_period_end, period_grain as want_period_grain
    from yoy_rates
),
same_current_firsts as (
    select firsts.*, levels.char_start, levels.unit_base
    from (
        select
            document_id, indicator_key, indicator_zh, subject_zh, flow, period_start, period_end, period_grain,
            arg_min(figure_id, char_start) as figure_id
        from same_current_pool
        group by all
    ) as firsts
    join figures as levels on levels.figure_id = firsts.figure_id
),
-- the previous level is looked for in the current level's unit: one query per unit the other
-- documents state the current level in
same_current_elsewhere_queries as (
    select queries.*, units.unit_base as want_unit_base
    from same_current_queries as queries
    join (
        select distinct indicator_key, indicator_zh, subject_zh, flow, period_start, period_end, period_grain, unit_base
        from same_current_firsts
    ) as units
      on units.indicator_key = queries.want_indicator_key
     and units.indicator_zh is not distinct from queries.want_indicator_zh
     and units.subject_zh is not distinct from queries.want_subject_zh
     and units.flow is not distinct from queries.want_flow
     and units.period_start = queries.want_period_start
     and units.period_end = queries.want_period_end
     and units.period_grain is not distinct from queries.want_period_grain
),
same_current_elsewhere as (
    {{ nearest_in_other_documents('same_current_elsewhere_queries', 'same_current_firsts',
                                  ['indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'period_start', 'period_end', 'period_grain', 'unit_base'],
                                  'rate_document_id') }}
),
same_currents as (
    select * exclude (candidate_char_start) from (
        {{ nearest_in_text('same_current_queries', 'same_current_pool',
                           ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'period_start', 'period_end', 'period_grain']) }}
    )
    union all
    select * exclude (want_unit_base) from same_current_elsewhere
),
same_previous_pool as (
    select
        *,
        year(period_start) as start_year, month(period_start) as start_month, day(period_start) as start_day,
        year(period_end) as end_year, month(period_end) as end_month,
        case when month(period_end) = 2 then 0 else day(period_end) end as end_day_key
    from figures
    where measure = 'level' and value_base > half_unit_base
),
same_previous_queries as (
    select
        currents.rate_figure_id, currents.char_start, currents.rate_document_id, currents.rule, currents.rate_start_year,
        levels.figure_id as current_figure_id,
        currents.rate_document_id as want_document_id, levels.indicator_key as want_indicator_key,
        compatible.compatible_zh as want_indicator_zh, levels.subject_zh as want_subject_zh, levels.flow as want_flow,
        levels.unit_base as want_unit_base, levels.period_grain as want_period_grain,
        year(levels.period_start) - 1 as want_start_year, month(levels.period_start) as want_start_month,
        day(levels.period_start) as want_start_day, year(levels.period_end) - 1 as want_end_year,
        month(levels.period_end) as want_end_month,
        case when month(levels.period_end) = 2 then 0 else day(levels.period_end) end as want_end_day_key
    from same_currents as currents
    join figures as levels on levels.figure_id = currents.candidate_figure_id
    join compatible on compatible.indicator_key = levels.indicator_key and compatible.indicator_zh is not distinct from levels.indicator_zh
),
same_previous_firsts as (
    select firsts.*, levels.char_start
    from (
        select
            document_id, indicator_key, indicator_zh, subject_zh, flow, unit_base, period_grain,
            start_year, start_month, start_day, end_year, end_month, end_day_key,
            arg_min(figure_id, char_start) as figure_id
        from same_previous_pool
        group by all
    ) as firsts
    join figures as levels on levels.figure_id = firsts.figure_id
),
same_previous_elsewhere as (
    {{ nearest_in_other_documents('same_previous_queries', 'same_previous_firsts',
                                  ['indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'unit_base', 'period_grain',
                                   'start_year', 'start_month', 'start_day', 'end_year', 'end_month', 'end_day_key'],
                                  'rate_document_id') }}
),
same_pairs as (
    select * exclude (candidate_char_start) from (
        {{ nearest_in_text('same_previous_queries', 'same_previous_pool',
                           ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'unit_base', 'period_grain',
                            'start_year', 'start_month', 'start_day', 'end_year', 'end_month', 'end_day_key']) }}
    )
    union all
    select * from same_previous_elsewhere
),

-- against an explicit base year: the current level is of the rate's last year, the previous one
-- of its first year or of the year before it
base_current_pool as (
    select * from year_levels where measure = 'level' and additive
),
base_current_queries as (
    select
        figure_id as rate_figure_id, char_start, document_id as rate_document_id, rule, start_year as rate_start_year,
        document_id as want_document_id, indicator_key as want_indicator_key, compatible_zh as want_indicator_zh,
        subject_zh as want_subject_zh, flow as want_flow, year_end as want_year_end
    from yoy_rates
    where rule = 'yoy_from_base_year'
),
base_current_firsts as (
    select firsts.*, levels.char_start, levels.unit_base
    from (
        select document_id, indicator_key, indicator_zh, subject_zh, flow, year_end, arg_min(figure_id, char_start) as figure_id
        from base_current_pool
        group by all
    ) as firsts
    join figures as levels on levels.figure_id = firsts.figure_id
),
base_current_elsewhere_queries as (
    select queries.*, units.unit_base as want_unit_base
    from base_current_queries as queries
    join (select distinct indicator_key, indicator_zh, subject_zh, flow, year_end, unit_base from base_current_firsts) as units
      on units.indicator_key = queries.want_indicator_key
     and units.indicator_zh is not distinct from queries.want_indicator_zh
     and units.subject_zh is not distinct from queries.want_subject_zh
     and units.flow is not distinct from queries.want_flow
     and units.year_end = queries.want_year_end
),
base_current_elsewhere as (
    {{ nearest_in_other_documents('base_current_elsewhere_queries', 'base_current_firsts',
                                  ['indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'year_end', 'unit_base'],
                                  'rate_document_id') }}
),
base_currents as (
    select * exclude (candidate_char_start) from (
        {{ nearest_in_text('base_current_queries', 'base_current_pool',
                           ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'year_end']) }}
    )
    union all
    select * exclude (want_unit_base) from base_current_elsewhere
),
base_previous_pool as (
    select * from year_levels where measure = 'level' and value_base > half_unit_base
),
base_previous_queries as (
    select
        currents.rate_figure_id, currents.char_start, currents.rate_document_id, currents.rule, currents.rate_start_year,
        levels.figure_id as current_figure_id,
        currents.rate_document_id as want_document_id, levels.indicator_key as want_indicator_key,
        compatible.compatible_zh as want_indicator_zh, levels.subject_zh as want_subject_zh, levels.flow as want_flow,
        levels.unit_base as want_unit_base, currents.rate_start_year + shifts.shift as want_year_end
    from base_currents as currents
    join figures as levels on levels.figure_id = currents.candidate_figure_id
    join compatible on compatible.indicator_key = levels.indicator_key and compatible.indicator_zh is not distinct from levels.indicator_zh
    cross join (values (-1), (0)) as shifts(shift)
),
base_previous_firsts as (
    select firsts.*, levels.char_start
    from (
        select document_id, indicator_key, indicator_zh, subject_zh, flow, unit_base, year_end, arg_min(figure_id, char_start) as figure_id
        from base_previous_pool
        group by all
    ) as firsts
    join figures as levels on levels.figure_id = firsts.figure_id
),
base_previous_elsewhere as (
    {{ nearest_in_other_documents('base_previous_queries', 'base_previous_firsts',
                                  ['indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'unit_base', 'year_end'],
                                  'rate_document_id') }}
),
base_pairs as (
    select * exclude (candidate_char_start) from (
        {{ nearest_in_text('base_previous_queries', 'base_previous_pool',
                           ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'unit_base', 'year_end']) }}
    )
    union all
    select * from base_previous_elsewhere
),
yoy_candidates as (
    select
        pairs.rate_figure_id,
        pairs.current_figure_id,
        previous.figure_id as previous_figure_id,
        pairs.rule,
        row_number() over (
            partition by pairs.rate_figure_id
            order by
                (currents.document_id <> pairs.rate_document_id)::int + (previous.document_id <> pairs.rate_document_id)::int,
                abs(pairs.rate_start_year - previous.year_end),
                abs(currents.char_start - pairs.char_start) + abs(previous.char_start - pairs.char_start),
                currents.figure_id,
                previous.figure_id
        ) as pick
    from (
        select rate_figure_id, char_start, rate_document_id, rule, rate_start_year, current_figure_id, candidate_figure_id from same_pairs
        union all
        select rate_figure_id, char_start, rate_document_id, rule, rate_start_year, current_figure_id, candidate_figure_id from base_pairs
    ) as pairs
    join figures as currents on currents.figure_id = pairs.current_figure_id
    join figures as previous on previous.figure_id = pairs.candidate_figure_id
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
-- A five-year change (2016..2020) starts from the year before its first year; 比2010年
-- (2010..2015) from its first year: the base year nearer the former first, then the levels
-- nearest the change in the text.
change_base_pool as (
    select * from year_levels where measure in ('level', 'share_pct', 'rate_pct')
),
change_end_pool as (
    select * from year_levels where measure in ('level', 'target', 'forecast', 'share_pct', 'rate_pct')
),
change_base_queries as (
    select
        changes.figure_id as change_figure_id, changes.char_start, year(changes.period_start) as change_start_year,
        changes.year_end as change_year_end,
        changes.document_id as want_document_id, changes.indicator_key as want_indicator_key,
        compatible.compatible_zh as want_indicator_zh, changes.subject_zh as want_subject_zh, changes.flow as want_flow,
        base_units.unit_base as want_unit_base, year(changes.period_start) + shifts.shift as want_year_end
    from figures as changes
    join compatible on compatible.indicator_key = changes.indicator_key and compatible.indicator_zh is not distinct from changes.indicator_zh
    -- a change in points is of a level in percent
    cross join unnest(case when changes.unit_base = 'pp' then ['pp', 'pct'] else [changes.unit_base] end) as base_units(unit_base)
    cross join (values (-1), (0)) as shifts(shift)
    where changes.measure in ('abs_change', 'pp_change') and changes.whole_years
),
change_bases as (
    {{ nearest_in_text('change_base_queries', 'change_base_pool',
                       ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'unit_base', 'year_end']) }}
),
change_end_queries as (
    select
        change_bases.change_figure_id, change_bases.char_start, change_bases.change_start_year,
        bases.figure_id as base_figure_id, bases.char_start as base_char_start, bases.year_end as base_year_end,
        bases.document_id as want_document_id, bases.indicator_key as want_indicator_key,
        compatible.compatible_zh as want_indicator_zh, bases.subject_zh as want_subject_zh, bases.flow as want_flow,
        bases.unit_base as want_unit_base, change_bases.change_year_end as want_year_end
    from change_bases
    join year_levels as bases on bases.figure_id = change_bases.candidate_figure_id
    join compatible on compatible.indicator_key = bases.indicator_key and compatible.indicator_zh is not distinct from bases.indicator_zh
    where change_bases.change_year_end > bases.year_end
),
change_ends as (
    {{ nearest_in_text('change_end_queries', 'change_end_pool',
                       ['document_id', 'indicator_key', 'indicator_zh', 'subject_zh', 'flow', 'unit_base', 'year_end']) }}
),
change_candidates as (
    select
        change_figure_id,
        base_figure_id,
        candidate_figure_id as end_figure_id,
        row_number() over (
            partition by change_figure_id
            order by
                abs(change_start_year - 1 - base_year_end),
                abs(base_char_start - char_start) + abs(candidate_char_start - char_start),
                base_figure_id,
                candidate_figure_id
        ) as pick
    from change_ends
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
