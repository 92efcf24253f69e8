-- one row per direct quotation: its span inside the quote marks (start_char/end_char index into
-- articles.text), the sentence it starts in, the speaker as written, the person's entity_key, the cue verb
with source as (
    select * from {{ source('quotes') }}
),

final as (
    select {{ columns('quotes') }}
    from source
)

select * from final
