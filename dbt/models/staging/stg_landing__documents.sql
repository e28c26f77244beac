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
    cast(text as varchar)          as text
from {{ source('landing', 'documents') }}
