-- one row per current article: one that an input file, as it is now, yields (what the marts count)
with versions as (
    select * from int_article_versions
),

final as (
    select * exclude (article_status, is_current)
    from versions
    where is_current
)

select * from final
