-- one row per quoted person (speaker_key): how often and in how many articles, first and last day
with quotes as (
    select * from int_current_quotes where speaker_key is not null
),

labels as (
    select * from int_entity_labels
),

counts as (
    select speaker_key, count(*) as quotes, count(distinct article_id) as articles,
           min(day) as first_day, max(day) as last_day
    from quotes
    group by speaker_key
),

final as (
    select counts.speaker_key, coalesce(labels.label, 'PERSON') as label, counts.quotes, counts.articles,
           counts.first_day, counts.last_day
    from counts
    left join labels on labels.entity_key = counts.speaker_key
)

select * from final
order by quotes desc, speaker_key
