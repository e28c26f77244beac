{{ config(schema='intermediate') }}
-- One reported observation per series and period: the value the statements agree on.
--
-- Two statements agree when their values lie within the rounding of both (half a unit in the last
-- printed digit of each). The agreed value is the one the most documents state; among equals the
-- earliest document's, then the first in it, which is also the source shown. Every statement that
-- does not agree with it makes the observation a conflict, and is listed.
with statements as (
    select * from {{ ref('int_series_statements') }}
),
support as (
    -- for each statement: the documents whose statements of the same series and period agree with it
    select
        statements.figure_id,
        count(distinct others.document_id) as agreeing_documents
    from statements
    join statements as others
      on others.series_id = statements.series_id
     and others.period_start = statements.period_start
     and others.period_end = statements.period_end
     and abs(others.value_base - statements.value_base) <= others.half_unit_base + statements.half_unit_base
    group by statements.figure_id
),
ranked as (
    select
        statements.*,
        row_number() over (
            partition by statements.series_id, statements.period_start, statements.period_end
            order by support.agreeing_documents desc, statements.document_date nulls last,
                     statements.document_id, statements.char_start
        ) as rank
    from statements
    join support using (figure_id)
),
chosen as (
    select * from ranked where rank = 1
),
judged as (
    select
        statements.*,
        abs(statements.value_base - chosen.value_base) <= statements.half_unit_base + chosen.half_unit_base as agrees
    from statements
    join chosen
      on chosen.series_id = statements.series_id
     and chosen.period_start = statements.period_start
     and chosen.period_end = statements.period_end
)
select
    chosen.series_id,
    chosen.indicator_code,
    chosen.indicator_detail_zh,
    chosen.subject_key,
    chosen.commodity_code,
    chosen.scope,
    chosen.period_grain,
    chosen.measure,
    chosen.unit_base,
    chosen.additive,
    chosen.period_start,
    chosen.period_end,
    chosen.value_base,
    chosen.half_unit_base,
    chosen.qualifier,
    chosen.document_id as source_document_id,
    chosen.figure_id as source_figure_id,
    chosen.source_text,
    count(distinct judged.document_id) filter (where judged.agrees) as document_count,
    list(judged.figure_id order by judged.document_date nulls last, judged.document_id, judged.char_start)
        filter (where judged.agrees) as figure_ids,
    coalesce(
        list(judged.figure_id order by judged.document_date nulls last, judged.document_id, judged.char_start)
            filter (where not judged.agrees),
        []
    ) as conflicting_figure_ids
from chosen
join judged
  on judged.series_id = chosen.series_id
 and judged.period_start = chosen.period_start
 and judged.period_end = chosen.period_end
group by all
