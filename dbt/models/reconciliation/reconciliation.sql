-- One row per identity instance found in the warehouse (a contract other tools read): the kind
-- of identity, the figures and documents involved, the value stated, the value computed from the
-- other figures, the tolerance the printed precision of all of them allows, and whether it holds.
-- Values are in the unit the stated figure is written in (亿元, %, 千瓦时/吨 …).
with unioned as (
    select * from {{ ref('int_reconciliation_sums') }}
    union all by name
    select * from {{ ref('int_reconciliation_flows') }}
    union all by name
    select * from {{ ref('int_reconciliation_of_which') }}
    union all by name
    select * from {{ ref('int_reconciliation_shares') }}
    union all by name
    select * from {{ ref('int_reconciliation_growth') }}
    union all by name
    select * from {{ ref('int_reconciliation_agreement') }}
    union all by name
    select * from {{ ref('int_reconciliation_derived') }}
),
instances as (
    select
        substr(md5(kind || ':' || rule || ':' || total_figure_id || ':' || array_to_string(component_figure_ids, ',')), 1, 16) as identity_id,
        *
    from unioned
),
figures as (
    select * from {{ ref('int_reconciliation_figures') }}
),
involved as (
    select
        instances.identity_id,
        list_sort(list_distinct(list(figures.document_id))) as document_ids,
        list(figures.source_text order by ids.position) filter (where figures.source_text is not null) as source_texts,
        string_agg(figures.label, ' ; ' order by ids.position) filter (where figures.figure_id <> instances.stated_figure_id) as other_labels
    from instances,
         unnest(list_prepend(instances.total_figure_id, instances.component_figure_ids)) with ordinality as ids(figure_id, position)
    join figures on figures.figure_id = ids.figure_id
    group by instances.identity_id
),
measured as (
    select
        instances.*,
        stated.multiplier,
        instances.computed_base - instances.stated_base as difference_base,
        instances.stated_half_base
            + greatest(instances.computed_high_base - instances.computed_base, instances.computed_base - instances.computed_low_base)
            as tolerance_base
    from instances
    join figures as stated on stated.figure_id = instances.stated_figure_id
)
select
    measured.identity_id,
    measured.kind,
    measured.rule,
    measured.comparison,
    involved.document_ids,
    measured.total_figure_id,
    measured.component_figure_ids,
    measured.stated_figure_id,
    stated.indicator_zh,
    stated.subject_zh,
    stated.period_start,
    stated.period_end,
    stated.unit,
    measured.stated_base / measured.multiplier as stated_value,
    measured.computed_base / measured.multiplier as computed_value,
    measured.computed_low_base / measured.multiplier as computed_low,
    measured.computed_high_base / measured.multiplier as computed_high,
    measured.tolerance_base / measured.multiplier as tolerance,
    measured.difference_base / measured.multiplier as difference,
    case measured.comparison
        when 'equal' then abs(measured.difference_base) <= measured.tolerance_base * (1 + 1e-9) + 1e-9
        else measured.difference_base <= measured.tolerance_base * (1 + 1e-9) + 1e-9
    end as passed,
    stated.label
        || case measured.comparison when 'equal' then ' = ' else ' >= ' end
        || case measured.kind
               when 'sum' then 'the sum of: '
               when 'flow_total' then case measured.rule when 'export_plus_import' then 'exports + imports: ' else 'exports - imports: ' end
               when 'of_which' then 'the sum of its parts (其中): '
               when 'share' then 'the share times the total: '
               when 'growth_cagr' then 'the average annual growth between the levels: '
               when 'growth_yoy' then 'the growth between the levels: '
               when 'growth_change' then 'the change between the levels: '
               when 'agreement' then 'the same figure stated as: '
               when 'derived' then case measured.rule
                   when 'period_from_cumulative' then 'the cumulative level to its end minus the one to its start: '
                   when 'cumulative_less_period' then 'the later cumulative level minus the period that ends it: '
                   when 'cumulative_plus_period' then 'the earlier cumulative level plus the period that follows it: '
                   when 'level_from_prior_year' then 'the level a year earlier grown by the stated rate: '
                   when 'prior_year_level_from_growth' then 'the level a year later less its stated growth: ' end
           end
        || involved.other_labels
        as detail,
    involved.source_texts
from measured
join involved on involved.identity_id = measured.identity_id
join figures as stated on stated.figure_id = measured.stated_figure_id
order by measured.kind, involved.document_ids, stated.document_id, stated.char_start, measured.identity_id
