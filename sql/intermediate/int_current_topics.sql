-- one row per topic of the topic model in use
with topics as (
    select * from topics
),

final as (
    select topic_id, topic_label, top_terms, model_version
    from topics
    where model_version = {{ var('model_version') }}
)

select * from final
