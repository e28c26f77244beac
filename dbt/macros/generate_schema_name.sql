{#- Schemas are named exactly as configured (marts, staging …), not prefixed with the target schema:
    marts.fct_figure is a contract other tools query by that name. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}
{%- endmacro %}
