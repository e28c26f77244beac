-- Figures whose value is implausible, named with the rule they trip. They stay published in
-- fct_figure: a value can be surprising and right (a segment contributing 105% of a growth while
-- the others shrank), so it is flagged for a reader to judge, never withheld. The Great
-- Expectations check of each figure mart reports these rows as a warning.
with figures as (
    select * from {{ ref('fct_figure') }}
),

growth as (
    select * from figures where measure in ('yoy_pct', 'mom_pct', 'cagr_pct')
),

flagged as (
    select figure_id, 'share_outside_0_100' as rule, 'a share of a whole lies between 0 and 100%' as expectation
    from figures where measure = 'share_pct' and (value_base < 0 or value_base > 100)
    union all
    select figure_id, 'fall_beyond_100pct', 'nothing falls by more than 100%'
    from growth where value_base < -100
    union all
    select figure_id, 'growth_above_1000pct', 'a growth rate above 1000% is rare enough to check'
    from growth where value_base > 1000
    union all
    select figure_id, 'rate_outside_100pct', 'a rate lies within ±100%'
    from figures where measure = 'rate_pct' and abs(value_base) > 100
    union all
    select figure_id, 'non_positive_level', 'output, investment, trade values and volumes (not balances) and revenue are positive'
    from figures
    where measure in ('level', 'target', 'forecast') and unit_base is distinct from 'pct' and value_base <= 0
      and (
          category in ('output', 'investment')
          or (category = 'trade' and flow is distinct from 'balance')
          or (category = 'profit' and indicator_code = 'revenue' and measure = 'level')
      )
    union all
    select figure_id, 'margin_outside_100pct', 'a profit margin lies within ±100%'
    from figures where indicator_code = 'profit_margin' and measure = 'level' and abs(value_base) > 100
)

select
    flagged.figure_id,
    figures.document_id,
    flagged.rule,
    flagged.expectation,
    figures.category,
    figures.measure,
    figures.number_text,
    figures.value,
    figures.unit,
    figures.value_base,
    figures.indicator_zh,
    figures.subject_zh,
    figures.source_text
from flagged
join figures using (figure_id)
order by figures.document_id, figures.char_start, flagged.rule
