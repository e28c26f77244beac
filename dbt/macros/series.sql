{#- A series' id, readable and the same wherever and whenever the same definition is built: its
    indicator code, subject, scope, period grain, measure and base unit joined by dots
    (output.refined_copper.national.ytd.level.t). A subject outside the commodity catalogue keeps
    its own words (export_value.非洲.world.ytd.level.CNY); the whole of an indicator, with no
    subject, is "all". Nothing in it depends on which documents happen to be in the warehouse. -#}
{% macro series_id(indicator_code, subject_key, scope, period_grain, measure, unit_base) -%}
concat_ws('.', {{ indicator_code }}, {{ subject_key }}, {{ scope }}, {{ period_grain }}, {{ measure }}, {{ unit_base }})
{%- endmacro %}

{#- The subject part of a series id: the commodity code, else the subject as written without
    white space and with its dots made middle dots (a dot separates the parts of an id). -#}
{% macro series_subject_key(commodity_code, subject_zh) -%}
coalesce(
    {{ commodity_code }},
    nullif(replace(regexp_replace({{ subject_zh }}, '\s', '', 'g'), '.', '·'), ''),
    'all'
)
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
