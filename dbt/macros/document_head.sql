{#- What the head of a document's text says about it, for documents without a sidecar. -#}

{#- The first line holding more than white space, at most 200 characters. -#}
{% macro first_line(text) -%}
nullif(left(trim(regexp_extract({{ text }}, '([^\n\r]*[^\s\x{3000}][^\n\r]*)', 1), ' ' || chr(9) || chr(12288)), 200), '')
{%- endmacro %}

{#- The name on a source line (来源：…, 稿源：…, 出处：…) in the first 3000 characters, if any. -#}
{% macro source_line_name(text) -%}
nullif(regexp_extract(left({{ text }}, 3000), '(?:来源|稿源|出处)[ \t\x{3000}]*[:：][ \t\x{3000}]*([^\s\x{3000}，。,;；|]{2,40})', 1), '')
{%- endmacro %}
