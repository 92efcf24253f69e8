-- one row per run and named entity key the run's articles mention, when the entity is new to the corpus
-- (`new`: no earlier run's article mentions it) or its share of the run's mentions is above its share of
-- all earlier runs' (`rising`); near-duplicate copies and boilerplate sentences are left out. lift =
-- share / prior_share (null for a new entity): order by it for what rose most. Runs in the order
-- they started; counts are of current articles.
with runs_in_order as (
    select * from int_run_order
),

mentions as (
    select entities.entity_key, entities.label, entities.article_id, runs_in_order.n
    from int_named_entities as entities
    inner join articles using (article_id)
    inner join runs_in_order using (run_id)
    anti join near_duplicates using (article_id)
),

per_run as (
    select entity_key, n, mode(label) as label, count(*) as mentions, count(distinct article_id) as articles
    from mentions
    group by entity_key, n
),

run_totals as (
    select n, sum(mentions) as total,
           coalesce(sum(sum(mentions)) over (order by n rows between unbounded preceding and 1 preceding), 0)
               as prior_total
    from per_run
    group by n
),

with_prior as (
    select per_run.*,
           coalesce(sum(mentions) over (partition by entity_key order by n
               rows between unbounded preceding and 1 preceding), 0) as prior_mentions
    from per_run
),

final as (
    select runs_in_order.run_id, with_prior.entity_key, with_prior.label,
           case when with_prior.prior_mentions = 0 then 'new' else 'rising' end as status,
           with_prior.mentions, with_prior.articles,
           with_prior.mentions / run_totals.total as share,
           with_prior.prior_mentions,
           with_prior.prior_mentions / nullif(run_totals.prior_total, 0) as prior_share,
           (with_prior.mentions / run_totals.total)
               / nullif(with_prior.prior_mentions / nullif(run_totals.prior_total, 0), 0) as lift
    from with_prior
    inner join run_totals using (n)
    inner join runs_in_order using (n)
    where with_prior.prior_mentions = 0
       or with_prior.mentions / run_totals.total > with_prior.prior_mentions / run_totals.prior_total
)

select * from final
order by run_id, status, lift desc nulls first, mentions desc, entity_key
