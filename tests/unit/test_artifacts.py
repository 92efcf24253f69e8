"""What a run reports: the counts table, the failure point and the markdown summary."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from newsflow.tasks.run import artifacts
from newsflow.tasks.storage import schemas
from newsflow.tasks.errors import ConfigError, LakeBusy
from newsflow.tasks.run.records import RunStats


def _stats(**fields) -> RunStats:
    return RunStats(run_id="r1", started_at=datetime(2026, 11, 28, 2, tzinfo=timezone.utc),
                    ingest_date=date(2026, 11, 28), **fields)


def test_counts_table_has_every_lake_table_then_rejects_by_count():
    stats = _stats(rows={"articles": 3, "sentences": 40}, reject_reasons={"empty": 1, "too_large": 2, "binary": 2})
    rows = artifacts.counts_table(stats)
    landed = [r for r in rows if r["measure"] == "rows landed"]
    assert [r["name"] for r in landed] == list(schemas.TABLES)
    assert {r["name"]: r["count"] for r in landed} == {**dict.fromkeys(schemas.TABLES, 0), "articles": 3,
                                                       "sentences": 40}
    assert [(r["name"], r["count"]) for r in rows if r["measure"] == "inputs rejected"] == [
        ("binary", 2), ("too_large", 2), ("empty", 1)]


def test_failure_point_prefers_the_file_an_os_error_names():
    tagged = ValueError("bad batch")
    tagged.newsflow_stage = ("nlp", "batch r1-00000")
    assert artifacts.failure_point(tagged) == ("nlp", "batch r1-00000")
    disk = OSError(28, "No space left on device", "/lake/entities/part-r1-00000.parquet")
    disk.newsflow_stage = ("land", "batch r1-00000")
    assert artifacts.failure_point(disk) == ("land", "/lake/entities/part-r1-00000.parquet")
    assert artifacts.failure_point(LakeBusy("another newsflow run is writing to /lake")) == ("lock", None)
    assert artifacts.failure_point(RuntimeError("boom")) == ("flow", None)


def test_failure_summary_names_stage_input_and_error_and_skips_the_database(tmp_path):
    error = ConfigError("input directory /in does not exist or is not a folder")
    error.newsflow_stage = ("discover", "/in")
    stats = _stats(timings={"discover": 0.01})
    text = artifacts.summary_markdown(stats, tmp_path / "lake", tmp_path / "no.duckdb", "failed", error)
    assert text.splitlines()[:3] == [
        "# newsflow run failed", "",
        "**Failed in stage `discover` on `/in`**: `ConfigError: input directory /in does not exist or is not a folder`"]
    assert "Run `r1`, ingest date 2026-11-28: 0 inputs seen = 0 landed + 0 duplicates + 0 unchanged + 0 rejected." in text
    assert "| discover | list the input folder against the manifest | 0.0 |" in text and "Top entities" not in text
    assert f"- Lake: `{tmp_path / 'lake'}`" in text and f"- Database: `{tmp_path / 'no.duckdb'}`" in text


def test_a_run_that_never_started_still_reports_why():
    text = artifacts.summary_markdown(None, "/lake", "/db.duckdb", "failed",
                                      LakeBusy("another newsflow run is writing to /lake; try again when it finishes"))
    assert text.startswith("# newsflow run failed\n")
    assert "**Failed in stage `lock`**: `LakeBusy: another newsflow run is writing to /lake" in text
    assert "Stage timings" not in text


def test_stage_timings_in_run_order_say_what_they_measure_and_account_for_the_run():
    stats = _stats(timings={"views": 0.25, "discover": 0.5, "enrich": 0.75, "nlp": 2.0, "ingest": 1.0, "state": 1.5},
                   finished_at=datetime(2026, 11, 28, 2, 0, 9, tzinfo=timezone.utc))
    text = artifacts.summary_markdown(stats, "/lake", "/missing.duckdb", "completed")
    table = [line.split(" | ") for line in text.splitlines() if line.startswith("| ") and "seconds" not in line]
    assert [(row[0], row[-1]) for row in table] == [
        ("| discover", "0.5 |"), ("| ingest", "1.0 |"), ("| nlp", "2.0 |"), ("| state", "1.5 |"),
        ("| enrich", "0.8 |"), ("| views", "0.2 |"), ("| other", "3.0 |"), ("| **run**", "**9.0** |")]
    assert all(row[1] for row in table)       # every figure says what it measures


@pytest.mark.parametrize("stage, where", [("ingest", "batch b1: 2 files, a.txt ... b.txt"), ("land", None)])
def test_stages_tag_the_innermost_stage_and_still_time_it(stage, where):
    from newsflow.tasks.run.stages import _stage, _timed

    stats = _stats()
    with pytest.raises(KeyError) as raised:
        with _stage("outer"), _timed(stats, stage, where):
            raise KeyError("x")
    assert raised.value.newsflow_stage == (stage, where)
    assert stage in stats.timings


def test_the_summary_embeds_the_report_key_chart_and_names_the_report(tmp_path):
    from datetime import date, datetime, timezone

    report = tmp_path / "report.html"
    report.write_text("<html></html>")
    (tmp_path / "key_chart.png").write_bytes(b"\x89PNG\r\n\x1a\nfake")
    stats = RunStats(run_id="r1", started_at=datetime.now(timezone.utc), ingest_date=date(2026, 12, 2))
    stats.report = report
    text = artifacts.summary_markdown(stats, tmp_path / "lake", tmp_path / "db.duckdb", "completed")
    assert "![Top entities of the database](data:image/png;base64,iVBORw0KGgpmYWtl)" in text
    assert f"- Report: `{report}`" in text


def test_empty_sections_say_why_and_every_column_has_a_header():
    assert artifacts._table(["a", "b"], "|---|---|", [], "Nothing yet: why.") == ["Nothing yet: why.", ""]
    assert artifacts._table(["a", "status"], "|---|---|", [("x", "new")], "unused") == [
        "| a | status |", "|---|---|", "| x | new |", ""]
    assert artifacts._outlets(0) == "unknown" and artifacts._outlets(3) == "3"
