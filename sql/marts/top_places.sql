-- one row per gazetteer feature (a GeoNames id, else an ISO subdivision code, else a world region's
-- name): how often current articles name it
with places as (
    select * from int_current_places where label <> 'NORP'
),

final as (
    select
        coalesce(cast(geonameid as varchar), admin1, kind || ':' || name) as place_id,
        any_value(geonameid) as geonameid,
        first(name order by name) as name,
        first(country_code order by country_code) as country_code,
        first(admin1 order by admin1) as admin1,
        first(kind order by kind) as kind,
        any_value(lat) as lat,
        any_value(lon) as lon,
        count(*) as mentions,
        count(distinct article_id) as articles
    from places
    group by place_id
)

select * from final
order by articles desc, mentions desc, place_id
