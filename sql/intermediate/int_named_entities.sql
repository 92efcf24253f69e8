-- one row per mention of a named entity (people, organisations, places, groups, works, events, products, laws)
-- in a current article, outside the boilerplate sentences its source repeats (sql/staging/boilerplate_sentences.sql)
with entities as (
    select * from entities
),

current_articles as (
    select article_id from int_current_articles
),

final as (
    select article_id, sentence_idx, entity_key, label, tone, tone_label
    from entities
    semi join current_articles using (article_id)
    anti join boilerplate_sentences using (article_id, sentence_idx)
    where label in ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'EVENT', 'PRODUCT', 'WORK_OF_ART', 'LAW')
)

select * from final
