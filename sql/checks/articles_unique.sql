-- violations: article ids stored more than once
select article_id, count(*) as copies
from articles
group by article_id
having count(*) > 1
