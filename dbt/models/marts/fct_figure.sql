-- The figure contract (DESIGN.md): one row per figure stated in a document. Column order is fixed.
select
    figure_id,
    document_id,
    char_start,
    char_end,
    number_text,
    source_text,
    category,
    indicator_code,
    indicator_zh,
    indicator_en,
    subject_zh,
    commodity_code,
    measure,
    value,
    unit,
    value_base,
    unit_base,
    qualifier,
    period_start,
    period_end,
    period_grain,
    flow,
    scope
from {{ ref('int_figures_resolved') }}
order by document_id, char_start, char_end
