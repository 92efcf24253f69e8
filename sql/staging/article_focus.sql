-- one row per analysed article: the country (and place) it is mostly about, from its places and dateline
with source as (
    select * from {{ source('article_focus') }}
),

final as (
    select {{ columns('article_focus') }}
    from source
)

select * from final
