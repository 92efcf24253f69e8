"""The data tests: queries that return the rows breaking an invariant (zero rows is a pass).

Three kinds, all run when the database is built (warehouse.build_database):
- generated from each table's declaration (schemas.TABLES and schemas.KEYS): `keys_not_null` (key
  columns and batch_id), `rows_unique` (no key stored twice) and `orphan_rows` (a row of a table with
  an article_id whose article is not landed), one branch per table, so a new table is covered by
  being declared;
- hand-written row checks in `sql/checks` (offsets that slice the text, manifests that reconcile,
  stories complete);
- whole-lake audits in `sql/audits` (a mart's grain: it needs every view built in full).

`{{ checked('t') }}` in a check is the rows it checks: a nightly run's own rows of table t (each row
is checked once, when it lands, and a night's checks cost that night's rows), or every row of the
lake (`newsflow views` and the test suite, which add the audits). A row is compared with the whole
lake where the invariant needs it (a key stored twice, an article that must exist), through the key
columns only.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsflow.tasks.settings import SQL_DIR
from newsflow.tasks.storage.schemas import KEYS, TABLES, of_articles


@dataclass(frozen=True)
class Check:
    name: str
    sql: str


def checks(sql_dir: Path = SQL_DIR, whole_lake: bool = False) -> list[Check]:
    """Every data test, by name; the audits too with `whole_lake`."""
    folders = ["checks", "audits"] if whole_lake else ["checks"]
    found = [Check(p.stem, p.read_text(encoding="utf-8")) for folder in folders
             for p in sorted((sql_dir / folder).glob("*.sql"))]
    return sorted(found + generated_checks(), key=lambda c: c.name)


def generated_checks() -> list[Check]:
    return [Check("keys_not_null", _union(_not_null(t) for t in TABLES)),
            Check("rows_unique", _union(_unique(t) for t in TABLES)),
            Check("orphan_rows", _union(_orphans(t) for t in TABLES if of_articles(t)))]


def _union(parts) -> str:
    """Branches joined by lines that start with `union all` (warehouse counts them one at a time)."""
    return "\nunion all ".join(parts)


def _not_null(table: str) -> str:
    columns = dict.fromkeys([*KEYS[table], "batch_id"])
    nulls = " or ".join(f"{c} is null" for c in columns)
    return (f"select '{table}' as table_name, count(*) as rows from {{{{ checked('{table}') }}}} "
            f"where {nulls} having count(*) > 0")


def _unique(table: str) -> str:
    """Keys of the checked rows stored more than once in the whole table."""
    key = ", ".join(KEYS[table])
    shown = " || ' ' || ".join(f"coalesce(cast({c} as varchar), '')" for c in KEYS[table])
    return (f"select '{table}' as table_name, {shown} as key, count(*) as copies from {table} "
            f"semi join (select distinct {key} from {{{{ checked('{table}') }}}}) using ({key}) "
            f"group by {key} having count(*) > 1")


def _orphans(table: str) -> str:
    return (f"select '{table}' as table_name, article_id from {{{{ checked('{table}') }}}} "
            f"anti join articles using (article_id)")
