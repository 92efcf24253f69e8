-- one row per named entity key: how often and in how many articles it was mentioned
-- (numbers, dates and amounts are in the entities table, not here)
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
        count(distinct article_id) as articles
    from entities
    group by entity_key
),

final as (
    select counts.entity_key, labels.label, counts.mentions, counts.articles
    from counts
    inner join labels using (entity_key)
)

select * from final
order by mentions desc, articles desc, entity_key
