-- one row per resolved place mention of a current article, with the article's day
with places as (
    select * from places
),

article_days as (
    select * from int_article_days
),

final as (
    select places.*, article_days.day
    from places
    inner join article_days using (article_id)
)

select * from final
