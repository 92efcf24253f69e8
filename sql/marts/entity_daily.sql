-- one row per named entity key per day (published date when known, else ingest date)
with entities as (
    select * from int_named_entities
),

article_days as (
    select * from int_article_days
),

final as (
    select
        article_days.day,
        entities.entity_key,
        mode(entities.label) as label,
        count(*) as mentions,
        count(distinct entities.article_id) as articles
    from entities
    inner join article_days using (article_id)
    group by article_days.day, entities.entity_key
)

select * from final
order by day, mentions desc, entity_key
