-- one row per entity key and model label in a batch: how many of the batch's mentions spaCy gave that
-- label (the corpus evidence tasks/nlp/labels.py votes with; summed over batches it is the corpus's)
with source as (
    select * from {{ source('label_votes') }}
),

final as (
    select {{ columns('label_votes') }}
    from source
)

select * from final
