-- one row per direct quotation: its span inside the quote marks (start_char/end_char index into
-- articles.text), the sentence it starts in, the speaker as written, the person's entity_key, the cue verb
with source as (
    select * from {{ source('quotes') }}
),

final as (
    select article_id, quote_idx, start_char, end_char, text, sentence_idx, speaker, speaker_key, cue,
           ingest_date, batch_id
    from source
)

select * from final
