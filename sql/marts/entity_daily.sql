-- one row per named entity key per day (published date when known, else ingest date)
with entities as (
    select * from int_named_entities
),

article_days as (
    select * from int_article_days
),

daily as (
    select article_days.day, entities.entity_key, entities.label, entities.article_id
    from entities
    inner join article_days using (article_id)
),

daily_label_counts as (
    select day, entity_key, label, count(*) as mentions
    from daily
    group by day, entity_key, label
),

-- the day's most frequent label (ties: alphabetical, so every build gives the same)
daily_labels as (
    select day, entity_key, first(label order by mentions desc, label) as label
    from daily_label_counts
    group by day, entity_key
),

final as (
    select
        daily.day,
        daily.entity_key,
        daily_labels.label,
        count(*) as mentions,
        count(distinct daily.article_id) as articles
    from daily
    inner join daily_labels using (day, entity_key)
    group by daily.day, daily.entity_key, daily_labels.label
)

select * from final
order by day, mentions desc, entity_key
