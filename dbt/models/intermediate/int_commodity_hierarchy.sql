-- Walks each commodity up to its root: its depth and its path of Chinese names from the root.
with recursive walk (commodity_code, ancestor_code, path_zh, depth) as (
    select code, code, name_zh, 0
    from {{ ref('commodities') }}
    union all
    select walk.commodity_code, parent.code, parent.name_zh || ' > ' || walk.path_zh, walk.depth + 1
    from walk
    join {{ ref('commodities') }} as child on child.code = walk.ancestor_code
    join {{ ref('commodities') }} as parent on parent.code = child.parent_code
)
select commodity_code, ancestor_code as root_code, path_zh, depth
from walk
qualify row_number() over (partition by commodity_code order by depth desc) = 1
