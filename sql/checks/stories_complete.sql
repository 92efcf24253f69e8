-- violations: a checked article of a batch that has stories but itself has none (articles landed
-- before stories existed have none), or a story the checked batches touched whose article count is
-- not its articles'
select 'article without a story' as problem, articles.article_id as key
from {{ checked('articles') }} as articles
semi join (select distinct batch_id from {{ checked('article_stories') }}) as storied using (batch_id)
anti join article_stories using (article_id)
union all
select 'story count differs from its articles', stories.story_id
from stories
inner join (
    select story_id, count(*) as n from int_story_members
    where story_id in (select story_id from {{ checked('story_versions') }})
    group by story_id
) as m using (story_id)
where stories.articles <> m.n
