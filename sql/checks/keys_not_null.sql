-- violations: a row whose key (or batch_id, stamped by the lake writer on every row) is null
select 'articles' as table_name, count(*) as rows from articles where article_id is null or batch_id is null having count(*) > 0
union all select 'sentences', count(*) from sentences
    where article_id is null or sentence_idx is null or batch_id is null having count(*) > 0
union all select 'entities', count(*) from entities
    where article_id is null or start_char is null or end_char is null or batch_id is null having count(*) > 0
union all select 'keyphrases', count(*) from keyphrases
    where article_id is null or phrase is null or model_version is null or batch_id is null having count(*) > 0
union all select 'article_topics', count(*) from article_topics
    where article_id is null or topic_id is null or model_version is null or batch_id is null having count(*) > 0
union all select 'topics', count(*) from topics
    where topic_id is null or model_version is null or batch_id is null having count(*) > 0
union all select 'rejects', count(*) from rejects
    where source_path is null or reason is null or run_id is null or batch_id is null having count(*) > 0
union all select 'runs', count(*) from runs where run_id is null or batch_id is null having count(*) > 0
union all select 'manifest', count(*) from manifest
    where input_dir is null or source_path is null or batch_id is null having count(*) > 0
union all select 'label_votes', count(*) from label_votes
    where entity_key is null or label is null or batch_id is null having count(*) > 0
union all select 'entity_alias_versions', count(*) from entity_alias_versions
    where alias is null or entity_key is null or batch_id is null having count(*) > 0
