select
    documents.document_id,
    documents.file_name,
    documents.file_format,
    documents.encoding,
    documents.sha256,
    documents.size_bytes,
    documents.char_count,
    extractions.document_date,
    extractions.document_date_source,
    documents.title,
    documents.publisher,
    documents.sidecar_published_on,
    documents.url,
    coalesce(extractions.figure_count, 0) as figure_count,
    coalesce(extractions.unresolved_period_count, 0) as unresolved_period_count,
    extractions.diagnostics_json,
    documents.text
from {{ ref('stg_landing__documents') }} as documents
left join {{ ref('stg_landing__extractions') }} as extractions using (document_id)
