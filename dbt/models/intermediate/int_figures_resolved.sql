-- Figures with their indicator, commodity and unit resolved against the catalogues.
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
