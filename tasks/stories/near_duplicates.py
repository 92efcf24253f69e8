"""Near-duplicate articles: MinHash signatures over word shingles, banded LSH against a stored index.

Wire copy re-published with a new byline, a dropped paragraph, other quotes or a copyright
line keeps most of its word 5-grams, while two different stories share almost none, so the
Jaccard similarity of shingle sets separates them with a wide margin (0.5 by default).
Signatures (datasketch MinHash, 128 permutations) are persisted; a nightly batch computes
signatures for its new articles only and joins their LSH band keys with the stored ones
(vectorised numpy/pandas, no per-article Python work for stored rows).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import pyarrow as pa
from datasketch import MinHash, MinHashLSH

from . import schema
from .text import chronological_order, stable_hash64, to_utc, words

_MIX = np.array([0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
                 0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
                dtype=np.uint64)


@dataclass(frozen=True)
class DuplicateParams:
    """Shingle length in words, MinHash size and the Jaccard threshold for a near-duplicate."""

    shingle_words: int = 5
    num_perm: int = 128
    threshold: float = 0.5
    seed: int = 1


def _identity(value):
    return value


def shingle_hashes(text: str, k: int, cache: dict[str, int]) -> np.ndarray:
    """32-bit hashes of the text's word k-grams (one shingle for texts shorter than k words)."""
    ws = words(text)
    if not ws:
        return np.zeros(0, dtype=np.uint64)
    ids = np.fromiter((cache.get(w) or cache.setdefault(w, stable_hash64(w)) for w in ws),
                      dtype=np.int64, count=len(ws)).view(np.uint64)
    k = min(k, len(ids))
    n = len(ids) - k + 1
    acc = np.zeros(n, dtype=np.uint64)
    for j in range(k):
        acc += ids[j:j + n] * _MIX[j % len(_MIX)]
    return np.unique(acc >> np.uint64(32))


@lru_cache(maxsize=4)
def _permutations(num_perm: int, seed: int):
    """datasketch's permutation parameters for (num_perm, seed), drawn once, not once per article."""
    drawn = MinHash(num_perm=num_perm, seed=seed)
    return drawn.permutations, drawn.scheme


def signatures(texts, params: DuplicateParams = DuplicateParams()) -> np.ndarray:
    """MinHash signature matrix (n_texts x num_perm, uint32) of a batch of texts."""
    out = np.empty((len(texts), params.num_perm), dtype=np.uint32)
    cache: dict[str, int] = {}
    permutations, scheme = _permutations(params.num_perm, params.seed)
    for i, text in enumerate(texts):
        m = MinHash(num_perm=params.num_perm, seed=params.seed, hashfunc=_identity,
                    permutations=permutations, scheme=scheme)
        m.update_batch(shingle_hashes(text, params.shingle_words, cache))
        out[i] = m.hashvalues
    return out


def band_keys(sigs: np.ndarray, params: DuplicateParams) -> np.ndarray:
    """One 64-bit key per LSH band (n x b); datasketch picks (b, r) for the threshold."""
    lsh = MinHashLSH(threshold=params.threshold, num_perm=params.num_perm)
    b, r = lsh.b, lsh.r
    mult = (_MIX[np.arange(r) % len(_MIX)] | np.uint64(1)) + np.arange(r, dtype=np.uint64) * np.uint64(2)
    bands = sigs[:, : b * r].astype(np.uint64).reshape(len(sigs), b, r)
    return (bands * mult).sum(axis=2)


def _decode(index) -> tuple[pd.DataFrame, np.ndarray]:
    if index is None:
        return pd.DataFrame({c: [] for c in schema.SIGNATURES.names}), np.zeros((0, 0), np.uint32)
    frame = index.to_pandas() if isinstance(index, pa.Table) else index.reset_index(drop=True)
    blob = b"".join(frame["minhash"].tolist())
    return frame, np.frombuffer(blob, dtype="<u4").reshape(len(frame), -1) if len(frame) else \
        np.zeros((0, 0), np.uint32)


def candidate_pairs(keys: np.ndarray, first_new: int) -> np.ndarray:
    """Pairs (i, j), i a new row (>= first_new), j any other row sharing at least one band key."""
    n, b = keys.shape
    frame = pd.DataFrame({"key": keys.ravel(), "band": np.tile(np.arange(b), n),
                          "row": np.repeat(np.arange(n), b)})
    new = frame[frame["row"] >= first_new]
    pairs = new.merge(frame, on=["band", "key"], suffixes=("_i", "_j"))
    pairs = pairs[pairs["row_i"] != pairs["row_j"]]
    return np.unique(pairs[["row_i", "row_j"]].to_numpy(), axis=0) if len(pairs) else np.zeros((0, 2), int)


def find_near_duplicates(new: pd.DataFrame, index=None, params: DuplicateParams = DuplicateParams()
                         ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Near-duplicates of a batch against itself and the stored signature index.

    `new` has article_id, published_at, text. Returns (near_duplicates rows, signature rows to
    upsert by article_id): every new article, plus stored ones whose group original changed
    because a new article is older than it (late arrival).
    """
    stored, stored_sigs = _decode(index)
    new = new.reset_index(drop=True)
    new_sigs = signatures(new["text"].tolist(), params)
    sigs = np.vstack([stored_sigs, new_sigs]) if len(stored) else new_sigs
    ids = stored["article_id"].tolist() + new["article_id"].tolist()
    published = pd.concat([to_utc(stored["published_at"]), to_utc(new["published_at"])], ignore_index=True)
    old_root = stored["duplicate_of"].tolist() + [None] * len(new)
    rank = np.empty(len(ids), dtype=np.int64)
    rank[chronological_order(ids, published)] = np.arange(len(ids))
    empty = (sigs == np.iinfo(np.uint32).max).all(axis=1)
    pairs = candidate_pairs(band_keys(sigs, params), len(stored))
    pairs = pairs[~empty[pairs[:, 0]] & ~empty[pairs[:, 1]]] if len(pairs) else pairs
    sim = (sigs[pairs[:, 0]] == sigs[pairs[:, 1]]).mean(axis=1) if len(pairs) else np.zeros(0)
    edges = pairs[sim >= params.threshold]
    root_of = _groups(ids, old_root, edges, rank, len(stored))
    changed = [i for i, root in root_of.items()
               if i >= len(stored) or (ids[root] if root != i else None) != old_root[i]]
    changed.sort(key=lambda i: rank[i])
    dup_rows = [(ids[i], ids[root_of[i]], float((sigs[i] == sigs[root_of[i]]).mean()))
                for i in changed if root_of[i] != i]
    near = pd.DataFrame(dup_rows, columns=schema.NEAR_DUPLICATES.names)
    sig_rows = pd.DataFrame({
        "article_id": [ids[i] for i in changed],
        "published_at": published.iloc[changed].reset_index(drop=True),
        "minhash": [sigs[i].astype("<u4").tobytes() for i in changed],
        "duplicate_of": [ids[root_of[i]] if root_of[i] != i else None for i in changed]})
    return near, sig_rows


def _groups(ids: list[str], old_root: list, edges: np.ndarray, rank: np.ndarray, first_new: int
            ) -> dict[int, int]:
    """Group original (row of the earliest member) of every row in a group holding a new row."""
    parent = list(range(len(ids)))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb, key=lambda r: rank[r])] = min(ra, rb, key=lambda r: rank[r])

    position = {aid: i for i, aid in enumerate(ids)}
    for i, root in enumerate(old_root):              # stored groups, as previously decided
        if root is not None and root in position:
            union(i, position[root])
    for i, j in edges:
        union(int(i), int(j))
    touched = {find(i) for i in range(first_new, len(ids))}
    return {i: root for i in range(len(ids)) if (root := find(i)) in touched}


def signature_table(rows: pd.DataFrame) -> pa.Table:
    """Signature rows as an Arrow table with the declared schema (for the lake)."""
    return pa.Table.from_pandas(rows, schema=schema.SIGNATURES, preserve_index=False)
