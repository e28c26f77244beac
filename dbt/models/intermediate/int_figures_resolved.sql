-- Figures with their indicator, commodity and unit resolved against the catalogues.
with figures as (
    -- Figures of canonical documents only: a duplicate file adds its name, not its figures again.
    select figures.*
    from {{ ref('stg_landing__figures') }} as figures
    join {{ ref('int_documents_deduplicated') }} as documents
      on documents.document_id = figures.document_id and documents.canonical_document_id = figures.document_id
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
)
select
    figures.*,
    indicator_aliases.indicator_code,
    indicators.name_en as indicator_en,
    commodity_aliases.commodity_code,
    units.unit is not null as unit_catalogued
from figures
left join indicator_aliases on indicator_aliases.phrasing = figures.indicator_zh
left join indicators on indicators.code = indicator_aliases.indicator_code
left join commodity_aliases on commodity_aliases.phrasing = figures.subject_zh
left join units on units.unit = figures.unit
