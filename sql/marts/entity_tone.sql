-- one row per named entity key: the tone of the words that bear on its mentions (tasks/tone)
with entities as (
    select * from int_named_entities where tone is not null
),

labels as (
    select * from int_entity_labels
),

counts as (
    select
        entity_key,
        count(*) as mentions,
        avg(tone) as avg_tone,
        count(*) filter (where tone_label = 'positive') as positive,
        count(*) filter (where tone_label = 'negative') as negative
    from entities
    group by entity_key
),

final as (
    select counts.entity_key, labels.label, counts.mentions, counts.avg_tone, counts.positive, counts.negative
    from counts
    left join labels using (entity_key)
)

select * from final
order by mentions desc, entity_key
