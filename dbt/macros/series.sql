{#- A series' id, readable and the same wherever and whenever the same definition is built: its
    indicator code, subject, scope, period grain, measure and base unit joined by dots
    (output.refined_copper.national.ytd.level.t). A subject outside the commodity catalogue keeps
    its own words (export_value.非洲.world.ytd.level.CNY); the whole of an indicator, with no
    subject, is "all". An indicator's detail stands beside its code: the good of a partner's trade
    (import_volume:废铜.美国.national.year.level.t), the wording of a share of its category's own
    (output_share:占全球总产量的比重.copper.national.year.share_pct.pct). Nothing in it depends on which documents happen to be in the warehouse. -#}
{% macro series_id(indicator_code, subject_key, scope, period_grain, measure, unit_base) -%}
concat_ws('.', {{ indicator_code }}, {{ subject_key }}, {{ scope }}, {{ period_grain }}, {{ measure }}, {{ unit_base }})
{%- endmacro %}

{#- The subject part of a series id: the commodity code, else the subject as written without
    white space and with its dots made middle dots (a dot separates the parts of an id). -#}
{% macro series_subject_key(commodity_code, subject_zh) -%}
coalesce({{ commodity_code }}, {{ series_key_words(subject_zh) }}, 'all')
{%- endmacro %}

{#- Words as a part of a series id: without white space, and with its dots made middle dots. -#}
{% macro series_key_words(words) -%}
nullif(replace(regexp_replace({{ words }}, '\s', '', 'g'), '.', '·'), '')
{%- endmacro %}

{#- A period as analysts write it: 2025-04 (month), 2025-01~04 (year to date), 2025Q1, 2025H1,
    2025 (year), 2011~2015 (several years), 2025-04-30 (a moment); any other span start~end. -#}
{% macro period_label(period_grain, period_start, period_end) -%}
case
    when {{ period_grain }} = 'month' and {{ period_start }} = date_trunc('month', {{ period_end }})
        then strftime({{ period_end }}, '%Y-%m')
    when {{ period_grain }} = 'ytd' and month({{ period_start }}) = 1 and day({{ period_start }}) = 1
        then strftime({{ period_end }}, '%Y') || '-01~' || strftime({{ period_end }}, '%m')
    when {{ period_grain }} = 'quarter' and {{ period_start }} = date_trunc('quarter', {{ period_end }})
        then strftime({{ period_end }}, '%Y') || 'Q' || quarter({{ period_end }})
    when {{ period_grain }} = 'half' and month({{ period_start }}) in (1, 7) and day({{ period_start }}) = 1
        then strftime({{ period_end }}, '%Y') || case when month({{ period_start }}) = 1 then 'H1' else 'H2' end
    when {{ period_grain }} = 'year' and strftime({{ period_start }}, '%m-%d') = '01-01' and strftime({{ period_end }}, '%m-%d') = '12-31'
         and year({{ period_start }}) = year({{ period_end }})
        then strftime({{ period_end }}, '%Y')
    when {{ period_grain }} = 'multi_year' and strftime({{ period_start }}, '%m-%d') = '01-01' and strftime({{ period_end }}, '%m-%d') = '12-31'
        then strftime({{ period_start }}, '%Y') || '~' || strftime({{ period_end }}, '%Y')
    when {{ period_start }} = {{ period_end }}
        then strftime({{ period_end }}, '%Y-%m-%d')
    else strftime({{ period_start }}, '%Y-%m-%d') || '~' || strftime({{ period_end }}, '%Y-%m-%d')
end
{%- endmacro %}

{#- The grain a cumulative period from 1 January to the end of a month is named by: January
    (month), the first quarter, the first half, the whole year, else year to date (1-5月). -#}
{% macro cumulative_grain(period_end) -%}
case month({{ period_end }}) when 1 then 'month' when 3 then 'quarter' when 6 then 'half' when 12 then 'year' else 'ytd' end
{%- endmacro %}

{#- A period bound moved by whole years; a month's last day stays the month's last day (29 February). -#}
{% macro years_shifted(day, years) -%}
case when {{ day }} = last_day({{ day }}) then last_day(cast({{ day }} + to_years({{ years }}) as date))
     else cast({{ day }} + to_years({{ years }}) as date) end
{%- endmacro %}

{#- The order derivations are preferred in when several give one value: sums and differences of
    levels before growth rates, whose base may be restated. -#}
{% macro derivation_rank(derivation) -%}
case {{ derivation }}
    when 'period_from_cumulative' then 0
    when 'cumulative_less_period' then 1
    when 'cumulative_plus_period' then 2
    when 'level_from_prior_year' then 3
    when 'prior_year_level_from_growth' then 4
end
{%- endmacro %}
