"""The fast VADER re-implementation: same scores as vaderSentiment, rule by rule."""
from __future__ import annotations

import numpy as np
import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from newsflow.tasks.tone.lexicon import judgement_verbs, lexicon, scoring_lexicon
from newsflow.tasks.tone.sentences import sentence_sums
from newsflow.tasks.tone.valence import compound, normalise, score_tokens

# vaderSentiment's own demo sentences (its __main__) plus news-style ones: every rule fires.
VADER_CASES = [
    "VADER is smart, handsome, and funny.", "VADER is smart, handsome, and funny!",
    "VADER is very smart, handsome, and funny.", "VADER is VERY SMART, handsome, and FUNNY.",
    "VADER is VERY SMART, handsome, and FUNNY!!!", "VADER is VERY SMART, uber handsome, and FRIGGIN FUNNY!!!",
    "VADER is not smart, handsome, nor funny.", "The book was good.", "At least it isn't a horrible book.",
    "The book was only kind of good.", "The plot was good, but the characters are uncompelling and the dialog is not great.",
    "Today SUX!", "Today only kinda sux! But I'll get by, lol", "Not bad at all",
    "Sentiment analysis has never been good.", "Sentiment analysis has never been this good!",
    "Most automated sentiment analysis tools are shit.", "With VADER, sentiment analysis is the shit!",
    "Other sentiment analysis tools can be quite bad.", "On the other hand, VADER is quite bad ass",
    "Without a doubt, excellent idea.", "Roger Dodger is one of the least compelling variations on this theme.",
    "Roger Dodger is at least compelling as a variation on the theme.", "There was no hope and no joy.",
    "Why would anyone do that??", "Shares fell sharply after the company issued a profit warning.",
    "", "   ",
]


def ours(texts, strict=True):
    scored = score_tokens(texts, strict=strict)
    return compound(sentence_sums(scored), scored.emphasis)


def test_strict_mode_reproduces_vadersentiment_compound_exactly():
    analyzer = SentimentIntensityAnalyzer()
    expected = np.array([analyzer.polarity_scores(t)["compound"] for t in VADER_CASES])
    np.testing.assert_allclose(np.round(ours(VADER_CASES), 4), expected, atol=1e-4)


@pytest.mark.parametrize("text, sign", [
    ("The result was good.", 1), ("The result was not good.", -1), ("The result was never good.", -1),
    ("It was no good.", -1), ("Not bad at all.", 1), ("The talks failed.", -1),
])
def test_negation_flips_sign(text, sign):
    assert np.sign(ours([text])[0]) == sign


def test_boosters_caps_and_exclamation_raise_intensity():
    plain, boosted, caps, bang = ours(["It was good.", "It was very good.", "It was GOOD today.", "It was good!"])
    assert 0 < plain < boosted and plain < caps and plain < bang


def test_but_halves_what_precedes_and_weights_what_follows():
    scored = score_tokens(["good but bad"])
    assert scored.valence[0] > 0 > scored.valence[2]
    lex = lexicon()
    assert sentence_sums(scored)[0] == pytest.approx(0.5 * lex["good"] + 1.5 * lex["bad"])


def test_batch_bounds_and_per_sentence_isolation():
    scored = score_tokens(["Good.", "", "not", "bad news"])
    assert scored.bounds.tolist() == [0, 1, 1, 2, 4]
    # "not" in sentence 2 must not negate "bad" in sentence 3
    assert scored.valence[2] == pytest.approx(lexicon()["bad"])


def test_news_mode_strips_curly_quotes_that_vader_keeps():
    strict, news = ours(["\u201cgreat\u201d"], strict=True)[0], ours(["\u201cgreat\u201d"], strict=False)[0]
    assert strict == 0.0 and news == pytest.approx(normalise(lexicon()["great"]))


def test_judgement_verbs_have_signed_valence_and_fill_lexicon_gaps():
    verbs = judgement_verbs()
    assert verbs["slammed"] < 0 < verbs["praised"] and verbs["criticised"] < 0 < verbs["applauding"]
    assert "slammed" not in lexicon() and scoring_lexicon()["slammed"] == verbs["slammed"]
    assert scoring_lexicon()["praised"] == lexicon()["praised"]
