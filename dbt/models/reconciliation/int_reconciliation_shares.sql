-- kind share: a share (占…的x%, 比重) times its total equals the part, within rounding.
-- The share is of the part stated just before it (same document, subject, period and flow);
-- the total is the whole the part is linked to by 其中 (same category and flow) or, failing
-- that, the largest figure of the same category, period, flow and unit stated without subject
-- (the country's or the industry's total). Contribution rates (贡献率, 拉动) are shares of a growth, not
-- of a level, and shares of the world (占全球, 世界) of a total no Chinese document states: both
-- are left out.
with figures as (
    select * from {{ ref('int_reconciliation_figures') }}
    where usable and dated
),
documents as (
    select document_id, text from {{ ref('dim_document') }}
),
shares as (
    select figures.*
    from figures
    join documents using (document_id)
    where figures.measure = 'share_pct'
      and figures.unit_base = 'pct'
      and not regexp_matches(
          coalesce(figures.indicator_zh, '') || substring(documents.text, greatest(figures.char_start - 30, 0) + 1, least(figures.char_start, 30)),
          '贡献|拉动|全球|世界')
),
levels as (
    select * from figures where measure = 'level' and additive
),
share_parts as (
    select
        shares.figure_id as share_figure_id,
        parts.figure_id as part_figure_id,
        row_number() over (partition by shares.figure_id order by shares.char_start - parts.char_start) as nearest
    from shares
    join levels as parts
      on parts.document_id = shares.document_id
     and parts.period_start = shares.period_start
     and parts.period_end = shares.period_end
     and parts.flow is not distinct from shares.flow
     and parts.char_start < shares.char_start
     -- the part has the share's subject; a share read without subject takes the level just before it
     and ((parts.subject_zh = shares.subject_zh and shares.char_start - parts.char_start <= 300)
          or (shares.subject_zh is null and shares.char_start - parts.char_start <= 160))
),
linked_totals as (
    select share_parts.share_figure_id, totals.figure_id as total_figure_id, 0 as preference, 0 as size
    from share_parts
    join levels as parts on parts.figure_id = share_parts.part_figure_id
    join {{ ref('figure_links') }} as links on links.part_figure_id = parts.figure_id
    join levels as totals
      on totals.figure_id = links.whole_figure_id
     and totals.unit_base = parts.unit_base
     and totals.period_start = parts.period_start
     and totals.period_end = parts.period_end
     and totals.flow is not distinct from parts.flow
     and totals.category = parts.category
    where share_parts.nearest = 1
),
unlinked_totals as (
    select
        share_parts.share_figure_id,
        totals.figure_id as total_figure_id,
        1 as preference,
        -totals.value_base as size
    from share_parts
    join levels as parts on parts.figure_id = share_parts.part_figure_id
    join levels as totals
      on totals.document_id = parts.document_id
     and totals.figure_id <> parts.figure_id
     and totals.subject_zh is null
     and totals.category = parts.category
     and totals.unit_base = parts.unit_base
     and totals.period_start = parts.period_start
     and totals.period_end = parts.period_end
     and totals.flow is not distinct from parts.flow
     and totals.value_base > parts.value_base
    where share_parts.nearest = 1
),
chosen_totals as (
    select
        share_figure_id,
        total_figure_id,
        row_number() over (partition by share_figure_id order by preference, size, total_figure_id) as pick
    from (select * from linked_totals union all select * from unlinked_totals)
)
select
    'share' as kind,
    'share_of_total' as rule,
    'equal' as comparison,
    totals.figure_id as total_figure_id,
    [parts.figure_id, shares.figure_id] as component_figure_ids,
    parts.figure_id as stated_figure_id,
    parts.value_base as stated_base,
    parts.half_unit_base as stated_half_base,
    shares.value_base / 100 * totals.value_base as computed_base,
    (shares.value_base - shares.half_unit_base) / 100 * (totals.value_base - totals.half_unit_base) as computed_low_base,
    (shares.value_base + shares.half_unit_base) / 100 * (totals.value_base + totals.half_unit_base) as computed_high_base
from chosen_totals
join share_parts on share_parts.share_figure_id = chosen_totals.share_figure_id and share_parts.nearest = 1
join shares on shares.figure_id = chosen_totals.share_figure_id
join levels as parts on parts.figure_id = share_parts.part_figure_id
join levels as totals on totals.figure_id = chosen_totals.total_figure_id
where chosen_totals.pick = 1
