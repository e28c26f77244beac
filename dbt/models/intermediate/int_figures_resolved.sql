-- Figures with their indicator, commodity and unit resolved against the catalogues.
--
-- An indicator is resolved by its phrasing first (a name or alias in the catalogue); else by the
-- trade indicator's phrasing its name ends in after a good (废铜进口量, as the extractor names a
-- partner's trade in a good: import_volume, the good kept as its detail when it is not the
-- figure's subject). Two
-- families of names follow a pattern instead, and are resolved by it for every category that has
-- the family's indicator in the catalogue (<category>_share, <category>_growth_contribution,
-- <category>_growth_pull), so that no sentence needs an alias of its own:
-- - a share, 〈part〉占〈whole〉(的)比重/比例 or 〈part〉占比: its whole when the catalogue names it
--   (出口占出口总额的比重 is 占出口总额的比重, share_of_exports), else the category's share, with
--   its part and whole kept as written (产量占全国比重, 毛利润占比) and its wording as its detail;
-- - a contribution to growth: …贡献率 (a share of the growth, %) and 拉动…增长 (points of it).
with figures as (
    -- Figures of canonical documents only: a duplicate file adds its name, not its figures again.
    -- And only those extracted from the text that is published with them (a run killed between
    -- landing a document's figures and its text must not pair them with another version);
    -- landing files from before the version was recorded carry none and are taken as they are.
    -- (Which build loaded a staging row is staging's own record, not the figure's.)
    select figures.* exclude (loaded_in_build)
    from {{ ref('stg_landing__figures') }} as figures
    join {{ ref('int_documents_deduplicated') }} as documents
      on documents.document_id = figures.document_id and documents.canonical_document_id = figures.document_id
    join {{ ref('stg_landing__extractions') }} as extractions
      on extractions.document_id = figures.document_id
     and (extractions.document_sha256 is null or extractions.document_sha256 = documents.sha256)
),
indicator_aliases as (
    select * from {{ ref('int_indicator_aliases') }}
),
commodity_aliases as (
    select * from {{ ref('int_commodity_aliases') }}
),
indicators as (
    select * from {{ ref('indicators') }}
),
units as (
    select * from {{ ref('units') }}
),
worded as (
    -- how a share is worded: 〈part〉占〈whole〉(的)比重/比例, or 〈part〉占比
    select
        figures.*,
        regexp_full_match(figures.indicator_zh, '.*占.+?的?(比重|比例)') as names_share_of_whole,
        regexp_full_match(figures.indicator_zh, '.+占比') as names_share_alone
    from figures
),
named as (
    select
        worded.* exclude (names_share_of_whole, names_share_alone),
        commodity_aliases.commodity_code,
        case
            when names_share_of_whole then regexp_extract(worded.indicator_zh, '^(.*?)占', 1)
            when names_share_alone then regexp_extract(worded.indicator_zh, '^(.+)占比$', 1)
        end as share_part_zh,
        case
            when names_share_of_whole then regexp_extract(worded.indicator_zh, '占(.+?)的?(比重|比例)$', 1)
        end as share_whole_zh,
        case
            when names_share_of_whole then regexp_extract(worded.indicator_zh, '占.+$')
        end as share_of_whole_zh,
        case
            when names_share_of_whole or names_share_alone then 'share'
            when regexp_full_match(worded.indicator_zh, '.*贡献率') then 'growth_contribution'
            when regexp_full_match(worded.indicator_zh, '拉动(.*增长)?') then 'growth_pull'
        end as indicator_family
    from worded
    left join commodity_aliases on commodity_aliases.phrasing = worded.subject_zh
),
good_before_indicator as (
    -- a trade figure: the longest good its name starts with whose rest names a trade indicator
    select
        named.figure_id,
        arg_max(rest.indicator_code, length(goods.phrasing)) as indicator_code,
        arg_max(goods.phrasing, length(goods.phrasing)) as good_zh,
        arg_max(goods.commodity_code, length(goods.phrasing)) as good_code
    from named
    join commodity_aliases as goods
      on starts_with(named.indicator_zh, goods.phrasing) and length(named.indicator_zh) > length(goods.phrasing)
    join indicator_aliases as rest on rest.phrasing = substr(named.indicator_zh, length(goods.phrasing) + 1)
    join indicators as traded on traded.code = rest.indicator_code and traded.category = 'trade'
    where named.category = 'trade'
    group by named.figure_id
),
resolved as (
    select
        named.* exclude (share_of_whole_zh, indicator_family),
        coalesce(by_phrasing.indicator_code, by_whole.indicator_code, by_good.indicator_code, by_pattern.code)
            as indicator_code,
        -- what tells apart the figures of one indicator and subject: the good a partner's trade is
        -- in; the wording of a share of the category's own, the only place its part and whole are
        case
            when by_phrasing.indicator_code is not null or by_whole.indicator_code is not null then null
            when by_good.indicator_code is not null
                then case when by_good.good_code is distinct from named.commodity_code then by_good.good_zh end
            when by_pattern.code is not null and named.indicator_family = 'share' then named.indicator_zh
        end as indicator_detail_zh
    from named
    left join indicator_aliases as by_phrasing on by_phrasing.phrasing = named.indicator_zh
    left join indicator_aliases as by_whole on by_whole.phrasing = named.share_of_whole_zh
    left join good_before_indicator as by_good on by_good.figure_id = named.figure_id
    left join indicators as by_pattern
      on named.indicator_family is not null
     and by_pattern.code = named.category || '_' || named.indicator_family
)
select
    resolved.*,
    indicators.name_en as indicator_en,
    units.unit is not null as unit_catalogued
from resolved
left join indicators on indicators.code = resolved.indicator_code
left join units on units.unit = resolved.unit
