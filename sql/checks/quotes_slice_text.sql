-- violations: a quotation whose offsets do not slice its text out of the article
select q.article_id, q.quote_idx
from quotes as q
inner join articles as a using (article_id)
where substr(a.text, q.start_char + 1, q.end_char - q.start_char) <> q.text
