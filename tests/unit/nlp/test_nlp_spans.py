"""The entity spans the pipeline keeps from spaCy's: real spaCy spans in, trimmed spans out."""
def test_entity_spans_are_trimmed_of_whitespace_and_time_zones_left_out():
    import spacy

    from newsflow.tasks.nlp.spans import model_mentions as _mentions

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

    from newsflow.tasks.nlp.spans import model_mentions as _mentions

    names = ["Coroner Gary Hargrove", "TE Jeremy Shockey", "Prime Minister David Cameron", "Dr. Jane Doe",
             "Mr John Smith", "Sir Elton John", "Te Rauparaha", "Judge Judy", "GM Theo Epstein", "ADA Fairman",
             "AJ Smith"]
    text = "; ".join(names) + "."
    doc = spacy.blank("en")(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), label="PERSON") for n in names]
    found = [text[s:e] for s, e, _ in _mentions(text, spans)]
    # an office in capitals goes ("GM", "ADA"); initials stay ("AJ")
    assert found == ["Gary Hargrove", "Jeremy Shockey", "David Cameron", "Jane Doe", "Mr John Smith",
                     "Sir Elton John", "Te Rauparaha", "Judy", "Theo Epstein", "Fairman", "AJ Smith"]


def test_a_title_and_a_name_the_model_labelled_otherwise_is_that_person():
    import spacy

    from newsflow.tasks.nlp.spans import model_mentions as _mentions

    spans_in = [("Undersheriff James Gage", "WORK_OF_ART"), ("Coroner Gary Hargrove", "ORG"),
                ("Prince Edward Island", "GPE"), ("King Abdullah University", "ORG"), ("General Motors", "ORG")]
    text = "; ".join(n for n, _ in spans_in) + "."
    doc = spacy.blank("en")(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), label=lab) for n, lab in spans_in]
    found = [(text[s:e], label) for s, e, label in _mentions(text, spans)]
    assert found == [("James Gage", "PERSON"), ("Gary Hargrove", "PERSON"), ("Prince Edward Island", "GPE"),
                     ("King Abdullah University", "ORG"), ("General Motors", "ORG")]


def test_possessives_bullets_dates_and_common_acronyms():
    import spacy

    from newsflow.tasks.nlp.spans import model_mentions

    spans_in = [("Lindsay Lohan’s", "PERSON"), ("Matt Smith's", "PERSON"), ("the Saints'", "ORG"),
                ("McDonald's", "ORG"), ("• Interior", "ORG"), ("Jun 11th", "PERSON"), ("11:39am UK", "ORG"),
                ("HKT", "ORG"), ("DUI", "ORG"), ("RAM", "ORG"), ("MD", "GPE"), ("NYPD", "ORG")]
    text = "; ".join(n for n, _ in spans_in) + "."
    doc = spacy.blank("en")(text)
    spans = [doc.char_span(text.index(n), text.index(n) + len(n), label=lab, alignment_mode="expand")
             for n, lab in spans_in]
    found = [(text[s:e], label) for s, e, label in model_mentions(text, spans)]
    assert found == [("Lindsay Lohan", "PERSON"), ("Matt Smith", "PERSON"), ("the Saints", "ORG"),
                     ("McDonald's", "ORG"), ("Interior", "ORG"), ("MD", "GPE"), ("NYPD", "ORG")]


def test_a_surname_the_model_missed_after_the_full_name_is_a_person():
    from newsflow.tasks.nlp.spans import with_missed_surnames

    text = ("Jeffs Ranch is in Texas. Warren Jeffs was sentenced. Jeffs, 55, will appeal. His father Rulon Jeffs "
            "died. Mr Jeffs spoke. Jack London wrote. London is far.")
    at = [(text.index("Warren Jeffs"), "Warren Jeffs", "PERSON"), (text.index("Rulon"), "Rulon", "PERSON"),
          (text.index("Jack London"), "Jack London", "PERSON"), (text.index("London is"), "London", "GPE")]
    mentions = [(s, s + len(t), lab) for s, t, lab in at]
    added = sorted(set(with_missed_surnames(text, mentions)) - set(mentions))
    assert [(text[s:e], s, lab) for s, e, lab in added] == [
        ("Jeffs", text.index("Jeffs, 55"), "PERSON"), ("Jeffs", text.index("Jeffs spoke"), "PERSON")]
