-- one row per pair of named entities seen in the same article (entity_a < entity_b)
with named as (
    select * from int_named_entities
),

per_sentence as (
    select distinct article_id, sentence_idx, entity_key from named
),

per_article as (
    select distinct article_id, entity_key from named
),

article_pairs as (
    select a.entity_key as entity_a, b.entity_key as entity_b, count(*) as articles
    from per_article as a
    inner join per_article as b
        on a.article_id = b.article_id and a.entity_key < b.entity_key
    group by all
),

sentence_pairs as (
    select a.entity_key as entity_a, b.entity_key as entity_b, count(*) as sentences
    from per_sentence as a
    inner join per_sentence as b
        on a.article_id = b.article_id
        and a.sentence_idx = b.sentence_idx
        and a.entity_key < b.entity_key
    group by all
),

final as (
    select
        article_pairs.entity_a,
        article_pairs.entity_b,
        article_pairs.articles,
        coalesce(sentence_pairs.sentences, 0) as sentences
    from article_pairs
    left join sentence_pairs using (entity_a, entity_b)
)

select * from final
order by articles desc, sentences desc, entity_a, entity_b
