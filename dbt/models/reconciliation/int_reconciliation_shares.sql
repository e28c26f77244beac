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
-- Where each document says 贡献, 拉动, 全球 or 世界: the text is split on them once (cutting it at
-- every share's offset instead would read the text from its start once per share, in time that
-- grows with the document's length times its figures).
context_words as (
    select
        document_id,
        sum(length(piece) + 2) over (partition by document_id order by piece_no rows unbounded preceding) - 2 as word_start,
        piece_no < count(*) over (partition by document_id) as followed_by_word
    from (
        select document_id, unnest(pieces) as piece, generate_subscripts(pieces, 1) as piece_no
        from (select document_id, regexp_split_to_array(text, '贡献|拉动|全球|世界') as pieces from documents)
    )
    qualify followed_by_word
),
share_candidates as (
    select * from figures
    where measure = 'share_pct'
      and unit_base = 'pct'
      and not regexp_matches(coalesce(indicator_zh, ''), '贡献|拉动|全球|世界')
),
-- the last such word ending before the share, if it is within the 30 characters before it
preceding_words as (
    select share_candidates.figure_id, context_words.word_start, share_candidates.char_start
    from share_candidates
    asof join context_words
      on context_words.document_id = share_candidates.document_id
     and share_candidates.char_start - 2 >= context_words.word_start
),
shares as (
    select share_candidates.*
    from share_candidates
    where figure_id not in (select figure_id from preceding_words where word_start >= char_start - 30)
),
levels as (
    select * from figures where measure = 'level' and additive
),
-- the part: the nearest level stated before the share with its subject (within 300 characters),
-- or, for a share read without subject, the nearest level before it of any subject (within 160)
part_queries as (
    select
        figure_id as share_figure_id,
        char_start,
        subject_zh is null as without_subject,
        document_id as want_document_id,
        period_start as want_period_start,
        period_end as want_period_end,
        flow as want_flow,
        subject_zh as want_subject_zh
    from shares
),
share_parts as (
    select share_figure_id, candidate_figure_id as part_figure_id
    from (
        {{ nearest_in_text('(select * from part_queries where not without_subject)', 'levels',
                           ['document_id', 'period_start', 'period_end', 'flow', 'subject_zh'], sides=('>',)) }}
    )
    where char_start - candidate_char_start <= 300
    union all
    select share_figure_id, candidate_figure_id
    from (
        {{ nearest_in_text('(select * from part_queries where without_subject)', 'levels',
                           ['document_id', 'period_start', 'period_end', 'flow'], sides=('>',)) }}
    )
    where char_start - candidate_char_start <= 160
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
),
-- the largest level of the part's category, period, flow and unit stated without subject
largest_unsubjected as (
    select * from (
        select
            *,
            row_number() over (
                partition by document_id, category, unit_base, period_start, period_end, flow
                order by value_base desc, figure_id
            ) as rank_by_size
        from levels
        where subject_zh is null
    )
    where rank_by_size = 1
),
unlinked_totals as (
    select
        share_parts.share_figure_id,
        totals.figure_id as total_figure_id,
        1 as preference,
        -totals.value_base as size
    from share_parts
    join levels as parts on parts.figure_id = share_parts.part_figure_id
    join largest_unsubjected as totals
      on totals.document_id = parts.document_id
     and totals.figure_id <> parts.figure_id
     and totals.category = parts.category
     and totals.unit_base = parts.unit_base
     and totals.period_start = parts.period_start
     and totals.period_end = parts.period_end
     and totals.flow is not distinct from parts.flow
     and totals.value_base > parts.value_base
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
join share_parts on share_parts.share_figure_id = chosen_totals.share_figure_id
join shares on shares.figure_id = chosen_totals.share_figure_id
join levels as parts on parts.figure_id = share_parts.part_figure_id
join levels as totals on totals.figure_id = chosen_totals.total_figure_id
where chosen_totals.pick = 1
