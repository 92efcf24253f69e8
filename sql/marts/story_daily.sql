-- one row per story per day: its articles and distinct sources that day
with members as (
    select * from int_story_members
),

final as (
    select members.day, members.story_id, stories.label, count(*) as articles,
           count(distinct members.source) as sources
    from members
    inner join stories using (story_id)
    group by members.day, members.story_id, stories.label
)

select * from final
order by day, articles desc, story_id
