-- one row per keyphrase of an article under a topic model version (every version ever fitted) (rank 1 = best)
with source as (
    select * from {{ source('keyphrases') }}
),

final as (
    select article_id, phrase, score, rank, model_version, ingest_date, batch_id
    from source
)

select * from final
