-- one row per input file ever recorded: present or removed, its versions and the current articles it yields
with input_files as (
    select * from int_input_files
),

final as (
    select
        input_dir,
        source_path,
        status,
        is_present,
        versions,
        items,
        len(article_ids) as articles,
        size,
        content_hash,
        first_recorded_at,
        last_recorded_at
    from input_files
)

select * from final
order by input_dir, source_path
