-- one row per article: GDELT-style tone, in percent of the article's words (tone = positive - negative)
with source as (
    select * from {{ source('article_tone') }}
),

final as (
    select {{ columns('article_tone') }}
    from source
)

select * from final
