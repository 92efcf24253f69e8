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


def _resolve(text, mentions, language):
    entities = pd.DataFrame({"article_id": "a", "start_char": [text.index(m) for m, _ in mentions],
                             "end_char": [text.index(m) + len(m) for m, _ in mentions],
                             "text": [m for m, _ in mentions], "label": [lab for _, lab in mentions]})
    articles = pd.DataFrame({"article_id": ["a"], "text": [text], "dateline": [None], "language": [language]})
    return resolve_places(articles, entities)


def test_french_demonyms_carry_their_country():
    from newsflow.tasks.places.local import demonym_country

    assert [demonym_country(w, "fr") for w in ("Britanniques", "Australienne", "Turcs", "Nord-Coréens",
                                                "Grecque", "Belges", "Kurdes")] == ["GB", "AU", "TR", "KP",
                                                                                  "GR", "BE", None]
    assert demonym_country("Britanniques", "en") is None
    places, _ = _resolve("Les Britanniques ont voté.", [("Britanniques", "NORP")], "fr")
    assert list(zip(places["text"], places["country_code"])) == [("Britanniques", "GB")]


def test_the_articles_language_is_weak_evidence_of_where_its_places_are():
    """"Rouen" alone is no sure place (112,000 people against the null reading); in a French article,
    France is likely, as a demonym would make it; English is written about everywhere."""
    text = "Un camion a foncé sur la foule à Rouen."
    places, focus = _resolve(text, [("Rouen", "LOC")], "fr")
    assert list(zip(places["geonameid"], places["country_code"])) == [(2982652, "FR")]
    assert focus["focus_country"].tolist() == ["FR"]
    english, _ = _resolve("A lorry drove into the crowd in Rouen.", [("Rouen", "GPE")], "en")
    assert english.empty
