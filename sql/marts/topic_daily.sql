-- one row per topic per day: articles whose dominant topic it is, and the topic's summed weight
with article_topics as (
    select * from int_current_article_topics
),

topics as (
    select * from int_current_topics
),

article_days as (
    select * from int_article_days
),

final as (
    select
        article_days.day,
        article_topics.topic_id,
        topics.topic_label,
        count(*) filter (where article_topics.rank = 1) as articles,
        sum(article_topics.weight) as weight
    from article_topics
    inner join article_days using (article_id)
    inner join topics using (topic_id)
    group by all
)

select * from final
order by day, articles desc, topic_id
