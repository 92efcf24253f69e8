-- one row per quotation of a current article, with the article's day
with quotes as (
    select * from quotes
),

article_days as (
    select * from int_article_days
),

final as (
    select quotes.*, article_days.day
    from quotes
    inner join article_days using (article_id)
)

select * from final
