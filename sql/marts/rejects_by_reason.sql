-- one row per reject reason: how many inputs were rejected for it, with an example
with rejects as (
    select * from rejects
),

final as (
    select
        reason,
        count(*) as inputs,
        min(source_path) as example_path,
        min(detail) as example_detail
    from rejects
    group by reason
)

select * from final
order by inputs desc, reason
