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
    documents.reader_warnings_json,
    extractions.diagnostics_json,
    documents.file_names_with_same_content,
    documents.text
from {{ ref('int_documents_deduplicated') }} as documents
left join {{ ref('stg_landing__extractions') }} as extractions using (document_id)
where documents.document_id = documents.canonical_document_id
