-- Incremental: a build started from a copy of the published warehouse replaces only the rows
-- of the documents whose landing files changed (macros/landing_increment.sql).
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_replaced_landing_rows('documents') }}",
) }}
select
    cast(document_id as varchar)   as document_id,
    cast(file_name as varchar)     as file_name,
    cast(format as varchar)        as file_format,
    cast(encoding as varchar)      as encoding,
    cast(sha256 as varchar)        as sha256,
    cast(size_bytes as bigint)     as size_bytes,
    cast(char_count as integer)    as char_count,
    cast(title as varchar)         as title,
    cast(publisher as varchar)     as publisher,
    cast(published_on as date)     as sidecar_published_on,
    cast(url as varchar)           as url,
    cast(warnings as varchar)      as reader_warnings_json,
    cast(text as varchar)          as text,
    '{{ invocation_id }}'          as loaded_in_build
from {{ landing_rows('documents') }}
