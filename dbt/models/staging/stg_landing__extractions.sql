-- Incremental: a build started from a copy of the published warehouse replaces only the rows
-- of the documents whose landing files changed (macros/landing_increment.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_replaced_landing_rows('extractions') }}",
) }}
select
    cast(document_id as varchar)              as document_id,
    cast(document_sha256 as varchar)          as document_sha256,
    cast(document_date as date)               as document_date,
    cast(document_date_source as varchar)     as document_date_source,
    cast(figure_count as integer)             as figure_count,
    cast(unresolved_period_count as integer)  as unresolved_period_count,
    cast(diagnostics as varchar)              as diagnostics_json,
    '{{ invocation_id }}'                     as loaded_in_build
from {{ landing_rows('extractions') }}
