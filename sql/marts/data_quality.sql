-- one row per lake table: how many rows it holds (articles: every version; current_articles: what marts count)
-- The table_counts() macro expands to one `select <position>, '<table>' as table_name, count(*) as rows from <table>`
-- per table of the lake's schema (tasks/storage/schemas.py), so a new table is counted here too.
with counts as (
    {{ table_counts() }}
    union all select 0.5, 'current_articles', count(*) from int_current_articles
),

final as (
    select table_name, rows from counts order by position
)

select * from final
