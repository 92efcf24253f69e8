"""What a run reports about itself: the rows of its table artifact and the markdown of its summary.

Plain functions over RunStats and the database; `stages.report` publishes them as Prefect artifacts
(the flow run's Artifacts tab). A failed run's summary says which stage failed, and on which file
when that is known.
"""
from __future__ import annotations

from pathlib import Path

from newsflow.tasks.storage import schemas
from newsflow.tasks.errors import LakeBusy
from newsflow.tasks.run.records import RunStats

TOP_N = 10
# Stages in the order a run passes them (the keys of RunStats.timings), with what each figure measures:
# the time of the run's own process in that stage, summed over batches (the task runs of that name).
STAGES = {
    "discover": "list the input folder against the manifest",
    "ingest": "read, decode, parse and clean the files",
    "nlp": "wait for the spaCy workers (their work overlaps reading and landing, so only the wait shows)",
    "state": "load the entity and stories state, save the stories state",
    "enrich": "labels, keys, places, quotes and tone",
    "stories": "near-duplicates, boilerplate and stories",
    "land": "write the batch's Parquet files",
    "topics": "assign (or fit) topics",
    "views": "build the database and run the data tests",
    "report": "write the HTML report",
}

_RUN_ENTITIES = """
    select e.entity_key, mode(e.label) as label, count(*) as mentions, count(distinct e.article_id) as articles
    from int_named_entities as e inner join articles as a using (article_id)
    where a.run_id = $run_id
    group by e.entity_key order by mentions desc, articles desc, e.entity_key limit $n"""
_RUN_TOPICS = """
    select t.topic_label, count(*) as articles
    from int_current_article_topics as ranked
    inner join int_current_topics as t using (topic_id)
    inner join articles as a using (article_id)
    where ranked.rank = 1 and a.run_id = $run_id
    group by t.topic_label order by articles desc, t.topic_label limit $n"""


def counts_table(stats: RunStats) -> list[dict]:
    """One row per lake table (rows this run landed) and per reject reason (inputs rejected)."""
    rows = [{"measure": "rows landed", "name": table, "count": stats.rows.get(table, 0)}
            for table in schemas.TABLES]
    rows += [{"measure": "inputs rejected", "name": reason, "count": n}
             for reason, n in sorted(stats.reject_reasons.items(), key=lambda kv: (-kv[1], kv[0]))]
    return rows


def failure_point(exc: BaseException) -> tuple[str, str | None]:
    """(stage, file or batch) a run failed in: stages tag their exceptions (see stages._stage);
    an OSError names the very file."""
    stage, where = getattr(exc, "newsflow_stage", None) or (("lock", None) if isinstance(exc, LakeBusy)
                                                            else ("flow", None))
    filename = getattr(exc, "filename", None)
    return stage, str(filename) if filename else where


def summary_markdown(stats: RunStats | None, lake: str | Path, db: str | Path, status: str,
                     failure: BaseException | None = None, storage_options: dict | None = None) -> str:
    """The run at a glance: outcome, stage timings, top entities and topics, where the data is."""
    parts = [f"# newsflow run {status}", ""]
    if failure is not None:
        stage, where = failure_point(failure)
        on = f" on `{where}`" if where else ""
        parts += [f"**Failed in stage `{stage}`{on}**: `{type(failure).__name__}: {_one_line(failure)}`", ""]
    if stats is not None:
        parts += [f"Run `{stats.run_id}`, ingest date {stats.ingest_date}: {stats.items_seen} inputs seen = "
                  f"{stats.articles_landed} landed + {stats.duplicates} duplicates + {stats.unchanged} unchanged"
                  f" + {stats.rejected} rejected."]
        if stats.removed:
            parts += [f"{stats.removed} input files were removed since the last run."]
        if stats.dates_dropped:
            parts += [f"{stats.dates_dropped} articles landed undated: their date was before 1900 or more than "
                      "a year ahead (a typo or a wrong unit)."]
        parts += [""]
        if failure is None and stats.articles_landed and Path(db).exists():
            parts += _since_last_run(stats, Path(db), storage_options)
        parts += _timings(stats)
        parts += _data_tests(stats)
        parts += _merged_keys(stats)
    if failure is None and stats is not None and not stats.articles_landed:
        parts += ["This run landed no new article: the database and the report show the lake as the runs "
                  "before it left it.", ""]
    elif failure is None and stats is not None and Path(db).exists():
        parts += _top_entities_and_topics(stats, Path(db), storage_options)
    if stats is not None and stats.report is not None:
        parts += _report(stats.report)
    parts += ["## Where the data is", "",
              f"- Lake: `{lake}`",
              f"- Database: `{db}`",
              *([f"- Report: `{stats.report}` (one offline page: open it in a browser)"]
                if stats is not None and stats.report is not None else []),
              f"- Query: `newsflow query \"select * from top_entities limit 10\" --db {db}`", ""]
    return "\n".join(parts)


def _merged_keys(stats: RunStats) -> list[str]:
    """Existing keys this run re-pointed (the alias table's `previous_key`): never a silent change."""
    if not stats.merged_keys:
        return []
    lines = [f"## Keys merged by this run ({len(stats.merged_keys)})", "",
             "Mentions of these aliases now count under a new key (`entity_aliases.previous_key`):", "",
             "| alias | was | now |", "|---|---|---|"]
    lines += [f"| {a} | {old} | {new} |" for a, old, new in stats.merged_keys[:TOP_N]]
    if len(stats.merged_keys) > TOP_N:
        lines += ["", f"… and {len(stats.merged_keys) - TOP_N} more: `select * from entity_aliases where "
                      f"changed_at_run = '{stats.run_id}'`"]
    return lines + [""]


def _report(report: Path) -> list[str]:
    """The report's key chart, inline (a base64 PNG: how Prefect shows images in an artifact)."""
    import base64

    png = Path(report).with_name("key_chart.png")
    if not png.is_file():
        return []
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    return ["## Top entities", "", f"![Top entities of the database](data:image/png;base64,{data})", ""]


def _data_tests(stats: RunStats) -> list[str]:
    if not stats.data_tests:
        return []
    passed = sum(1 for n in stats.data_tests.values() if n == 0)
    lines = [f"## Data tests: {passed} of {len(stats.data_tests)} pass", "", "| check | rows failing |", "|---|---:|"]
    lines += [f"| {name} | {n} |" for name, n in stats.data_tests.items()]
    return lines + [""]


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 500 else text[:497] + "..."


def _timings(stats: RunStats) -> list[str]:
    """The stages in the order a run passes them, what each measures, and the rest of the run's time."""
    stages = [s for s in STAGES if s in stats.timings] + sorted(set(stats.timings) - set(STAGES))
    lines = ["## Stage timings", "", "| stage | what it measures | seconds |", "|---|---|---:|"]
    lines += [f"| {stage} | {STAGES.get(stage, '')} | {stats.timings[stage]:.1f} |" for stage in stages]
    staged = sum(stats.timings.values())
    if stats.finished_at is None:
        return lines + [f"| **stages** | | **{staged:.1f}** |", ""]
    run = (stats.finished_at - stats.started_at).total_seconds()
    lines += [f"| other | Prefect's task scheduling and the run's own start and finish, between the stages | "
              f"{max(0.0, run - staged):.1f} |",
              f"| **run** | from its start to its final `runs` row (Prefect's and the workers' start-up come before) | "
              f"**{run:.1f}** |", ""]
    return lines


def _top_entities_and_topics(stats: RunStats, db: Path, storage_options: dict | None = None) -> list[str]:
    from newsflow.tasks.storage.warehouse import connect, read_recent

    params = {"run_id": stats.run_id, "n": TOP_N}
    with connect(db, storage_options) as con:
        read_recent(con, stats.ingest_date)   # this run's rows are in the window unless backfilled
        entities = con.execute(_RUN_ENTITIES, params).fetchall()
        topics = con.execute(_RUN_TOPICS, params).fetchall()
        scope = "in the articles this run landed"
    lines = [f"## Top entities {scope}", ""]
    lines += _table(["entity", "label", "mentions", "articles"], "|---|---|---:|---:|",
                    [(_cell(key), label, mentions, articles) for key, label, mentions, articles in entities],
                    "No named entities: the articles hold no names spaCy found, or are in languages without a pipeline.")
    lines += [f"## Topics {scope}", ""]
    lines += _table(["topic", "articles (dominant topic)"], "|---|---:|", [(_cell(label), n) for label, n in topics],
                    "No article has a topic: the model abstains when an article uses none of its topics' words.")
    return lines + _trends(stats, db, storage_options)


def _table(header: list[str], align: str, rows: list[tuple], empty: str) -> list[str]:
    """A markdown table, or the sentence that says why there is none (a header-only table renders
    as nothing in Prefect's UI)."""
    if not rows:
        return [empty, ""]
    return ["| " + " | ".join(header) + " |", align, *("| " + " | ".join(map(str, r)) + " |" for r in rows), ""]


# The stories this run's articles joined: new (founded by this run) or growing (older stories).
_RUN_STORIES = """
    select s.label, count(*) as run_articles, count(distinct a.source) as run_sources, s.articles, s.sources,
           bool_and(v.first_seen_here) as is_new
    from int_article_stories as x
    join articles as a using (article_id)
    join stories as s using (story_id)
    join (select story_id, min(batch_id) filter (where batch_id like $run_id || '%') is not null
                 and count(*) filter (where batch_id not like $run_id || '%') = 0 as first_seen_here
          from story_versions group by story_id) as v using (story_id)
    where a.run_id = $run_id
    group by s.story_id, s.label, s.articles, s.sources
    order by run_articles desc, run_sources desc, s.label
    limit $n"""
_TRENDING = """
    select entity_key, label, mentions, stories, score from trending_entities
    where day = (select max(day) from trending_entities) and score is not null
    order by score desc, mentions desc, entity_key limit $n"""


_RUN_ENTITY_CHANGES = """
    select entity_key, label, mentions, articles, lift from entity_changes
    where run_id = $run_id and status = $status and mentions >= $least
    order by (case when $status = 'rising' then lift end) desc nulls last, mentions desc, entity_key limit $n"""


def _since_last_run(stats: RunStats, db: Path, storage_options: dict | None = None) -> list[str]:
    """What this run changed: the stories its articles founded or joined (their whole lives), the
    entities it brought that are new to the corpus and those whose share of mentions rose most."""
    from newsflow.tasks.storage.warehouse import connect, read_recent

    with connect(db, storage_options) as con:
        stories = con.execute(_RUN_STORIES, {"run_id": stats.run_id, "n": TOP_N}).fetchall()
        read_recent(con, stats.ingest_date)   # this run's rows are in the window unless backfilled
        new, rising = (con.execute(_RUN_ENTITY_CHANGES, {"run_id": stats.run_id, "status": status, "least": least,
                                                         "n": TOP_N}).fetchall()
                       for status, least in (("new", 1), ("rising", 2)))
    lines = ["## Since the last run: the stories this run began or added to", ""]
    lines += _table(["story", "articles (this run)", "outlets (this run)", "articles", "outlets", "status"],
                    "|---|---:|---:|---:|---:|---|",
                    [(_cell(label), n, _outlets(src), total, _outlets(total_src), "new" if new else "growing")
                     for label, n, src, total, total_src, new in stories],
                    "No story: this run landed no article with enough text to join one.")
    lines += ["## Since the last run: entities new to the corpus", ""]
    lines += _table(["entity", "label", "mentions", "articles"], "|---|---|---:|---:|",
                    [(_cell(key), label, m, a) for key, label, m, a, _ in new],
                    "No entity is new to the corpus: every name this run mentions was mentioned before.")
    lines += ["## Since the last run: entities whose share of mentions rose most", ""]
    lines += _table(["entity", "label", "mentions", "articles", "share / share before"], "|---|---|---:|---:|---:|",
                    [(_cell(key), label, m, a, f"{lift:.1f}") for key, label, m, a, lift in rising],
                    "No entity mentioned before rose: this is the lake's first run, or no name came back more often.")
    return lines


def _trends(stats: RunStats, db: Path, storage_options: dict | None = None) -> list[str]:
    from newsflow.tasks.storage.warehouse import connect, read_recent

    with connect(db, storage_options) as con:
        read_recent(con, stats.ingest_date)   # this run's rows are in the window unless backfilled
        trending = con.execute(_TRENDING, {"n": TOP_N}).fetchall()
    lines = ["## Trending entities (latest day, against their 28-day baseline)", ""]
    lines += _table(["entity", "label", "mentions", "stories", "score"], "|---|---|---:|---:|---:|",
                    [(_cell(key), label, m, st, f"{score:.1f}") for key, label, m, st, score in trending],
                    "No entity is trending yet: the baseline needs earlier days of news in the lake "
                    "(a score needs mentions on days before the latest).")
    return lines


def _outlets(n: int) -> str:
    """A count of outlets, or `unknown` when no article says its outlet (a folder of .txt files
    at the input's top: their `source` is null), never a 0 that reads as none."""
    return str(n) if n else "unknown"


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|")
