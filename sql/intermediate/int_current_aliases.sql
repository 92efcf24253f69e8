-- one row per (alias, source, period): its latest version, the key its mentions count under now
with versions as (
    select * from entity_alias_versions
),

final as (
    select alias, entity_key, label, source, period, rule, mentions, articles, changed_at_run, previous_key,
           updated_at
    from versions
    qualify row_number() over (partition by alias, source, period order by updated_at desc, mentions desc) = 1
)

select * from final
