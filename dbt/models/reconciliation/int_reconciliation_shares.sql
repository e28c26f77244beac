-- kind share: a share (占…的x%, 比重) times its total equals the part, within rounding.
-- The share is of the part stated just before it (same document, subject, period and flow);
-- the total is the whole the part is linked to by 其中 (same category and flow) or, failing
-- that, the largest figure of the same category, period, flow and unit stated without subject
-- (the country's or the industry's total). Either way it must be the whole the share's own
-- wording names, when it names one: 实物商品网上零售额 is 其中 of 网上零售额, but its
-- 占社会消费品零售总额的比重 is a share of another total. Contribution rates (贡献率, 拉动) are shares of a growth, not
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
    select
        share_candidates.*,
        -- the whole it names (占社会消费品零售总额的比重, 占我国外贸总值的), without the words
        -- that say only "all of it" (我国, 全国, 全部投资: 投资); null when nothing is left
        -- (占全国比重: of the country's total of what the part measures)
        nullif(regexp_replace(
            regexp_extract(coalesce(indicator_zh, ''), '^占(.+?)(?:的?(?:比重|比例|份额)|的)?$', 1),
            '^(?:我国|全国|全部)+', ''
        ), '') as named_whole
    from share_candidates
    where figure_id not in (select figure_id from preceding_words where word_start >= char_start - 30)
),
-- the catalogued indicators a named whole can be (外贸总值: trade_total)
named_whole_codes as (
    select distinct shares.named_whole, aliases.indicator_code
    from shares
    join {{ ref('int_indicator_aliases') }} as aliases
      on regexp_replace(aliases.phrasing, '^(?:我国|全国|全部)+', '') = shares.named_whole
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
-- the totals that are the whole the share names: the same catalogued indicator, or wordings one
-- of which contains the other (全部投资 -> 投资, of 固定资产投资（不含农户）)
named_totals as (
    select candidates.*
    from (select * from linked_totals union all select * from unlinked_totals) as candidates
    join shares on shares.figure_id = candidates.share_figure_id
    join levels as totals on totals.figure_id = candidates.total_figure_id
    left join named_whole_codes
      on named_whole_codes.named_whole = shares.named_whole
     and named_whole_codes.indicator_code = totals.indicator_code
    where shares.named_whole is null
       or contains(totals.indicator_zh, shares.named_whole)
       or contains(shares.named_whole, totals.indicator_zh)
       or named_whole_codes.indicator_code is not null
),
chosen_totals as (
    select
        share_figure_id,
        total_figure_id,
        row_number() over (partition by share_figure_id order by preference, size, total_figure_id) as pick
    from named_totals
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
