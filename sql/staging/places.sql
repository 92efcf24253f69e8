-- one row per place mention resolved to a gazetteer feature (GeoNames id, or an ISO subdivision);
-- label DATELINE for an article's dateline, NORP for a nationality that carries its country
with source as (
    select * from {{ source('places') }}
),

final as (
    select
        article_id, start_char, end_char, text, label, geonameid, name, country_code, admin1, lat, lon, kind,
        ingest_date, batch_id
    from source
)

select * from final
