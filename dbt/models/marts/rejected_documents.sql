select
    rejections.file_name,
    rejections.document_id,
    rejections.stage,
    rejections.reason,
    rejections.details_json,
    rejections.first_seen,
    rejections.last_seen,
    documents.document_id is not null as previous_version_kept
from {{ ref('stg_landing__rejections') }} as rejections
left join {{ ref('stg_landing__documents') }} as documents using (document_id)
order by rejections.last_seen desc, rejections.file_name
