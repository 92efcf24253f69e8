-- one row per alias (an article-level key) and the corpus key it resolves to: the mentions and articles
-- it has over all sources and periods, the rule that chose the key, and the run that last changed it
with aliases as (
    select * from int_current_aliases
),

final as (
    select
        alias, entity_key, first(label order by mentions desc, label) as label,
        sum(mentions)::bigint as mentions, sum(articles)::bigint as articles,
        first(rule order by mentions desc, rule) as rule,
        first(changed_at_run order by updated_at desc) filter (where previous_key is not null) as changed_at_run,
        first(previous_key order by updated_at desc) filter (where previous_key is not null) as previous_key
    from aliases
    group by alias, entity_key
)

select * from final
order by mentions desc, alias, entity_key
