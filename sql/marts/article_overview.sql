-- one row per current article: what it is, its size, its main entities, its dominant topic, its focus
-- country and its tone
with articles as (
    select * from int_current_articles
),

article_days as (
    select * from int_article_days
),

sentence_counts as (
    select article_id, count(*) as n_sentences from sentences group by article_id
),

entity_counts as (
    select article_id, entity_key, count(*) as mentions
    from int_named_entities
    group by article_id, entity_key
),

entity_summary as (
    select
        article_id,
        sum(mentions) as n_entities,
        list(entity_key order by mentions desc, entity_key)[1:5] as top_entities
    from entity_counts
    group by article_id
),

dominant_topic as (
    select article_topics.article_id, topics.topic_label
    from int_current_article_topics as article_topics
    inner join int_current_topics as topics using (topic_id)
    where article_topics.rank = 1
),

focus as (
    select article_id, focus_country from article_focus
),

tone as (
    select article_id, tone from article_tone
),

final as (
    select
        articles.article_id,
        articles.title,
        articles.source,
        articles.dateline,
        article_days.day,
        articles.language,
        articles.n_words,
        coalesce(sentence_counts.n_sentences, 0) as n_sentences,
        coalesce(entity_summary.n_entities, 0) as n_entities,
        coalesce(entity_summary.top_entities, []) as top_entities,
        dominant_topic.topic_label,
        focus.focus_country,
        tone.tone
    from articles
    inner join article_days using (article_id)
    left join sentence_counts using (article_id)
    left join entity_summary using (article_id)
    left join dominant_topic using (article_id)
    left join focus using (article_id)
    left join tone using (article_id)
)

select * from final
order by day desc, article_id
