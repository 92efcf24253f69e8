-- one row per article ever landed, with its status: current (an input file as it is now yields it),
-- superseded (its file changed and no longer yields it) or removed (its file is gone)
with articles as (
    select * from articles
),

input_files as (
    select * from int_input_files
),

current_ids as (
    select distinct unnest(article_ids) as article_id
    from input_files
    where is_present
),

paths as (
    select source_path, bool_or(is_present) as is_present
    from input_files
    group by source_path
),

final as (
    select
        articles.*,
        case
            when current_ids.article_id is not null then 'current'
            when paths.is_present then 'superseded'
            else 'removed'
        end as article_status,
        current_ids.article_id is not null as is_current
    from articles
    left join current_ids using (article_id)
    left join paths using (source_path)
)

select * from final
