-- one row per input (file, or record of a JSON/JSONL file) a run could not land, with the reason
with source as (
    select * from {{ source('rejects') }}
),

final as (
    select source_path, reason, detail, ingest_date, run_id, batch_id
    from source
)

select * from final
