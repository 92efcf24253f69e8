"""The dendrogram of a night with its stories: plain average link on singletons, and stories that
enter it as clusters already holding their articles."""
from __future__ import annotations

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from newsflow.tasks.stories.agglomerate import agglomerate


def _partition(labels) -> set[frozenset]:
    return {frozenset(np.flatnonzero(labels == c)) for c in np.unique(labels)}


def test_on_single_articles_it_cuts_scipys_average_link_dendrogram():
    rng = np.random.default_rng(7)
    centres = rng.normal(size=(4, 30))
    X = np.vstack([c + rng.normal(scale=0.9, size=(6, 30)) for c in centres])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    threshold = 0.35
    dist = np.clip(1 - X @ X.T, 0, None)
    np.fill_diagonal(dist, 0)
    expected = fcluster(linkage(squareform(dist, checks=False), method="average"), 1 - threshold, "distance")
    got = agglomerate(X @ X.T, np.ones(len(X)), threshold)
    assert _partition(got) == _partition(expected) and 1 < len(_partition(got)) < len(X)


def test_a_story_enters_as_the_cluster_of_its_articles():
    """A story node (the sum of three articles, size 3) takes the same articles a run over those
    three articles would: the dendrogram is the same as if its articles were there."""
    rng = np.random.default_rng(11)
    centres = rng.normal(size=(3, 20))
    X = np.vstack([c + rng.normal(scale=0.7, size=(5, 20)) for c in centres])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    threshold = 0.3
    whole = agglomerate(X @ X.T, np.ones(len(X)), threshold)
    assert whole[0] == whole[1] == whole[2]   # one run puts the three together too
    story = X[:3].sum(axis=0)            # the first event's first three articles, as a story
    nodes = np.vstack([story, X[3:]])
    got = agglomerate(nodes @ nodes.T, np.concatenate([[3.0], np.ones(len(X) - 3)]), threshold)
    joined = set(np.flatnonzero(got[1:] == got[0]) + 3)
    assert joined == set(np.flatnonzero(whole == whole[0])) - {0, 1, 2} and joined
