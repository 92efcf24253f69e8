import pytest

from newsflow.tasks.ingest.textparse import parse_dateline, parse_plain_text


@pytest.mark.parametrize("opening, place", [
    ("ISLAMABAD - Pakistan on Wednesday", "ISLAMABAD"),
    ("LONDON (Reuters) - Shares fell", "LONDON"),
    ("WASHINGTON, Nov. 27 -- The Senate", "WASHINGTON"),
    ("NEW YORK, Nov 27 (AP) — Stocks rose", "NEW YORK"),
    ("SÃO PAULO, Brazil — Rain", "SÃO PAULO"),
    ("BEIJING – China said", "BEIJING"),
    ("KARACHI: The Sindh government", "KARACHI"),                      # Dawn, The Times of India
    ("NEW DELHI, Dec 4: “We will act,” he said", "NEW DELHI"),
    ("NEW DELHI, Dec 4 (PTI) Prime Minister Modi said", "NEW DELHI"),  # a wire with no dash
    ("TOKYO (Kyodo) Japan's economy", "TOKYO"),
    ("MADRID, 7 ene (EFE).- El Gobierno aprobó", "MADRID"),            # EFE's Spanish wire
    ("PARIS, 7 janv. 2016 (AFP) - Le président a dit", "PARIS"),
    ("BRUXELLES, 3 mars (Reuters) - La Commission", "BRUXELLES"),
    # title case, when the gazetteer knows the place (Gulf News, Hindustan Times, AllAfrica, ECB+'s Mumbai)
    ("Dubai: Work on the metro began", "Dubai"),
    ("New Delhi: The government said", "New Delhi"),
    ("Nairobi — Kenya's president said", "Nairobi"),
    ("Mumbai, Nov 11 - Indian Navy patrolling", "Mumbai"),
    ("The Hague — Judges ruled", "The Hague"),
])
def test_datelines(opening, place):
    assert parse_dateline(opening) == place


@pytest.mark.parametrize("opening", [
    "The government - which said", "I - like it", "Budget 2005 - what it means", "Shell is to pay $1m",
    "BREAKING: Quake hits", "UPDATE 2 - Shares fall", "EDITOR'S NOTE — This story", "LIVE: Election results",
    "US: a view from abroad", "NATO (the alliance) said", "Note: figures are rounded",
    "POSTED: December 08, 2010 Yvonne Hiller", "PUBLISHED: 22:07 GMT, 7 July 2012",
    "Update: The story changed", "Biden: We will win", "Meanwhile - The vote", "Orange: The company said",
    "France : à 86 ans, il roule à contresens",   # a French headline's kicker, not a dateline
])
def test_not_datelines(opening):
    assert parse_dateline(opening) is None


def test_title_line_then_blank_line():
    article = parse_plain_text("Shell boss quits\n\nShell is to pay $1m to the ex-finance chief.\n")
    assert (article.title, article.dateline) == ("Shell boss quits", None)
    assert article.text == "Shell is to pay $1m to the ex-finance chief."


def test_dateline_opening_is_not_a_title_and_stays_in_the_text(seed_text=None):
    raw = "ISLAMABAD - Pakistan called for talks.\n\nSecond paragraph.\n\nThird."
    article = parse_plain_text(raw)
    assert article.title is None
    assert article.dateline == "ISLAMABAD"
    assert article.text.startswith("ISLAMABAD - Pakistan")


def test_first_paragraph_sentence_is_not_a_title():
    article = parse_plain_text("He said no.\n\nThen he left.\n\nThe end.")
    assert article.title is None


def test_title_with_dateline_after_it():
    article = parse_plain_text("Talks in Islamabad\n\nISLAMABAD - Pakistan called for talks.")
    assert (article.title, article.dateline) == ("Talks in Islamabad", "ISLAMABAD")


def test_markdown_front_matter_and_heading():
    raw = "---\ntitle: \"Front title\"\ndate: 2024-05-01\nurl: https://example.com/a\n---\n# Ignored\n\nBody text."
    article = parse_plain_text(raw, markdown=True)
    assert article.title == "Front title"
    assert article.fields["date"] == "2024-05-01"
    assert parse_plain_text("# A heading\n\nBody here.\n", markdown=True).title == "A heading"


def test_a_title_case_place_and_colon_in_a_headline_stays_the_title():
    article = parse_plain_text("Dubai: Metro line opens\n\nDubai: Work on the line began on Tuesday.\n")
    assert (article.title, article.dateline) == ("Dubai: Metro line opens", "Dubai")
