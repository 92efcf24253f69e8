"""The entity spans the pipeline keeps from spaCy's: real spaCy spans in, trimmed spans out."""
def test_entity_spans_are_trimmed_of_whitespace_and_time_zones_left_out():
    import spacy

    from newsflow.tasks.nlp.pipeline import _mentions

    text = "The cast:\n- Jennifer Lawrence\n- Liam Hemsworth\nThe quake struck at 1023 GMT, Reuters said."
    doc = spacy.blank("en")(text)
    start = text.index("Jennifer")
    spans = [doc.char_span(start, text.index("- Liam"), label="PERSON", alignment_mode="expand"),   # ends in "\n"
             doc.char_span(text.index("GMT"), text.index("GMT") + 3, label="ORG"),
             doc.char_span(text.index("Reuters"), text.index("Reuters") + 7, label="ORG")]
    assert spans[0].text == "Jennifer Lawrence\n"
    found = _mentions(text, spans)
    assert [(text[s:e], label) for s, e, label in found] == [("Jennifer Lawrence", "PERSON"), ("Reuters", "ORG")]


def test_a_persons_span_loses_the_title_or_role_it_opens_with_but_not_a_courtesy_one():
    import spacy

    from newsflow.tasks.nlp.pipeline import _mentions

    names = ["Coroner Gary Hargrove", "TE Jeremy Shockey", "Prime Minister David Cameron", "Dr. Jane Doe",
             "Mr John Smith", "Sir Elton John", "Te Rauparaha", "Judge Judy"]
    text = "; ".join(names) + "."
    doc = spacy.blank("en")(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), label="PERSON") for n in names]
    found = [text[s:e] for s, e, _ in _mentions(text, spans)]
    assert found == ["Gary Hargrove", "Jeremy Shockey", "David Cameron", "Jane Doe", "Mr John Smith",
                     "Sir Elton John", "Te Rauparaha", "Judy"]


def test_a_title_and_a_name_the_model_labelled_otherwise_is_that_person():
    import spacy

    from newsflow.tasks.nlp.pipeline import _mentions

    spans_in = [("Undersheriff James Gage", "WORK_OF_ART"), ("Coroner Gary Hargrove", "ORG"),
                ("Prince Edward Island", "GPE"), ("King Abdullah University", "ORG"), ("General Motors", "ORG")]
    text = "; ".join(n for n, _ in spans_in) + "."
    doc = spacy.blank("en")(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), label=lab) for n, lab in spans_in]
    found = [(text[s:e], label) for s, e, label in _mentions(text, spans)]
    assert found == [("James Gage", "PERSON"), ("Gary Hargrove", "PERSON"), ("Prince Edward Island", "GPE"),
                     ("King Abdullah University", "ORG"), ("General Motors", "ORG")]
