-- one row per landed article (an article is unique by article_id, a hash of its cleaned text)
with source as (
    select * from {{ source('articles') }}
),

final as (
    select
        article_id,
        source_path,
        record_index,
        source,
        title,
        dateline,
        published_at,
        url,
        language,
        text,
        n_words,
        ingest_date,
        run_id,
        batch_id
    from source
)

select * from final
