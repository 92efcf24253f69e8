"""French: generic component loading, label mapping, French titles out of keys."""
import pytest

from newsflow.tasks.nlp.french import french_entity_keys, french_labels, strip_french_titles


@pytest.mark.parametrize("surface, expected", [
    ("M. Dupont", ("Dupont", True)), ("Mme Ségolène Royal", ("Ségolène Royal", True)),
    ("le président François Hollande", ("François Hollande", True)), ("la France", ("France", False)),
    ("l'ONU", ("ONU", False)), ("Paris", ("Paris", False)),
])
def test_strip_french_titles(surface, expected):
    assert strip_french_titles(surface) == expected


def test_french_keys_and_labels():
    text = "M. Dupont et le président François Hollande à Londres, en Bretagne, pour l'Euro."
    spans = [("M. Dupont", "PER"), ("le président François Hollande", "PER"), ("Londres", "LOC"),
             ("Bretagne", "LOC"), ("Euro", "MISC")]
    mentions = [(text.index(s), text.index(s) + len(s), lab) for s, lab in spans]
    keys = french_entity_keys(text, mentions)
    assert keys == ["Dupont", "François Hollande", "Londres", "Bretagne", "Euro"]
    # Bretagne, an administrative region, is a GPE like a US state (OntoNotes); WiNER's LOC covers both
    assert french_labels(text, mentions, keys) == ["PERSON", "PERSON", "GPE", "GPE", None]


def test_load_pipeline_keeps_only_what_ner_and_sentences_need():
    from newsflow.tasks.nlp.pipeline import analyse, load_pipeline

    nlp = load_pipeline("fr_core_news_sm")
    assert nlp.pipe_names == ["senter", "paragraph_sentence_starts", "ner"]
    a = analyse(nlp, ["x"], ["Mme Anne Hidalgo est à Paris.\nLa SNCF fait grève."])
    assert a.sentences["start_char"] == [0, 30]
    for s, e, t in zip(a.entities["start_char"], a.entities["end_char"], a.entities["text"]):
        assert "Mme Anne Hidalgo est à Paris.\nLa SNCF fait grève."[s:e] == t
    assert set(a.entities["label"]) <= {"PERSON", "ORG", "GPE", "LOC"}


@pytest.mark.parametrize("surface, expected", [
    ("la France", "France"), ("de France", "France"), ("d’Irak", "Irak"), ("port de", None), ("qu’", None),
    ("–\n", None), ("M. Dupont", "Dupont"), ("le président François Hollande", "François Hollande"),
    ("Paris", "Paris"), ("Commission européenne", "Commission européenne"),
])
def test_french_span_trims_glued_words(surface, expected):
    from newsflow.tasks.nlp.french import french_span

    text = "xx " + surface + " yy"
    span = french_span(text, 3, 3 + len(surface))
    assert (text[span[0]:span[1]] if span else None) == expected


def test_a_nationality_is_norp_not_a_place():
    from newsflow.tasks.nlp.french import french_labels

    text = "Les Britanniques et l'Allemagne"
    mentions = [(4, 16, "LOC"), (22, 31, "LOC")]
    assert french_labels(text, mentions, ["Britanniques", "Allemagne"]) == ["NORP", "GPE"]


def test_a_nationality_before_a_name_leaves_the_span_and_makes_a_person():
    from newsflow.tasks.nlp.french import french_labels, french_span

    text = "L'Autrichienne Nadine Fest devance la Française Emmie Charayron et les Britanniques."
    raw = [(text.index("Autrichienne"), text.index(" devance"), "LOC"),
           (text.index("Française"), text.index(" et"), "ORG")]
    spans = [french_span(text, s, e) for s, e, _ in raw]
    assert [text[s:e] for s, e in spans] == ["Nadine Fest", "Emmie Charayron"]
    mentions = [(s, e, lab) for (s, e), (_, _, lab) in zip(spans, raw)]
    assert french_labels(text, mentions, ["Nadine Fest", "Emmie Charayron"]) == ["PERSON", "PERSON"]
    assert french_span(text, text.index("Britanniques"), text.index(".")) is not None   # no name after: kept
