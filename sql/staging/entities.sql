-- one row per entity mention; entity_key merges surface variants of the same entity
with source as (
    select * from {{ source('entities') }}
),

final as (
    select
        article_id, sentence_idx, start_char, end_char, text, label, model_label, entity_key, alias, tone, tone_label,
        ingest_date, batch_id
    from source
)

select * from final
