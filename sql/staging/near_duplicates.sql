-- one row per near-duplicate article (a lightly edited copy) each time it is linked: the earliest article
-- of its group, and the MinHash estimate of their word-shingle Jaccard similarity. A late article older
-- than a group's original re-points the group: its members get a new row, and the latest is current.
with source as (
    select * from {{ source('near_duplicates') }}
),

final as (
    select {{ columns('near_duplicates') }}
    from source
)

select * from final
