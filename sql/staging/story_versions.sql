-- one row per story each time a batch added articles to it: its label and counts as of then
with source as (
    select * from {{ source('story_versions') }}
),

final as (
    select {{ columns('story_versions') }}
    from source
)

select * from final
