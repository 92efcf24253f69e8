"""Average-link clustering of a night's articles together with the active stories they could join.

Clustering a batch on its own first and only then matching its groups to stories lets a night's
small sample decide alone: two articles of two similar events (two earthquakes) may group with
each other before either meets the story its own event already has. Here the active stories enter
the same dendrogram as clusters that already hold their articles (their centroid sums and sizes),
so an article first meets whichever is closest, an article of the night or a story of earlier
nights, as it would in one run over all the articles.

Average link needs only the dot products of the clusters' sums: the sum of a merged cluster is the
sum of its parts, so its row of dot products is the sum of theirs (no vector is rebuilt), and its
similarity to another cluster is that dot product over the product of their sizes.
"""
from __future__ import annotations

import numpy as np


def agglomerate(dots: np.ndarray, sizes: np.ndarray, threshold: float) -> np.ndarray:
    """The cluster (a node index: its representative) of every node, merging the most similar pair
    first while their average-link similarity reaches `threshold`.

    dots: the dot products of the nodes' sums (symmetric, N x N; changed in place); sizes: how many
    articles each node holds. A node's representative is the lowest index in its cluster."""
    n = len(sizes)
    sizes = sizes.astype(np.float64).copy()
    parent = np.arange(n)
    if n < 2:
        return parent
    alive = np.ones(n, dtype=bool)
    sim = dots / np.outer(sizes, sizes)
    np.fill_diagonal(sim, -np.inf)
    best = sim.argmax(axis=1)
    top = sim[np.arange(n), best]
    while True:
        i = int(np.argmax(np.where(alive, top, -np.inf)))
        if not alive[i] or top[i] < threshold:
            break
        j = int(best[i])
        i, j = min(i, j), max(i, j)
        dots[i, :] += dots[j, :]
        dots[:, i] += dots[:, j]
        sizes[i] += sizes[j]
        alive[j] = False
        parent[parent == j] = i
        row = dots[i, :] / (sizes[i] * sizes)
        row[~alive] = -np.inf
        row[i] = -np.inf
        sim[i, :], sim[:, i] = row, row
        sim[j, :], sim[:, j] = -np.inf, -np.inf
        stale = alive & ((best == i) | (best == j))
        stale[i] = True
        for k in np.flatnonzero(stale):
            best[k] = int(sim[k].argmax())
            top[k] = sim[k, best[k]]
        better = alive & (row > top)
        best[better], top[better] = i, row[better]
        top[j] = -np.inf
    return parent
