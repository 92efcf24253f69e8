-- one row per lake table: how many rows it holds (articles: every version; current_articles: what marts count)
with counts as (
    select 'articles' as table_name, count(*) as rows from articles
    union all select 'current_articles', count(*) from int_current_articles
    union all select 'sentences', count(*) from sentences
    union all select 'entities', count(*) from entities
    union all select 'keyphrases', count(*) from keyphrases
    union all select 'topics', count(*) from topics
    union all select 'article_topics', count(*) from article_topics
    union all select 'rejects', count(*) from rejects
    union all select 'runs', count(*) from runs
    union all select 'manifest', count(*) from manifest
),

final as (
    select table_name, rows from counts
)

select * from final
