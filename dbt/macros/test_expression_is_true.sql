{#- Rows for which the expression is false fail the test (dbt_utils is not reachable offline). -#}
{% test expression_is_true(model, expression) %}
select * from {{ model }} where not ({{ expression }})
{% endtest %}
