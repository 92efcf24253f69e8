-- one row per input (file, or record of a JSON/JSONL file) a run could not land, with the reason
with source as (
    select * from {{ source('rejects') }}
),

final as (
    select {{ columns('rejects') }}
    from source
)

select * from final
