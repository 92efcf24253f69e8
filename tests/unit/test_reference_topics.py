"""The reference topic model abstains on news it was not fitted on, rather than assign a topic whose
label the article does not discuss."""
from __future__ import annotations

from newsflow.tasks import topics
from newsflow.tasks.evaluation.reference_topics import _score
from newsflow.tasks.run.topic_stage import REFERENCE_LABEL_TERMS
from tests.conftest import ROOT

SEED = sorted((ROOT / "seeds" / "seed").glob("*.txt"))[0].read_text(encoding="utf-8")
FILM = ("The film won three awards at the festival, and its director thanked the band that wrote the score.\n"
        "Critics called the film the best of the year.")


def test_the_seed_gets_no_reference_topic_and_a_film_story_keeps_its_own():
    model = topics.load_reference_model()
    plain = _score(model, [SEED, FILM], 0)
    ours = _score(model, [SEED, FILM], REFERENCE_LABEL_TERMS)
    assert plain == {"articles": 2, "with_topic": 2, "topic_not_discussed": 1}   # the seed: "labour, ..."
    assert ours == {"articles": 2, "with_topic": 1, "topic_not_discussed": 0}
    rows = topics.annotate(model, ["seed", "film"], [SEED, FILM], label_terms=REFERENCE_LABEL_TERMS)[0].to_pylist()
    by_article = {r["article_id"]: r for r in rows if r["rank"] == 1}
    assert (by_article["seed"]["topic_id"], by_article["seed"]["weight"]) == (-1, 0.0)   # unassigned
    assert "film" in model.labels[by_article["film"]["topic_id"]]
