-- one row per sentence its source already ran within the week before (boilerplate: "Follow us on
-- Twitter", "Copyright ..."); its entities do not count in the reporting views
with source as (
    select * from {{ source('boilerplate_sentences') }}
),

final as (
    select {{ columns('boilerplate_sentences') }}
    from source
)

select * from final
