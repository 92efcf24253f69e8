"""Key-cleaning rules: brackets, dashes, function words, descriptors, a leading "The" of a name."""
from newsflow.tasks.nlp.keys import entity_keys, normalise_mention


def keys_of(text, spans):
    out, pos = [], 0
    for sub, label in spans:
        i = text.index(sub, pos)
        out.append((i, i + len(sub), label))
        pos = i + 1
    return entity_keys(text, out)


def test_unbalanced_brackets_cut():
    assert normalise_mention("Fabien Pelous (Stade Toulousain", "PERSON").key == "Fabien Pelous"
    assert normalise_mention("World Health Organisation (WHO", "ORG").key == "World Health Organisation"
    assert normalise_mention("(WHO)", "ORG").key == "WHO"


def test_dash_tail_and_function_words():
    assert normalise_mention("World Social Forum - the", "ORG").key == "World Social Forum"
    assert normalise_mention("this Six Nations", "EVENT").key == "Six Nations"
    assert normalise_mention("Bank of England and", "ORG").key == "Bank of England"
    assert normalise_mention("Coca-Cola", "ORG").key == "Coca-Cola"
    assert normalise_mention("eBay", "ORG").key == "eBay"
    assert normalise_mention("the the Louvre museum", "FAC").key == "Louvre museum"
    assert normalise_mention("of the Bank", "ORG").key == "Bank"


def test_numeric_mentions_untouched_by_cleaning():
    assert normalise_mention("the last two", "DATE").key == "last two"


def test_common_noun_descriptor_leaves_person_key():
    text = "Bookmaker William Hill said the bookmaker would pay. Beatle George Harrison joined the Beatles."
    assert keys_of(text, [("Bookmaker William Hill", "PERSON"), ("Beatle George Harrison", "PERSON")]) == [
        "William Hill", "George Harrison"]


def test_first_name_that_is_a_word_stays():
    text = "Mark Van Bommel made his mark. Rose Mary Smith rose."
    assert keys_of(text, [("Mark Van Bommel", "PERSON"), ("Rose Mary Smith", "PERSON")]) == [
        "Mark Van Bommel", "Rose Mary Smith"]


def test_leading_the_of_a_work_or_outlet():
    text = "Fans of The Office wrote to The Guardian. The BBC and the Guardian said so."
    assert keys_of(text, [("The Office", "WORK_OF_ART"), ("The Guardian", "ORG"), ("The BBC", "ORG"),
                          ("the Guardian", "ORG")]) == ["The Office", "The Guardian", "BBC", "The Guardian"]
    # at a sentence start a capital "The" says nothing: dropped as before
    assert keys_of("The European Union met.", [("The European Union", "ORG")]) == ["European Union"]
