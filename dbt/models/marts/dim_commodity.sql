select
    commodities.code as commodity_code,
    commodities.name_zh,
    commodities.name_en,
    commodities.parent_code,
    parents.name_zh as parent_name_zh,
    hierarchy.root_code,
    hierarchy.depth,
    hierarchy.path_zh,
    commodities.aliases
from {{ ref('commodities') }} as commodities
left join {{ ref('commodities') }} as parents on parents.code = commodities.parent_code
left join {{ ref('int_commodity_hierarchy') }} as hierarchy on hierarchy.commodity_code = commodities.code
