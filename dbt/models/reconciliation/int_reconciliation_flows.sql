-- kind flow_total: exports + imports = total trade (进出口) for the same subject, period, measure
-- and base unit in one document; exports - imports = the balance (顺差; a 逆差 or 净进口
-- stated as a positive number is imports - exports).
-- The three figures are found together: the export and the import linked to the total by 其中,
-- or stated within a short stretch of text around it (150 characters), with the total's subject
-- or none (其中，出口…，进口… often leaves the subject to the sentence before). Each total, each
-- export and each import enters one instance at most: the tightest it can. A total is paired only
-- with its linked exports and imports and the nearest ones around it, so a document listing trade
-- figures by the thousand costs time in proportion, not in proportion to its square.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated and category = 'trade' and measure in ('level', 'target', 'forecast')
      and unit_base in ('CNY', 'USD', 't', 'count')
),
links as (
    select part_figure_id, whole_figure_id from {{ ref('figure_links') }}
),
totals as (
    select * from figures where flow in ('total', 'balance')
),
exports as (
    select * from figures where flow = 'export'
),
imports as (
    select * from figures where flow = 'import'
),
-- The exports and imports a total can be computed from: those linked to it by 其中, and, for the
-- total's subject and for none, the nearest before and after it in the text (a nearer one never
-- makes the stretch of text longer).
side_queries as (
    select
        totals.figure_id as total_figure_id,
        totals.char_start,
        totals.document_id as want_document_id,
        totals.period_start as want_period_start,
        totals.period_end as want_period_end,
        totals.measure as want_measure,
        totals.unit_base as want_unit_base,
        subjects.subject_zh as want_subject_zh
    from totals
    cross join unnest(case when totals.subject_zh is null then [null] else [totals.subject_zh, null] end) as subjects(subject_zh)
),
export_candidates as (
    select total_figure_id, candidate_figure_id as figure_id from (
        {{ nearest_in_text('side_queries', 'exports',
                           ['document_id', 'period_start', 'period_end', 'measure', 'unit_base', 'subject_zh']) }}
    )
    union
    select totals.figure_id, exports.figure_id
    from links
    join totals on totals.figure_id = links.whole_figure_id
    join exports
      on exports.figure_id = links.part_figure_id
     and exports.document_id = totals.document_id
     and exports.period_start = totals.period_start
     and exports.period_end = totals.period_end
     and exports.measure = totals.measure
     and exports.unit_base = totals.unit_base
),
import_candidates as (
    select total_figure_id, candidate_figure_id as figure_id from (
        {{ nearest_in_text('side_queries', 'imports',
                           ['document_id', 'period_start', 'period_end', 'measure', 'unit_base', 'subject_zh']) }}
    )
    union
    select totals.figure_id, imports.figure_id
    from links
    join totals on totals.figure_id = links.whole_figure_id
    join imports
      on imports.figure_id = links.part_figure_id
     and imports.document_id = totals.document_id
     and imports.period_start = totals.period_start
     and imports.period_end = totals.period_end
     and imports.measure = totals.measure
     and imports.unit_base = totals.unit_base
),
-- the candidates with what the identity needs of them, each still tied to its total
export_sides as (
    select export_candidates.total_figure_id, exports.*
    from export_candidates
    join exports on exports.figure_id = export_candidates.figure_id
),
import_sides as (
    select import_candidates.total_figure_id, imports.*
    from import_candidates
    join imports on imports.figure_id = import_candidates.figure_id
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
    -- every candidate shares the total's document, period, measure and unit: joined by the total alone
    from totals
    join export_sides as exports on exports.total_figure_id = totals.figure_id
    join import_sides as imports
      on imports.total_figure_id = totals.figure_id
     and imports.subject_zh is not distinct from exports.subject_zh
    left join links as export_links
      on export_links.part_figure_id = exports.figure_id and export_links.whole_figure_id = totals.figure_id
    left join links as import_links
      on import_links.part_figure_id = imports.figure_id and import_links.whole_figure_id = totals.figure_id
    where (export_links.part_figure_id is not null and import_links.part_figure_id is not null)
       or ((exports.subject_zh is not distinct from totals.subject_zh or exports.subject_zh is null)
           and greatest(totals.char_start, exports.char_start, imports.char_start)
               - least(totals.char_start, exports.char_start, imports.char_start) <= 150)
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
