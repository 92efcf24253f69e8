-- one row per topic of a topic model version
with source as (
    select * from {{ source('topics') }}
),

final as (
    select {{ columns('topics') }}, ingest_date as fitted_on
    from source
)

select * from final
