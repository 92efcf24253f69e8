-- one row per entity key: how often and in how many articles it was mentioned
with entities as (
    select * from entities
),

final as (
    select
        entity_key,
        mode(label) as label,
        count(*) as mentions,
        count(distinct article_id) as articles
    from entities
    group by entity_key
)

select * from final
order by mentions desc, articles desc, entity_key
