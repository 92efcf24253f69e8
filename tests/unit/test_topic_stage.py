"""The topic stage planned ahead, while the last batches are still in flight, writes exactly what
it writes when it runs after every batch has landed."""
from __future__ import annotations

from datetime import date

import pytest

from tasks import schemas
from tasks.lake import Lake
from tasks.pipeline import RunStats, plan_topics, topic_stage
from tasks.settings import Settings
from tests.conftest import BBC

DAY = date(2026, 11, 28)
TOPIC_TABLES = ("topics", "article_topics", "keyphrases")


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    """240 BBC articles (English) and 10 that are not."""
    paths = sorted(BBC.glob("*/*.txt"))[::6][:240]
    rows = [{"article_id": f"a{n:04d}", "source_path": p.name, "text": p.read_text(encoding="utf-8"),
             "n_words": 1, "language": "en"} for n, p in enumerate(paths)]
    rows += [{"article_id": f"x{n:04d}", "source_path": f"x{n}.txt", "text": "Ein kurzer deutscher Text.",
              "n_words": 4, "language": "de"} for n in range(10)]
    return rows


def _land(lake: Lake, rows: list[dict], batch: str) -> None:
    lake.write("articles", schemas.from_rows("articles", [{**r, "run_id": "r1", "batch_id": batch} for r in rows]),
               DAY, batch)
    lake.write("manifest", schemas.from_rows("manifest", [
        {"input_dir": "/in", "source_path": r["source_path"], "status": "processed", "items": 1,
         "article_ids": [r["article_id"]], "batch_id": batch} for r in rows]), DAY, batch)


def _topic_rows(lake: Lake) -> dict[str, list[dict]]:
    return {name: sorted(lake.read(name).drop_columns(["batch_id"]).to_pylist(), key=lambda r: sorted(r.items()))
            for name in TOPIC_TABLES}


def _stats() -> RunStats:
    from datetime import datetime, timezone

    return RunStats(run_id="r1", started_at=datetime.now(timezone.utc), ingest_date=DAY)


@pytest.mark.parametrize("landed_before_plan", [0, 150])
def test_a_plan_made_with_batches_in_flight_writes_what_the_stage_writes_after_landing(
        articles, tmp_path, landed_before_plan):
    settings = Settings(n_topics=5, batch_size=100)
    after = Lake(tmp_path / "after")
    _land(after, articles, "b1")
    stats = _stats()
    stats.articles_landed = len(articles)
    version = topic_stage(after, settings, stats)

    ahead = Lake(tmp_path / "ahead")
    _land(ahead, articles[:landed_before_plan], "b0")
    pending = {r["article_id"]: r["text"] for r in articles[landed_before_plan:] if r["language"] == "en"}
    plan = plan_topics(ahead, settings, pending)
    _land(ahead, articles[landed_before_plan:], "b1")    # the batches in flight land after the plan
    planned_stats = _stats()
    assert topic_stage(ahead, settings, planned_stats, plan) == version
    assert version.startswith("t1-")                      # 240 English articles: fitted on the lake
    assert _topic_rows(ahead) == _topic_rows(after)
    assert planned_stats.rows == stats.rows
    assert planned_stats.rows["article_topics"] >= 240 and planned_stats.rows["keyphrases"] > 240
    english = {r["article_id"] for r in articles if r["language"] == "en"}
    assert set(ahead.read("article_topics", ["article_id"]).column(0).to_pylist()) == english


def test_a_plan_with_the_reference_model_annotates_only_what_is_in_flight(articles, tmp_path):
    settings = Settings(n_topics=5, topic_min_articles=10_000)
    lake = Lake(tmp_path / "lake")
    _land(lake, articles[:100], "b0")
    pending = {r["article_id"]: r["text"] for r in articles[100:140]}
    plan = plan_topics(lake, settings, pending)
    assert plan.model.version.startswith("ref-") and plan.store
    assert plan.covered == set(pending)
    _land(lake, articles[100:140], "b1")
    topic_stage(lake, settings, _stats(), plan)
    # the 100 landed before are annotated as they are written, the 40 in flight from the plan
    assert set(lake.read("article_topics", ["article_id"]).column(0).to_pylist()) == \
        {r["article_id"] for r in articles[:140]}
