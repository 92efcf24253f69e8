-- one row per named entity key: how often, in how many articles and in how many stories it was
-- mentioned (stories count each event once, however many outlets ran it; numbers, dates and
-- amounts are in the entities table, not here)
with entities as (
    select * from int_named_entities
),

labels as (
    select * from int_entity_labels
),

counts as (
    select
        entity_key,
        count(*) as mentions,
        count(distinct entities.article_id) as articles,
        count(distinct int_article_stories.story_id) as stories
    from entities
    left join int_article_stories using (article_id)
    group by entity_key
),

final as (
    select counts.entity_key, labels.label, counts.mentions, counts.articles, counts.stories
    from counts
    inner join labels using (entity_key)
)

select * from final
order by mentions desc, articles desc, entity_key
