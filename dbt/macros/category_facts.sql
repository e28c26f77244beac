{#- The figures of one category joined to their dimensions: the shared body of fct_trade,
    fct_output, fct_investment and fct_profit. -#}
{% macro category_facts(category, extra_columns=[]) %}
select
    figures.figure_id,
    figures.document_id,
    documents.document_date,
    figures.indicator_code,
    figures.indicator_zh,
    figures.indicator_en,
    figures.subject_zh,
    figures.commodity_code,
    commodities.name_en as commodity_en,
    commodities.root_code as commodity_root_code,
    {%- for column in extra_columns %}
    {{ column }},
    {%- endfor %}
    figures.measure,
    figures.value,
    figures.unit,
    figures.value_base,
    figures.unit_base,
    figures.qualifier,
    figures.period_start,
    figures.period_end,
    figures.period_grain,
    figures.scope,
    figures.source_text
from {{ ref('fct_figure') }} as figures
left join {{ ref('dim_document') }} as documents on documents.document_id = figures.document_id
left join {{ ref('dim_commodity') }} as commodities on commodities.commodity_code = figures.commodity_code
where figures.category = '{{ category }}'
{% endmacro %}
