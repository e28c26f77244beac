-- kind agreement: two documents stating the same indicator (see the same_indicator macro),
-- subject, period, measure, flow, unit and scope agree within the rounding of both (the world's
-- lithium demand and China's are two figures, whatever their subject). One instance per
-- pair of documents and wordings; the pairs that disagree are listed, with both sources, in
-- marts.figure_conflicts.
--
-- A statement is only compared when its document leaves no doubt which figure it is: a document
-- holding two different values under the same key (two parts the extraction could not tell apart,
-- 出口 of the country and 出口 of 高技术产品 read without its subject) pairs none of them.
-- Restatements inside one document (a headline and its body, a text and its table) are not
-- paired either, for the same reason: each document enters with one statement of the figure (the
-- most precisely printed, then the first), so the pairs grow with the documents stating a
-- figure, never with how often one document repeats it.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and indicator_key is not null
      -- a change in points or in the figure's unit is against a base the key does not hold
      and measure not in ('pp_change', 'abs_change')
),
compatible as (
    {{ compatible_wordings('figures') }}
),
-- Per document, key and wording: the highest lower end and the lowest upper end of the values
-- stated. A statement is ambiguous when a compatible wording's values reach beyond its own
-- rounding on either side (its own values never do).
bounds as (
    select
        document_id, indicator_key, indicator_zh, subject_zh, period_start, period_end, measure, flow, unit_base, scope,
        max(value_base - half_unit_base) as highest_low,
        min(value_base + half_unit_base) as lowest_high
    from figures
    group by all
),
ambiguous as (
    select distinct figures.figure_id
    from figures
    join compatible
      on compatible.indicator_key = figures.indicator_key
     and compatible.indicator_zh is not distinct from figures.indicator_zh
    join bounds
      on bounds.document_id = figures.document_id
     and bounds.indicator_key = figures.indicator_key
     and bounds.indicator_zh is not distinct from compatible.compatible_zh
     and bounds.subject_zh is not distinct from figures.subject_zh
     and bounds.period_start = figures.period_start
     and bounds.period_end = figures.period_end
     and bounds.measure = figures.measure
     and bounds.flow is not distinct from figures.flow
     and bounds.unit_base = figures.unit_base
     and bounds.scope is not distinct from figures.scope
    where bounds.highest_low > figures.value_base + figures.half_unit_base
       or bounds.lowest_high < figures.value_base - figures.half_unit_base
),
statements as (
    select
        document_id, indicator_key, indicator_zh, subject_zh, period_start, period_end, measure, flow, unit_base, scope,
        arg_min(figure_id, (half_unit_base, char_start)) as figure_id
    from figures
    where figure_id not in (select figure_id from ambiguous)
    group by all
),
pairs as (
    select firsts.figure_id as first_figure_id, seconds.figure_id as second_figure_id
    from statements as firsts
    join compatible
      on compatible.indicator_key = firsts.indicator_key
     and compatible.indicator_zh is not distinct from firsts.indicator_zh
    join statements as seconds
      on seconds.indicator_key = firsts.indicator_key
     and seconds.indicator_zh is not distinct from compatible.compatible_zh
     and seconds.subject_zh is not distinct from firsts.subject_zh
     and seconds.period_start = firsts.period_start
     and seconds.period_end = firsts.period_end
     and seconds.measure = firsts.measure
     and seconds.flow is not distinct from firsts.flow
     and seconds.unit_base = firsts.unit_base
     and seconds.scope is not distinct from firsts.scope
     and seconds.document_id > firsts.document_id
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
from pairs
join figures as firsts on firsts.figure_id = pairs.first_figure_id
join figures as seconds on seconds.figure_id = pairs.second_figure_id
