-- one row per (alias, source, period) each time a batch set or changed it: the key the alias resolves
-- to then, the rule that chose it, the counts so far, and the key it had before (a merge is recorded)
with source as (
    select * from {{ source('entity_alias_versions') }}
),

final as (
    select {{ columns('entity_alias_versions') }}
    from source
)

select * from final
