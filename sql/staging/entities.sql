-- one row per entity mention; entity_key merges surface variants of the same entity
with source as (
    select * from {{ source('entities') }}
),

final as (
    select {{ columns('entities') }}
    from source
)

select * from final
