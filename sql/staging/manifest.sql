-- one row each time a run accounted for an input file (the latest row of a path is its state)
with source as (
    select * from {{ source('manifest') }}
),

final as (
    select
        input_dir,
        source_path,
        size,
        mtime_ns,
        content_hash,
        status,
        items,
        article_ids,
        run_id,
        recorded_at,
        ingest_date,
        batch_id
    from source
)

select * from final
