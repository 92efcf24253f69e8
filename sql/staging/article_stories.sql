-- one row per article: the story (same real-world event, across outlets and days) it belongs to,
-- and its cosine similarity to the story when it joined
with source as (
    select * from {{ source('article_stories') }}
),

final as (
    select {{ columns('article_stories') }}
    from source
)

select * from final
