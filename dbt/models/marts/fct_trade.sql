{{ category_facts('trade', extra_columns=[
    'figures.flow',
    "case when figures.commodity_code is null and figures.scope in ('world', 'regional') then figures.subject_zh end as partner_zh",
]) }}
