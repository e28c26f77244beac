-- kind sum: catalogue identities (seed totals_identities) and table groups (合计/总计 rows and
-- the rows linked to them). One instance per identity, document, period, measure and unit.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and additive and measure in ('level', 'target', 'forecast')
),
identities as (
    select
        identity_code,
        string_split(indicator_codes, '|') as indicator_codes,
        list_transform(string_split(total_subjects, '|'), lambda s: trim(s)) as total_subjects,
        string_split(component_subjects, '|') as components,
        complete
    from {{ ref('totals_identities') }}
),
identity_components as (
    select
        identity_code,
        component_no,
        list_transform(string_split(components[component_no], '/'), lambda s: trim(s)) as names
    from (
        select identity_code, components, unnest(range(1, len(components) + 1)) as component_no
        from identities
    )
),
totals as (
    select
        identities.identity_code,
        identities.indicator_codes as identity_indicator_codes,
        identities.complete,
        len(identities.components) as component_count,
        figures.*
    from identities
    join figures
      on list_contains(identities.indicator_codes, figures.indicator_code)
     and (list_contains(identities.total_subjects, coalesce(figures.subject_zh, ''))
          or list_contains(identities.total_subjects, figures.commodity_code))
),
component_candidates as (
    select
        totals.identity_code,
        totals.figure_id as total_figure_id,
        identity_components.component_no,
        parts.figure_id,
        parts.char_start,
        parts.value_base,
        parts.half_unit_base,
        row_number() over (
            partition by totals.identity_code, totals.figure_id, identity_components.component_no
            -- components are listed after their total (其中…, the rows under a table's total row)
            order by parts.char_start < totals.char_start, abs(parts.char_start - totals.char_start), parts.char_start
        ) as nearest
    from totals
    join identity_components on identity_components.identity_code = totals.identity_code
    join figures as parts
      on parts.document_id = totals.document_id
     and parts.figure_id <> totals.figure_id
     and parts.period_start = totals.period_start
     and parts.period_end = totals.period_end
     and parts.measure = totals.measure
     and parts.unit_base = totals.unit_base
     and parts.flow is not distinct from totals.flow
     -- a component names the identity's indicator, or an uncatalogued phrasing of the total's category
     and (list_contains(totals.identity_indicator_codes, parts.indicator_code)
          or (parts.indicator_code is null and parts.category = totals.category))
     and (list_contains(identity_components.names, parts.subject_zh) or list_contains(identity_components.names, parts.commodity_code))
),
catalogue_instances as (
    select
        totals.identity_code as rule,
        totals.figure_id as total_figure_id,
        totals.document_id,
        totals.period_start,
        totals.period_end,
        totals.measure,
        totals.unit_base,
        case when bool_and(totals.complete) and count(*) = max(totals.component_count) then 'equal' else 'at_most' end as comparison,
        list(parts.figure_id order by parts.component_no) as component_figure_ids,
        sum(parts.value_base) as computed_base,
        sum(parts.half_unit_base) as computed_half_base,
        greatest(max(parts.char_start), any_value(totals.char_start))
            - least(min(parts.char_start), any_value(totals.char_start)) as span
    from totals
    join component_candidates as parts
      on parts.identity_code = totals.identity_code and parts.total_figure_id = totals.figure_id and parts.nearest = 1
    group by totals.identity_code, totals.figure_id, totals.document_id, totals.period_start, totals.period_end, totals.measure, totals.unit_base
    having count(*) >= 2
),
table_totals as (
    select figures.*
    from figures
    where regexp_matches(concat_ws(' ', figures.subject_zh, figures.indicator_zh), '合计|总计|小计')
),
table_instances as (
    select
        'table_total' as rule,
        totals.figure_id as total_figure_id,
        totals.document_id,
        totals.period_start,
        totals.period_end,
        totals.measure,
        totals.unit_base,
        'equal' as comparison,
        list(parts.figure_id order by parts.char_start) as component_figure_ids,
        sum(parts.value_base) as computed_base,
        sum(parts.half_unit_base) as computed_half_base,
        greatest(max(parts.char_start), any_value(totals.char_start))
            - least(min(parts.char_start), any_value(totals.char_start)) as span
    from table_totals as totals
    join {{ ref('figure_links') }} as links on links.whole_figure_id = totals.figure_id
    join figures as parts
      on parts.figure_id = links.part_figure_id
     and parts.period_start = totals.period_start
     and parts.period_end = totals.period_end
     and parts.measure = totals.measure
     and parts.unit_base = totals.unit_base
    group by totals.figure_id, totals.document_id, totals.period_start, totals.period_end, totals.measure, totals.unit_base
    having count(*) >= 2
),
instances as (
    select * from catalogue_instances
    union all
    select * from table_instances
),
ranked as (
    select
        *,
        row_number() over (
            partition by rule, document_id, period_start, period_end, measure, unit_base
            order by comparison = 'equal' desc, len(component_figure_ids) desc, span, total_figure_id
        ) as pick
    from instances
)
select
    'sum' as kind,
    ranked.rule,
    ranked.comparison,
    ranked.total_figure_id,
    ranked.component_figure_ids,
    ranked.total_figure_id as stated_figure_id,
    totals.value_base as stated_base,
    totals.half_unit_base as stated_half_base,
    ranked.computed_base,
    ranked.computed_base - ranked.computed_half_base as computed_low_base,
    ranked.computed_base + ranked.computed_half_base as computed_high_base
from ranked
join figures as totals on totals.figure_id = ranked.total_figure_id
where ranked.pick = 1
