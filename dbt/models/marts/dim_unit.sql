-- The unit catalogue, plus every unit figures use that the catalogue does not list yet
-- (catalogued = false), with the multiplier the extractor applied.
with catalogued as (
    select unit, multiplier, unit_base, true as catalogued from {{ ref('units') }}
),
seen as (
    select
        unit,
        any_value(value_base / nullif(value, 0)) as multiplier,
        any_value(unit_base) as unit_base,
        false as catalogued
    from {{ ref('int_figures_resolved') }}
    where unit is not null and unit not in (select unit from catalogued)
    group by unit
)
select * from catalogued
union all
select * from seen
