-- Every Chinese phrasing that names a catalogued indicator: its name and each alias.
with catalogue as (
    select code, name_zh, aliases from {{ ref('indicators') }}
),
phrasings as (
    select code, name_zh as phrasing from catalogue
    union
    select code, trim(alias.phrasing) as phrasing
    from catalogue,
         unnest(string_split(coalesce(aliases, ''), '|')) as alias(phrasing)
)
select code as indicator_code, phrasing
from phrasings
where phrasing <> ''
