"""Unit tests for newsflow.tasks.nlp.keys (entity key normalisation).

Rule tests use hand-written texts and mention offsets (no model); the seed
article test runs the real spaCy model once for the module.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

from newsflow.tasks.nlp.keys import entity_keys, normalise_mention

REPO = Path(__file__).resolve().parents[2]
SEED = REPO.parent / "shared" / "corpus" / "seed" / "000_2de263066a6832f9.txt"


def key(surface: str, label: str = "PERSON") -> str:
    return normalise_mention(surface, label).key


def keys_for(text: str, spans: list[tuple[str, str]]) -> list[str]:
    """spans = (substring, label) in document order; each substring is looked
    up after the end of the previous one ("Blair" twice -> two occurrences)."""
    mentions, pos = [], 0
    for sub, label in spans:
        m = re.compile(r"(?<!\w)" + re.escape(sub) + r"(?!\w)").search(text, pos)
        assert m, f"{sub!r} not found after {pos}"
        mentions.append((m.start(), m.end(), label))
        pos = m.start() + 1
    return entity_keys(text, mentions)


# ---------------------------------------------------------------------------
# titles and honorifics
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("surface, expected", [
    ("Prime Minister Imran Khan", "Imran Khan"),
    ("Dr. Javad Zarif", "Javad Zarif"),
    ("Dr Javad Zarif", "Javad Zarif"),
    ("Mr Blair", "Blair"),
    ("Mr. Blair", "Blair"),
    ("President George W. Bush", "George W. Bush"),
    ("Foreign Minister Shah Mehmood Qureshi", "Shah Mehmood Qureshi"),
    ("Iranian Foreign Minister Javad Zarif", "Javad Zarif"),
    ("Chancellor Gordon Brown", "Gordon Brown"),
    ("Sen. John Kerry", "John Kerry"),
    ("Gov. Arnold Schwarzenegger", "Arnold Schwarzenegger"),
    ("Rep. Nancy Pelosi", "Nancy Pelosi"),
    ("Judge Michael Mukasey", "Michael Mukasey"),
    ("Mrs Thatcher", "Thatcher"),
    ("Ms Boynton", "Boynton"),
    ("Sir Alex Ferguson", "Alex Ferguson"),
    ("Lord Falconer", "Falconer"),
    ("Dame Kelly Holmes", "Kelly Holmes"),
    ("Prof Stephen Hawking", "Stephen Hawking"),
    ("Gen. Tommy Franks", "Tommy Franks"),
    ("Col. Muammar Gaddafi", "Muammar Gaddafi"),
    ("Capt. Mark Phillips", "Mark Phillips"),
    ("Secretary of State Condoleezza Rice", "Condoleezza Rice"),
    ("Work and Pensions Secretary Alan Johnson", "Alan Johnson"),
    ("Deputy Prime Minister John Prescott", "John Prescott"),
    ("former President Bill Clinton", "Bill Clinton"),
    ("Herr Schroeder", "Schroeder"),
    ("Allama Muhammad Iqbal", "Muhammad Iqbal"),
    ("Comedian Chris Morris", "Chris Morris"),
    ("DJ Norman Cook", "Norman Cook"),
    ("Kenyan Susan Chepkemei", "Susan Chepkemei"),
])
def test_titles_are_stripped(surface, expected):
    assert key(surface) == expected


@pytest.mark.parametrize("surface", [
    "King", "Judge", "Stephen King", "John Major", "Brian Dunne", "Christian Bale",
    "Major", "President",
    # royal / religious styles stay part of the name
    "Prince Charles", "Queen Elizabeth", "King Abdullah", "Pope John Paul II",
    # a nationality before one name is a first name: only before two is it stripped ("Kenyan Susan Chepkemei")
    "Thai Truong", "Chinese Li",
])
def test_names_that_look_like_titles_are_kept(surface):
    assert key(surface) == surface


def test_title_words_in_org_names_are_not_stripped():
    assert key("General Motors", "ORG") == "General Motors"
    assert key("Dr Pepper", "ORG") == "Dr Pepper"
    assert key("President Hotel", "FAC") == "President Hotel"


def test_personal_honorific_stripped_whatever_the_label():
    assert key("Mr Blair", "ORG") == "Blair"
    assert normalise_mention("Mr Blair", "ORG").personal_honorific
    assert key("Dame Julie", "FAC") == "Julie"


def test_junk_after_person_names():
    assert key("Alan Milburn - the") == "Alan Milburn"
    assert key("Ian MacDonald QC") == "Ian MacDonald"
    assert key("a Hans Christian Andersen") == "Hans Christian Andersen"
    assert key("Harry Connick Jr") == "Harry Connick Jr"
    assert key("Charles de Gaulle") == "Charles de Gaulle"
    assert key("de Villepin") == "de Villepin"


# ---------------------------------------------------------------------------
# possessives, "the", punctuation, whitespace, acronyms
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("surface, label, expected", [
    ("Pakistan's", "GPE", "Pakistan"),
    ("Pakistan\u2019s", "GPE", "Pakistan"),
    ("Williams'", "PERSON", "Williams"),
    ("Mr Brown's", "PERSON", "Brown"),
    ("Emile Zola's", "PERSON", "Emile Zola"),
    ("the Law Lords'", "ORG", "Law Lords"),
    ("the United Nations", "ORG", "United Nations"),
    ("The European Union", "ORG", "European Union"),
    ("the BBC", "ORG", "BBC"),
    ("The", "ORG", "The"),
    ("  Tony \n Blair ", "PERSON", "Tony Blair"),
    ("\u201cOracle,", "ORG", "Oracle"),
    ("(Nasdaq)", "ORG", "Nasdaq"),
    ("'Peoplesoft'", "ORG", "Peoplesoft"),
    ("U.S.", "GPE", "US"),
    ("U.S", "GPE", "US"),
    ("U.N.", "ORG", "UN"),
    ("the U.K.", "GPE", "UK"),
    ("U.S. Army", "ORG", "US Army"),
    ("MCI Inc.", "ORG", "MCI Inc"),
    ("George W.", "PERSON", "George W."),
    ("O\u2019Neill", "PERSON", "O'Neill"),
])
def test_surface_normalisation(surface, label, expected):
    assert key(surface, label) == expected


def test_same_string_same_key_whatever_the_label():
    text = "Labour said Labour would win. Labour's plans."
    assert keys_for(text, [("Labour", "ORG"), ("Labour", "PERSON"), ("Labour", "NORP")]) == ["Labour"] * 3


# ---------------------------------------------------------------------------
# article-level rules
# ---------------------------------------------------------------------------

def test_surname_links_to_full_name_later_and_earlier():
    text = ("Blair arrived first. Tony Blair said the plan was sound. "
            "Mr Blair added that Blair's government would act.")
    ks = keys_for(text, [("Blair", "PERSON"), ("Tony Blair", "PERSON"),
                         ("Mr Blair", "PERSON"), ("Blair", "PERSON")])
    assert ks == ["Tony Blair"] * 4


def test_ambiguous_surname_is_left_alone():
    text = "Tony Blair and Cherie Blair arrived. Mr Blair spoke."
    ks = keys_for(text, [("Tony Blair", "PERSON"), ("Cherie Blair", "PERSON"), ("Blair", "PERSON")])
    assert ks == ["Tony Blair", "Cherie Blair", "Blair"]


def test_first_name_and_middle_initial_partials():
    text = ("Phil Spector denied it. Phil did not do it. President George W. Bush spoke. "
            "Later George Bush left.")
    ks = keys_for(text, [("Phil Spector", "PERSON"), ("Phil", "PERSON"),
                         ("George W. Bush", "PERSON"), ("George Bush", "PERSON")])
    assert ks == ["Phil Spector", "Phil Spector", "George W. Bush", "George W. Bush"]


def test_two_forms_in_one_sentence_are_two_people():
    text = "He served under Presidents George W Bush, Bill Clinton, George Bush and Ronald Reagan."
    ks = keys_for(text, [("George W Bush", "PERSON"), ("Bill Clinton", "PERSON"),
                         ("George Bush", "PERSON"), ("Ronald Reagan", "PERSON")])
    assert ks == ["George W Bush", "Bill Clinton", "George Bush", "Ronald Reagan"]


def test_particles_and_case_in_partial_names():
    text = ("Walter van der Vijver resigned. An email from Mr Van de Vijver said so. "
            "Jean-Marie Le Pen spoke. Le Pen left.")
    ks = keys_for(text, [("Walter van der Vijver", "PERSON"), ("Mr Van de Vijver", "ORG"),
                         ("Jean-Marie Le Pen", "PERSON"), ("Le Pen", "PERSON")])
    assert ks == ["Walter van der Vijver"] * 2 + ["Jean-Marie Le Pen"] * 2


def test_surname_with_other_label_links_only_with_evidence():
    text = ("Foreign Minister Qureshi met Shah Mehmood Qureshi's staff. Qureshi said yes. "
            "Along with Qureshi they left.")
    ks = keys_for(text, [("Qureshi", "GPE"), ("Shah Mehmood Qureshi", "PERSON"),
                         ("Qureshi", "PERSON"), ("Qureshi", "GPE")])
    assert ks == ["Shah Mehmood Qureshi"] * 4


def test_company_named_after_person_is_not_merged():
    text = "Michael Dell founded Dell. Dell shares rose. Ford said Bill Ford would stay."
    ks = keys_for(text, [("Michael Dell", "PERSON"), ("Dell", "ORG"), ("Dell", "ORG"),
                         ("Ford", "ORG"), ("Bill Ford", "PERSON")])
    assert ks == ["Michael Dell", "Dell", "Dell", "Ford", "Bill Ford"]


def test_non_names_are_not_linking_targets():
    text = "Bolton v Derby was off. Bolton won. Adam Smith Lecture held. Smith was praised."
    ks = keys_for(text, [("Bolton v Derby", "PERSON"), ("Bolton", "PERSON"),
                         ("Adam Smith Lecture", "PERSON"), ("Smith", "PERSON")])
    assert ks == ["Bolton v Derby", "Bolton", "Adam Smith Lecture", "Smith"]


def test_truncated_person_span_is_completed():
    text = ("Earlier he called on Foreign Minister Shah Mehmood Qureshi at the ministry. "
            "Qureshi said so. Production chief Walter van der Vijver quit. "
            "Mr Van de Vijver wrote.")
    start = text.index("Shah Mehmood")
    wv = text.index("Walter van")
    q = text.index("Qureshi said")
    vv = text.index("Mr Van de Vijver")
    ks = entity_keys(text, [(start, start + len("Shah Mehmood"), "PERSON"),
                            (q, q + len("Qureshi"), "PERSON"),
                            (wv, wv + len("Walter van"), "PERSON"),
                            (vv, vv + len("Mr Van de Vijver"), "ORG")])
    assert ks == ["Shah Mehmood Qureshi", "Shah Mehmood Qureshi",
                  "Walter van der Vijver", "Walter van der Vijver"]


def test_all_caps_takes_article_spelling_but_short_acronyms_stay():
    text = "ISLAMABAD - Talks were held in Islamabad. The US told us. NATO and Nato."
    ks = keys_for(text, [("ISLAMABAD", "GPE"), ("Islamabad", "GPE"), ("US", "GPE"),
                         ("NATO", "ORG"), ("Nato", "ORG")])
    assert ks == ["Islamabad", "Islamabad", "US", "Nato", "Nato"]


def test_names_ending_in_apostrophe_s():
    mcd = ("McDonald's, the world's largest chain, is to sponsor MTV. It gives McDonald's "
           "access to homes. McDonalds has also been taking steps.")
    ks = keys_for(mcd, [("McDonald", "ORG"), ("McDonald", "ORG"), ("McDonalds", "ORG")])
    assert ks == ["McDonald's"] * 3
    amazon = "It topped Amazon's book chart. It was Amazon's largest item, said Amazon's Robin."
    assert keys_for(amazon, [("Amazon", "ORG")] * 3) == ["Amazon"] * 3
    shell = "Shell said so. Shell's reserves fell. Shell restated them."
    assert keys_for(shell, [("Shell", "ORG")] * 3) == ["Shell"] * 3


def test_acronym_variants_share_a_key():
    text = "The U.S. said the US would act."
    assert keys_for(text, [("U.S.", "GPE"), ("US", "GPE")]) == ["US", "US"]


def test_numeric_labels_are_left_alone():
    text = "One of them said one thing last week. Last week it rained."
    ks = keys_for(text, [("One", "CARDINAL"), ("one", "CARDINAL"),
                         ("last week", "DATE"), ("Last week", "DATE")])
    assert ks == ["One", "one", "last week", "Last week"]


def test_edge_cases():
    assert entity_keys("", []) == []
    text = "Blair"
    assert entity_keys(text, [(0, 5, "PERSON"), (0, 0, "PERSON")]) == ["Blair", ""]
    # output order = input order, not sorted
    text = "Gordon Brown met Mr Brown."
    ks = entity_keys(text, [(20, 25, "PERSON"), (0, 12, "PERSON")])
    assert ks == ["Gordon Brown", "Gordon Brown"]


def test_module_is_plain_python():
    code = ("import sys, newsflow.tasks.nlp.keys; "
            "bad = [m for m in ('spacy', 'prefect', 'thinc') if m in sys.modules]; "
            "assert not bad, bad")
    subprocess.run([sys.executable, "-c", code], cwd=REPO, check=True)


# ---------------------------------------------------------------------------
# the seed article through the real model
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def nlp():
    from newsflow.tasks.evaluation.extraction import load_pipeline_nlp

    return load_pipeline_nlp()


def test_seed_article_keys(nlp):
    from newsflow.tasks.evaluation.extraction import gold_article_text

    text = gold_article_text(SEED)
    doc = nlp(text)
    assert nlp.pipe_names == ["senter", "paragraph_sentence_starts", "ner"]
    mentions = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    ks = entity_keys(text, mentions)
    by_label = defaultdict(set)
    for (_, _, label), k in zip(mentions, ks):
        by_label[label].add(k)
    assert {"Imran Khan", "Javad Zarif", "Shah Mehmood Qureshi"} <= by_label["PERSON"]
    assert {"Pakistan", "Iran", "Afghanistan"} <= by_label["GPE"]
    all_keys = set(ks)
    for partial in ("Qureshi", "Shah Mehmood", "Dr. Javad Zarif", "Pakistan's", "Pakistan\u2019s"):
        assert partial not in all_keys


def test_a_mention_made_a_person_by_label_correction_takes_its_articles_full_name():
    from newsflow.tasks.nlp.keys import link_relabelled_persons

    # spaCy called the second "Truong" a GPE, so the keys could not link it; the correction made it a PERSON
    assert link_relabelled_persons(["a", "a", "a", "b"], ["PERSON", "PERSON", "GPE", "PERSON"],
                                   ["PERSON", "GPE", "GPE", "ORG"], ["Thai Truong", "Truong", "Truong", "Truong"]
                                   ) == ["Thai Truong", "Thai Truong", "Truong", "Truong"]
    # two Blairs in the article: which one is not known, the key stays
    assert link_relabelled_persons(["a"] * 3, ["PERSON"] * 3, ["PERSON", "PERSON", "ORG"],
                                   ["Tony Blair", "Cherie Blair", "Blair"]) == ["Tony Blair", "Cherie Blair", "Blair"]
