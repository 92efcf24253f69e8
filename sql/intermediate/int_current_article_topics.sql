-- one row per topic assigned to an article by the topic model in use (rank 1 = dominant)
with article_topics as (
    select * from article_topics
),

final as (
    select article_id, topic_id, weight, rank
    from article_topics
    where model_version = {{ var('model_version') }}
)

select * from final
