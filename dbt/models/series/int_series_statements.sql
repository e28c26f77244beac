{{ config(schema='intermediate') }}
-- Every figure that states a value of a series: a catalogued indicator, a dated period, a base
-- unit and a number stated exactly or approximately (bounds such as 超过/不足 and range ends state
-- no value; they stay in fct_figure). Each with the series it belongs to and the printed precision
-- the agreement between statements is judged by.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and indicator_code is not null and unit_base is not null and period_grain is not null
),
documents as (
    select document_id, document_date from {{ ref('dim_document') }}
),
keyed as (
    select
        figures.*,
        {{ series_subject_key('figures.commodity_code', 'figures.subject_zh') }} as subject_key
    from figures
)
select
    {{ series_id(series_key_words('keyed.indicator_key'), 'keyed.subject_key', 'keyed.scope', 'keyed.period_grain', 'keyed.measure', 'keyed.unit_base') }} as series_id,
    keyed.indicator_code,
    keyed.indicator_detail_zh,
    keyed.subject_key,
    keyed.commodity_code,
    keyed.scope,
    keyed.period_grain,
    keyed.measure,
    keyed.unit_base,
    keyed.additive,
    keyed.unit,
    keyed.period_start,
    keyed.period_end,
    keyed.figure_id,
    keyed.document_id,
    documents.document_date,
    keyed.char_start,
    keyed.source_text,
    keyed.qualifier,
    keyed.value_base,
    keyed.half_unit_base
from keyed
left join documents using (document_id)
