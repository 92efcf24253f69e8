-- one row each time a run accounted for an input file (the latest row of a path is its state)
with source as (
    select * from {{ source('manifest') }}
),

final as (
    select {{ columns('manifest') }}
    from source
)

select * from final
