"""The reference topic model is fitted on broader news than one outlet (BBC bodies plus the ECB+
articles of odd-numbered topics) and abstains on news it was not fitted on, rather than assign a topic
whose label the article does not discuss."""
from __future__ import annotations

from collections import Counter

from newsflow.tasks import topics
from newsflow.tasks.evaluation.reference_topics import _score
from newsflow.tasks.run.topic_stage import REFERENCE_LABEL_TERMS
from newsflow.tasks.topics.reference import (ECBPLUS_PER_EVENT, ecbplus_fit_articles, ecbplus_fitted,
                                             fit_reference_model, read_ecbplus)
from tests.conftest import ROOT

SEED = sorted((ROOT / "seeds" / "seed").glob("*.txt"))[0].read_text(encoding="utf-8")
FILM = ("The film won three awards at the festival, and its director thanked the band that wrote the score.\n"
        "Critics called the film the best of the year.")


def test_the_seed_gets_no_reference_topic_and_a_film_story_keeps_its_own():
    model = topics.load_reference_model()
    plain = _score(model, [SEED, FILM], 0)
    ours = _score(model, [SEED, FILM], REFERENCE_LABEL_TERMS)
    assert plain == {"articles": 2, "with_topic": 2, "topic_not_discussed": 1}   # the seed: "general election, labour, ..."
    assert ours == {"articles": 2, "with_topic": 1, "topic_not_discussed": 0}
    rows = topics.annotate(model, ["seed", "film"], [SEED, FILM], label_terms=REFERENCE_LABEL_TERMS)[0].to_pylist()
    by_article = {r["article_id"]: r for r in rows if r["rank"] == 1}
    assert (by_article["seed"]["topic_id"], by_article["seed"]["weight"]) == (-1, 0.0)   # unassigned
    assert "film" in model.labels[by_article["film"]["topic_id"]]


def test_the_fit_sees_odd_ecbplus_topics_only_and_few_articles_per_event():
    articles = read_ecbplus()
    fitted = ecbplus_fit_articles(articles)
    assert len(articles) == 982 and len(fitted) == 290
    assert all(ecbplus_fitted(a["topic_id"]) and a["topic_id"] % 2 == 1 for a in fitted)
    per_event = Counter(a["event_id"] for a in fitted)
    assert len(per_event) == 42 and max(per_event.values()) == ECBPLUS_PER_EVENT == 7
    heldout = {a["id"] for a in articles if not ecbplus_fitted(a["topic_id"])}
    assert len(heldout) == 486 and not heldout & {a["id"] for a in fitted}


def test_the_bundled_model_is_what_build_reference_fits():
    """Rebuilt from ../shared/corpus it is the bundled file again (same version, same labels), and
    it has a topic BBC's five sections lack."""
    bundled = topics.load_reference_model()
    again = fit_reference_model()
    assert again.version == bundled.version and again.labels == bundled.labels
    assert "police, killed, death" in bundled.labels
    assert fit_reference_model(ecbplus=None).version == "ref-3361d450"   # the BBC-only model it replaced


def test_heldout_ecbplus_articles_get_only_topics_they_discuss():
    """ECB+ topics the model never saw (even-numbered, 486 articles of many outlets): with abstention
    none gets a topic whose label it does not discuss; the plain model gives 256 such topics."""
    model = topics.load_reference_model()
    texts = [a["text"] for a in read_ecbplus() if not ecbplus_fitted(a["topic_id"])]
    assert _score(model, texts, REFERENCE_LABEL_TERMS) == {"articles": 486, "with_topic": 271,
                                                           "topic_not_discussed": 0}
    assert _score(model, texts, 0) == {"articles": 486, "with_topic": 484, "topic_not_discussed": 256}
