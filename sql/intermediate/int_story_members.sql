-- one row per current article with a story: the story it counts under now, the article's source and day
with article_stories as (
    select * from int_article_stories
),

final as (
    select article_stories.story_id, articles.article_id, articles.source, article_days.day
    from article_stories
    inner join int_current_articles as articles using (article_id)
    inner join int_article_days as article_days using (article_id)
)

select * from final
