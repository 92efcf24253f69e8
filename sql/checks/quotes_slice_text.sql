-- violations: a quotation whose offsets do not slice its text out of the article (an article's
-- quotes land in its own batch)
select q.article_id, q.quote_idx
from {{ checked('quotes') }} as q
inner join {{ checked('articles') }} as a using (article_id)
where substr(a.text, q.start_char + 1, q.end_char - q.start_char) <> q.text
