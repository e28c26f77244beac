select
    indicators.code as indicator_code,
    indicators.name_zh,
    indicators.name_en,
    indicators.category,
    indicators.unit_base,
    indicators.aliases,
    count(figures.figure_id) as figure_count
from {{ ref('indicators') }} as indicators
left join {{ ref('int_figures_resolved') }} as figures on figures.indicator_code = indicators.code
group by all
