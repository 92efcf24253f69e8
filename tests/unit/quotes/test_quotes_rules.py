"""Each quotation rule on small constructed texts; offsets must slice the text to the quote."""
import pandas as pd

from newsflow.tasks.quotes import QUOTES_SCHEMA, extract_quotes
from newsflow.tasks.quotes.marks import quoted_segments


def _run(text, ents=()):
    arts = pd.DataFrame({"article_id": ["a"], "text": [text]})
    sents = pd.DataFrame({"article_id": ["a"], "sentence_idx": [0], "start_char": [0], "end_char": [len(text)]})
    rows = [("a", s, e, text[s:e], lab, key) for s, e, lab, key in ents]
    ent = pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "text", "label", "entity_key"])
    return extract_quotes(arts, sents, ent)


def _span(text, q):
    return text.index(q), text.index(q) + len(q)


def test_split_quote_is_two_quotations_with_one_speaker():
    text = '"We will win," Mary Jones said, "and soon."'
    q = _run(text, [(15, 25, "PERSON", "Mary Jones")])
    assert list(q["text"]) == ["We will win,", "and soon."]
    assert list(q["speaker_key"]) == ["Mary Jones", "Mary Jones"]
    assert list(q["cue"]) == ["said", "said"]
    for row in q.itertuples():
        assert text[row.start_char:row.end_char] == row.text


def test_curly_quotes_cue_first_and_non_person_source():
    text = "“The two sides agreed on close coordination,” said an official statement."
    q = _run(text)
    assert len(q) == 1 and q.loc[0, "speaker"] == "an official statement" and q.loc[0, "speaker_key"] is None
    assert (q.loc[0, "start_char"], q.loc[0, "end_char"]) == (1, text.index("”"))


def test_pronoun_resolves_to_last_person_and_schema():
    text = 'Tony Blair spoke. "It is a good day for us," he said.'
    q = _run(text, [(0, 10, "PERSON", "Tony Blair")])
    assert q.loc[0, "speaker"] == "he" and q.loc[0, "speaker_key"] == "Tony Blair"
    assert list(q.columns) == QUOTES_SCHEMA.names
    assert str(q["start_char"].dtype) == "int32"


def test_colon_before_quote_and_role_noun():
    text = 'Ann Lee arrived. The minister told reporters: "No."'
    q = _run(text, [(0, 7, "PERSON", "Ann Lee")])
    assert list(q["text"]) == ["No."] and q.loc[0, "speaker_key"] == "Ann Lee" and q.loc[0, "cue"] == "told"


def test_scare_quotes_and_titles_are_not_quotations():
    text = 'The so-called "reforms" and the film "Star Wars Episode Four" were "worthless".'
    assert _run(text).empty


def test_apostrophes_never_open_quotes():
    text = "Don't tell Reid's fans about the '90s, he's sure."
    assert quoted_segments(text) == []


def test_multi_paragraph_quote_is_one_span():
    text = '"First part of it.\n"Second part of it," she said.'
    segs = quoted_segments(text)
    assert len(segs) == 1 and text[segs[0].start:segs[0].end] == 'First part of it.\n"Second part of it,'


def test_unclosed_quote_ends_at_paragraph_end_and_stray_close_ignored():
    text = 'He said "this was never closed\nNext line and "a real quote here" ok.” Stray.'
    got = [text[s.start:s.end] for s in quoted_segments(text)]
    assert got == ["this was never closed", "a real quote here"]


def test_other_languages_marks():
    text = "„Wir schaffen das“, sagte sie. « Bonjour tout le monde » dit-il."
    assert [text[s.start:s.end] for s in quoted_segments(text)] == ["Wir schaffen das", "Bonjour tout le monde"]


def test_continuation_paragraph_inherits_speaker():
    text = '"We start today," said Tom Hart.\n"And we will finish the job soon."'
    q = _run(text, [(22, 30, "PERSON", "Tom Hart")])
    assert list(q["speaker_key"]) == ["Tom Hart", "Tom Hart"] and list(q["quote_idx"]) == [0, 1]


def test_run_together_paragraphs_reopen_inside_one_quote():
    text = '"Listing is one option, nothing is decided yet. "We want to be in good health."'
    segs = quoted_segments(text)
    assert len(segs) == 1 and text[segs[0].start:segs[0].end] == text[1:-1]


def test_question_then_lowercase_attribution_is_not_a_reopen():
    text = "\"Didn't you think 'there he is'? \"he said.\n\"Suddenly he's the Doctor. \""
    got = [text[s.start:s.end] for s in quoted_segments(text)]
    assert got == ["Didn't you think 'there he is'?", "Suddenly he's the Doctor."]


def test_first_person_lines_continue_an_open_quote():
    text = '"I haven\'t played it since I was nine.\nAs an adult I\'ve never worked on it.\n"I downloaded scripts."'
    segs = quoted_segments(text)
    assert len(segs) == 1 and text[segs[0].start:segs[0].end] == text[1:-1]


def test_third_person_line_ends_an_unclosed_quote():
    text = '"We made a home video of him.\nMoffat added the actor was "right for the part" then.'
    got = [text[s.start:s.end] for s in quoted_segments(text)]
    assert got == ["We made a home video of him.", "right for the part"]
