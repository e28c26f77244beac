-- Every figure with what the identities need: its printed precision and a short label.
--
-- Precision: half a unit in the last printed digit of number_text (2660.0 -> 0.05, 5156 -> 0.5,
-- numbers in Chinese numerals -> 0.5), in the unit as written, and scaled to the base unit with
-- the figure's own multiplier (value_base / value, else the unit catalogue's).
-- usable: the figure states a number exactly or approximately (约); bounds (超过, 不足) and
-- range ends are not totals anything can be added up to.
with figures as (
    select figures.*, resolved.indicator_detail_zh
    from {{ ref('fct_figure') }} as figures
    left join {{ ref('int_figures_resolved') }} as resolved using (figure_id)
),
units as (
    select unit, multiplier from {{ ref('dim_unit') }}
),
parsed as (
    select
        figures.*,
        regexp_replace(figures.number_text, '[\s,，]', '', 'g') as number_clean,
        coalesce(
            case when figures.value <> 0 and figures.value_base is not null then abs(figures.value_base / figures.value) end,
            units.multiplier,
            1
        ) as multiplier
    from figures
    left join units on units.unit = figures.unit
),
precision as (
    select
        *,
        case
            when regexp_full_match(number_clean, '[+-]?[0-9]+(\.[0-9]+)?')
                then 0.5 * pow(10, -length(regexp_extract(number_clean, '\.([0-9]+)$', 1)))
            else 0.5
        end as half_unit
    from parsed
)
select
    figure_id,
    document_id,
    char_start,
    char_end,
    number_text,
    source_text,
    category,
    indicator_code,
    indicator_zh,
    indicator_detail_zh,
    -- figures of one code are told apart by its detail (废铜 of 进口量 from 美国; 占全国比重 and
    -- 占全球总产量的比重 of output_share)
    coalesce(indicator_code || coalesce(':' || indicator_detail_zh, ''), indicator_zh) as indicator_key,
    subject_zh,
    commodity_code,
    measure,
    value,
    unit,
    value_base,
    unit_base,
    qualifier,
    period_start,
    period_end,
    period_grain,
    flow,
    scope,
    multiplier,
    half_unit,
    half_unit * multiplier as half_unit_base,
    value_base is not null and (qualifier is null or qualifier = 'approx') as usable,
    -- Units that add up (a price, a rate or an index per row does not).
    unit_base not in ('pct', 'pp', 'index', 'USD/t', 'CNY/t', 'kgce/t', 'kWh/t', 'kg/t', 'times') as additive,
    period_start is not null and period_end is not null as dated,
    concat_ws(' ', subject_zh, indicator_zh, number_text || coalesce(unit, ''))
        || ' [' || document_id || ' @' || char_start || ']' as label
from precision
