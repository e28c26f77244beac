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


{#- Two statements of one indicator say the same of the same thing: the same subject, period,
    measure, flow, unit and scope (their values are what is compared). -#}
{% macro same_statement(a, b) -%}
{{ a }}.subject_zh is not distinct from {{ b }}.subject_zh
     and {{ a }}.period_start = {{ b }}.period_start
     and {{ a }}.period_end = {{ b }}.period_end
     and {{ a }}.measure = {{ b }}.measure
     and {{ a }}.flow is not distinct from {{ b }}.flow
     and {{ a }}.unit_base = {{ b }}.unit_base
     and {{ a }}.scope is not distinct from {{ b }}.scope
{%- endmacro %}


{#- The candidates nearest a statement in the text, on each side. For each row of `queries` (a
    relation with `char_start`, the position to measure from, and `want_<column>` for each of
    `columns`), the row of `candidates` whose `columns` equal the query's wanted values and which
    stands nearest before it, and the one nearest after it: two ASOF joins, so a document stating
    the same thing ten thousand times still gives two candidates per query, not ten thousand.
    `sides` narrows it: ('>',) is the nearest strictly before only. Yields the query's columns with
    candidate_figure_id and candidate_char_start. -#}
{% macro nearest_in_text(queries, candidates, columns, sides=('>=', '<=')) -%}
{%- for side in sides %}
select queries.*, candidates.figure_id as candidate_figure_id, candidates.char_start as candidate_char_start
from {{ queries }} as queries
asof join {{ candidates }} as candidates
  on {% for column in columns %}candidates.{{ column }} is not distinct from queries.want_{{ column }}
 and {% endfor %}queries.char_start {{ side }} candidates.char_start
{%- if not loop.last %}
union all
{%- endif %}
{%- endfor %}
{%- endmacro %}

{#- The wordings two statements of one indicator_key can have and still be the same indicator
    (same_indicator), from the distinct wordings of `relation`: statements are paired by key
    and wording through this small table (a hash join), never by testing the wording of every
    pair of figures. -#}
{% macro compatible_wordings(relation) -%}
with wordings as (
    select distinct indicator_key, indicator_code, indicator_zh from {{ relation }} where indicator_key is not null
)
select
    wordings.indicator_key,
    wordings.indicator_zh,
    others.indicator_zh as compatible_zh
from wordings
join wordings as others
  on others.indicator_key = wordings.indicator_key
 and others.indicator_code is not distinct from wordings.indicator_code
 and {{ same_indicator('others', 'wordings') }}
{%- endmacro %}

{#- The candidate nearest a statement in the text among the other documents' statements, ties to
    the smallest figure_id: what a ranking by (distance in the text, figure_id) would take first
    from all of them, found by two ASOF joins instead of one row per other document. `firsts`
    holds at most one row per document and `columns` (document_id, figure_id, char_start, the
    columns): a document's first statement of a thing. Per distinct position the smallest and
    second smallest figure_id are kept, with the smallest figure of the position before and after:
    the nearest position on a side either has a figure of another document (its smallest, or the
    second smallest when the smallest is of the query's own document, which has at most one there)
    or holds only the query's own, and then the position next to it holds none of the query's own.
    For each row of `queries` (`char_start`, `want_<column>` for each of `columns`, and the
    `own_document` column) yields the query's columns with candidate_figure_id, one row per side
    that has one; the nearer of the two (then the smaller figure_id) is the one. -#}
{% macro nearest_in_other_documents(queries, firsts, columns, own_document) -%}
{%- set partition = columns | join(', ') %}
with positions as (
    select
        {{ partition }}, char_start,
        min_by(figure_id, figure_id, 2) as smallest_figure_ids,
        arg_min(document_id, figure_id) as smallest_document_id
    from {{ firsts }}
    group by all
),
neighbours as (
    select
        *,
        lag(smallest_figure_ids[1]) over positions_in_text as before_figure_id,
        lead(smallest_figure_ids[1]) over positions_in_text as after_figure_id
    from positions
    window positions_in_text as (partition by {{ partition }} order by char_start)
),
sides as (
{%- for side, neighbour in [('>=', 'before_figure_id'), ('<=', 'after_figure_id')] %}
    select
        queries.*,
        case
            when neighbours.smallest_document_id <> queries.{{ own_document }} then neighbours.smallest_figure_ids[1]
            when len(neighbours.smallest_figure_ids) = 2 then neighbours.smallest_figure_ids[2]
            else neighbours.{{ neighbour }}
        end as candidate_figure_id
    from {{ queries }} as queries
    asof join neighbours
      on {% for column in columns %}neighbours.{{ column }} is not distinct from queries.want_{{ column }}
     and {% endfor %}queries.char_start {{ side }} neighbours.char_start
{%- if not loop.last %}
    union all
{%- endif %}
{%- endfor %}
)
select * from sides where candidate_figure_id is not null
{%- endmacro %}
