-- one row per topic assigned to a current article by the topic model in use (rank 1 = dominant)
with article_topics as (
    select * from article_topics
),

current_articles as (
    select article_id from int_current_articles
),

final as (
    select article_id, topic_id, weight, rank
    from article_topics
    semi join current_articles using (article_id)
    where model_version = {{ var('model_version') }}
)

select * from final
