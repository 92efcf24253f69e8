-- violations: articles an input file is recorded to yield that are not in the lake (an article missing)
with yielded as (
    select distinct source_path, unnest(article_ids) as article_id
    from {{ checked('manifest') }}
)

select yielded.source_path, yielded.article_id
from yielded
anti join articles using (article_id)
