-- one row per story (merged stories count under the one they merged into): its label (the most central article's title, else its top terms), its first
-- and last day, how many current articles and distinct sources it holds, its top entities
with versions as (
    select * from story_versions
),

latest as (
    select story_id, label, top_entities
    from versions
    where merged_into is null
    qualify row_number() over (partition by story_id order by version_at desc, articles desc) = 1
),

members as (
    select * from int_story_members
),

counts as (
    select story_id, min(day) as first_day, max(day) as last_day, count(*) as articles,
           count(distinct source) as sources
    from members
    group by story_id
),

final as (
    select counts.story_id, latest.label, counts.first_day, counts.last_day, counts.articles, counts.sources,
           latest.top_entities
    from counts
    inner join latest using (story_id)
)

select * from final
order by articles desc, story_id
