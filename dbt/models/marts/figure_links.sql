-- Of-which (其中) links: each part figure and the whole it belongs to.
select
    figure_id as part_figure_id,
    parent_figure_id as whole_figure_id,
    document_id
from {{ ref('int_figures_resolved') }}
where parent_figure_id is not null
