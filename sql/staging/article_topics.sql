-- one row per topic assigned to an article by a topic model version (rank 1 = dominant)
with source as (
    select * from {{ source('article_topics') }}
),

final as (
    select {{ columns('article_topics') }}
    from source
)

select * from final
