-- one row per pipeline run: its final status and how every input was accounted for
with source as (
    select * from {{ source('runs') }}
),

final as (
    select
        run_id, started_at, finished_at, status, message, input_dir,
        files_seen, items_seen, articles_landed, duplicates, unchanged, rejected, removed, without_ner, dates_dropped,
        spacy_model, model_version, code_version, stage_seconds, ingest_date, batch_id
    from source
)

select * from final
