-- The same content under several file names is one document: the first name (in sort order)
-- is canonical, the others are recorded as its aliases and their figures are not counted twice.
with documents as (
    select * exclude (loaded_in_build) from {{ ref('stg_landing__documents') }}
)
select
    *,
    first_value(document_id) over same_content as canonical_document_id,
    list(file_name) over (partition by sha256 order by document_id rows between unbounded preceding and unbounded following)
        as file_names_with_same_content
from documents
window same_content as (partition by sha256 order by document_id)
