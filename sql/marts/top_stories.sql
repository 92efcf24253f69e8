-- one row per story with articles in the last 7 days of data, ranked by its articles and then its
-- distinct sources in that window; is_new when the story began in the window
with members as (
    select * from int_story_members
),

window_end as (
    select max(day) as last_day from members
),

recent as (
    select members.*
    from members, window_end
    where members.day > window_end.last_day - interval 7 day
),

counts as (
    select story_id, count(*) as articles, count(distinct source) as sources
    from recent
    group by story_id
),

final as (
    select
        rank() over (order by counts.articles desc, counts.sources desc, counts.story_id) as rank,
        counts.story_id, stories.label, counts.articles, counts.sources, stories.first_day, stories.last_day,
        stories.first_day > (select last_day from window_end) - interval 7 day as is_new,
        stories.articles as total_articles
    from counts
    inner join stories using (story_id)
)

select * from final
order by rank
