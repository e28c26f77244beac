select
    cast(document_id as varchar)   as document_id,
    cast(file_name as varchar)     as file_name,
    cast(stage as varchar)         as stage,
    cast(reason as varchar)        as reason,
    cast(details as varchar)       as details_json,
    cast(first_seen as timestamptz) as first_seen,
    cast(last_seen as timestamptz)  as last_seen
from {{ source('landing', 'rejections') }}
