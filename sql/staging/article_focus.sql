-- one row per analysed article: the country (and place) it is mostly about, from its places and dateline
with source as (
    select * from {{ source('article_focus') }}
),

final as (
    select article_id, focus_country, focus_geonameid, focus_name, focus_share, focus_kind, focus_lat, focus_lon,
        ingest_date, batch_id
    from source
)

select * from final
