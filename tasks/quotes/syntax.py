"""The subject of a cue that has none of its own, from a dependency parse of the few sentences that
need one: a participle, or a verb coordinated with the one before (`he chatted ... and said "..."`).

`Hiller called 911, saying "I'm the one you're looking for"`, `The decision was welcomed by Smith
who pre-recorded a message, saying: "..."`, `DeGeneres ... lightened the mood by asking, "..."`:
the cue has no subject of its own, and the words before it are not its speaker (`Hiller`, not
the sentence's `Cpl. Janice Leader, a 911 dispatcher, told reporters that`). The speaker is the
subject of the clause the participle hangs from, which only a parse finds: from the cue, up
through the clauses it is attached to (advcl, pcomp, prep, conj, xcomp) to the first verb with a
subject; the agent of a passive verb (`welcomed by Smith`) is its doer; a relative pronoun
(`Smith who pre-recorded ...`) stands for the noun it modifies.

The parser is the language's own spaCy pipeline with only its parser and tok2vec, loaded once
per process when first needed and run on those sentences alone (a handful per hundred articles).
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

_UP = {"advcl", "pcomp", "prep", "conj", "xcomp"}
_RELATIVE = {"who", "which", "that", "whom"}
_EXPLETIVE = {"it", "there", "this"}
_NAME_PARTS = {"cc", "conj", "appos", "compound", "flat"}
_STEPS = 8


@lru_cache(maxsize=4)
def _parser(model: str):
    """The model's parser (and the tok2vec it listens to), once per process."""
    from newsflow.tasks.nlp.pipeline import load_parser

    return load_parser(model)


def clause_subjects(model: str, requests: Sequence[tuple[str, int]]) -> list[tuple[int, int] | None]:
    """For each (sentence, offset in it of a cue with no subject): (start, end) in the sentence of the
    subject of the clause the cue hangs from, or None when the parse gives none."""
    if not requests:
        return []
    nlp = _parser(model)
    out: list[tuple[int, int] | None] = []
    for doc, (_, at) in zip(nlp.pipe([s for s, _ in requests], batch_size=64), requests):
        cue = next((t for t in doc if t.idx == at), None)
        subject = _subject(cue) if cue is not None else None
        if subject is None:
            out.append(None)
            continue
        last = _phrase_end(subject)
        out.append((doc[subject.left_edge.i].idx, last.idx + len(last)))
    return out


def _phrase_end(head):
    """The last word of the subject's name: the head, or a conjunct or apposed name before any comma
    (`AMD president and chief executive Rory Read`, where the parse heads the phrase with `president`);
    never a relative clause or a complement (`Matt Smith who recorded ...`)."""
    last = head
    for child in head.rights:
        edge = head.doc[child.right_edge.i]
        if child.dep_ not in _NAME_PARTS or any(t.text == "," for t in head.doc[head.i:edge.i + 1]):
            break
        last = edge
    return last


def _subject(cue):
    """The doer of the clause `cue` hangs from, or None. A subject is before the cue
    (a parse that makes `the debt-hit country` of `saying the debt-hit country had ...` its subject
    is wrong); an expletive `it` (`it was wrong ..., adding`) is no one, and the clause above speaks."""
    token = cue
    for _ in range(_STEPS):
        deps = {child.dep_: child for child in token.children if child.i < cue.i}
        if "nsubj" in deps and deps["nsubj"].lower_ not in _EXPLETIVE:
            subject = deps["nsubj"]
            if subject.lower_ in _RELATIVE and token.dep_ == "relcl":
                return token.head
            return subject
        if "nsubjpass" in deps and "agent" in deps:
            return next((c for c in deps["agent"].children if c.dep_ == "pobj"), None)
        if token.dep_ == "relcl":
            return token.head
        climbs = _UP | ({"ccomp"} if "nsubj" in deps else set())
        if token.dep_ not in climbs or token.head is token:
            return None
        token = token.head
    return None
