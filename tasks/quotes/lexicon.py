"""Word lists for attribution: cue verbs, pronouns, person-role nouns, non-person sources.

General news vocabulary (not fitted to any corpus): the reporting verbs of style guides and
quotation-attribution studies, and the common role nouns a journalist uses for a named person, in
English and in French (`Lexicon`, `lexicon_for`).
"""
import re
from dataclasses import dataclass

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
    "chanted mumbled questioned")
_PRESENT = ("says tells adds warns explains insists claims argues asks writes admits believes "
            "suggests notes recalls continues stresses urges concedes agrees predicts responds replies "
            "declares announces confirms")
# Present participles: `Jeffs was heard saying`, `she told reporters, saying`, `by asking, "..."`
PARTICIPLES = frozenset("saying asking adding telling insisting explaining warning noting declaring arguing "
                        "stating writing claiming replying responding".split())
CUE_VERBS: frozenset[str] = frozenset((_PAST + " " + _PRESENT).split()) | PARTICIPLES

# Verbs that introduce a partial quotation further on in a sentence, not a whole one.
LOOSE_CUES = frozenset("described called branded dubbed labelled labeled termed hailed".split())

# Lower-case particles inside personal names ("Azm Al Homoud", "Ahmed bin Ali", "Ruud van Nistelrooy")
NAME_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "del", "la", "le", "bin", "al", "el", "ben"}
PRONOUNS_SINGULAR = {"he": "m", "she": "f"}
PRONOUNS_OTHER = {"they", "we", "i", "you", "it", "one"}
# Adverbs that sit between a speaker and the cue ("he later said", "she also told").
ADVERBS = {"also", "later", "then", "further", "again", "once", "previously", "earlier", "simply",
           "now", "recently", "yesterday", "today", "reportedly", "allegedly", "subsequently", "had",
           "has", "have", "would", "will", "was", "is", "quickly", "just", "only", "still",
           # a verb chain before a cue: `Jeffs was heard saying`, `Jeffs can be heard saying` (not `been`:
           # `he has been told` is passive)
           "were", "can", "could", "be", "heard"}
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
    "teacher student victim suspect defendant witness aide adviser advisor chief-executive "
    "inspector general colonel ceo cfo chairperson vice-president sprinter fly-half scrum-half "
    "full-back winger forward centre prop lock flanker hooker boxer golfer cyclist swimmer evangelist pastor "
    "preacher priest cleric imam rabbi archbishop cardinal".split())
# People a story describes and seldom names: "The friend said" is someone unnamed, not the person
# last named (as "the minister" would be)
RELATIONS = frozenset("friend neighbour neighbor resident relative colleague classmate passer-by bystander "
                      "eyewitness source insider".split())
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


@dataclass(frozen=True)
class Lexicon:
    """The words attribution reads in one language. `auxiliaries` sit between a speaker and a
    compound-tense cue ("a déclaré"); `according` lead a speaker that follows ("according to X",
    "selon X"; a value is the word that must follow, or ""); `definite` open a definite role
    phrase ("the minister", "le ministre"); `told` matches the words before a person spoken to."""

    cue_verbs: frozenset[str]
    loose_cues: frozenset[str]
    pronouns_singular: dict[str, str]
    pronouns_other: frozenset[str]
    adverbs: frozenset[str]
    determiners: frozenset[str]
    definite: frozenset[str]
    stop_words: frozenset[str]
    honorifics: dict[str, str]
    person_roles: frozenset[str]
    conjunction: str
    that: frozenset[str]
    according: dict[str, str]
    told: re.Pattern
    complements: frozenset[str] = frozenset()   # `the head of ...`, `le chef de ...`
    elided: tuple[str, ...] = ()                 # a determiner written into the noun: `l'attaquant`
    auxiliaries: frozenset[str] = frozenset()
    inverts: bool = False          # subject pronouns inverted into the verb: `a-t-il déclaré`, `dit-elle`
    participles: frozenset[str] = frozenset()    # cues that open a clause with no subject (`, saying`)
    clause_openers: frozenset[str] = frozenset()  # what comes before such a participle (`,` `by` `while`)
    coordinators: frozenset[str] = frozenset()    # a cue after them shares the verb's subject before (`and said`)
    relations: frozenset[str] = frozenset()       # unnamed people's nouns (`the friend`): RELATIONS
    agents: frozenset[str] = frozenset()          # the word before a passive verb's doer (`described by X`)


ENGLISH = Lexicon(
    cue_verbs=CUE_VERBS, loose_cues=LOOSE_CUES, pronouns_singular=PRONOUNS_SINGULAR,
    pronouns_other=frozenset(PRONOUNS_OTHER), adverbs=frozenset(ADVERBS), determiners=frozenset(DETERMINERS),
    definite=frozenset({"the"}), stop_words=frozenset(STOP_WORDS), honorifics=HONORIFICS,
    person_roles=frozenset(PERSON_ROLES), conjunction="and", that=frozenset({"that"}), according={"according": "to"},
    complements=frozenset({"of", "for"}), participles=PARTICIPLES,
    clause_openers=frozenset({",", "by", "while", "when", "before", "after", "and"}), coordinators=frozenset({"and", "but"}),
    relations=RELATIONS, agents=frozenset({"by"}),
    told=re.compile(r"\b(?:told|tells|tell|asked|asks|telling)\s+(?:the\s+)?$", re.IGNORECASE))

# French news attribution: the reporting verbs of French style guides as they appear after a
# quotation or before a colon, in the present, the passé composé (the participle after "a"/"ont")
# and the passé simple, singular and plural; inverted forms ("a-t-il déclaré", "dit-elle") are
# read by the attribution code. Verbs that are also common nouns ("juge", "note", "analyse",
# "lance") are left out of the present.
_FR_PARTICIPLES = (
    "déclaré dit ajouté expliqué affirmé indiqué précisé souligné estimé assuré annoncé confié lancé "
    "martelé insisté répondu rappelé reconnu averti dénoncé prévenu poursuivi commenté regretté déploré "
    "admis raconté témoigné écrit tweeté confirmé répété conclu noté observé promis plaidé réagi résumé "
    "nuancé asséné assené relevé signalé soutenu argué objecté rétorqué renchéri lâché glissé concédé "
    "avoué détaillé jugé analysé interrogé demandé protesté accusé menacé exhorté appelé")
_FR_PRESENT = (
    "déclare déclarent dit disent ajoute ajoutent explique expliquent affirme affirment indique indiquent "
    "précise précisent souligne soulignent estime estiment assure assurent annonce annoncent confie "
    "confient martèle insiste insistent répond répondent rappelle rappellent reconnaît reconnaissent "
    "avertit dénonce dénoncent prévient poursuit commente regrette regrettent déplore déplorent admet "
    "raconte racontent témoigne écrivent confirme confirment répète conclut plaide réagit rétorque "
    "renchérit lâche glisse concède avoue détaille s'interroge demande")
_FR_SIMPLE = ("déclara ajouta expliqua affirma indiqua précisa souligna estima assura annonça confia "
              "répondit rappela reconnut poursuivit conclut lança déclarèrent")
FRENCH = Lexicon(
    cue_verbs=frozenset((_FR_PARTICIPLES + " " + _FR_PRESENT + " " + _FR_SIMPLE).split()),
    loose_cues=frozenset("qualifié qualifie qualifiant décrit décrivant baptisé surnommé".split()),
    pronouns_singular={"il": "m", "elle": "f"},
    pronouns_other=frozenset("ils elles on nous je j' vous".split()),
    adverbs=frozenset("a ont avait avaient aurait auraient est sont également aussi ensuite alors encore "
                      "notamment déjà lui leur ainsi pourtant toutefois enfin plus tard hier récemment "
                      "simplement même".split()),
    determiners=frozenset("le la les l' l’ un une son sa ses leur leurs ce cet cette du des".split()),
    definite=frozenset({"le", "la", "l'", "l’"}),
    stop_words=frozenset(
        "quand lorsque lorsqu' comme qui que qu' dont où pendant après avant dans à au aux en sur pour "
        "avec par de du des d' d’ et mais car parce puisque depuis lors hier aujourd'hui dernier dernière "
        "ce cette a ont est sont était avait sera si ou selon alors ainsi lundi mardi mercredi jeudi "
        "vendredi samedi dimanche soir matin".split()) | {"dit", "déclaré"},
    honorifics={"m.": "m", "monsieur": "m", "mme": "f", "mme.": "f", "madame": "f", "mlle": "f",
                "mademoiselle": "f", "me": "", "dr": "", "dr.": "", "pr": "", "pr.": "", "professeur": ""},
    person_roles=frozenset(
        "ministre président présidente porte-parole procureur procureure maire avocat avocate directeur "
        "directrice secrétaire chef dirigeant dirigeante responsable député députée sénateur sénatrice "
        "gouverneur juge commissaire ambassadeur ambassadrice roi reine prince princesse pape évêque "
        "archevêque candidat candidate chanteur chanteuse acteur actrice joueur joueuse entraîneur "
        "sélectionneur capitaine auteur autrice écrivain écrivaine fondateur fondatrice analyste économiste "
        "expert experte professeur professeure médecin docteur policier enquêteur chercheur chercheuse "
        "historien historienne politologue spécialiste chancelier chancelière patron patronne pdg "
        "homme femme père mère fils fille épouse mari victime suspect témoin conseiller conseillère "
        "premier première général colonel commandant préfet préfète élu élue militant militante "
        "attaquant attaquante défenseur milieu gardien buteur buteuse coureur coureuse pilote "
        "nageur nageuse boxeur athlète".split()),
    conjunction="et", that=frozenset({"que", "qu'", "qu’"}), according={"selon": "", "d'après": "", "d’après": ""},
    told=re.compile(r"\b(?:dit|déclaré|confié|expliqué|indiqué|précisé|assuré|affirmé|raconté|"
                    r"déclare|confie|explique|indique|précise|assure|affirme|raconte)\s+(?:à\s+la\s+|à\s+l['’]|à\s+|au\s+)$",
                    re.IGNORECASE),
    complements=frozenset({"de", "du", "des", "d'", "d’"}), elided=("l'", "l’"),
    auxiliaries=frozenset("a ont avait avaient aurait auraient".split()), inverts=True,
    relations=frozenset("ami amie voisin voisine proche habitant habitante collègue passant passante".split()),
    agents=frozenset({"par"}))

LEXICONS = {"en": ENGLISH, "fr": FRENCH}


def lexicon_for(language: str | None) -> Lexicon:
    """The attribution words of a language; English where there are none of its own (the marks
    are found in any language, and an English cue in a German text is still a cue)."""
    return LEXICONS.get(language or "", ENGLISH)
