-- violations: sentences whose offsets do not slice their text out of the article
select sentences.article_id, sentences.sentence_idx
from sentences
inner join articles using (article_id)
where substr(articles.text, sentences.start_char + 1, sentences.end_char - sentences.start_char) <> sentences.text
