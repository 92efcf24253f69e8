-- one row per place mention resolved to a gazetteer feature (GeoNames id, or an ISO subdivision);
-- label DATELINE for an article's dateline, NORP for a nationality that carries its country
with source as (
    select * from {{ source('places') }}
),

final as (
    select {{ columns('places') }}
    from source
)

select * from final
