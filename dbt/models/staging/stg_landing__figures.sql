-- Incremental: a build started from a copy of the published warehouse replaces only the rows
-- of the documents whose landing files changed (macros/landing_increment.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_replaced_landing_rows('figures') }}",
) }}
select
    cast(figure_id as varchar)         as figure_id,
    cast(document_id as varchar)       as document_id,
    cast(char_start as integer)        as char_start,
    cast(char_end as integer)          as char_end,
    cast(number_text as varchar)       as number_text,
    cast(source_text as varchar)       as source_text,
    cast(category as varchar)          as category,
    cast(indicator_zh as varchar)      as indicator_zh,
    cast(subject_zh as varchar)        as subject_zh,
    cast(measure as varchar)           as measure,
    cast(value as double)              as value,
    cast(unit as varchar)              as unit,
    cast(value_base as double)         as value_base,
    cast(unit_base as varchar)         as unit_base,
    cast(qualifier as varchar)         as qualifier,
    cast(period_start as date)         as period_start,
    cast(period_end as date)           as period_end,
    cast(period_grain as varchar)      as period_grain,
    cast(flow as varchar)              as flow,
    cast(scope as varchar)             as scope,
    cast(parent_figure_id as varchar)  as parent_figure_id,
    cast(rules as varchar)             as rules,
    '{{ invocation_id }}'              as loaded_in_build
from {{ landing_rows('figures') }}
