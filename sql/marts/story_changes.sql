-- one row per run and story the run changed: `new` (this run founded the story: its first version came
-- with one of the run's batches), `growing` (this run added articles to an older story), `fading` (the
-- run before added articles to it, this run none), `merged` (this run found the story to be one event
-- with another, older one: `merged_into` is the id it counts under now, whose counts it shows), with the
-- story's top entities. Runs in the order they started; counts are of current articles.
with runs_in_order as (
    select * from int_run_order
),

members as (
    select m.story_id, m.source, m.day, r.n
    from int_story_members as m
    inner join articles as a using (article_id)
    inner join runs_in_order as r on r.run_id = a.run_id
),

founded as (
    select story_id, regexp_replace(arg_min(batch_id, version_at), '-[^-]+$', '') as run_id
    from story_versions
    group by story_id
),

touched as (
    select story_id, n, count(*) as articles_added, min(day) as first_day, max(day) as last_day
    from members
    group by story_id, n
),

source_first as (
    select story_id, source, min(n) as n
    from members
    where source is not null
    group by story_id, source
),

sources_added as (
    select story_id, n, count(*) as sources_added
    from source_first
    group by story_id, n
),

grown as (
    select t.story_id, t.n, t.articles_added, coalesce(s.sources_added, 0) as sources_added,
           case when r.run_id = f.run_id then 'new' else 'growing' end as status
    from touched as t
    inner join runs_in_order as r using (n)
    left join founded as f using (story_id)
    left join sources_added as s using (story_id, n)
),

faded as (
    select t.story_id, t.n + 1 as n, 0 as articles_added, 0 as sources_added, 'fading' as status
    from touched as t
    where exists (select 1 from runs_in_order as r where r.n = t.n + 1)
      and not exists (select 1 from touched as u where u.story_id = t.story_id and u.n = t.n + 1)
),

changes as (
    select * from grown
    union all
    select * from faded
),

as_of as (
    select c.story_id, c.n, sum(t.articles_added) as articles, min(t.first_day) as first_day,
           max(t.last_day) as last_day
    from changes as c
    inner join touched as t on t.story_id = c.story_id and t.n <= c.n
    group by c.story_id, c.n
),

current_ids as (
    select distinct assigned_story_id as story_id, story_id as current_id
    from int_article_stories
    where assigned_story_id <> story_id
),

merged as (
    select regexp_replace(v.batch_id, '-[^-]+$', '') as run_id, v.story_id, v.label, 'merged' as status,
           0 as articles_added, 0 as sources_added, s.articles, s.first_day, s.last_day, v.top_entities,
           ids.current_id as merged_into
    from story_versions as v
    inner join current_ids as ids using (story_id)
    inner join stories as s on s.story_id = ids.current_id
    where v.merged_into is not null
),

final as (
    select r.run_id, c.story_id, s.label, c.status, c.articles_added, c.sources_added, a.articles,
           a.first_day, a.last_day, s.top_entities, null::varchar as merged_into
    from changes as c
    inner join runs_in_order as r using (n)
    inner join as_of as a using (story_id, n)
    inner join stories as s using (story_id)
    union all
    select * from merged
)

select * from final
order by run_id, status, articles_added desc, story_id
