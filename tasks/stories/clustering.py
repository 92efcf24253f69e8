"""Incremental story clustering: average-link cosine over article vectors, with time decay.

A batch's articles are clustered in one average-link dendrogram together with the active stories
within their reach (agglomerate.py), cut at `threshold`: a cluster with a story joins it, one with
none founds a new story, and one with several is one event, whose stories merge into the oldest
(merging.py). Average link between two groups of unit vectors is the dot product of their sums over
the product of their sizes, so a story only needs its centroid sum and count in the state, and one
batch or many batches cut nearly the same dendrogram. Stories are never split: an article keeps the
story it joined (or the one that story merged into). Ids are a hash of the founding article
(earliest published, then smallest id), so a rerun gives the same ids.
"""
from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd
from scipy import sparse

from . import schema
from .agglomerate import agglomerate
from .merging import merged_state, older_first, resolve
from .state import StoryState
from .text import chronological_order, day_number, to_day
from .vectors import StoryParams, add_terms, batch_terms, document_terms, update_df, vectorise, word_terms

MAX_BATCH = 2000        # larger batches are processed in date-ordered chunks (memory is n^2)


def story_id_for(founder_id: str) -> str:
    """Deterministic story id from the founding article's id."""
    return "story-" + hashlib.blake2b(founder_id.encode("utf-8"), digest_size=8).hexdigest()


def decay(gap_days, params: StoryParams):
    """Time factor on similarity: 1 within the grace gap, then halving every half-life (NaN gap: 1)."""
    gap = np.nan_to_num(np.asarray(gap_days, dtype=float), nan=0.0)
    if params.half_life_days is None:
        return np.ones_like(gap)
    return 0.5 ** (np.maximum(0.0, gap - params.grace_days) / params.half_life_days)


def assign_stories(articles: pd.DataFrame, entities: pd.DataFrame | None, state: StoryState | None = None,
                   params: StoryParams = StoryParams()) -> tuple[pd.DataFrame, StoryState]:
    """Give every article of the batch a story: join an active one or found a new one.

    articles: article_id, published_at, source, title, text (title/source may be null);
    entities: the pipeline's rows (article_id, label, entity_key). Returns (article_stories
    rows: article_id, story_id, similarity) and the new state; the old state is not modified.
    """
    state = state or StoryState.empty()
    before = set(state.stories["story_id"])
    arts = articles.reset_index(drop=True)
    arts = arts.iloc[chronological_order(arts["article_id"], arts["published_at"])].reset_index(drop=True)
    out, merged = [], {}
    for start in range(0, len(arts), MAX_BATCH):
        chunk = arts.iloc[start:start + MAX_BATCH].reset_index(drop=True)
        ents = (entities[entities["article_id"].isin(chunk["article_id"])]
                if entities is not None and len(entities) else None)
        rows, state = _assign_chunk(chunk, ents, state, params)
        merged.update(state.merged)
        out.append(rows)
    rows = pd.concat(out, ignore_index=True) if out else pd.DataFrame(columns=schema.ARTICLE_STORIES.names)
    merged = resolve(merged)
    rows["story_id"] = rows["story_id"].replace(merged)
    # the lake records the merges of stories earlier batches wrote rows for
    state.merged = {young: old for young, old in merged.items() if young in before}
    return rows.astype({"similarity": "float64"}), state


def refit_stories(articles: pd.DataFrame, entities: pd.DataFrame | None,
                  params: StoryParams = StoryParams()) -> tuple[pd.DataFrame, StoryState]:
    """Full refit on request: all articles from an empty state (ids may change; old ones are replaced)."""
    return assign_stories(articles, entities, StoryState.empty(), params)


def _active(state: StoryState, first_day: float, params: StoryParams) -> pd.DataFrame:
    """Stories that may take new articles: seen within the window before the batch, or undated."""
    stories = state.stories
    last = day_number(stories["last_day"])
    keep = np.isnan(last) | np.isnan(first_day) | (last >= first_day - params.window_days)
    return stories[keep].reset_index(drop=True)


def _story_matrix(centroids: pd.DataFrame, story_ids: list[str], vocab: dict[str, int]) -> sparse.csr_matrix:
    """Centroid sums of the given stories as sparse rows over `vocab` (grown as needed)."""
    sub = centroids[centroids["story_id"].isin(story_ids)]
    rows = pd.Index(story_ids).get_indexer(sub["story_id"])
    cols = add_terms(vocab, sub["term"].to_numpy(object))
    return sparse.csr_matrix((sub["weight"].to_numpy(float), (rows, cols)),
                             shape=(len(story_ids), max(len(vocab), 1)))


def _resize(m: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    m = m.tocsr().copy()
    m.resize((m.shape[0], width))
    return m


def _interval_gap(a_lo, a_hi, b_lo, b_hi) -> np.ndarray:
    """Days between two day ranges (0 when they overlap, NaN when either is unknown)."""
    return np.maximum(0.0, np.maximum(b_lo - a_hi, a_lo - b_hi))


def _assign_chunk(arts: pd.DataFrame, entities, state: StoryState, params: StoryParams):
    terms = batch_terms(document_terms(arts, entities, params.title_weight))
    df, seen = state.frequencies(), state.last_seen()
    freq = update_df(df, terms)
    days = day_number(to_day(arts["published_at"]))
    if np.isfinite(days).any():
        seen.update(dict.fromkeys(terms.uniq, int(np.nanmax(days))))
    active = _active(state, np.nanmin(days) if np.isfinite(days).any() else np.nan, params)
    vocab: dict[str, int] = {}
    stories_m = _story_matrix(state.centroids, active["story_id"].tolist(), vocab)
    X = vectorise(terms, freq, df[""], vocab, params)
    width = len(vocab)
    X, stories_m = _resize(X, width), _resize(stories_m, width)
    near = _within_reach(X, stories_m, active)
    labels, target, merged = _cluster_with_stories(X, days, stories_m[near], active.iloc[near], params)
    target = [None if t is None else int(near[t]) for t in target]
    merged = {active["story_id"].iloc[near[a]]: active["story_id"].iloc[near[b]] for a, b in merged.items()}
    member = sparse.csr_matrix((np.ones(len(labels)), (labels, np.arange(len(labels)))),
                               shape=(labels.max() + 1, len(labels)))
    rows, new_state = _apply(arts, X, labels, target, member @ X, stories_m, active, state, (df, seen), vocab,
                             days, params)
    if merged:   # the articles already point at each cluster's oldest story, the one the others merge into
        new_state = merged_state(new_state, merged, params)
    new_state.merged = merged
    return rows, new_state


STORIES_IN_REACH = 10    # per article: the active stories most like it that enter its dendrogram
MAX_STORIES_IN_REACH = 1000   # in all: the dendrogram's matrices are (articles + stories)², float64


def _within_reach(X, stories_m, active: pd.DataFrame) -> np.ndarray:
    """Indices of the active stories some article of the batch shares terms with, at most
    STORIES_IN_REACH per article (the most similar, by average link) and MAX_STORIES_IN_REACH in all
    (those most like some article): the others cannot take it."""
    if stories_m.shape[0] == 0:
        return np.zeros(0, dtype=np.int64)
    avg = (X @ stories_m.T).toarray() / active["articles"].to_numpy(float)[None, :]
    k = min(STORIES_IN_REACH, avg.shape[1])
    top = np.argpartition(-avg, k - 1, axis=1)[:, :k]
    near = np.unique(top[np.take_along_axis(avg, top, axis=1) > 0])
    if len(near) > MAX_STORIES_IN_REACH:
        best = avg[:, near].max(axis=0)
        near = np.sort(near[np.argsort(-best, kind="stable")[:MAX_STORIES_IN_REACH]])
    return near


def _cluster_with_stories(X, days, stories_m, stories: pd.DataFrame, params: StoryParams):
    """(cluster label of each article, the story each cluster joins: an index into `stories` or None,
    {story index: the story index it merges into}) from one average-link dendrogram over the stories
    in reach and the batch's articles (agglomerate.py). A cluster holding several stories is one
    event: the oldest keeps its id and the others merge into it."""
    k, n = stories_m.shape[0], X.shape[0]
    nodes = sparse.vstack([stories_m, X]).tocsr()
    dots = (nodes @ nodes.T).toarray()
    lo = np.concatenate([day_number(stories["first_day"]), days])
    hi = np.concatenate([day_number(stories["last_day"]), days])
    dots *= decay(_interval_gap(lo[:, None], hi[:, None], lo[None, :], hi[None, :]), params)
    rep = agglomerate(dots, np.concatenate([stories["articles"].to_numpy(float), np.ones(n)]), params.threshold)
    rank = older_first(stories)
    clusters = pd.unique(rep[k:])
    labels = pd.Index(clusters).get_indexer(rep[k:])
    target, merged = [], {}
    for c in pd.unique(rep):
        own = sorted(np.flatnonzero(rep[:k] == c), key=rank.__getitem__)
        merged.update({int(young): int(own[0]) for young in own[1:]})
    for c in clusters:
        own = np.flatnonzero(rep[:k] == c)
        target.append(int(min(own, key=rank.__getitem__)) if len(own) else None)
    return labels, target, merged


def _apply(arts, X, labels, target, sums, stories_m, active, state, frequencies, vocab, days, params):
    """New article_stories rows and the new state after the batch's clusters joined or founded stories.
    frequencies: the document frequencies and each term's last day, with the batch."""
    df, seen = frequencies
    story_of_cluster, sum_of, founded = [], {}, {}
    for k, t in enumerate(target):
        if t is None:
            founder = arts["article_id"].iloc[int(np.flatnonzero(labels == k)[0])]
            sid = story_id_for(founder)
            founded[sid] = founder
            sum_of[sid] = sum_of.get(sid, 0) + sums[k]
        else:
            sid = active["story_id"].iloc[t]
            sum_of[sid] = sum_of.get(sid, stories_m[t]) + sums[k]
        story_of_cluster.append(sid)
    sids = np.array(story_of_cluster, dtype=object)[labels]
    rows = pd.DataFrame({"article_id": arts["article_id"], "story_id": sids,
                         "similarity": _member_similarity(X, sids, sum_of)})
    terms = np.empty(len(vocab), dtype=object)
    for term, i in vocab.items():
        terms[i] = term
    touched = _touched_rows(arts, rows, sum_of, founded, state, days, vocab, df, params)
    keep = ~state.stories["story_id"].isin(sum_of)
    stories = pd.concat([state.stories[keep], touched], ignore_index=True).sort_values("story_id")
    centroids = pd.concat([state.centroids[~state.centroids["story_id"].isin(sum_of)],
                           _centroid_rows(sum_of, terms, params)], ignore_index=True)
    new_sources = pd.DataFrame({"story_id": rows["story_id"], "source": arts["source"] if "source" in arts
                                else None}).dropna().value_counts().rename("articles").reset_index()
    sources = (pd.concat([state.sources, new_sources], ignore_index=True)
               .groupby(["story_id", "source"], as_index=False)["articles"].sum())
    new_state = StoryState(stories=stories.reset_index(drop=True),
                           centroids=centroids.reset_index(drop=True),
                           sources=sources.sort_values(["story_id", "source"]).reset_index(drop=True),
                           df=df, seen=seen)
    return rows, new_state


def _member_similarity(X, sids, sum_of) -> np.ndarray:
    """Cosine of each article with its story's (updated) centroid."""
    if not sum_of:
        return np.zeros(X.shape[0])
    order = list(sum_of)
    centroids = sparse.vstack([sparse.csr_matrix(sum_of[sid]) for sid in order]).tocsr()
    of_row = pd.Index(order).get_indexer(sids)
    dots = np.asarray(X.multiply(centroids[of_row]).sum(axis=1)).ravel()
    norms = sparse.linalg.norm(centroids, axis=1)[of_row]
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(norms > 0, dots / norms, 0.0)
    return np.clip(out, 0.0, 1.0)


def _centroid_rows(sum_of: dict, terms: np.ndarray, params: StoryParams) -> pd.DataFrame:
    """The top `centroid_terms` weights of each touched story's centroid sum."""
    sids, idx, weights = [], [], []
    for sid, vec in sum_of.items():
        vec = sparse.csr_matrix(vec)
        order = np.lexsort((vec.indices, -vec.data))[: params.centroid_terms]   # ties: vocabulary order
        sids.extend([sid] * len(order))
        idx.append(vec.indices[order])
        weights.append(vec.data[order])
    if not sids:
        return pd.DataFrame({c: [] for c in schema.STORY_CENTROIDS.names})
    return pd.DataFrame({"story_id": sids, "term": terms[np.concatenate(idx)], "weight": np.concatenate(weights)})


def _title_score(title, row: dict[int, float], row_norm: float, vocab: dict[str, int], df: dict[str, int]) -> float:
    """Cosine of a title's tf-idf with a centroid (`row`: column -> weight, and its norm): the title
    that best names the story wins."""
    if not isinstance(title, str) or not title.strip():
        return -1.0
    terms = word_terms(title, None)
    n_docs = df.get("", 0)
    dense = {vocab[t]: (1 + np.log(c)) * (np.log((1 + n_docs) / (1 + df.get(t, 0))) + 1)
             for t, c in terms.items() if t in vocab}
    norm = np.sqrt(sum((1 + np.log(c)) ** 2 for c in terms.values())) * row_norm
    if not dense or norm == 0:
        return 0.0
    return float(sum(w * row.get(i, 0.0) for i, w in dense.items()) / norm)


def _day(value: float):
    return None if np.isnan(value) else (pd.Timestamp("1970-01-01") + pd.Timedelta(days=value)).date()


def _touched_rows(arts, rows, sum_of, founded, state, days, vocab, df, params) -> pd.DataFrame:
    """Story-state rows of the stories this batch founded or joined."""
    old = state.stories.set_index("story_id")
    titles = arts["title"] if "title" in arts else pd.Series([None] * len(arts))
    out, members = [], {}
    for i, sid in enumerate(rows["story_id"].tolist()):
        members.setdefault(sid, []).append(i)
    for sid, vec in sum_of.items():
        idx = np.asarray(members.get(sid, []), dtype=np.int64)
        prev = old.loc[sid] if sid in old.index else None
        span = list(days[idx]) + ([] if prev is None else
                                  list(day_number(pd.Series([prev["first_day"], prev["last_day"]]))))
        span = [d for d in span if not np.isnan(d)]
        candidates = [(arts["article_id"].iloc[i], titles.iloc[i]) for i in idx]
        if prev is not None:
            candidates.insert(0, (prev["central_id"], prev["central_title"]))
        vec = sparse.csr_matrix(vec)
        vec.sum_duplicates()
        # the centroid's own terms, not a dense row as wide as the vocabulary
        row, norm = dict(zip(vec.indices.tolist(), vec.data.tolist())), sparse.linalg.norm(vec)
        scored = [(_title_score(t, row, norm, vocab, df), n, aid, t) for n, (aid, t) in enumerate(candidates)]
        score, _, central_id, central_title = max(scored, key=lambda s: (s[0], -s[1]))
        out.append({"story_id": sid, "founder_id": founded.get(sid) if prev is None else prev["founder_id"],
                    "first_day": _day(min(span)) if span else None, "last_day": _day(max(span)) if span else None,
                    "articles": len(idx) + (0 if prev is None else int(prev["articles"])),
                    "central_id": central_id, "central_title": central_title if isinstance(central_title, str)
                    else None, "central_similarity": max(score, 0.0)})
    return pd.DataFrame(out, columns=schema.STORY_STATE.names)
