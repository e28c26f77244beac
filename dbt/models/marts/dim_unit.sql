-- The unit catalogue, plus every unit figures use that the catalogue does not list yet
-- (catalogued = false), with the multiplier the extractor applied most often.
with catalogued as (
    select unit, multiplier, unit_base, true as catalogued from {{ ref('units') }}
),
-- A quotient of floats differs in its last bits between figures of one unit (9999.999999999998
-- beside 10000.0), and an uncatalogued word may mean different things (倍 as a factor or as a
-- percentage): picking any one row made dim_unit differ between two builds of the same data.
seen_multipliers as (
    select unit, value_base / nullif(value, 0) as multiplier, unit_base, count(*) as figures
    from {{ ref('int_figures_resolved') }}
    where unit is not null and unit not in (select unit from catalogued)
    group by all
),
seen as (
    select unit, multiplier, unit_base, false as catalogued
    from seen_multipliers
    qualify row_number() over (
        partition by unit order by figures desc, multiplier nulls last, unit_base nulls last
    ) = 1
)
select * from catalogued
union all
select * from seen
