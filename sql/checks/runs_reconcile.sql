-- violations: finished runs whose inputs do not add up (items seen = landed + duplicates + unchanged + rejected)
select run_id, items_seen, articles_landed, duplicates, unchanged, rejected
from runs
where status <> 'running'
  and items_seen <> articles_landed + duplicates + unchanged + rejected
