-- Every period figures refer to.
select distinct
    period_grain || ':' || strftime(period_start, '%Y-%m-%d') || '/' || strftime(period_end, '%Y-%m-%d') as period_key,
    period_start,
    period_end,
    period_grain,
    year(period_end) as year_end,
    datediff('day', period_start, period_end) + 1 as days
from {{ ref('int_figures_resolved') }}
where period_start is not null
