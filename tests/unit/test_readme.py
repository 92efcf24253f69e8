"""The README's reference tables tell the truth: every lake table and view it lists has exactly the
columns the database gives it, and every view a user can query is listed.

The database is built over an empty lake (every view builds on one), so this takes about a second.
"""
import re
from pathlib import Path

import pytest

from newsflow.tasks.storage.lake import Lake
from newsflow.tasks.storage.schemas import TABLES
from newsflow.tasks.storage.warehouse import build_database, connect

README = Path(__file__).resolve().parents[2] / "README.md"
# Views a reader is not meant to query: shared steps of the SQL models, and where the lake is.
INTERNAL = re.compile(r"^(int_|stg_)|^lake_location$")
_NAME = re.compile(r"^`(\w+)`$")
_BACKTICKED = re.compile(r"`([^`]+)`")


def reference_tables(markdown: str) -> dict[str, dict[str, list[str]]]:
    """{header of the first column ("table" or "view"): {name: backticked names of the last column}}
    for every Markdown table whose first header cell is `table` or `view`."""
    found: dict[str, dict[str, list[str]]] = {}
    kind = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            kind = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if kind is None:
            kind = cells[0] if cells[0] in ("table", "view") else ""
            if kind:
                found.setdefault(kind, {})
            continue
        if not kind or set(cells[0]) <= set("-: "):
            continue
        name = _NAME.match(cells[0])
        assert name, f"a row of the README's {kind} table does not start with a `name`: {line}"
        assert name[1] not in found[kind], f"{name[1]} is listed twice in the README's {kind} table"
        found[kind][name[1]] = _BACKTICKED.findall(cells[-1])
    return found


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    """{view: its columns} of a database built over an empty lake (schema main: the `recent` schema
    holds the same views over the last 30 ingest days, and its window)."""
    root = tmp_path_factory.mktemp("readme")
    db = root / "newsflow.duckdb"
    build_database(Lake(root / "lake"), db)
    with connect(db) as con:
        views = [name for (name,) in con.execute(
            "select view_name from duckdb_views() where not internal and schema_name = 'main' order by view_name").fetchall()]
        return {view: [row[0] for row in con.execute(f"describe {view}").fetchall()] for view in views}


@pytest.fixture(scope="module")
def documented():
    return reference_tables(README.read_text(encoding="utf-8"))


def test_the_readme_has_both_reference_tables(documented):
    assert set(documented) == {"table", "view"}
    assert documented["table"] and documented["view"]


def test_every_lake_table_is_in_the_table_reference(documented):
    assert set(documented["table"]) == set(TABLES)


def test_views_reference_lists_views_not_lake_tables(documented):
    assert not set(documented["view"]) & set(documented["table"])


@pytest.mark.parametrize("kind", ["table", "view"])
def test_each_listed_name_has_exactly_its_columns(kind, documented, database):
    for name, columns in documented[kind].items():
        assert name in database, f"README lists {kind} {name}, which the database does not have"
        assert len(columns) == len(set(columns)), f"README lists a column of {name} twice: {columns}"
        assert set(columns) == set(database[name]), (
            f"{name}: README lists {sorted(set(columns) - set(database[name]))} that the view does not have, "
            f"and misses {sorted(set(database[name]) - set(columns))}")


def test_every_public_view_is_in_the_readme(documented, database):
    listed = set(documented["table"]) | set(documented["view"])
    public = {view for view in database if not INTERNAL.search(view)}
    assert public - listed == set(), "views of the database missing from the README's reference tables"


def test_the_parser_reads_names_and_columns():
    markdown = ("| view | one row per | columns |\n|---|---|---|\n"
                "| `a` | x | `b`, `c` (a note) |\n\n| other | x |\n|---|---|\n| `z` | `y` |\n")
    assert reference_tables(markdown) == {"view": {"a": ["b", "c"]}}
