-- kind agreement: two documents stating the same indicator (see the same_indicator macro),
-- subject, period, measure, flow and unit agree within the rounding of both. One instance per
-- pair of figures; the pairs that disagree are listed, with both sources, in marts.figure_conflicts.
--
-- A statement is only compared when its document leaves no doubt which figure it is: a document
-- holding two different values under the same key (two parts the extraction could not tell apart,
-- 出口 of the country and 出口 of 高技术产品 read without its subject) pairs none of them.
-- Restatements inside one document (a headline and its body, a text and its table) are not
-- paired either, for the same reason.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and indicator_key is not null
      -- a change in points or in the figure's unit is against a base the key does not hold
      and measure not in ('pp_change', 'abs_change')
),
unambiguous as (
    select figures.*
    from figures
    where not exists (
        select 1 from figures as others
        where others.document_id = figures.document_id
          and others.figure_id <> figures.figure_id
          and {{ same_indicator('others', 'figures') }}
          and others.subject_zh is not distinct from figures.subject_zh
          and others.period_start = figures.period_start
          and others.period_end = figures.period_end
          and others.measure = figures.measure
          and others.flow is not distinct from figures.flow
          and others.unit_base = figures.unit_base
          and abs(others.value_base - figures.value_base) > others.half_unit_base + figures.half_unit_base
    )
)
select
    'agreement' as kind,
    'stated_in_two_documents' as rule,
    'equal' as comparison,
    firsts.figure_id as total_figure_id,
    [seconds.figure_id] as component_figure_ids,
    firsts.figure_id as stated_figure_id,
    firsts.value_base as stated_base,
    firsts.half_unit_base as stated_half_base,
    seconds.value_base as computed_base,
    seconds.value_base - seconds.half_unit_base as computed_low_base,
    seconds.value_base + seconds.half_unit_base as computed_high_base
from unambiguous as firsts
join unambiguous as seconds
  on {{ same_indicator('seconds', 'firsts') }}
 and seconds.subject_zh is not distinct from firsts.subject_zh
 and seconds.period_start = firsts.period_start
 and seconds.period_end = firsts.period_end
 and seconds.measure = firsts.measure
 and seconds.flow is not distinct from firsts.flow
 and seconds.unit_base = firsts.unit_base
 and seconds.document_id > firsts.document_id
