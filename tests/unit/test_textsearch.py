"""word_spans finds what the whole-word regex it replaces finds, span for span."""
from __future__ import annotations

import re

import pytest

from newsflow.tasks.textsearch import is_word_char, word_spans

TEXTS = ["NATO and Nato met nato-led forces; NATOs no, NATO's yes. NATO",
         "İstanbul NATO talks: İSTANBUL, Nato.",          # lower() makes "İ" two characters
         "Neil O'Neil, Neil-Smith, Smith_x Smith Smith.", "Ha Ha Ha", ""]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("word", ["NATO", "Neil", "Smith", "Ha Ha", "İstanbul"])
def test_same_spans_as_the_regex(text, word):
    pattern = r"(?<!\w)" + re.escape(word) + r"(?!\w)"
    assert word_spans(text, word) == [m.span() for m in re.finditer(pattern, text)]
    assert word_spans(text, word, lowered=text.lower()) == [m.span() for m in re.finditer(pattern, text, re.I)]
    hyphen = r"(?<![\w-])" + re.escape(word) + r"(?![\w-])"
    assert word_spans(text, word, joiners="-") == [m.span() for m in re.finditer(hyphen, text)]


def test_overlapping_and_ends():
    assert word_spans("Ha Ha Ha", "Ha Ha") == [(0, 5)]
    assert word_spans("Ha Ha Ha", "Ha Ha", overlapping=True) == [(0, 5), (3, 8)]
    assert word_spans("x", "") == []
    assert not is_word_char("") and not is_word_char("", joiners="-") and is_word_char("-", joiners="-")
