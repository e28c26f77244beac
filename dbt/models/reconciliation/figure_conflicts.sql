-- Figures that disagree: the same indicator, subject, period, measure, flow and unit stated with
-- values further apart than the rounding of both allows. Both sources side by side.
with conflicts as (
    select * from {{ ref('reconciliation') }}
    where kind = 'agreement' and not passed
),
figures as (
    select * from {{ ref('int_reconciliation_figures') }}
)
select
    conflicts.identity_id,
    firsts.indicator_code,
    firsts.indicator_zh,
    firsts.subject_zh,
    firsts.measure,
    firsts.flow,
    firsts.period_start,
    firsts.period_end,
    firsts.figure_id as figure_id_a,
    firsts.document_id as document_id_a,
    firsts.number_text as number_text_a,
    firsts.unit as unit_a,
    firsts.value_base as value_base_a,
    firsts.source_text as source_text_a,
    seconds.figure_id as figure_id_b,
    seconds.document_id as document_id_b,
    seconds.number_text as number_text_b,
    seconds.unit as unit_b,
    seconds.value_base as value_base_b,
    seconds.source_text as source_text_b,
    firsts.unit_base,
    seconds.value_base - firsts.value_base as difference_base,
    conflicts.tolerance * firsts.multiplier as tolerance_base
from conflicts
join figures as firsts on firsts.figure_id = conflicts.total_figure_id
join figures as seconds on seconds.figure_id = conflicts.component_figure_ids[1]
order by firsts.document_id, firsts.char_start
