-- one row per near-duplicate article (a lightly edited copy): the earliest article of its group,
-- and the MinHash estimate of their word-shingle Jaccard similarity
with source as (
    select * from {{ source('near_duplicates') }}
),

final as (
    select article_id, duplicate_of, similarity, ingest_date, batch_id
    from source
)

select * from final
