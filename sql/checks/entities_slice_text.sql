-- violations: entity mentions whose offsets do not slice their text out of the article (an
-- article's mentions land in its own batch)
select entities.article_id, entities.start_char
from {{ checked('entities') }} as entities
inner join {{ checked('articles') }} as articles using (article_id)
where substr(articles.text, entities.start_char + 1, entities.end_char - entities.start_char) <> entities.text
