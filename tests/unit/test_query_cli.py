"""`newsflow query`: values printed exactly, exports that keep every row, read-only for real."""
from __future__ import annotations

import io
import json
from datetime import date, datetime, timezone
from importlib.metadata import version

import pytest
from rich.console import Console

from newsflow.flows import cli
from newsflow.tasks.storage import schemas, warehouse
from newsflow.tasks.storage.lake import Lake

DAY = date(2026, 11, 28)
RUN_ID = "015a106e-0e4b-4c1f-9d3a-7f2e8b6c5d4a"
TRICKY = {"a1": "he said [sic] it", "a2": "a:x:b and :thumbs_up:", "a3": "[bold]loud[/bold] then [/bold]",
          "a4": "w" * 300}
N_ARTICLES = 250


def _build(base) -> tuple:
    lake = Lake(base / "lake")
    texts = {**TRICKY, **{f"b{i:03d}": f"plain {i}" for i in range(N_ARTICLES - len(TRICKY))}}
    lake.write("articles", schemas.from_rows("articles", [
        {"article_id": aid, "source_path": f"{aid}.txt", "title": text, "text": text, "n_words": 1,
         "language": "en", "run_id": RUN_ID} for aid, text in texts.items()]), DAY, "b1")
    lake.write("manifest", schemas.from_rows("manifest", [
        {"input_dir": "/in", "source_path": "b1.txt", "status": "processed", "items": 1,
         "article_ids": list(texts), "run_id": RUN_ID}]), DAY, "b1")
    now = datetime(2026, 11, 28, tzinfo=timezone.utc)
    lake.write("runs", schemas.from_rows("runs", [
        {"run_id": RUN_ID, "started_at": now, "finished_at": now, "status": "completed"}]), DAY, RUN_ID)
    db = base / "newsflow.duckdb"
    warehouse.build_database(lake, db, {"model_version": "none", "run_id": RUN_ID})
    return lake, db


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return _build(tmp_path_factory.mktemp("query"))[1]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """The command as `main()` runs it (without ending the process): exit code, stdout, stderr."""
    with pytest.raises(SystemExit) as exited:
        cli._main(list(args))
    captured = capsys.readouterr()
    return exited.value.code, captured.out, captured.err


def test_table_prints_values_exactly_and_whole_when_piped(capsys, db):
    code, out, err = run_cli(capsys, "query", "select article_id, text, run_id from articles "
                             "where article_id like 'a%' order by 1", "--db", str(db))
    assert (code, err) == (0, "")
    for text in TRICKY.values():
        assert text in out          # no markup, no emoji codes, no cut at 80 columns
    assert RUN_ID in out and "…" not in out and "❌" not in out and "👍" not in out
    assert len([line for line in out.splitlines() if "│" in line]) == len(TRICKY)   # one line a row


def test_table_on_a_terminal_shows_values_as_they_are(capsys, db, monkeypatch):
    screen = io.StringIO()
    monkeypatch.setattr(cli, "out", Console(file=screen, force_terminal=True, width=120, color_system=None))
    code, _, _ = run_cli(capsys, "query", "select text from articles where article_id in ('a1', 'a2', 'a3') "
                         "order by article_id", "--db", str(db))
    assert code == 0
    shown = screen.getvalue()
    assert "he said [sic] it" in shown and "a:x:b and :thumbs_up:" in shown and "[/bold]" in shown


def test_csv_and_json_write_every_row_by_default(capsys, db):
    code, out, err = run_cli(capsys, "query", "select article_id, text from articles order by 1",
                             "--db", str(db), "--format", "csv")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert len(lines) == N_ARTICLES + 1 and lines[0] == "article_id,text" and lines[1] == "a1,he said [sic] it"
    code, out, err = run_cli(capsys, "query", "select article_id, text from articles order by 1",
                             "--db", str(db), "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert (code, err, len(records)) == (0, "", N_ARTICLES)
    assert records[2] == {"article_id": "a3", "text": TRICKY["a3"]}


def test_a_cut_table_says_how_to_see_everything(capsys, db):
    code, out, err = run_cli(capsys, "query", "select article_id from articles", "--db", str(db))
    assert code == 0 and len([line for line in out.splitlines() if "│" in line]) == cli.TABLE_ROWS
    assert err.count("\n") == 1 and f"{N_ARTICLES} rows, first {cli.TABLE_ROWS} shown" in err
    assert "--limit 0" in err
    code, out, err = run_cli(capsys, "query", "select article_id from articles", "--db", str(db), "--limit", "0")
    assert (code, err) == (0, "") and len([line for line in out.splitlines() if "│" in line]) == N_ARTICLES


def test_an_explicit_limit_applies_to_exports_too(capsys, db):
    code, out, err = run_cli(capsys, "query", "select article_id from articles order by 1", "--db", str(db),
                             "--format", "csv", "--limit", "3")
    assert (code, err, out.splitlines()) == (0, "", ["article_id", "a1", "a2", "a3"])


@pytest.mark.parametrize("sql, message", [
    ("copy (select 1) to 'written.csv'", "COPY writes files"),
    ("export database 'written'", "EXPORT writes files"),
    ("explain analyze copy (select 1) to 'written.csv'", "EXPLAIN"),
    ("attach 'written.duckdb' as other", "ATTACH"),
    ("install httpfs", "INSTALL and LOAD"),
    ("load parquet", "INSTALL and LOAD"),
    ("set threads = 1", "SET changes the configuration"),
    ("pragma enable_profiling", "PRAGMA is not a query"),
    ("create table written as select 1", "CREATE is not a query"),
    ("select 1; select 2", "one statement at a time: this SQL has 2"),
    ("select 1; copy (select 1) to 'written.csv'", "one statement at a time"),
    ("", "the SQL is empty"),
    ("  ;  -- nothing but a comment", "the SQL is empty"),
    ("selec 1", "Parser Error"),
])
def test_what_is_not_one_read_only_query_is_refused_in_one_line(capsys, db, tmp_path, monkeypatch, sql, message):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(capsys, "query", sql, "--db", str(db))
    assert code == 2 and out == ""
    assert err.startswith("Error: ") and err.count("\n") == 1 and message in err
    assert list(tmp_path.iterdir()) == []     # nothing written


def test_reading_files_is_allowed(capsys, db, tmp_path):
    (tmp_path / "extra.csv").write_text("key,value\nx,1\ny,2\n", encoding="utf-8")
    code, out, err = run_cli(capsys, "query", f"select key, value from read_csv('{tmp_path / 'extra.csv'}') order by 1",
                             "--db", str(db), "--format", "csv")
    assert (code, err, out.splitlines()) == (0, "", ["key,value", "x,1", "y,2"])


def test_describe_show_and_summarize_are_queries(db):
    for sql in ("describe articles", "show tables", "summarize select 1 as x", "from data_quality", "values (1)"):
        warehouse.check_read_only(sql)
    names, rows = warehouse.query(db, "describe top_entities")
    assert names[0] == "column_name" and ("entity_key",) in [r[:1] for r in rows]


def test_the_query_connection_cannot_change_its_configuration(db):
    with warehouse.open_query(db, "select 1") as (_, cursor):
        with pytest.raises(Exception, match="configuration has been locked"):
            cursor.execute("set enable_external_access = false")


def test_version_comes_from_the_package_metadata(capsys):
    code, out, err = run_cli(capsys, "--version")
    assert (code, err, out) == (0, "", f"newsflow {version('newsflow')}\n")


def test_a_missing_database_is_one_line(capsys, tmp_path):
    code, out, err = run_cli(capsys, "query", "select 1", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and err.startswith("Error: database") and err.count("\n") == 1
