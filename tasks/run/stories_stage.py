"""The stories stage: each landed batch's near-duplicates, boilerplate sentences and stories,
against the state the earlier batches left (signatures, sentence history, story centroids).

The state is one blob in the lake that lists the batches it includes, saved once per run, after
its last batch is committed (so a run writes it once, not once a batch). A run killed before the
save leaves batches that are in the lake but not in the state: the next run replays them from
their own files first, in order (the outputs are deterministic, so the replay recomputes exactly
the rows the lake holds, and keeps only the state).
"""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

import pandas as pd
import pyarrow as pa

from newsflow.tasks.ingest.records import Article, articles_frame
from newsflow.tasks.storage import schemas
from newsflow.tasks.storage.lake import Lake

STATE_BLOB = "_state/stories.zip"
HISTORY_DAYS = 7   # sentence history kept: the boilerplate window


@dataclass
class StoriesState:
    story: object                      # tasks.stories.StoryState
    signatures: pd.DataFrame           # one row per article ever seen (upserted)
    history: pd.DataFrame              # sentences seen per source and day, within the window
    batches: list[str] = field(default_factory=list)   # the batches this state includes, in order


def empty_state() -> StoriesState:
    from newsflow.tasks.stories import StoryState
    from newsflow.tasks.stories import schema as s

    return StoriesState(StoryState.empty(), s.SIGNATURES.empty_table().to_pandas(),
                        s.SENTENCE_HISTORY.empty_table().to_pandas())


def load_state(lake: Lake) -> StoriesState:
    """The saved state, with any committed batch it lacks replayed from the lake."""
    data = lake.get_blob(STATE_BLOB)
    state = empty_state() if data is None else _decode(data)
    missing = [b for b in committed_batches(lake) if b not in set(state.batches)]
    for batch_id in missing:
        articles, sentences, entities = _batch_rows(lake, batch_id)
        _, state = stories_batch(state, batch_id, articles, sentences, entities)
    if missing:
        save_state(lake, state)
    return state


def committed_batches(lake: Lake) -> list[str]:
    """Batches with stories in the lake, in the order they were written."""
    files = sorted(lake.committed_files("article_stories"), key=lambda f: (f.ingest_date, f.batch_id))
    return [f.batch_id for f in files]


def save_state(lake: Lake, state: StoriesState) -> None:
    lake.put_blob(STATE_BLOB, _encode(prune(state)))


def prune(state: StoriesState) -> StoriesState:
    """The state without what no later article can meet: stories idle for longer than the story
    window before the latest day seen (they take no new article: clustering._active) and the
    signatures of articles older than that (near-duplicates are found within the window). So the
    state, read and written each run, holds the window's articles, not the lake's."""
    from newsflow.tasks.stories import StoryState
    from newsflow.tasks.stories.state import prune_state
    from newsflow.tasks.stories.vectors import StoryParams

    last = pd.to_datetime(state.story.stories["last_day"].astype(object), errors="coerce")
    if last.isna().all():
        return state
    latest = last.max()
    window = pd.Timedelta(days=StoryParams().window_days)
    story = prune_state(state.story, latest, StoryParams().window_days)
    live = ~(last < latest - window).to_numpy()
    story = StoryState(stories=story.stories[live].reset_index(drop=True), centroids=story.centroids,
                       sources=story.sources, terms=story.terms)
    published = pd.to_datetime(state.signatures["published_at"], utc=True).dt.tz_localize(None)
    keep = (published.isna() | (published >= latest - window)).to_numpy()
    return StoriesState(story, state.signatures[keep].reset_index(drop=True), state.history, state.batches)


def stories_batch(state: StoriesState, batch_id: str, articles: pd.DataFrame, sentences: pd.DataFrame,
                  entities: pd.DataFrame) -> tuple[dict[str, pa.Table], StoriesState]:
    """(tables of the batch, the state that includes it). articles: article_id, published_at,
    source, title, text; sentences: article_id, sentence_idx, text; entities: article_id, label,
    entity_key. The given state is not modified."""
    from newsflow.tasks.stories import assign_stories, find_near_duplicates, flag_boilerplate

    near, signature_rows = find_near_duplicates(articles[["article_id", "published_at", "text"]], state.signatures)
    flags, history_rows = flag_boilerplate(sentences, articles[["article_id", "source", "published_at"]],
                                           state.history)
    named = _outside(entities, flags[flags["is_boilerplate"]])
    article_stories, story = assign_stories(articles, named[["article_id", "label", "entity_key"]], state.story)
    now = datetime.now(timezone.utc)
    tables = {
        "near_duplicates": schemas.from_frame("near_duplicates", near.assign(recorded_at=now)),
        "boilerplate_sentences": schemas.from_frame("boilerplate_sentences", flags[flags["is_boilerplate"]]),
        "story_versions": _versions(state.story, story, set(article_stories["story_id"]), now),
        "article_stories": schemas.from_frame("article_stories", article_stories),
    }
    signatures = pd.concat([state.signatures[~state.signatures["article_id"].isin(signature_rows["article_id"])],
                            signature_rows], ignore_index=True)
    history = pd.concat([state.history, history_rows], ignore_index=True)
    if len(history):
        latest = pd.to_datetime(history["day"]).max()
        history = history[pd.to_datetime(history["day"]) > latest - pd.Timedelta(days=HISTORY_DAYS)]
    return tables, StoriesState(story, signatures, history.reset_index(drop=True), [*state.batches, batch_id])


def _versions(before, after, touched: set[str], now: datetime) -> pa.Table:
    """The batch's `story_versions` rows: each story it added articles to, as it is now, and each story
    it merged into another (`merged_into`), as it was before."""
    rows = _story_rows(after, touched).to_pandas().assign(merged_into=None)
    if after.merged:
        gone = _story_rows(before, set(after.merged)).to_pandas()
        rows = pd.concat([rows, gone.assign(merged_into=gone["story_id"].map(after.merged))], ignore_index=True)
    return schemas.from_frame("story_versions", rows.assign(version_at=now))


def _story_rows(story, story_ids: set[str]) -> pa.Table:
    """The `stories` rows of the given stories only: the state holds every story, a batch touches few."""
    from newsflow.tasks.stories import StoryState, stories_table

    def only(frame: pd.DataFrame) -> pd.DataFrame:
        return frame[frame["story_id"].isin(story_ids)]

    return stories_table(StoryState(stories=only(story.stories), centroids=only(story.centroids),
                                    sources=only(story.sources), df={}))


def _outside(entities: pd.DataFrame, boilerplate: pd.DataFrame) -> pd.DataFrame:
    """The entity mentions that are not in a boilerplate sentence (they do not describe the event)."""
    if not len(entities) or not len(boilerplate):
        return entities
    flagged = set(zip(boilerplate["article_id"], boilerplate["sentence_idx"]))
    keep = [(a, int(i)) not in flagged for a, i in zip(entities["article_id"], entities["sentence_idx"])]
    return entities[keep]


def batch_frames(articles: list[Article], enriched: dict[str, pa.Table], ingest_date: date) -> tuple[pd.DataFrame, ...]:
    """The stories stage's inputs from a batch on its way to the lake (landing on `ingest_date`)."""
    frame = _dated(articles_frame(articles)[["article_id", "published_at", "source", "title", "text"]], ingest_date)
    sentences = enriched["sentences"].select(["article_id", "sentence_idx", "text"]).to_pandas()
    entities = enriched["entities"].select(["article_id", "sentence_idx", "label", "entity_key"]).to_pandas()
    return frame, sentences, entities


def _dated(articles: pd.DataFrame, ingest_date: date) -> pd.DataFrame:
    """An undated article takes its ingest day as its day (as the views' int_article_days does): its
    story gets a last day, so it closes when idle, and its signature leaves the state with the window."""
    day = pd.Timestamp(ingest_date, tz="UTC")
    return articles.assign(published_at=pd.to_datetime(articles["published_at"], utc=True).fillna(day))


def _batch_rows(lake: Lake, batch_id: str) -> tuple[pd.DataFrame, ...]:
    """A committed batch's articles, sentences and entities, read from its own files."""
    def files(table: str) -> list:
        return [f for f in lake.committed_files(table) if f.batch_id == batch_id]

    def read(table: str, columns: list[str]) -> pd.DataFrame:
        parts = [lake.read_file(f).select(columns) for f in files(table)]
        return (pa.concat_tables(parts) if parts else schemas.TABLES[table].empty_table().select(columns)).to_pandas()

    articles = read("articles", ["article_id", "published_at", "source", "title", "text"])
    if len(articles):
        articles = _dated(articles, date.fromisoformat(files("articles")[0].ingest_date))
    return (articles, read("sentences", ["article_id", "sentence_idx", "text"]),
            read("entities", ["article_id", "sentence_idx", "label", "entity_key"]))


def _encode(state: StoriesState) -> bytes:
    from newsflow.tasks.stories import schema as s

    tables = {**state.story.to_tables(),
              "signatures": pa.Table.from_pandas(state.signatures[s.SIGNATURES.names], schema=s.SIGNATURES,
                                                 preserve_index=False),
              "history": pa.Table.from_pandas(state.history[s.SENTENCE_HISTORY.names], schema=s.SENTENCE_HISTORY,
                                              preserve_index=False),
              "batches": pa.table({"batch_id": pa.array(state.batches, pa.string())})}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, table in tables.items():
            sink = io.BytesIO()
            with pa.ipc.new_file(sink, table.schema) as writer:
                writer.write_table(table)
            archive.writestr(f"{name}.arrow", sink.getvalue())
    return buffer.getvalue()


def _decode(data: bytes) -> StoriesState:
    from newsflow.tasks.stories import StoryState

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        tables = {name.removesuffix(".arrow"): pa.ipc.open_file(io.BytesIO(archive.read(name))).read_all()
                  for name in archive.namelist()}
    return StoriesState(StoryState.from_tables(tables), tables.pop("signatures").to_pandas(),
                        tables.pop("history").to_pandas(), tables.pop("batches").column(0).to_pylist())
