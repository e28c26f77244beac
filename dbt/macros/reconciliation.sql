{#- Two figures state the same indicator: the same catalogue code and compatible wording (one
    phrasing contains the other: 产量 / 生产量), or, uncatalogued, the same wording. The catalogue
    alone would merge indicators it files under one code (景气指数, 先行指数, 一致指数). -#}
{% macro same_indicator(a, b) -%}
(
    ({{ a }}.indicator_code = {{ b }}.indicator_code
     and (contains({{ a }}.indicator_zh, {{ b }}.indicator_zh) or contains({{ b }}.indicator_zh, {{ a }}.indicator_zh)
          or {{ a }}.indicator_zh is null or {{ b }}.indicator_zh is null))
    or ({{ a }}.indicator_code is null and {{ b }}.indicator_code is null and {{ a }}.indicator_zh = {{ b }}.indicator_zh)
)
{%- endmacro %}
