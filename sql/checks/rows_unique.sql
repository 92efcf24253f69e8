-- violations: rows stored twice (a batch landed twice), by each table's key
select 'sentences' as table_name, article_id as key, count(*) as copies
from sentences group by article_id, sentence_idx having count(*) > 1
union all
select 'entities', article_id, count(*)
from entities group by article_id, start_char, end_char having count(*) > 1
union all
select 'keyphrases', article_id, count(*)
from keyphrases group by article_id, phrase, model_version having count(*) > 1
union all
select 'article_topics', article_id, count(*)
from article_topics group by article_id, topic_id, model_version having count(*) > 1
union all
select 'topics', model_version, count(*)
from topics group by model_version, topic_id having count(*) > 1
union all
select 'rejects', source_path, count(*)
from rejects group by source_path, run_id having count(*) > 1
union all
select 'places', article_id, count(*)
from places group by article_id, start_char, label having count(*) > 1
union all
select 'article_focus', article_id, count(*)
from article_focus group by article_id having count(*) > 1
union all
select 'article_tone', article_id, count(*)
from article_tone group by article_id having count(*) > 1
union all
select 'quotes', article_id, count(*)
from quotes group by article_id, quote_idx having count(*) > 1
union all
select 'article_stories', article_id, count(*)
from article_stories group by article_id having count(*) > 1
union all
select 'near_duplicates', article_id, count(*)
from near_duplicates group by article_id, batch_id having count(*) > 1
union all
select 'label_votes', entity_key, count(*)
from label_votes group by entity_key, label, batch_id having count(*) > 1
union all
select 'entity_alias_versions', alias, count(*)
from entity_alias_versions group by alias, source, period, batch_id having count(*) > 1
