-- violations: sentences whose offsets do not slice their text out of the article (an article's
-- sentences land in its own batch)
select sentences.article_id, sentences.sentence_idx
from {{ checked('sentences') }} as sentences
inner join {{ checked('articles') }} as articles using (article_id)
where substr(articles.text, sentences.start_char + 1, sentences.end_char - sentences.start_char) <> sentences.text
