-- one row per run: its place in the order runs started (1 = the first), what "the run before" means
with runs as (
    select * from runs
),

final as (
    select run_id, row_number() over (order by started_at, run_id) as n
    from runs
)

select * from final
