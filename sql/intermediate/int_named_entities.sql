-- one row per mention of a named entity (people, organisations, places, groups, works, events, products, laws)
-- in a current article, outside the boilerplate sentences its source repeats (sql/staging/boilerplate_sentences.sql);
-- entity_key is the key its alias resolves to now (int_current_aliases), so a later merge counts old mentions too
with entities as (
    select * from entities
),

current_articles as (
    select
        article_id, coalesce(source, '') as source,
        coalesce(strftime(published_at at time zone 'UTC', '%Y-%m'), '') as period
    from int_current_articles
),

aliases as (
    select alias, source, period, entity_key from int_current_aliases
),

final as (
    select
        entities.article_id, entities.sentence_idx, coalesce(aliases.entity_key, entities.entity_key) as entity_key,
        entities.label, entities.tone, entities.tone_label
    from entities
    inner join current_articles using (article_id)
    left join aliases
        on aliases.alias = entities.alias and aliases.source = current_articles.source
        and aliases.period = current_articles.period
    anti join boilerplate_sentences using (article_id, sentence_idx)
    where entities.label in ('PERSON', 'ORG', 'GPE', 'LOC', 'NORP', 'FAC', 'EVENT', 'PRODUCT', 'WORK_OF_ART', 'LAW')
)

select * from final
