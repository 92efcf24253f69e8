"""Word lists for attribution: cue verbs, pronouns, person-role nouns, non-person sources.

General English news vocabulary (not fitted to any corpus): the reporting verbs of style guides and
quotation-attribution studies, and the common role nouns a journalist uses for a named person.
"""
import re

# Reporting verbs as they appear in attributions: past tense, and the present tense of the verbs
# news copy uses in the present ("says", "tells"). Base forms are left out: "state", "report", "post"
# and "note" are nouns far more often than cues.
_PAST = (
    "said told added warned explained insisted claimed stated argued noted asked announced declared "
    "admitted continued commented suggested stressed urged confirmed maintained acknowledged recalled "
    "concluded agreed revealed conceded joked complained predicted promised observed emphasised "
    "emphasized remarked cautioned vowed pledged quipped shouted cried whispered tweeted posted "
    "reported answered responded replied wrote testified alleged asserted contended countered denied "
    "boasted enthused exclaimed grumbled muttered pleaded proclaimed recounted reflected reiterated "
    "repeated retorted scoffed sighed snapped underlined elaborated wondered mused begged demanded "
    "yelled screamed protested objected interjected fumed blasted slammed raged lamented gushed "
    "chanted")
_PRESENT = ("says tells adds warns explains insists claims argues asks writes admits believes "
            "suggests notes recalls continues stresses urges concedes agrees predicts")
CUE_VERBS: frozenset[str] = frozenset((_PAST + " " + _PRESENT).split())

# Verbs that introduce a partial quotation further on in a sentence, not a whole one.
LOOSE_CUES = frozenset("described called branded dubbed labelled labeled termed hailed".split())

PRONOUNS_SINGULAR = {"he": "m", "she": "f"}
PRONOUNS_OTHER = {"they", "we", "i", "you", "it", "one"}
# Adverbs that sit between a speaker and the cue ("he later said", "she also told").
ADVERBS = {"also", "later", "then", "further", "again", "once", "previously", "earlier", "simply",
           "now", "recently", "yesterday", "today", "reportedly", "allegedly", "subsequently", "had",
           "has", "have", "would", "will", "was", "is", "quickly", "just", "only", "still"}
DETERMINERS = {"the", "a", "an", "his", "her", "its", "their", "our", "one", "another", "this", "that"}
# Function words that end a speaker phrase after a cue ("said Mr Khan when ...", "said X of Y").
STOP_WORDS = {"when", "as", "who", "which", "while", "after", "before", "during", "in", "at", "on",
              "of", "for", "from", "with", "to", "and", "but", "adding", "because", "since", "that",
              "whose", "where", "about", "yesterday", "today", "last", "on", "told", "following",
              "recently", "earlier", "later", "this", "has", "had", "was", "is", "will", "would", "by", "than",
              "like", "were", "are", "be", "been", "if", "so", "or", "said", "says"}
HONORIFICS = {"mr": "m", "mr.": "m", "sir": "m", "lord": "m", "mrs": "f", "mrs.": "f", "ms": "f",
              "ms.": "f", "miss": "f", "lady": "f", "dame": "f", "baroness": "f", "dr": "", "dr.": "",
              "prof": "", "prof.": "", "professor": ""}
# Head nouns of a definite description that refers to a person named earlier ("the minister").
PERSON_ROLES = set(
    "minister spokesman spokeswoman spokesperson president chairman chairwoman chair chief executive "
    "boss manager coach director leader secretary chancellor premier senator governor mayor judge "
    "lawyer attorney prosecutor official officer star actor actress singer player striker "
    "midfielder defender goalkeeper captain skipper champion winner author writer founder analyst "
    "economist expert professor doctor police-officer detective commissioner ambassador king queen "
    "prince princess pope bishop mp mep candidate rapper musician comedian presenter host "
    "entrepreneur businessman businesswoman billionaire tycoon veteran man woman boy girl father "
    "mother son daughter wife husband teenager youngster rider driver runner athlete batsman "
    "bowler international designer producer filmmaker film-maker novelist head frontman "
    "guitarist drummer vocalist reporter journalist editor owner investor banker trader worker "
    "teacher student victim suspect defendant witness source aide adviser advisor chief-executive "
    "inspector general colonel ceo cfo chairperson vice-president sprinter fly-half scrum-half "
    "full-back winger forward centre prop lock flanker hooker boxer golfer cyclist swimmer".split())
AGE_ROLE = re.compile(r"\d+-year-old$")
# Words that make a capitalised name an organisation, not a person ("Royal Bank", "Labour Party").
ORG_WORDS = set(
    "inc ltd plc corp co company group bank council association party union club university college "
    "school agency office committee commission ministry department fc united city news times post "
    "press institute foundation trust board court police service services society network airlines "
    "airways motors systems technologies international federation league government authority "
    "church hospital centre center museum fund capital partners holdings industries media records "
    "studios pictures entertainment games labs organisation organization democrats republicans "
    "conservatives socialists greens liberals nationalists".split())
