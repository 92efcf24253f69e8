"""correct_labels / vote_rows: one label per entity from votes, cues and the gazetteer."""
import pandas as pd

from newsflow.tasks.nlp.labels import correct_labels, vote_rows
from newsflow.tasks.nlp.schema import LABEL_VOTES_SCHEMA, LABELLED_SCHEMA


def frame(rows):
    return pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "text", "label", "entity_key"])


def test_vote_rows_counts_model_labels_per_key():
    m = frame([("a", 0, 5, "Yukos", "ORG", "Yukos"), ("a", 9, 14, "Yukos", "PERSON", "Yukos"),
               ("b", 0, 5, "Yukos", "ORG", "Yukos"), ("b", 7, 11, "2004", "DATE", "2004")])
    v = vote_rows(m)
    assert list(v.columns) == LABEL_VOTES_SCHEMA.names
    assert v.to_dict("records") == [{"entity_key": "Yukos", "label": "ORG", "mentions": 2},
                                    {"entity_key": "Yukos", "label": "PERSON", "mentions": 1}]


def test_corpus_votes_overrule_a_lone_mention():
    m = frame([("c", 0, 5, "Yukos", "PERSON", "Yukos")])
    votes = pd.DataFrame({"entity_key": ["Yukos", "Yukos"], "label": ["ORG", "PERSON"], "mentions": [9, 1]})
    out = correct_labels(m, votes)
    assert list(out.columns) == LABELLED_SCHEMA.names
    assert out.to_dict("records") == [{"label": "ORG", "model_label": "PERSON"}]


def test_article_majority_without_votes():
    m = frame([("a", 0, 7, "Qureshi", "GPE", "Qureshi"), ("a", 20, 27, "Qureshi", "PERSON", "Qureshi"),
               ("a", 40, 47, "Qureshi", "PERSON", "Qureshi")])
    assert correct_labels(m, None)["label"].tolist() == ["PERSON"] * 3


def test_cues_in_the_words():
    m = frame([("a", 0, 8, "Mr Blair", "ORG", "Blair"), ("a", 10, 22, "Acme Widgets Ltd", "PERSON", "Acme Widgets Ltd"),
               ("a", 30, 37, "British", "PERSON", "British"), ("a", 40, 44, "2004", "DATE", "2004")])
    assert correct_labels(m, None)["label"].tolist() == ["PERSON", "ORG", "NORP", "DATE"]


def test_title_before_the_mention_with_texts():
    text = "Foreign Minister Qureshi spoke."
    m = frame([("a", 17, 24, "Qureshi", "GPE", "Qureshi")])
    assert correct_labels(m, None, {"a": text})["label"].tolist() == ["PERSON"]
    assert correct_labels(m, None)["label"].tolist() == ["GPE"]


def test_gazetteer_makes_a_place():
    m = frame([("a", 0, 6, "France", "PERSON", "France"), ("a", 10, 16, "France", "GPE", "France")])
    assert correct_labels(m, None)["label"].tolist() == ["GPE", "GPE"]


def one(text, sub, label, key=None):
    s = text.index(sub)
    return frame([("a", s, s + len(sub), sub, label, key or sub)])


def test_context_cues_need_the_text():
    cases = [
        ("The bodies of Alice McMeekin, 58, were found.", "Alice McMeekin", "ORG", "PERSON"),
        ("the 63-year-old Madeline Kafoury died", "Madeline Kafoury", "ORG", "PERSON"),
        ("Newcastle boss Graeme Souness said", "Newcastle", "GPE", "ORG"),
        ("the show Advance Warning highlights", "Advance Warning", "ORG", "WORK_OF_ART"),
        ("the anti-depressant Prozac from its maker", "Prozac", "PERSON", "PRODUCT"),
        ("except direct-sales giant Dell.", "Dell", "PERSON", "ORG"),
        ("Santa Monica-based Activision is", "Activision", "PERSON", "ORG"),
        ("compatriot Ronaldo scored", "Ronaldo", "ORG", "PERSON"),
        ("and the city of Bandar Abbas, state media said", "Bandar Abbas", "PERSON", "GPE"),
        ("the disputed region of Kashmir", "Kashmir", "GPE", "LOC"),
    ]
    for text, sub, model, want in cases:
        m = one(text, sub, model)
        assert correct_labels(m, None, {"a": text})["label"].tolist() == [want], (text, want)
        assert correct_labels(m, None)["label"].tolist() == [model], text   # no text, no context cue


def test_a_cue_holds_for_the_key_in_the_whole_article():
    text = "Mr Kinnear spoke. Later Kinnear left."
    m = frame([("a", 0, 10, "Mr Kinnear", "PERSON", "Kinnear"), ("a", 24, 31, "Kinnear", "ORG", "Kinnear")])
    assert correct_labels(m, None, {"a": text})["label"].tolist() == ["PERSON", "PERSON"]


def test_city_followed_by_its_country_or_state():
    text = "from Abu Talat (Egypt) to Beaumont, Texas."
    rows = [("a", 5, 14, "Abu Talat", "PERSON", "Abu Talat"), ("a", 16, 21, "Egypt", "GPE", "Egypt"),
            ("a", 26, 34, "Beaumont", "PERSON", "Beaumont"), ("a", 36, 41, "Texas", "GPE", "Texas")]
    assert correct_labels(frame(rows), None, {"a": text})["label"].tolist() == ["GPE"] * 4


def test_surname_of_a_person_in_the_article():
    m = frame([("a", 0, 12, "Rory Kinnear", "PERSON", "Rory Kinnear"), ("a", 20, 27, "Kinnear", "ORG", "Kinnear")])
    assert correct_labels(m, None)["label"].tolist() == ["PERSON", "PERSON"]


def test_votes_of_this_article_are_not_counted_twice():
    m = frame([("a", 0, 6, "Kinnear", "ORG", "Kinnear")])
    votes = vote_rows(m)
    assert correct_labels(m, votes, votes_include_batch=True)["label"].tolist() == ["ORG"]
    other = pd.DataFrame({"entity_key": ["Kinnear"], "label": ["PERSON"], "mentions": [5]})
    assert correct_labels(m, pd.concat([votes, other]))["label"].tolist() == ["PERSON"]


def test_a_part_of_a_persons_name_in_the_article_outvotes_the_model():
    m = frame([("a", 0, 12, "Alan Shearer", "PERSON", "Alan Shearer"), ("a", 20, 27, "Shearer", "ORG", "Shearer"),
               ("a", 30, 37, "Shearer", "ORG", "Shearer"), ("a", 40, 47, "Shearer", "ORG", "Shearer"),
               ("a", 50, 57, "Jonatan Johansson", "PERSON", "Jonatan Johansson"),
               ("a", 60, 67, "Jonatan", "LOC", "Jonatan")])
    assert correct_labels(m, None)["label"].tolist() == ["PERSON"] * 6


def test_a_club_is_no_persons_name():
    m = frame([("a", 0, 17, "Manchester United", "PERSON", "Manchester United"),
               ("a", 20, 26, "United", "ORG", "United")])
    assert correct_labels(m, None)["label"].tolist() == ["ORG", "ORG"]


def test_sides_played_against_in_a_sports_report():
    text = ("Charlton won 4-0 after beating Norwich. Wales face France next. The England game is on Tuesday. "
            "The striker scored two goals.")
    for sub in ("Norwich", "France", "England"):
        m = one(text, sub, "GPE")
        assert correct_labels(m, None, {"a": text})["label"].tolist() == ["ORG"], sub
    plain = "Sanctions against France were lifted."
    assert correct_labels(one(plain, "France", "GPE"), None, {"a": plain})["label"].tolist() == ["GPE"]


def test_a_place_before_a_person_noun_or_after_a_street():
    cases = [("A 20-year-old US man is selling", "US", "PERSON", "GPE"),
             ("at a house in Newton Street, Millom, on Saturday", "Millom", "ORG", "GPE"),
             ("The Californian man was charged", "Californian", "NORP", "NORP")]
    for text, sub, model, want in cases:
        assert correct_labels(one(text, sub, model), None, {"a": text})["label"].tolist() == [want], text


def test_acronyms_the_gazetteer_does_not_know_are_organisations():
    m = frame([("a", 0, 2, "BT", "GPE", "BT"), ("a", 5, 7, "US", "GPE", "US"), ("a", 9, 11, "LA", "GPE", "LA")])
    assert correct_labels(m, None)["label"].tolist() == ["ORG", "GPE", "GPE"]


def test_the_before_a_plural_name_is_a_group():
    text = "known for his work with the Beatles, he said"
    assert correct_labels(one(text, "Beatles", "PERSON"), None, {"a": text})["label"].tolist() == ["ORG"]
    text = "A judge should look into the David Blunkett controversy"
    assert correct_labels(one(text, "David Blunkett", "PERSON"), None, {"a": text})["label"].tolist() == ["PERSON"]


def test_the_head_of_a_list_describes_every_item():
    text = "Small firms such as Blinkx, Copernic and X-Friend offer tools."
    for sub in ("Blinkx", "Copernic", "X-Friend"):
        assert correct_labels(one(text, sub, "GPE"), None, {"a": text})["label"].tolist() == ["ORG"], sub
    text = "artists like Joss Stone and Franz Ferdinand"
    assert correct_labels(one(text, "Joss Stone", "ORG"), None, {"a": text})["label"].tolist() == ["PERSON"]


def test_an_events_a_streets_or_a_products_own_words_decide_its_label():
    """The last word of an event's name ("the Academy Awards", "Comic-Con"), a street's or building's word
    at either end ("Rue de Castiglione", "Newton Street", "the Prince Edward Theatre"), a brand and its model number ("the BlackBerry Q10", not a
    lone "G20"), without a corpus to vote."""
    m = frame([("a", 0, 18, "the Academy Awards", "ORG", "Academy Awards"),
               ("a", 20, 38, "San Diego Comic-Con", "ORG", "San Diego Comic-Con"),
               ("a", 40, 58, "Rue de Castiglione", "ORG", "Rue de Castiglione"),
               ("a", 60, 73, "Newton Street", "PERSON", "Newton Street"),
               ("a", 80, 98, "the BlackBerry Q10", "ORG", "BlackBerry Q10"), ("a", 100, 103, "G20", "ORG", "G20"),
               ("a", 110, 135, "the Prince Edward Theatre", "ORG", "Prince Edward Theatre")])
    assert correct_labels(m, None)["label"].tolist() == ["EVENT", "EVENT", "FAC", "FAC", "PRODUCT", "ORG", "FAC"]


def test_a_persons_appositive_and_a_settlements_noun_decide_the_label():
    cases = [("Fauzi, an official from the local disaster agency, told AFP.", "Fauzi", "GPE", "PERSON"),
             ('"I dialed 911," said Mahadeo Rambrich, a witness.', "Mahadeo Rambrich", "ORG", "PERSON"),
             ("Intel, a leader in chips, fell.", "Intel", "ORG", "ORG"),
             ("Fort Coffee, a town of 400, mourned.", "Fort Coffee", "ORG", "ORG"),
             ("In Suka Makmur village a landslide engulfed a plantation.", "Suka Makmur", "PERSON", "GPE"),
             ("Jeffs state of mind was poor.", "Jeffs", "PERSON", "PERSON")]
    for text, sub, model, want in cases:
        assert correct_labels(one(text, sub, model), None, {"a": text})["label"].tolist() == [want], text


def test_an_appositive_after_a_comma_is_no_region_and_a_middle_initial_makes_a_person():
    text = "But William L. Kovacs, the U.S. Chamber of Commerce's vice president, said so. Anna K. Berg spoke."
    kovacs, us, berg = text.index("William"), text.index("U.S."), text.index("Anna")
    rows = [("a", kovacs, kovacs + 17, "William L. Kovacs", "PERSON", "William L. Kovacs"),
            ("a", us - 4, us + 4, "the U.S.", "GPE", "U.S."),
            ("a", berg, berg + 12, "Anna K. Berg", "GPE", "Anna K. Berg")]
    assert correct_labels(frame(rows), None, {"a": text})["label"].tolist() == ["PERSON", "GPE", "PERSON"]
