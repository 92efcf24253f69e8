-- one row per topic of a topic model version
with source as (
    select * from {{ source('topics') }}
),

final as (
    select topic_id, topic_label, top_terms, model_version, ingest_date as fitted_on, ingest_date, batch_id
    from source
)

select * from final
