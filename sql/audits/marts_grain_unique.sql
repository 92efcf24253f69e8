-- violations: two rows of a mart at its declared grain (the comment that opens each mart)
select 'top_entities' as mart, entity_key as grain, count(*) as rows
from top_entities group by entity_key having count(*) > 1
union all select 'entity_daily', day || ' ' || entity_key, count(*)
from entity_daily group by day, entity_key having count(*) > 1
union all select 'entity_cooccurrence', entity_a || ' / ' || entity_b, count(*)
from entity_cooccurrence group by entity_a, entity_b having count(*) > 1
union all select 'topic_daily', day || ' ' || topic_id, count(*)
from topic_daily group by day, topic_id having count(*) > 1
union all select 'article_overview', article_id, count(*)
from article_overview group by article_id having count(*) > 1
union all select 'input_files', input_dir || '/' || source_path, count(*)
from input_files group by input_dir, source_path having count(*) > 1
union all select 'rejects_by_reason', reason, count(*)
from rejects_by_reason group by reason having count(*) > 1
union all select 'data_quality', table_name, count(*)
from data_quality group by table_name having count(*) > 1
union all select 'country_daily', day || ' ' || country_code, count(*)
from country_daily group by day, country_code having count(*) > 1
union all select 'top_places', place_id, count(*)
from top_places group by place_id having count(*) > 1
union all select 'tone_daily', day || ' ' || source, count(*)
from tone_daily group by day, source having count(*) > 1
union all select 'entity_tone', entity_key, count(*)
from entity_tone group by entity_key having count(*) > 1
union all select 'quotes_by_speaker', speaker_key, count(*)
from quotes_by_speaker group by speaker_key having count(*) > 1
union all select 'quote_daily', cast(day as varchar), count(*)
from quote_daily group by day having count(*) > 1
union all select 'entity_changes', run_id || ' ' || entity_key, count(*)
from entity_changes group by run_id, entity_key having count(*) > 1
union all select 'story_changes', run_id || ' ' || story_id, count(*)
from story_changes group by run_id, story_id having count(*) > 1
union all select 'stories', story_id, count(*)
from stories group by story_id having count(*) > 1
union all select 'story_daily', day || ' ' || story_id, count(*)
from story_daily group by day, story_id having count(*) > 1
union all select 'top_stories', story_id, count(*)
from top_stories group by story_id having count(*) > 1
union all select 'trending_entities', day || ' ' || entity_key, count(*)
from trending_entities group by day, entity_key having count(*) > 1
union all select 'entity_aliases', alias || ' -> ' || entity_key, count(*)
from entity_aliases group by alias, entity_key having count(*) > 1
