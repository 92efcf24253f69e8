-- one row per pipeline run: its final status and how every input was accounted for
with source as (
    select * from {{ source('runs') }}
),

final as (
    select {{ columns('runs') }}
    from source
)

select * from final
