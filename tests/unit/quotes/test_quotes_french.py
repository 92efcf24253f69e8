"""French attribution (lexicon.FRENCH) on constructed texts: the forms French news copy uses."""
import pytest

from tests.unit.quotes.test_quotes_attribution import _run as _run_in


def _run(text, mentions=(), sentence_starts=(0,), language="fr"):
    return _run_in(text, mentions, sentence_starts, language)


def _speakers(q):
    return [(t, s, k, c) for t, s, k, c in zip(q["text"], q["speaker"], q["speaker_key"], q["cue"])]


MOLINS = [("François Molins", "PERSON", "François Molins")]


@pytest.mark.parametrize("text, speaker, cue", [
    ("« Nous ne céderons pas », a déclaré François Molins.", "François Molins", "déclaré"),
    ("« Nous ne céderons pas », explique François Molins, le procureur de Paris.", "François Molins", "explique"),
    ("« Nous ne céderons pas » a affirmé François Molins jeudi.", "François Molins", "affirmé"),
    ("François Molins a déclaré : « Nous ne céderons pas ».", "François Molins", "déclaré"),
    ("Selon François Molins, « Nous ne céderons pas ».", "François Molins", "Selon"),
])
def test_named_speaker_after_and_before_the_quote(text, speaker, cue):
    [(quote, got, key, got_cue)] = _speakers(_run(text, MOLINS))
    assert (quote, got, key, got_cue) == ("Nous ne céderons pas", speaker, "François Molins", cue)


def test_inverted_pronoun_is_the_speaker_and_resolves_to_the_person_before():
    text = ("François Molins a tenu une conférence jeudi. « Nous ne céderons pas », a-t-il déclaré. "
            "« L'enquête continue », poursuit-il.")
    q = _run(text, MOLINS, sentence_starts=(0, 45, 88))
    assert _speakers(q) == [("Nous ne céderons pas", "il", "François Molins", "déclaré"),
                            ("L'enquête continue", "il", "François Molins", "poursuit")]
    start = text.index("a-t-il") + 4
    assert text[start:start + 2] == "il"


def test_role_pronoun_honorific_and_unnamed_sources():
    text = ("Anne Hidalgo était à Paris. Elle ajoute que « la ville tiendra bon ». "
            "« Il faut agir vite », a déclaré M. Molins. "
            "« Nous sommes inquiets », a déclaré un responsable du district. "
            "« Courageux kamikaze à bord », ont-ils écrit.")
    starts = (0, 28, 71, 115, 180)
    q = _run(text, [("Anne Hidalgo", "PERSON", "Anne Hidalgo"), ("Molins", "PERSON", "Molins")],
             sentence_starts=starts)
    assert _speakers(q) == [
        ("la ville tiendra bon", "Elle", "Anne Hidalgo", "ajoute"),
        ("Il faut agir vite", "M. Molins", "Molins", "déclaré"),
        ("Nous sommes inquiets", "un responsable", None, "déclaré"),
        ("Courageux kamikaze à bord", "ils", None, "écrit"),
    ]


def test_english_articles_keep_the_english_words():
    """`a` is an English determiner: `", a spokesman said` must not read as the French auxiliary."""
    text = '"We will appeal," a spokesman said.'
    [(quote, speaker, key, cue)] = _speakers(_run(text, language="en"))
    assert (quote, speaker, key, cue) == ("We will appeal,", "a spokesman", None, "said")
