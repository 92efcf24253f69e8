"""The pipeline end to end through the installed CLI: real files, real spaCy, real Parquet and DuckDB."""
from __future__ import annotations

import subprocess

import pytest

from tests.conftest import BBC, SEEDS
from tests.e2e.real_runs import DUCKDB_CLI, Run, assert_audit_passes, newsflow, rows

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def seeds_run(tmp_path_factory):
    base = tmp_path_factory.mktemp("seeds")
    lake, db = base / "lake", base / "newsflow.duckdb"
    result = newsflow("run", str(SEEDS), "--lake", str(lake), "--db", str(db))
    return result, lake, db


def test_run_prints_a_summary_and_nothing_on_stderr(seeds_run):
    result, lake, db = seeds_run
    assert result.stderr == ""
    assert "31 inputs seen = 31 landed + 0 duplicates + 0 unchanged + 0 rejected" in result.stdout
    for expected in ("Rows in the lake", "Top entities", str(lake), str(db), "newsflow query"):
        assert expected in result.stdout


def test_seed_article_keys_and_dateline(seeds_run):
    _, _, db = seeds_run
    seed = "seed/000_2de263066a6832f9.txt"
    [(article_id, dateline, title)] = rows(db, f"select article_id, dateline, title from articles where source_path = '{seed}'")
    assert (dateline, title) == ("ISLAMABAD", None)
    keys = set(rows(db, f"select label, entity_key from entities where article_id = '{article_id}'"))
    assert {("PERSON", "Imran Khan"), ("PERSON", "Javad Zarif"), ("PERSON", "Shah Mehmood Qureshi"),
            ("GPE", "Pakistan"), ("GPE", "Iran"), ("GPE", "Afghanistan")} <= keys


def test_seed_places_and_focus_country(seeds_run):
    _, _, db = seeds_run
    seed = "seed/000_2de263066a6832f9.txt"
    [(article_id,)] = rows(db, f"select article_id from articles where source_path = '{seed}'")
    places = set(rows(db, f"select text, geonameid, country_code from places where article_id = '{article_id}'"))
    assert {("Islamabad", 1176615, "PK"), ("ISLAMABAD", 1176615, "PK"), ("Pakistan", 1168579, "PK"),
            ("Iran", 130758, "IR"), ("Afghanistan", 1149361, "AF")} <= places
    assert rows(db, f"select focus_country from article_overview where article_id = '{article_id}'") == [("PK",)]
    countries = dict(rows(db, "select country_code, sum(articles) from country_daily group by all"))
    assert countries["PK"] >= 1 and countries["GB"] >= 10
    [(with_tone,)] = rows(db, "select count(*) from article_overview where tone is not null")
    assert with_tone == 31


def test_seed_quotations_with_their_speakers(seeds_run):
    _, _, db = seeds_run
    seed = "seed/000_2de263066a6832f9.txt"
    quotes = rows(db, f"""select speaker, speaker_key, cue, text from quotes where article_id =
                         (select article_id from articles where source_path = '{seed}') order by quote_idx""")
    by_text = {" ".join(text.split()[:5]): (speaker, key, cue)
               for speaker, key, cue, text in quotes}
    assert by_text["There is a need for"][1:] == ("Imran Khan", "said")
    assert by_text["The two foreign ministers reviewed"][:2] == ("an official statement", None)
    speakers = dict(rows(db, "select speaker_key, quotes from quotes_by_speaker"))
    assert speakers["Imran Khan"] == 1


def test_offsets_slice_back_to_the_text(seeds_run):
    _, _, db = seeds_run
    bad_sentences = rows(db, """
        select s.article_id, s.sentence_idx from sentences s join articles a using (article_id)
        where substr(a.text, s.start_char + 1, s.end_char - s.start_char) <> s.text""")
    bad_entities = rows(db, """
        select e.article_id, e.start_char from entities e join articles a using (article_id)
        join sentences s on s.article_id = e.article_id and s.sentence_idx = e.sentence_idx
        where substr(a.text, e.start_char + 1, e.end_char - e.start_char) <> e.text
           or e.start_char < s.start_char or e.end_char > s.end_char""")
    assert bad_sentences == [] and bad_entities == []
    assert rows(db, "select count(*) from sentences")[0][0] > 31 * 5


def test_every_view_answers(seeds_run):
    _, _, db = seeds_run
    for view, min_rows in [("top_entities", 50), ("entity_daily", 50), ("entity_cooccurrence", 50),
                           ("topic_daily", 1), ("article_overview", 31), ("data_quality", 8),
                           ("rejects_by_reason", 0), ("keyphrases", 31), ("topics", 2), ("article_topics", 20),
                           ("runs", 1)]:
        assert rows(db, f"select count(*) from {view}")[0][0] >= min_rows, view
    [(n_articles, with_topic)] = rows(db, "select count(*), count(topic_label) from article_overview")
    # the reference model (BBC + ECB+) abstains where an article uses none of a topic's label terms:
    # the seed (Pakistan-Iran talks) gets no topic, 28 of the 30 BBC samples keep theirs
    assert n_articles == 31 and with_topic == 28
    assert rows(db, "select topic_label from article_overview where source = 'seed'") == [(None,)]


def test_rerun_adds_no_row(seeds_run):
    _, lake, db = seeds_run
    before = dict(rows(db, "select table_name, rows from data_quality"))
    result = newsflow("run", str(SEEDS), "--lake", str(lake), "--db", str(db))
    assert "0 landed" in result.stdout
    after = dict(rows(db, "select table_name, rows from data_quality"))
    assert after == {**before, "runs": before["runs"] + 1}
    assert rows(db, "select status, articles_landed, duplicates + unchanged from runs order by started_at") == [
        ("completed", 31, 0), ("completed", 0, 31)]


def test_query_command_prints_a_table(seeds_run):
    _, _, db = seeds_run
    result = newsflow("query", "select entity_key, mentions from top_entities limit 3", "--db", str(db))
    assert "entity_key" in result.stdout and "mentions" in result.stdout
    assert len([line for line in result.stdout.splitlines() if "│" in line]) == 3  # three data rows


def test_duckdb_cli_from_pypi_opens_the_database(seeds_run):
    _, _, db = seeds_run
    result = subprocess.run([DUCKDB_CLI, "-readonly", "-csv", str(db), "select view_name from duckdb_views() "
                             "where not internal order by 1"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    views = set(result.stdout.split())
    assert {"articles", "entities", "top_entities", "entity_daily", "entity_cooccurrence", "topic_daily",
            "article_overview", "data_quality"} <= views


@pytest.mark.parametrize("args, message", [
    (["run", "/no/such/folder"], "does not exist"),
    (["run", "--ingest-date", "yesterday"], "not a date"),
    (["run", "--workers", "0"], "--workers"),
    (["run", "--no-such-flag"], "No such option"),
    (["query", "select * from no_such_view", "--db", "{db}"], "no_such_view"),
])
def test_bad_arguments_get_one_line_and_exit_2(seeds_run, args, message):
    _, _, db = seeds_run
    result = Run(*[a.replace("{db}", str(db)) for a in args]).wait()
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stdout + result.stderr


def test_bbc_corpus_lands_every_article(tmp_path):
    lake, db = tmp_path / "lake", tmp_path / "db.duckdb"
    newsflow("run", str(BBC), "--lake", str(lake), "--db", str(db))
    files = sum(1 for p in BBC.rglob("*") if p.is_file())
    [(landed, duplicates, rejected, seen)] = rows(db, "select articles_landed, duplicates, rejected, files_seen from runs")
    assert seen == files == 1677
    assert rejected == 1  # the LICENSE file
    assert rows(db, "select count(*) from articles")[0][0] == landed == files - duplicates - rejected
    assert duplicates == 24  # byte-identical stories filed twice in the corpus
    # the first run over a thousand articles fits topics on them: ten readable labels
    labels = [r[0] for r in rows(db, "select topic_label from topics")]
    assert len(labels) == 10 and all(label and not any(ch.isdigit() for ch in label) for label in labels)
    [(builder,)] = rows(db, "select distinct run_id from data_tests")
    report = db.parent / "report.html"
    written = report.stat().st_mtime_ns
    newsflow("run", str(BBC), "--lake", str(lake), "--db", str(db))
    assert rows(db, "select count(*) from articles")[0][0] == landed
    # nothing landed: the database and report are kept (not rebuilt, not re-tested), and its runs view
    # shows the rerun's row
    assert rows(db, "select articles_landed, status from runs order by started_at") == [
        (landed, "completed"), (0, "completed")]
    assert rows(db, "select distinct run_id from data_tests") == [(builder,)]
    assert report.stat().st_mtime_ns == written
    assert_audit_passes(lake, db)


def test_invariant_checks_pass(seeds_run):
    from newsflow.tasks.storage.warehouse import run_checks

    _, _, db = seeds_run
    from newsflow.tasks.storage.warehouse import checks

    found = run_checks(db)
    assert found == {c.name: 0 for c in checks()}
    assert {"entities_slice_text", "keys_not_null", "manifest_articles_landed", "orphan_rows", "rows_unique",
            "runs_reconcile", "sentences_slice_text", "quotes_slice_text", "stories_complete"} == set(found)
