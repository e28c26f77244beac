-- kind of_which: the parts linked to a whole by 其中 (marts.figure_links) never add up to more
-- than the whole. The parts of one whole are grouped by what tells them apart from it: their
-- flow (出口, 进口 under 进出口), their period (5月 under 1-5月) or their subject (一般贸易 under
-- 外贸), so two breakdowns of one whole are never added together. A breakdown is complete, and
-- must equal the whole, when it is exports and imports of a total, or exactly the components
-- of a complete catalogue identity (kind sum) for that whole.
--
-- Parts told apart by subject are summed only as such a complete identity. Otherwise nothing
-- says they are one breakdown: one 其中 list (and the sentences it goes on into) can hold several
-- partitions of the whole (国有控股 and 民间 investment; 第一/第二/第三产业) and parts of parts
-- (制造业 inside 第二产业), so their sum can exceed the whole with every figure right. What does
-- hold whatever the breakdowns is that each part alone is at most its whole: that is checked
-- for every such part (rule of_which_part), and a part linked to the wrong whole still fails it.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and additive and measure in ('level', 'target', 'forecast')
),
parts as (
    select
        wholes.figure_id as whole_figure_id,
        parts.figure_id as part_figure_id,
        parts.char_start,
        parts.flow,
        parts.value_base,
        parts.half_unit_base,
        case
            when parts.period_start <> wholes.period_start or parts.period_end <> wholes.period_end then 'period'
            when parts.flow is distinct from wholes.flow then 'flow'
            else 'subject'
        end as breakdown
    from {{ ref('figure_links') }} as links
    join figures as wholes on wholes.figure_id = links.whole_figure_id
    join figures as parts on parts.figure_id = links.part_figure_id
    where parts.measure = wholes.measure
      and parts.unit_base = wholes.unit_base
      -- output under a consumption total is a link to the wrong whole, not a part to add up
      and parts.category = wholes.category
      -- a part covers the whole's period or a stretch of it (a flow over time, not a stock at a moment)
      and parts.period_start >= wholes.period_start
      and parts.period_end <= wholes.period_end
      and (wholes.period_grain is distinct from 'instant'
           or (parts.period_start = wholes.period_start and parts.period_end = wholes.period_end))
),
groups as (
    select
        whole_figure_id,
        breakdown,
        list(part_figure_id order by char_start) as component_figure_ids,
        list_sort(list(flow)) as flows,
        sum(value_base) as computed_base,
        sum(half_unit_base) as computed_half_base
    from parts
    group by whole_figure_id, breakdown
),
complete_sums as (
    select total_figure_id, list_sort(component_figure_ids) as component_figure_ids
    from {{ ref('int_reconciliation_sums') }}
    where comparison = 'equal'
),
summed as (
    select
        groups.*,
        case
            when groups.breakdown = 'flow' and wholes.flow = 'total' and groups.flows = ['export', 'import'] then 'equal'
            when complete_sums.total_figure_id is not null then 'equal'
            else 'at_most'
        end as comparison,
        'of_which_' || groups.breakdown as rule
    from groups
    join figures as wholes on wholes.figure_id = groups.whole_figure_id
    left join complete_sums
      on complete_sums.total_figure_id = groups.whole_figure_id
     and complete_sums.component_figure_ids = list_sort(groups.component_figure_ids)
    where groups.breakdown <> 'subject' or complete_sums.total_figure_id is not null
),
-- subject parts not known to be one complete breakdown: each on its own
single_parts as (
    select
        parts.whole_figure_id,
        [parts.part_figure_id] as component_figure_ids,
        parts.value_base as computed_base,
        parts.half_unit_base as computed_half_base,
        'at_most' as comparison,
        'of_which_part' as rule
    from parts
    where parts.breakdown = 'subject'
      and parts.whole_figure_id not in (select whole_figure_id from summed where breakdown = 'subject')
),
instances as (
    select whole_figure_id, component_figure_ids, computed_base, computed_half_base, comparison, rule from summed
    union all
    select whole_figure_id, component_figure_ids, computed_base, computed_half_base, comparison, rule from single_parts
)
select
    'of_which' as kind,
    instances.rule,
    instances.comparison,
    instances.whole_figure_id as total_figure_id,
    instances.component_figure_ids,
    instances.whole_figure_id as stated_figure_id,
    wholes.value_base as stated_base,
    wholes.half_unit_base as stated_half_base,
    instances.computed_base,
    instances.computed_base - instances.computed_half_base as computed_low_base,
    instances.computed_base + instances.computed_half_base as computed_high_base
from instances
join figures as wholes on wholes.figure_id = instances.whole_figure_id
