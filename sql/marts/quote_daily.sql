-- one row per day: quotations, those with a named speaker, distinct speakers, and the articles quoting
with quotes as (
    select * from int_current_quotes
),

final as (
    select day, count(*) as quotes, count(speaker_key) as attributed,
           count(distinct speaker_key) as speakers, count(distinct article_id) as articles
    from quotes
    group by day
)

select * from final
order by day
