"""Wrong places and settings are found before any work starts: one line on stderr, exit 2. Values
from data or the user are printed as they are: no markup, control characters visible, strict JSON."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timezone

import pytest

from newsflow.flows import cli
from newsflow.tasks.settings import Settings
from tests.unit.test_query_cli import db, run_cli  # noqa: F401  (the query tests' database)


@pytest.fixture()
def places(tmp_path):
    (tmp_path / "a file").write_text("x")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The council met on Monday and approved the budget.")
    return tmp_path


@pytest.mark.parametrize("args, env, message", [
    (["--lake", ""], {}, "setting lake: is empty"),
    (["--db", ""], {}, "setting db: is empty"),
    (["--lake", "{tmp}/a file"], {}, "is a file: give a folder"),
    (["--lake", "{tmp}/a file/lake"], {}, "which is a file, not a folder"),
    (["--db", "{tmp}/in"], {}, "is a folder: give a file path"),
    (["--db", "{tmp}/a file/x.duckdb"], {}, "which is a file, not a folder"),
    ([], {"NEWSFLOW_SPACY_MODELS": "{bad"}, "setting spacy_models (NEWSFLOW_SPACY_MODELS) is not valid JSON"),
    ([], {"NEWSFLOW_LAKE_OPTIONS": "endpoint=x"}, "setting lake_options (NEWSFLOW_LAKE_OPTIONS) is not valid JSON"),
    ([], {"NEWSFLOW_MAX_FILE_MB": "inf"}, "setting max_file_mb: Input should be a finite number"),
])
def test_a_wrong_place_or_setting_stops_the_run_before_any_work(capsys, monkeypatch, places, args, env, message):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    args = [a.replace("{tmp}", str(places)) for a in args]
    code, out, err = run_cli(capsys, "run", str(places / "in"), *args)
    assert (code, out) == (2, "")
    assert err.startswith("Error: ") and err.count("\n") == 1 and message in err, err
    assert sorted(p.name for p in places.iterdir()) == ["a file", "in"]   # nothing written anywhere


def test_an_empty_variable_is_unset(monkeypatch):
    for name in ("NEWSFLOW_LAKE", "NEWSFLOW_DB", "NEWSFLOW_INPUT_DIR"):
        monkeypatch.setenv(name, "")
    settings = Settings.for_run(None)
    defaults = Settings.model_fields
    assert (settings.lake, settings.db, settings.input_dir) == (
        defaults["lake"].default, defaults["db"].default, defaults["input_dir"].default)


def test_report_into_a_file_and_a_sqlite_database_are_one_line(capsys, tmp_path, db):  # noqa: F811
    (tmp_path / "report.html").write_text("not a folder")
    code, _, err = run_cli(capsys, "report", "--db", str(db), "--out", str(tmp_path / "report.html"))
    assert code == 2 and "is a file" in err and err.count("\n") == 1
    sqlite3.connect(tmp_path / "some.sqlite").execute("create table t (a)").connection.commit()
    code, _, err = run_cli(capsys, "query", "select 1", "--db", str(tmp_path / "some.sqlite"))
    assert code == 2 and "not a DuckDB database" in err and err.count("\n") == 1


def test_tables_show_control_characters(capsys, db):  # noqa: F811
    code, out, _ = run_cli(capsys, "query", "select 'a' || chr(27) || '[2J' || chr(13) || chr(7) || 'b' as x",
                           "--db", str(db))
    assert code == 0 and "a␛[2J␍␇b" in out and "\x1b" not in out and "\r" not in out


def test_json_is_strict(capsys, db):  # noqa: F811
    code, out, _ = run_cli(capsys, "query", "select 'nan'::double as a, '-inf'::double as b, 1.50::decimal(5, 2) as c, "
                           "12::decimal(18, 3) as d, ['nan'::double, 2.5] as e, {'x': 'inf'::double} as f",
                           "--db", str(db), "--format", "json")
    assert code == 0
    assert json.loads(out, parse_constant=lambda c: pytest.fail(f"{c} is not JSON")) == {
        "a": None, "b": None, "c": 1.5, "d": 12, "e": [None, 2.5], "f": {"x": None}}


def test_the_summary_prints_paths_as_they_are(capsys, db):  # noqa: F811
    now = datetime(2026, 11, 28, tzinfo=timezone.utc)
    cli.print_summary({"run_id": "r[/]1", "status": "completed", "started_at": now, "finished_at": now,
                       "items_seen": 3, "articles_landed": 1, "duplicates": 0, "unchanged": 0, "rejected": 2,
                       "reject_reasons": {"too_long": 1, "nlp_failed": 1}, "dates_dropped": 1,
                       "lake": "/data/[/]lake", "db": str(db), "report": "/data/[bold]x[/]/report.html"})
    out = capsys.readouterr().out
    assert "Run r[/]1 completed" in out and "Lake:     /data/[/]lake" in out
    assert "Report:   /data/[bold]x[/]/report.html" in out
    assert "Rejects of this run" in out, out
    assert "too_long" in out and "nlp_failed" in out
    assert "1 articles landed undated" in out
