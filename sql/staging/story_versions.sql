-- one row per story each time a batch added articles to it: its label and counts as of then
with source as (
    select * from {{ source('story_versions') }}
),

final as (
    select story_id, label, first_day, last_day, articles, sources, top_entities, version_at, ingest_date, batch_id
    from source
)

select * from final
