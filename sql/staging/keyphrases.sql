-- one row per keyphrase of an article under a topic model version (every version ever fitted) (rank 1 = best)
with source as (
    select * from {{ source('keyphrases') }}
),

final as (
    select {{ columns('keyphrases') }}
    from source
)

select * from final
