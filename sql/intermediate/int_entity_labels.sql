-- one row per named entity key: its label, the one most of its mentions carry (ties: alphabetical,
-- so the label is the same on every build)
with entities as (
    select * from int_named_entities
),

label_counts as (
    select entity_key, label, count(*) as mentions
    from entities
    group by entity_key, label
),

final as (
    select entity_key, first(label order by mentions desc, label) as label
    from label_counts
    group by entity_key
)

select * from final
