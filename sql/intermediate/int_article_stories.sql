-- one row per article with a story: the story it counts under now (`story_id`) and the one it was
-- assigned when it landed (`assigned_story_id`). A story merged into another
-- (`story_versions.merged_into`) counts under the one it merged into, and under the one that merged
-- into in turn, so a saved story id still resolves.
with recursive article_stories as (
    select * from article_stories
),

merges as (
    select story_id, any_value(merged_into) as merged_into
    from story_versions
    where merged_into is not null
    group by story_id
),

chain(story_id, current_id, depth) as (
    select story_id, merged_into, 1 from merges
    union all
    select chain.story_id, merges.merged_into, chain.depth + 1
    from chain
    inner join merges on merges.story_id = chain.current_id
    where chain.depth < 100
),

resolved as (
    select story_id, arg_max(current_id, depth) as current_id
    from chain
    group by story_id
),

final as (
    select article_stories.article_id, coalesce(resolved.current_id, article_stories.story_id) as story_id,
           article_stories.story_id as assigned_story_id, article_stories.similarity
    from article_stories
    left join resolved using (story_id)
)

select * from final
