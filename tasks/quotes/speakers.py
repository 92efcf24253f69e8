"""The entity_key of a speaker phrase: a named person in it, or the person a pronoun / role refers to.

Only people get a key: a source such as "an official statement", "the company" or "Microsoft" keeps
its text and gets none. A mention is a person when its key is labelled PERSON somewhere in the
article (spaCy labels one surname GPE and the next PERSON; one-word all-caps names such as SEACOM are
not taken), when an honorific precedes it, or when spaCy gave it an ORG/GPE/... label but it is shaped
like a personal name (2-4 capitalised words, none an organisation word: "Sven-Goran Eriksson").
A one-word key is completed to the longer person name in the article that ends with it ("Westwood"
-> "John Westwood"; with several, the one introduced last), the canonical full name the table
promises; bare surnames NER missed are found by string match for the same reason.

"he"/"she" continue the person the sentence before is about, its first subject or speaker
("Wardle did stress that ... Shaun Wright-Phillips." "He added:" is Wardle), as centering theory
has it (Grosz, Joshi & Weinstein 1995), when that person is of the pronoun's gender. Otherwise, and
for definite role nouns ("the minister", "the 33-year-old"), they refer to the most salient
person before the quote (a role noun: among the people given that role in a title or an appositive,
"Fauzi, an official from ..." for "the official", else a person named in the sentence before),
salience in the manner of Lappin & Leass (1994): each earlier mention counts,
halved per sentence back; the speaker of a cue or of a quotation 3, a sentence subject 2, another
mention 1, a possessor 0.5, the person spoken to ("told Cadena Cope") 0.25. Subject pronouns on the
way count as mentions of their own antecedent. A role noun triples people titled with it
("Commissioner Ramsey" for "the commissioner"); an honorific of the other gender excludes a person.
Indefinite phrases ("a spokesman"), plurals, joint speakers and possessed roles ("his lawyer") get
no key. An unnamed person who speaks ("The friend said", "A police spokesman said:") is a mention too,
of no one named: a "she" that refers to the friend gets no key rather than the nearest name.
"""
from __future__ import annotations

import bisect
import re
from collections import defaultdict
from functools import lru_cache
from collections.abc import Sequence

from newsflow.tasks.textsearch import word_spans

from .lexicon import AGE_ROLE, ENGLISH, NAME_PARTICLES, ORG_WORDS, Lexicon

_SPEAKER, _SUBJECT, _OTHER, _POSSESSOR, _ADDRESSEE = 3.0, 2.0, 1.0, 0.5, 0.25
UNNAMED = "\0"       # the key prefix of a person who spoke unnamed: `\0friend`
# A role noun no one in reach was given ("the officer" where no officer is named) refers to a person
# only as salient as a mention in the sentence before ("Tony Blair has pledged ..." / "The prime
# minister told ..."); else it is nobody we know
_MIN_UNTITLED = 0.5
_WINDOW = 6                      # sentences looked back for an antecedent
_CENTERING = 3                   # sentences looked back for the subject a pronoun continues
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*|Mc[A-Z][a-z]+|Mac[A-Z][a-z]+|[A-Z]\.?)$")
# A noun, then `of`/`for` and perhaps a title right before a name: `Friends of `, `a spokesman for President `
_COMPLEMENT = re.compile(r"\b\w+\s+(of|for)\s+(?:([A-Z][a-z]+\.?)\s+)?$")
# Labels spaCy gives people by mistake (a place is the places stage's to decide)
_MISTAKEN = {"ORG", "FAC", "WORK_OF_ART", "PRODUCT"}


def _occurrences(text: str, names) -> list[tuple[int, int, str]]:
    """Non-overlapping (start, end, name) of the names as whole words (not next to a letter, digit, _
    or -), leftmost first and the longest at one place: what re.finditer gives for
    `(?<![\\w-])(?:longest|...|shortest)(?![\\w-])`, without a pattern per article."""
    found = sorted((start, start - end, name) for name in names
                   for start, end in word_spans(text, name, joiners="-", overlapping=True))
    out, reached = [], 0
    for at, neg_len, name in found:
        if at >= reached:
            out.append((at, at - neg_len, name))
            reached = at - neg_len
    return out


class SpeakerContext:
    """Per-article lookup tables: entity mentions, which keys are people, their gender and salience."""

    def __init__(self, text: str, ents: Sequence[tuple[int, int, str, str, str]],
                 quoted: Sequence[tuple[int, int]], sentence_starts: Sequence[int] = (0,), lex: Lexicon = ENGLISH):
        self.text = text
        self.lex = lex
        self.ents = sorted(ents)                         # (start, end, text, label, key)
        self.starts = [e[0] for e in self.ents]
        self.sentence_starts = list(sentence_starts) or [0]
        self.gender: dict[str, str] = {}
        self.person_keys: set[str] = set()
        self._longer: dict[str, list[tuple]] = {}
        self._tails: dict[str, str] = {}              # a surname of several words -> the full name
        self._by_last: dict[str, list[tuple]] | None = None
        for start, _, name, label, key in self.ents:
            hon = _honorific(text, start, lex.honorifics)
            acronym = name.isupper() and len(name) > 2 and " " not in name     # SEACOM, NASA
            if (label == "PERSON" and not acronym) or hon is not None or (label in _MISTAKEN and _name_shaped(name)):
                self.person_keys.add(key)
            if hon:
                self.gender.setdefault(self._complete(key), hon)
        self._longer.clear()
        self.person_keys |= {e[4] for e in self.ents if self._links(e[4])}
        self._longer.clear()
        q_starts = [a for a, _ in quoted]
        # (position, sentence, key, weight) of person mentions outside quotations, in text order
        found = [e for e in self.ents if e[4] in self.person_keys] + self._surnames()
        self._definite: set[int] = set()              # positions of definite unnamed speakers
        self.mentions = sorted((e[0], self._sentence(e[0]), self._complete(e[4], e[0]), self._weight(e))
                               for e in found if not _inside(q_starts, quoted, e[0]))
        self._quoted = (q_starts, quoted)
        self._with_unnamed = False         # unnamed speakers join the mentions when an antecedent is wanted
        self.pronouns = self._find_pronouns(q_starts, quoted)
        self._chained: list[tuple[int, int, str, float]] = []     # resolved pronouns, text order
        self._next_pronoun = 0

    def _surnames(self) -> list[tuple]:
        """Bare surnames NER missed (`Wardle did stress ...`), for the only full name ending with them."""
        owners: dict[str, set[str]] = defaultdict(set)
        for key in self.person_keys:
            if " " in key:
                owners[key.split()[-1]].add(key)
        names = {last: keys.pop() for last, keys in owners.items() if len(keys) == 1 and last[:1].isupper()}
        if not names:
            return []
        out = []
        for start, end, name in _occurrences(self.text, names):
            i = bisect.bisect_right(self.starts, start) - 1
            if i < 0 or self.ents[i][1] <= start:
                out.append((start, end, name, "PERSON", names[name]))
        return out

    def key(self, start: int, end: int, anchor: int) -> str | None:
        """Key of the speaker written at text[start:end]; `anchor` is where the quote begins."""
        key = self._key(start, end, anchor)
        return None if key is None or key.startswith(UNNAMED) else _canonical(key)

    def _key(self, start: int, end: int, anchor: int) -> str | None:
        i = bisect.bisect_left(self.starts, start - 60)
        named = [e for e in self.ents[i:i + 40] if e[0] < end and e[1] > start and not self._possessor(e, end)]
        people = [e for e in named if e[4] in self.person_keys]
        # `Herbert Flynn of Fort Coffee`, `Ahmed Ali from Lahore`: a name after the phrase's first
        # complement word modifies the speaker, who comes before it
        cut = next((e[0] for e in named[1:] if self.text[max(start, e[0] - 6):e[0]].split()[-1:] in
                    (["of"], ["from"], ["in"], ["at"])), None)
        if cut is not None and any(e[0] < cut for e in people):
            people = [e for e in people if e[0] < cut]
        if len(people) > 1 and self.text[people[-2][1]:people[-1][0]] == " and " and people[-1][1] >= end - 1:
            return None                                     # `Ryan Crabbe and Gordon Rennie`: no one key
        if people and self._complement(start, people[-1], people):
            return None                                     # `Friends of Kathryn Jenkin`, `a spokesman for Obama`
        if people:
            return self._complete(people[-1][4], start)    # the head of `Iris director Sir Richard Eyre`
        words = self.text[start:end].lower().split()
        lex = self.lex
        if len(words) == 1 and words[0] in lex.pronouns_singular:
            return self.antecedent(min(start, anchor), lex.pronouns_singular[words[0]])
        if words and words[0].startswith(lex.elided):                  # `l'attaquant` -> `l'` `attaquant`
            words = [words[0][:2], words[0][2:], *words[1:]]
        head = _head(words, lex)
        if len(head) >= 2 and head[0] in lex.definite and (head[-1] in lex.person_roles or AGE_ROLE.search(head[-1])):
            return self.antecedent(min(start, anchor), None, role=head[-1])   # `the England coach`, `the head of X`
        if len(words) == 2 and words[0] in lex.definite and named and named[-1][3] == "NORP":
            return self.antecedent(min(start, anchor), None, role=words[1])   # `The Argentine`, `the Australian`
        if named:   # `Henry` tagged ORG (or cut as `Henry told CRN`), but `Paul Henry` is in the article
            if self._links(named[-1][4]):
                return self._complete(named[-1][4], start)
            return self._by_surname(words, start) if named[-1][1] > end else None
        return self._by_surname(words, start)

    def _complement(self, start: int, person: tuple, people: list[tuple]) -> bool:
        """Is the person the complement of a noun that heads the phrase (`Friends of Kathryn Jenkin`,
        `a spokesman for President Obama`: they speak, not the person), no one named before it?
        (`Secretary of State John Kerry` is a title: a word comes between `of` and the name.)"""
        m = _COMPLEMENT.search(self.text, start, person[0])
        return m is not None and not any(e[0] < m.start() for e in people) and \
            (m.group(2) is None or m.group(2).lower().rstrip(".") in self.lex.person_roles | set(self.lex.honorifics))

    def add_speaker(self, pos: int, key: str | None, phrase: str = "") -> None:
        """A resolved quotation speaker is the most salient kind of mention for what follows; so is
        an unnamed person who spoke (`The friend said she was "bubbly"` / `She added: "..."`: she is
        the friend, whom the article does not name, so the quote gets no key)."""
        sent = self._sentence(pos)
        if key is None:
            key = self._unnamed(phrase)
        if key is None:
            return
        same = [i for i, m in enumerate(self.mentions) if m[1] == sent and m[2] == key]
        if same:    # named in the sentence already (`said Yukos spokesman Alexander Shadrin`): now its speaker
            for i in same:
                self.mentions[i] = (*self.mentions[i][:3], max(self.mentions[i][3], _SPEAKER))
        else:
            at = bisect.bisect_left([m[0] for m in self.mentions], pos)
            self.mentions.insert(at, (pos, sent, key, _SPEAKER))
        self._resolve_pronouns_upto(pos)     # pronouns after pos are resolved again, knowing it

    def _unnamed_speakers(self) -> list[tuple[int, int, str, float]]:
        """Unnamed people who speak, wherever in a sentence: `The friend said she was "bubbly"`, `...,
        a local official told AFP.` (a quotation's speaker or not), as mentions keyed `\0friend`. A
        definite one (`The 31-year-old admitted`) may be someone named before: `_previous_subject`
        resolves it as a role when a pronoun continues it."""
        out = []
        opening = set(self.sentence_starts)
        for start, end, name, label, _ in self.ents:      # `The Australian has suffered ...`: someone named
            lead = self.text[max(0, start - 12):start].split()[-1:]
            at = start - 1 - len(lead[0]) if lead else -1
            if label == "NORP" and at in opening and lead[0].lower() in self.lex.definite and " " not in name \
                    and self.text[end:end + 3].strip()[:1].islower():
                out.append((at, self._sentence(start), UNNAMED + name.lower(), _SUBJECT))
                self._definite.add(at)
        for m in _unnamed_pattern(self.lex.determiners, self.lex.cue_verbs).finditer(self.text):
            key = self._unnamed(m.group(1))
            if key is not None:
                out.append((m.start(), self._sentence(m.start()), key, _SPEAKER))
                if m.group(1).split(None, 1)[0].lower() in self.lex.definite:
                    self._definite.add(m.start())
        return out

    def _unnamed(self, phrase: str) -> str | None:
        """`\0friend` for a person the phrase describes and does not name (`The friend`, `a police
        spokesman`, `one 33-year-old`), else None."""
        words = phrase.lower().split()
        head = _head(words, self.lex)
        if len(head) < 2 or head[0] not in self.lex.determiners or any(w[:1].isupper() for w in phrase.split()[1:]):
            return None
        role = head[-1]
        return UNNAMED + role if role in self.lex.person_roles or role in self.lex.relations or AGE_ROLE.search(role) else None

    def antecedent(self, before: int, gender: str | None, role: str | None = None) -> str | None:
        """Most salient person before `before`. Subject pronouns on the way ("He revealed ...")
        count as mentions of their own antecedent, resolved in text order with what is known then."""
        if not self._with_unnamed:
            self._with_unnamed = True
            q_starts, quoted = self._quoted
            known = {(m[1], m[2]) for m in self.mentions}      # speakers `add_speaker` already added
            self.mentions = sorted(self.mentions + [m for m in self._unnamed_speakers() if (m[1], m[2]) not in known
                                                    and not _inside(q_starts, quoted, m[0])])
        self._extend_chain(before)
        return self._best(before, gender, role, [c for c in self._chained if c[0] < before])

    def _resolve_pronouns_upto(self, pos: int) -> None:
        """Forget chained pronouns at or after pos (a speaker was learnt there)."""
        while self._chained and self._chained[-1][0] >= pos:
            self._chained.pop()
        self._next_pronoun = bisect.bisect_left([p[0] for p in self.pronouns], pos)

    def _extend_chain(self, before: int) -> None:
        """Resolve the subject pronouns before `before` not resolved yet, in text order."""
        while self._next_pronoun < len(self.pronouns) and self.pronouns[self._next_pronoun][0] < before:
            pos, sent, pron_gender = self.pronouns[self._next_pronoun]
            key = self._best(pos, pron_gender, None, self._chained)
            if key is not None:
                self._chained.append((pos, sent, key, _SUBJECT))
            self._next_pronoun += 1

    def _best(self, before: int, gender: str | None, role: str | None, extra: list) -> str | None:
        """A pronoun continues the subject of the sentence before, when that is a person of its gender
        (centering); else salience: weight halved per sentence back; a role noun triples people with
        that title."""
        here = self._sentence(before)
        if role is None:
            topic = self._previous_subject(before, here, extra)
            if topic is not None and self._fits(topic, gender):
                return topic
        score: dict[str, float] = defaultdict(float)
        latest: dict[str, int] = {}
        titled_keys: set[str] = set()
        for pos, sent, key, weight in self.mentions + extra:
            if pos >= before or here - sent > _WINDOW or role is not None and key[:1] == UNNAMED and key != UNNAMED + role:
                continue
            if self._fits(key, gender):
                titled = role is not None and self._titled(pos, role)
                if titled:
                    titled_keys.add(key)
                score[key] += weight * 0.5 ** (here - sent) * (3.0 if titled else 1.0)
                latest[key] = max(pos, latest.get(key, -1))
        if role in self.lex.person_roles and not titled_keys:
            score = {k: v for k, v in score.items() if v >= _MIN_UNTITLED}
        if not score:
            return None
        return max(score, key=lambda k: (score[k], latest[k]))

    def _fits(self, key: str, gender: str | None) -> bool:
        """Can the person be a pronoun of this gender (none known: yes)?"""
        return gender is None or self.gender.get(key, gender) == gender

    def _previous_subject(self, before: int, here: int, extra: list) -> str | None:
        """The person the last sentence before `here` with a mention outside quotations (up to
        _CENTERING back) is about: its first speaker, else its first subject, else None (`Wardle did
        stress that ... Shaun Wright-Phillips.` + `He added:` -> Wardle)."""
        found = [m for m in self.mentions + extra if here - _CENTERING <= m[1] < here and m[0] < before]
        if not found:
            return None
        last = max(m[1] for m in found)
        subjects = sorted((m for m in found if m[1] == last and m[3] >= _SUBJECT), key=lambda m: (-m[3], m[0]))
        if not subjects:
            return None
        pos, _, key, _ = subjects[0]     # a speaker first (`If Mr Blair did not ..., Lord Holme said.`)
        if pos in self._definite and key[len(UNNAMED):] not in self.lex.relations:
            # `The 31-year-old admitted`: whom it refers to, if anyone named
            named = self._best(pos, None, key[len(UNNAMED):], [c for c in extra if c[0] < pos])
            return named if named is not None else key
        return key

    def _titled(self, pos: int, role: str) -> bool:
        """Is the person mentioned at `pos` given the role: in a title before the name ("Commissioner
        Ramsey") or in the appositive after it ("Fauzi, an official from the agency,")?"""
        before = self.text[max(0, pos - 30):pos].lower()
        after = self.text[pos:pos + 100]
        appositive = after.split(",", 2)[1].lower() if after.count(",") >= 2 else ""
        return role in before or role in appositive.split()

    def _find_pronouns(self, q_starts: list[int], quoted: Sequence[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Subject pronouns outside quotations: (position, sentence, gender)."""
        out = []
        for m in _pronoun_pattern(tuple(self.lex.pronouns_singular)).finditer(self.text):
            pos = m.start()
            if not _inside(q_starts, quoted, pos) and self._weight((pos, m.end(), m.group(), "", "")) == _SUBJECT:
                out.append((pos, self._sentence(pos), self.lex.pronouns_singular[m.group().lower()]))
        return out

    def _sentence(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self.sentence_starts, pos) - 1)

    def _weight(self, ent: tuple) -> float:
        start, end, text = ent[0], ent[1], ent[2]
        if text.endswith(("'s", "’s")) or self.text[end:end + 2] in ("'s", "’s"):
            return _POSSESSOR
        if self.lex.told.search(self.text[max(0, start - 20):start]):
            return _ADDRESSEE                                  # `told Cadena Cope`: spoken to, not speaking
        # its cue is in its own sentence (`... Shaun Wright-Phillips. He added:` is not his)
        n = self._sentence(start) + 1
        stop = self.sentence_starts[n] if n < len(self.sentence_starts) else len(self.text)
        after = self.text[end:min(end + 120, max(end, stop))]
        if after.startswith(",") and after.count(",") >= 2:     # `Khalid, spokesman for X, said`
            after = after.split(",", 2)[2] if len(after.split(",", 2)[1].split()) <= 10 else after
        if any(w.lower().strip(".:;") in self.lex.cue_verbs for w in after.replace(",", " ").split()[:3]):
            return _SPEAKER
        sent_start = self.sentence_starts[self._sentence(start)]
        # after an opening phrase and its comma (`Reached by telephone yesterday, O'Brien declined`)
        lead = self.text[sent_start:start].rsplit(", ", 1)[-1].split()
        subject = len(lead) <= 5 and all(w[0].isupper() or w[0].isdigit() or w.lower() in self.lex.determiners
                                         or w.lower().strip(",") in self.lex.person_roles for w in lead)
        return _SUBJECT if subject else _OTHER

    def _possessor(self, ent: tuple, phrase_end: int) -> bool:
        """`Mr Smith's spokesman`: Smith owns the speaker, he is not it."""
        owns = ent[2].endswith(("'s", "’s")) or self.text[ent[1]:ent[1] + 2] in ("'s", "’s")
        return owns and phrase_end > ent[1] + (0 if ent[2].endswith(("'s", "’s")) else 2)

    def _links(self, key: str) -> bool:
        return len(key.split()) == 1 and self._complete(key) != key

    def _ending_with(self) -> dict[str, list[tuple]]:
        """Last word -> the mentions (text order) whose key has several words and ends with it."""
        if self._by_last is None:
            self._by_last = defaultdict(list)
            for e in self.ents:
                if " " in e[4]:
                    self._by_last[e[4].split()[-1]].append(e)
        return self._by_last

    def _complete(self, key: str, pos: int | None = None) -> str:
        """`Westwood` -> `John Westwood`: the one longer person name ending with it. When several do,
        the one introduced in this sentence or the one before (`Makaeo Williams`, then `City
        Councilman Jumaane Williams, ...` and `"...," Williams fumed`), else the one named most often
        before `pos`, the first of them on a tie: a surname alone is the article's protagonist, whose
        relatives keep their full names (`Warren Jeffs` against his father `Rulon Jeffs`)."""
        if " " in key:
            return self._longer_name(key)
        if key not in self._longer:
            self._longer[key] = [e for e in self._ending_with().get(key, ())
                                 if e[4] in self.person_keys or _name_shaped(e[4])]
        longer = self._longer[key]
        if len({e[4] for e in longer}) == 1:
            return longer[0][4]
        earlier = [e for e in longer if pos is not None and e[0] < pos]
        if not earlier:
            return key
        if self._sentence(pos) - self._sentence(earlier[-1][0]) <= 1:
            return earlier[-1][4]
        names = [e[4] for e in earlier]
        return max(dict.fromkeys(names), key=names.count)

    def _longer_name(self, key: str) -> str:
        """`Del Giudice` (a surname of two words, tagged ORG) -> `Vincent Del Giudice`, the one person
        key that ends with it."""
        if key not in self._tails:
            longer = {k for k in self.person_keys if k.endswith(" " + key)}
            self._tails[key] = longer.pop() if len(longer) == 1 else key
        return self._tails[key]

    def _by_surname(self, words: list[str], pos: int) -> str | None:
        """A capitalised name NER missed, matched to the person key ending with it (`_complete`
        chooses among several)."""
        if not words or len(words) > 3 or words[0] in self.lex.honorifics and len(words) == 1:
            return None
        last = words[-1].strip(".,")
        hits = {k for k in self.person_keys if k.lower().split()[-1:] == [last]}
        if len(hits) == 1:
            return hits.pop()
        surname = next((k for k in hits if " " not in k), None)
        if surname is None:
            return None
        completed = self._complete(surname, pos)
        return completed if completed != surname else None


def _canonical(key: str) -> str:
    """`PETER Capaldi` (a capitalised lead-in) -> `Peter Capaldi`; acronyms of 2 letters stay."""
    return " ".join(w.capitalize() if len(w) > 2 and w.isupper() and w.isalpha() else w for w in key.split(" "))


def _name_shaped(text: str) -> bool:
    """`Sven-Goran Eriksson`, `Julia Eccleshare`: 2-4 capitalised words and no organisation word."""
    words = text.split()
    if not 2 <= len(words) <= 4 or any(w.lower().strip(".,") in ORG_WORDS for w in words):
        return False
    return all(_NAME_WORD.match(w) or w in NAME_PARTICLES for w in words) and _NAME_WORD.match(words[0]) is not None


def _head(words: list[str], lex: Lexicon) -> list[str]:
    """A phrase's words up to its complement (`the head of the agency` -> `the head`)."""
    return words[:next((n for n, w in enumerate(words) if n and w in lex.complements), len(words))]


@lru_cache(maxsize=None)
def _unnamed_pattern(determiners: frozenset[str], cues: frozenset[str]) -> re.Pattern:
    """A determiner, up to three words and a cue verb: `a local official told`, `The 31-year-old
    admitted` (group 1: the phrase before the cue). The determiner capitalised or not, the cue as
    written: a case-blind pattern is three times slower."""
    heads = "|".join(f"[{d[0].upper()}{d[0]}]{re.escape(d[1:])}" for d in sorted(determiners, key=len, reverse=True))
    verbs = "|".join(sorted(map(re.escape, cues), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])((?:{heads})(?:\s+[\w-]+){{1,3}}?)\s+(?:{verbs})\b")


@lru_cache(maxsize=None)
def _pronoun_pattern(pronouns: tuple[str, ...]) -> re.Pattern:
    """Whole-word subject pronouns, capitalised or not: `\b([Hh]e|[Ss]he)\b` for English."""
    return re.compile(r"\b(" + "|".join(f"[{p[0].upper()}{p[0]}]{re.escape(p[1:])}" for p in pronouns) + r")\b")


def _honorific(text: str, start: int, honorifics: dict[str, str]) -> str | None:
    """Gender letter ('m', 'f', '' unknown) of an honorific at or just before `start`, else None."""
    head = text[start:start + 12].split(maxsplit=1)
    before = text[max(0, start - 12):start].split()
    for word in (head[:1] + before[-1:]):
        gender = honorifics.get(word.lower())
        if gender is not None:
            return gender
    return None


def _inside(starts: list[int], spans: Sequence[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]
