-- one row per topic assigned to an article by a topic model version (rank 1 = dominant)
with source as (
    select * from {{ source('article_topics') }}
),

final as (
    select article_id, topic_id, weight, rank, model_version, ingest_date, batch_id
    from source
)

select * from final
