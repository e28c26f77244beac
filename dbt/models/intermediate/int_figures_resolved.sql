-- Figures with their indicator, commodity and unit resolved against the catalogues.
--
-- An indicator is resolved by its phrasing first (a name or alias in the catalogue). Two families
-- of names follow a pattern instead, and are resolved by it for every category that has the
-- family's indicator in the catalogue (<category>_share, <category>_growth_contribution,
-- <category>_growth_pull), so that no sentence needs an alias of its own:
-- - a share, 〈part〉占〈whole〉(的)比重/比例 or 〈part〉占比: its whole when the catalogue names it
--   (出口占出口总额的比重 is 占出口总额的比重, share_of_exports), else the category's share, with
--   its part and whole kept as written (产量占全国比重, 毛利润占比);
-- - a contribution to growth: …贡献率 (a share of the growth, %) and 拉动…增长 (points of it).
with figures as (
    -- Figures of canonical documents only: a duplicate file adds its name, not its figures again.
    -- And only those extracted from the text that is published with them (a run killed between
    -- landing a document's figures and its text must not pair them with another version);
    -- landing files from before the version was recorded carry none and are taken as they are.
    select figures.*
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
named as (
    select
        figures.*,
        case
            when regexp_full_match(figures.indicator_zh, '.*占.+?的?(比重|比例)')
                then regexp_extract(figures.indicator_zh, '^(.*?)占', 1)
            when regexp_full_match(figures.indicator_zh, '.+占比')
                then regexp_extract(figures.indicator_zh, '^(.+)占比$', 1)
        end as share_part_zh,
        case
            when regexp_full_match(figures.indicator_zh, '.*占.+?的?(比重|比例)')
                then regexp_extract(figures.indicator_zh, '占(.+?)的?(比重|比例)$', 1)
        end as share_whole_zh,
        case
            when regexp_full_match(figures.indicator_zh, '.*占.+?的?(比重|比例)')
                then regexp_extract(figures.indicator_zh, '占.+$')
        end as share_of_whole_zh,
        case
            when regexp_full_match(figures.indicator_zh, '.*占.+?的?(比重|比例)|.+占比') then 'share'
            when regexp_full_match(figures.indicator_zh, '.*贡献率') then 'growth_contribution'
            when regexp_full_match(figures.indicator_zh, '拉动(.*增长)?') then 'growth_pull'
        end as indicator_family
    from figures
),
resolved as (
    select
        named.* exclude (share_of_whole_zh, indicator_family),
        coalesce(by_phrasing.indicator_code, by_whole.indicator_code, by_pattern.code) as indicator_code,
        -- a share of the category's own tells its part and whole only by its wording
        case
            when by_phrasing.indicator_code is null and by_whole.indicator_code is null
             and by_pattern.code is not null and named.indicator_family = 'share'
                then named.indicator_zh
        end as share_wording_zh
    from named
    left join indicator_aliases as by_phrasing on by_phrasing.phrasing = named.indicator_zh
    left join indicator_aliases as by_whole on by_whole.phrasing = named.share_of_whole_zh
    left join indicators as by_pattern
      on named.indicator_family is not null
     and by_pattern.code = named.category || '_' || named.indicator_family
)
select
    resolved.*,
    indicators.name_en as indicator_en,
    commodity_aliases.commodity_code,
    units.unit is not null as unit_catalogued
from resolved
left join indicators on indicators.code = resolved.indicator_code
left join commodity_aliases on commodity_aliases.phrasing = resolved.subject_zh
left join units on units.unit = resolved.unit
