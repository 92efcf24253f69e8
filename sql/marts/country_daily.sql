-- one row per country per day: articles that mention it (or are datelined there) and its mentions
-- (a nationality such as "Pakistani" counts for its country; country names from pycountry via the gazetteer)
with places as (
    select * from int_current_places where country_code is not null
),

country_names as (
    select country_code, first(name order by geonameid) as country
    from places
    where kind = 'country'
    group by country_code
),

daily as (
    select day, country_code, count(distinct article_id) as articles, count(*) as mentions
    from places
    group by day, country_code
),

final as (
    select daily.day, daily.country_code, coalesce(country_names.country, daily.country_code) as country,
           daily.articles, daily.mentions
    from daily
    left join country_names using (country_code)
)

select * from final
order by day, articles desc, country_code
