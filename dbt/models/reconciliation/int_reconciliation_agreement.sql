-- kind agreement: two documents stating the same indicator (see the same_indicator macro),
-- subject, period, measure, flow, unit and scope agree within the rounding of both (the world's
-- lithium demand and China's are two figures, whatever their subject). The statements that
-- disagree are listed, with both sources, in marts.figure_conflicts.
--
-- A statement is only compared when its document leaves no doubt which figure it is: a document
-- holding two different values under the same key (two parts the extraction could not tell apart,
-- 出口 of the country and 出口 of 高技术产品 read without its subject) pairs none of them.
-- Restatements inside one document (a headline and its body, a text and its table) are not
-- paired either, for the same reason: each document enters with one statement of the figure (the
-- most precisely printed, then the first).
--
-- Each statement is compared with one reference, never with every other statement: k documents
-- stating one quantity give at most k - 1 instances, not k(k - 1)/2 (a decade of monthly
-- reports restating a series, or a large collection, would otherwise grow the mart with the
-- square of the restatements). The reference of a statement is the best statement of another
-- document in a compatible wording: the one whose value the most documents state (the
-- consensus), then the most precisely printed, then the first document. A statement that
-- disagrees with the consensus fails against it; the consensus is not failed against each of
-- the others.
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
     and {{ same_statement('bounds', 'figures') }}
    where bounds.highest_low > figures.value_base + figures.half_unit_base
       or bounds.lowest_high < figures.value_base - figures.half_unit_base
),
statements as (
    select
        document_id, indicator_key, indicator_zh, subject_zh, period_start, period_end, measure, flow, unit_base, scope,
        arg_min(figure_id, (half_unit_base, char_start)) as figure_id,
        arg_min(value_base, (half_unit_base, char_start)) as value_base,
        min(half_unit_base) as half_unit_base
    from figures
    where figure_id not in (select figure_id from ambiguous)
    group by all
),
ranked as (
    select
        *,
        count(*) over (
            partition by indicator_key, subject_zh, period_start, period_end, measure, flow, unit_base, scope, value_base
        ) as documents_stating_value
    from statements
),
-- The two best statements of each wording: whichever document a statement is in, the best of
-- the wording in another document is one of them (a document states a wording once).
leaders as (
    select *
    from ranked
    qualify row_number() over (
        partition by indicator_key, indicator_zh, subject_zh, period_start, period_end, measure, flow, unit_base, scope
        order by documents_stating_value desc, half_unit_base, document_id
    ) <= 2
),
statement_references as (
    select
        ranked.figure_id,
        ranked.document_id,
        arg_min(leaders.figure_id, (-leaders.documents_stating_value, leaders.half_unit_base, leaders.document_id))
            as reference_figure_id,
        arg_min(leaders.document_id, (-leaders.documents_stating_value, leaders.half_unit_base, leaders.document_id))
            as reference_document_id
    from ranked
    join compatible
      on compatible.indicator_key = ranked.indicator_key
     and compatible.indicator_zh is not distinct from ranked.indicator_zh
    join leaders
      on leaders.indicator_key = ranked.indicator_key
     and leaders.indicator_zh is not distinct from compatible.compatible_zh
     and {{ same_statement('leaders', 'ranked') }}
     and leaders.document_id <> ranked.document_id
    group by ranked.figure_id, ranked.document_id
),
-- A statement and its reference, the first document's statement first (the reference's own
-- reference is a statement that already has it as reference: one instance).
pairs as (
    select distinct
        case when document_id < reference_document_id then figure_id else reference_figure_id end as first_figure_id,
        case when document_id < reference_document_id then reference_figure_id else figure_id end as second_figure_id
    from statement_references
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
