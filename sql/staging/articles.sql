-- one row per landed article (an article is unique by article_id, a hash of its cleaned text)
with source as (
    select * from {{ source('articles') }}
),

final as (
    select {{ columns('articles') }}
    from source
)

select * from final
