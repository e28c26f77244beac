-- kind flow_total: exports + imports = total trade (进出口) for the same subject, period, measure
-- and base unit in one document; exports - imports = the balance (顺差; a 逆差 or 净进口
-- stated as a positive number is imports - exports).
-- The three figures are found together: the export and the import linked to the total by 其中,
-- or stated within a short stretch of text around it (150 characters), with the total's subject
-- or none (其中，出口…，进口… often leaves the subject to the sentence before). Each total, each
-- export and each import enters one instance at most: the tightest it can.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and category = 'trade' and measure in ('level', 'target', 'forecast')
      and unit_base in ('CNY', 'USD', 't', 'count')
),
links as (
    select part_figure_id, whole_figure_id from {{ ref('figure_links') }}
),
triples as (
    select
        totals.figure_id as total_figure_id,
        exports.figure_id as export_figure_id,
        imports.figure_id as import_figure_id,
        totals.flow as total_flow,
        case
            when totals.flow = 'total' then totals.value_base
            when regexp_matches(coalesce(totals.indicator_zh, ''), '逆差|净进口') and totals.value_base > 0 then -totals.value_base
            else totals.value_base
        end as stated_base,
        totals.half_unit_base as stated_half_base,
        case when totals.flow = 'total' then exports.value_base + imports.value_base
             else exports.value_base - imports.value_base end as computed_base,
        exports.half_unit_base + imports.half_unit_base as computed_half_base,
        (export_links.part_figure_id is not null and import_links.part_figure_id is not null) as linked,
        greatest(totals.char_start, exports.char_start, imports.char_start)
            - least(totals.char_start, exports.char_start, imports.char_start) as span
    from figures as totals
    join figures as exports
      on exports.flow = 'export'
     and exports.document_id = totals.document_id
     and exports.period_start = totals.period_start
     and exports.period_end = totals.period_end
     and exports.measure = totals.measure
     and exports.unit_base = totals.unit_base
    join figures as imports
      on imports.flow = 'import'
     and imports.document_id = totals.document_id
     and imports.period_start = totals.period_start
     and imports.period_end = totals.period_end
     and imports.measure = totals.measure
     and imports.unit_base = totals.unit_base
    left join links as export_links
      on export_links.part_figure_id = exports.figure_id and export_links.whole_figure_id = totals.figure_id
    left join links as import_links
      on import_links.part_figure_id = imports.figure_id and import_links.whole_figure_id = totals.figure_id
    where totals.flow in ('total', 'balance')
      and exports.subject_zh is not distinct from imports.subject_zh
      and (
          (export_links.part_figure_id is not null and import_links.part_figure_id is not null)
          or ((exports.subject_zh is not distinct from totals.subject_zh or exports.subject_zh is null)
              and greatest(totals.char_start, exports.char_start, imports.char_start)
                  - least(totals.char_start, exports.char_start, imports.char_start) <= 150)
      )
),
ranked as (
    select
        *,
        row_number() over (partition by total_figure_id order by linked desc, span, export_figure_id, import_figure_id) as by_total,
        row_number() over (partition by export_figure_id order by linked desc, span, total_figure_id) as by_export,
        row_number() over (partition by import_figure_id order by linked desc, span, total_figure_id) as by_import
    from triples
)
select
    'flow_total' as kind,
    case when total_flow = 'total' then 'export_plus_import' else 'export_minus_import' end as rule,
    'equal' as comparison,
    total_figure_id,
    [export_figure_id, import_figure_id] as component_figure_ids,
    total_figure_id as stated_figure_id,
    stated_base,
    stated_half_base,
    computed_base,
    computed_base - computed_half_base as computed_low_base,
    computed_base + computed_half_base as computed_high_base
from ranked
where by_total = 1 and by_export = 1 and by_import = 1
