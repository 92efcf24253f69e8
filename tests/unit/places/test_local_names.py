"""Country names in the article's language (CLDR through babel): looked up only in that language."""
import pandas as pd

from newsflow.tasks.places.local import country_names, in_english
from newsflow.tasks.places.tables import place_keys, resolve_places


def test_a_country_named_in_the_articles_language_is_looked_up_by_its_english_name():
    assert in_english("Allemagne", "fr") == "Germany"
    assert in_english("l'Allemagne", "fr") == "Germany"
    assert in_english("Corée du Nord", "fr") == "North Korea"
    assert in_english("États-Unis", "fr") == "United States"
    assert in_english("Vereinigte Staaten", "de") == "United States"
    assert in_english("Londres", "fr") == "Londres"          # a city: GeoNames' alternate names have it


def test_other_languages_names_do_not_reach_english_articles():
    assert country_names("en") == {} and country_names(None) == {} and country_names("und") == {}
    assert country_names("xx") == {}                          # no such locale: nothing, no error
    assert in_english("Allemagne", "en") == "Allemagne"
    assert in_english("Granada", "es") == "Grenada" and in_english("Granada", "en") == "Granada"


def test_french_mentions_resolve_and_keep_their_text():
    text = "La Corée du Nord a tiré un missile vers le Japon, selon l'Allemagne et les États-Unis."
    mentions = [(m, text.index(m)) for m in ("Corée du Nord", "Japon", "l'Allemagne", "États-Unis")]
    entities = pd.DataFrame({"article_id": "a", "start_char": [s for _, s in mentions],
                             "end_char": [s + len(m) for m, s in mentions], "text": [m for m, _ in mentions],
                             "label": "GPE"})
    articles = pd.DataFrame({"article_id": ["a"], "text": [text], "dateline": [None], "language": ["fr"]})
    places, focus = resolve_places(articles, entities)
    assert list(zip(places["text"], places["country_code"], places["kind"])) == [
        ("Corée du Nord", "KP", "country"), ("Japon", "JP", "country"), ("l'Allemagne", "DE", "country"),
        ("États-Unis", "US", "country")]
    assert all(text[s:e] == t for s, e, t in zip(places["start_char"], places["end_char"], places["text"]))
    english, _ = resolve_places(articles.assign(language="en"), entities)
    assert english.empty
    assert place_keys({"Allemagne", "Syrie", "Dupont"}, "fr") == {"Allemagne", "Syrie"}
