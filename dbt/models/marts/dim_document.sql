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
    -- The sidecar's, an operator wrote it on purpose; else the text's first line and the name on
    -- its source line (来源：…) in the head of the text.
    coalesce(documents.title, {{ first_line('documents.text') }}) as title,
    case when documents.title is not null then 'sidecar' when {{ first_line('documents.text') }} is not null then 'first_line' end
        as title_source,
    coalesce(documents.publisher, {{ source_line_name('documents.text') }}) as publisher,
    case when documents.publisher is not null then 'sidecar' when {{ source_line_name('documents.text') }} is not null then 'source_line' end
        as publisher_source,
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
