{{ config(schema='intermediate') }}
-- Every series that has an observation, reported or derived: its definition, its names in
-- Chinese and English (in the manner of Wind's EDB: 产量:精炼铜:累计值), the words it is found by,
-- and the unit its values are shown in.
with keys as (
    select distinct series_id, indicator_code, indicator_detail_zh, subject_key, commodity_code, scope, period_grain, measure, unit_base
    from {{ ref('int_series_reported') }}
    union
    -- derived values have no indicator detail (int_series_derived)
    select distinct series_id, indicator_code, cast(null as varchar), subject_key, commodity_code, scope, period_grain, measure, unit_base
    from {{ ref('int_series_derived') }}
    where preferred and not stated
),
written_units as (
    -- the unit the documents write a quantity in most often (万吨 rather than 吨), shared by every
    -- grain and measure of the same indicator, subject, scope and base unit
    select
        indicator_code, subject_key, scope, unit_base, unit,
        row_number() over (
            partition by indicator_code, subject_key, scope, unit_base
            order by statements desc, unit
        ) as rank
    from (
        select indicator_code, subject_key, scope, unit_base, unit, count(*) as statements
        from {{ ref('int_series_statements') }}
        where unit is not null
        group by indicator_code, subject_key, scope, unit_base, unit
    )
),
units as (
    select unit, multiplier from {{ ref('dim_unit') }}
),
indicators as (
    select code, name_zh, name_en, category, aliases from {{ ref('indicators') }}
),
commodities as (
    select commodity_code, name_zh, name_en, aliases from {{ ref('dim_commodity') }}
),
grains as (
    select * from {{ ref('period_grains') }}
),
measures as (
    select * from {{ ref('measures') }}
),
scopes as (
    select * from {{ ref('scopes') }}
),
described as (
    select
        keys.*,
        indicators.category,
        -- named with its detail: the wording of a share of the category's own stands for the
        -- name (占全球总产量的比重), the good of a partner's trade goes before it (废铜进口量)
        case
            when keys.indicator_detail_zh is null then indicators.name_zh
            when keys.indicator_code like '%\_share' escape '\' then keys.indicator_detail_zh
            else keys.indicator_detail_zh || indicators.name_zh
        end as indicator_zh,
        indicators.name_en || coalesce(' (' || keys.indicator_detail_zh || ')', '') as indicator_en,
        coalesce(commodities.name_zh, nullif(keys.subject_key, 'all')) as subject_zh,
        coalesce(commodities.name_en, nullif(keys.subject_key, 'all')) as subject_en,
        scopes.label_zh as scope_zh,
        scopes.label_en as scope_en,
        grains.label_zh as grain_zh,
        grains.label_en as grain_en,
        grains.frequency_zh,
        grains.frequency_en,
        measures.label_zh as measure_zh,
        measures.label_en as measure_en,
        coalesce(written_units.unit, keys.unit_base) as unit,
        coalesce(units.multiplier, 1) as unit_multiplier,
        list_filter(
            list_distinct(list_prepend(indicators.name_zh, string_split(coalesce(indicators.aliases, ''), '|'))
                          || [keys.indicator_detail_zh, indicators.name_en, keys.indicator_code]),
            lambda alias: alias is not null and alias <> ''
        ) as indicator_aliases,
        list_filter(
            list_distinct(
                [commodities.name_zh, commodities.name_en, keys.commodity_code, nullif(keys.subject_key, 'all')]
                || string_split(coalesce(commodities.aliases, ''), '|')
            ),
            lambda alias: alias is not null and alias <> ''
        ) as subject_aliases
    from keys
    join indicators on indicators.code = keys.indicator_code
    left join commodities on commodities.commodity_code = keys.commodity_code
    left join scopes on scopes.code = keys.scope
    left join grains on grains.code = keys.period_grain
    left join measures on measures.code = keys.measure
    left join written_units
      on written_units.indicator_code = keys.indicator_code
     and written_units.subject_key = keys.subject_key
     and written_units.scope = keys.scope
     and written_units.unit_base = keys.unit_base
     and written_units.rank = 1
    left join units on units.unit = written_units.unit
),
named as (
    select
        *,
        concat_ws(':',
            indicator_zh,
            case when scope = 'national' then subject_zh
                 else coalesce(subject_zh || '(' || scope_zh || ')', scope_zh) end
        ) as family_name_zh,
        concat_ws(': ',
            indicator_en,
            case when scope = 'national' then subject_en
                 else coalesce(subject_en || ' (' || scope_en || ')', scope_en) end
        ) as family_name_en
    from described
)
select
    series_id,
    concat_ws('.', indicator_code || coalesce(':' || {{ series_key_words('indicator_detail_zh') }}, ''), subject_key, scope) as family_id,
    indicator_code,
    indicator_detail_zh,
    indicator_zh,
    indicator_en,
    category,
    subject_key,
    subject_zh,
    subject_en,
    commodity_code,
    scope,
    period_grain,
    measure,
    unit_base,
    unit,
    unit_multiplier,
    family_name_zh || ':' || grain_zh || measure_zh as name_zh,
    family_name_en || ': ' || case when measure = 'level' then grain_en else grain_en || ', ' || measure_en end as name_en,
    family_name_zh,
    family_name_en,
    frequency_zh,
    frequency_en,
    indicator_aliases,
    subject_aliases
from named
