-- violations: sentence, entity or topic rows whose article is not in the lake
select 'sentences' as table_name, article_id from sentences anti join articles using (article_id)
union all
select 'entities', article_id from entities anti join articles using (article_id)
union all
select 'article_topics', article_id from article_topics anti join articles using (article_id)
