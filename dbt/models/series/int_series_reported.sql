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
-- A statement's support (the documents whose statements of the same series and period agree with
-- it) is counted per value stated, not per pair of statements: statements printing the same value
-- with the same precision agree with the same others, and many documents restating a series would
-- otherwise pair each statement with every restatement. Two values agree only within twice the
-- largest rounding of their series and period: each value is compared, by the same test, with the
-- values of its own band of that width (and a thousandth more, for the floating point) and of the
-- two bands next to it, which a hash join finds, not with every value of the series and period.
statement_values as (
    select
        figure_id, document_id, series_id, period_start, period_end, value_base, half_unit_base,
        dense_rank() over (order by series_id, period_start, period_end, value_base, half_unit_base) as value_id
    from statements
),
band_widths as (
    select
        series_id, period_start, period_end,
        case when max(half_unit_base) > 0 then 2.002 * max(half_unit_base) else 1 end as band_width
    from statements
    group by all
),
banded_values as (
    select distinct
        statement_values.value_id, statement_values.series_id, statement_values.period_start, statement_values.period_end,
        statement_values.value_base, statement_values.half_unit_base,
        floor(statement_values.value_base / band_widths.band_width) as band
    from statement_values
    join band_widths using (series_id, period_start, period_end)
),
neighbour_bands as (
    select banded_values.*, banded_values.band + shifts.shift as neighbour_band
    from banded_values
    cross join (values (-1), (0), (1)) as shifts(shift)
),
agreeing_values as (
    select neighbour_bands.value_id, others.value_id as other_value_id
    from neighbour_bands
    join banded_values as others
      on others.series_id = neighbour_bands.series_id
     and others.period_start = neighbour_bands.period_start
     and others.period_end = neighbour_bands.period_end
     and others.band = neighbour_bands.neighbour_band
    where abs(others.value_base - neighbour_bands.value_base) <= others.half_unit_base + neighbour_bands.half_unit_base
),
value_documents as (
    select distinct value_id, document_id from statement_values
),
support as (
    select agreeing_values.value_id, count(distinct value_documents.document_id) as agreeing_documents
    from agreeing_values
    join value_documents on value_documents.value_id = agreeing_values.other_value_id
    group by agreeing_values.value_id
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
    join statement_values using (figure_id)
    join support using (value_id)
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
