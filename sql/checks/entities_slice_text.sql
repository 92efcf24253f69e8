-- violations: entity mentions whose offsets do not slice their text out of the article
select entities.article_id, entities.start_char
from entities
inner join articles using (article_id)
where substr(articles.text, entities.start_char + 1, entities.end_char - entities.start_char) <> entities.text
