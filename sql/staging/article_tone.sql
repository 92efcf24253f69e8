-- one row per article: GDELT-style tone, in percent of the article's words (tone = positive - negative)
with source as (
    select * from {{ source('article_tone') }}
),

final as (
    select article_id, tone, positive, negative, polarity, word_count, ingest_date, batch_id
    from source
)

select * from final
