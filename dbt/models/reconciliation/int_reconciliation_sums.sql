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
-- Each figure in every component role it can play: the identity, the component its subject or
-- commodity names, and -- for a figure without a catalogued indicator -- its category, which
-- must then be the total's.
part_roles as (
    select
        identity_components.identity_code,
        identity_components.component_no,
        case when figures.indicator_code is null then figures.category end as category_key,
        figures.*
    from figures
    join identity_components
      on list_contains(identity_components.names, figures.subject_zh) or list_contains(identity_components.names, figures.commodity_code)
    join identities on identities.identity_code = identity_components.identity_code
    where list_contains(identities.indicator_codes, figures.indicator_code) or figures.indicator_code is null
),
component_queries as (
    select
        totals.identity_code,
        totals.figure_id as total_figure_id,
        totals.char_start,
        identity_components.component_no,
        totals.identity_code as want_identity_code,
        identity_components.component_no as want_component_no,
        totals.document_id as want_document_id,
        totals.period_start as want_period_start,
        totals.period_end as want_period_end,
        totals.measure as want_measure,
        totals.unit_base as want_unit_base,
        totals.flow as want_flow,
        category_keys.category_key as want_category_key
    from totals
    join identity_components on identity_components.identity_code = totals.identity_code
    cross join unnest([null, totals.category]) as category_keys(category_key)
),
-- components are listed after their total (其中…, the rows under a table's total row): the
-- nearest after it, else the nearest before it
component_candidates as (
    select
        identity_code,
        total_figure_id,
        component_no,
        candidate_figure_id as figure_id,
        row_number() over (
            partition by identity_code, total_figure_id, component_no
            order by candidate_char_start < char_start, abs(candidate_char_start - char_start), candidate_char_start
        ) as nearest
    from (
        {{ nearest_in_text('component_queries', 'part_roles',
                           ['identity_code', 'component_no', 'document_id', 'period_start', 'period_end', 'measure',
                            'unit_base', 'flow', 'category_key']) }}
    )
    where candidate_figure_id <> total_figure_id
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
        list(parts.figure_id order by candidates.component_no) as component_figure_ids,
        sum(parts.value_base) as computed_base,
        sum(parts.half_unit_base) as computed_half_base,
        greatest(max(parts.char_start), any_value(totals.char_start))
            - least(min(parts.char_start), any_value(totals.char_start)) as span
    from totals
    join component_candidates as candidates
      on candidates.identity_code = totals.identity_code and candidates.total_figure_id = totals.figure_id and candidates.nearest = 1
    join figures as parts on parts.figure_id = candidates.figure_id
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
