-- one row per input file ever recorded (per input folder): its latest manifest entry and its versions
with manifest as (
    select * from manifest
),

ranked as (
    select
        *,
        row_number() over (partition by input_dir, source_path order by recorded_at desc) as recency
    from manifest
),

versions as (
    select input_dir, source_path, count(distinct content_hash) as versions, min(recorded_at) as first_recorded_at
    from manifest
    group by input_dir, source_path
),

final as (
    select
        ranked.input_dir,
        ranked.source_path,
        ranked.status,
        ranked.status <> 'removed' as is_present,
        ranked.size,
        ranked.content_hash,
        ranked.items,
        ranked.article_ids,
        versions.versions,
        versions.first_recorded_at,
        ranked.recorded_at as last_recorded_at,
        ranked.run_id as last_run_id
    from ranked
    inner join versions using (input_dir, source_path)
    where ranked.recency = 1
)

select * from final
