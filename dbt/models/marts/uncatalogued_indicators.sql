-- Indicator phrasings that figures use but the catalogue does not know yet: what to add next.
select
    indicator_zh,
    category,
    count(*) as figure_count,
    count(distinct document_id) as document_count,
    min(source_text) as example_source_text
from {{ ref('int_figures_resolved') }}
where indicator_code is null and indicator_zh is not null
group by indicator_zh, category
order by figure_count desc, indicator_zh
