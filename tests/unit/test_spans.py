"""Property: every sentence and entity span the NLP stage stores slices back to its text out of the
cleaned article (real spaCy pipelines, generated hostile text)."""
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from newsflow.tasks.ingest.clean import clean_text
from newsflow.tasks.nlp.pool import FALLBACK_LANGUAGE, analyse, load_pipeline
from newsflow.tasks.settings import DEFAULT_SPACY_MODEL

PIECES = [
    "Tony Blair", "Gordon Brown", "London", "the BBC", "Mr. Smith", "Apple Inc.", "New York", "Zürich",
    "said", "on Monday", "the minister", "£5m", "3.5%", "in 2004", "U.S.", "e.g.", "...", "—", "-", "(", ")",
    "“", "”", "'s", ",", ".", "!", "?", ":", ";", "café", "Cafe\u0301", "naïve", "🙂", "👍🏽", "日本", "東京都",
    "עברית", "مرحبا", "Привет", "\u00a0", "\u200b", "\t", "\r\n", "\n", "\n\n", "\u2028", "\x00", "  ",
]
texts = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=60).map(" ".join),
    st.lists(st.sampled_from(PIECES), max_size=60).map("".join),
    st.text(max_size=300),
)


@pytest.fixture(scope="module", params=[DEFAULT_SPACY_MODEL, FALLBACK_LANGUAGE])
def nlp(request):
    return request.param, load_pipeline(request.param)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=texts)
def test_spans_slice_back_to_the_cleaned_text(nlp, raw):
    name, pipeline = nlp
    text = clean_text(raw)
    out = analyse(pipeline, ["a"], [text], with_entities=name != FALLBACK_LANGUAGE)
    sentences = out.sentences
    for start, end, sentence in zip(sentences["start_char"], sentences["end_char"], sentences["text"]):
        assert text[start:end] == sentence and sentence.strip() == sentence and sentence
    assert sentences["sentence_idx"] == list(range(len(sentences["text"])))
    entities = out.entities
    for start, end, mention, idx in zip(entities["start_char"], entities["end_char"], entities["text"],
                                        entities["sentence_idx"]):
        assert text[start:end] == mention
        assert 0 <= idx < len(sentences["text"])
