-- one row per named entity key per day: de-duplicated mentions (near-duplicate copies and
-- boilerplate sentences left out), the stories they are in, and how far the day's share of all
-- mentions rises above the entity's trailing 28-day share (baseline):
--   score = (mentions + 1) / (baseline * day's mentions + 1)
-- a smoothed ratio of observed to expected mentions: 1 = as usual, 3 = three times as many; the +1
-- keeps rare entities from scoring high on one mention. baseline and score are null on a day with no
-- mentions in the 28 days before it (nothing to compare with).
with mentions as (
    select entities.article_id, entities.entity_key, article_days.day
    from int_named_entities as entities
    inner join int_article_days as article_days using (article_id)
    anti join near_duplicates using (article_id)
),

labels as (
    select * from int_entity_labels
),

daily as (
    select mentions.day, mentions.entity_key, count(*) as mentions,
           count(distinct int_article_stories.story_id) as stories
    from mentions
    left join int_article_stories using (article_id)
    group by mentions.day, mentions.entity_key
),

totals as (
    select day, sum(mentions) as total from daily group by day
),

with_prior as (
    select
        daily.*,
        totals.total,
        sum(daily.mentions) over (partition by daily.entity_key order by daily.day
            range between interval 28 day preceding and interval 1 day preceding) as prior_mentions
    from daily
    inner join totals using (day)
),

prior_totals as (
    select day, sum(total) over (order by day range between interval 28 day preceding and interval 1 day preceding)
        as prior_total
    from totals
),

final as (
    select
        with_prior.day, with_prior.entity_key, labels.label, with_prior.mentions, with_prior.stories,
        coalesce(with_prior.prior_mentions, 0) / nullif(prior_totals.prior_total, 0) as baseline,
        (with_prior.mentions + 1.0) / (coalesce(with_prior.prior_mentions, 0)
            / nullif(prior_totals.prior_total, 0) * with_prior.total + 1.0) as score
    from with_prior
    inner join prior_totals using (day)
    left join labels using (entity_key)
)

select * from final
order by day, score desc, entity_key
