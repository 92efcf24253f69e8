-- one row per mention of a named entity (people, organisations, places, groups, works, events, products, laws)
with entities as (
    select * from entities
),

final as (
    select article_id, sentence_idx, entity_key, label
    from entities
    where label in ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'EVENT', 'PRODUCT', 'WORK_OF_ART', 'LAW')
)

select * from final
