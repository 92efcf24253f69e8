-- one row per source per day: the articles with a tone and their average tone (GDELT-style,
-- percent points); articles in a language the tone lexicon does not score have none
with tone as (
    select * from article_tone where tone is not null
),

articles as (
    select article_id, coalesce(source, '(unknown)') as source from int_current_articles
),

article_days as (
    select * from int_article_days
),

final as (
    select article_days.day, articles.source, count(*) as articles, avg(tone.tone) as avg_tone
    from tone
    inner join articles using (article_id)
    inner join article_days using (article_id)
    group by article_days.day, articles.source
)

select * from final
order by day, source
