-- one row per sentence of an article; start_char/end_char index into articles.text
with source as (
    select * from {{ source('sentences') }}
),

final as (
    select article_id, sentence_idx, start_char, end_char, text, tone, ingest_date, batch_id
    from source
)

select * from final
