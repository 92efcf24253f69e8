-- one row per current article: the day it belongs to (published date when known, else ingest date)
with articles as (
    select * from int_current_articles
),

final as (
    select
        article_id,
        coalesce(cast(published_at as date), ingest_date) as day
    from articles
)

select * from final
