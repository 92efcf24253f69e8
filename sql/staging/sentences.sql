-- one row per sentence of an article; start_char/end_char index into articles.text
with source as (
    select * from {{ source('sentences') }}
),

final as (
    select {{ columns('sentences') }}
    from source
)

select * from final
