from hypothesis import given, settings, strategies as st

from newsflow.tasks.ingest.clean import article_id, clean_field, clean_text


def test_mojibake_nfc_controls_and_whitespace():
    raw = "  Caf\u00c3\u00a9  owner\x00 says\u00a0hi\r\n\r\n\tsecond\u200b para \n\n"
    assert clean_text(raw) == "Café owner says hi\nsecond para"


def test_decomposed_accents_become_nfc():
    assert clean_text("Cafe\u0301") == "Caf\u00e9"


def test_curly_quotes_are_kept():
    assert clean_text("“Hello” – it’s") == "“Hello” – it’s"


def test_same_text_same_id_whatever_the_layout():
    assert article_id(clean_text("A  story\r\n\r\nbody")) == article_id(clean_text("A story\nbody  "))
    assert article_id("a") != article_id("b")


def test_clean_field_makes_one_line_or_none():
    assert clean_field(" Two\nlines ") == "Two lines"
    assert clean_field("  \n ") is None
    assert clean_field(None) is None


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_cleaning_is_idempotent(text):
    once = clean_text(text)
    assert clean_text(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaned_text_has_no_empty_lines_or_edge_spaces(text):
    for line in clean_text(text).split("\n") if clean_text(text) else []:
        assert line and line == line.strip()


def test_a_trimmed_space_that_joins_mojibake_is_cleaned_once_and_for_all():
    # found by the idempotence property on a fresh clone: trimming "\xa0" left "Â\x80" for ftfy
    assert clean_text("\xa0Â\x80") == "€" == clean_text(clean_text("\xa0Â\x80"))
