"""Arrests that conflict data records (ACLED's Strategic developments / Arrests, DESIGN §3).

ACLED codes an arrest only when it matters to the conflict: of armed men or their suspected
members ("arrested 15 suspected members of the Islamic State", "detained a senior Taliban
commander"), of people held over an attack or a plot ("detained over the plot"; where the
sentence names the attack itself, "arrested in connection with the bombing", the attack is its
event, every arrest ranking below it in `triggers`), or of political figures (journalists,
activists, opposition leaders). Whoever is accused of belonging to an armed group counts as
its member ("citizens accused of belonging to ISIS"), and an "of" phrase that names those
arrested may hang lower than "arrests" ("arrests near the area of citizens accused ...").
"Police arrested a man for shoplifting" is none, and protesters arrested are how a protest was met
(`triggers`: a Protest with intervention), not an arrest of their own. Planned, threatened and
negated arrests are dropped by `triggers` as for every trigger.

A side that captures people (`captured_kind`, asked by `warfare` for "capture", "seize" ...
told of people, not ground) arrests them when they are notable by the same rules or any
side's armed men ("A faction captures two fighters and a commander of IS", "captured 8
members of the regime forces": ACLED's Arrests, which any side holding ground may make), and
abducts them when they are anyone else and the captor is no state ("IS captured 20
villagers"); a state that captures ordinary people tells no event.
"""

from __future__ import annotations

from spacy.tokens import Token

from khabar.extract.vocabulary import ARMED
from khabar.nlp.tree import pobjs

ARRESTING = frozenset({"arrest", "detain", "apprehend", "nab"})
ARMED_MEN = frozenset(
    {"militant", "insurgent", "terrorist", "jihadist", "extremist", "rebel", "fighter",
     "gunman", "bomber", "operative", "commander", "militiaman", "guerrilla", "separatist",
     "kingpin", "ringleader", "mastermind", "facilitator", "financier", "recruiter"}
)  # fmt: skip
"""People whose arrest is an event of the conflict by what they are."""
POLITICAL = frozenset(
    {"journalist", "reporter", "activist", "dissident", "opposition", "politician", "lawmaker",
     "blogger", "candidate", "leader"}
)  # fmt: skip
"""People whose arrest is political repression, which ACLED records too."""
MEMBERS = frozenset({"member", "suspect", "man", "men", "people", "person", "supporter", "youth"})
"""People who count when what they belong to or are held over is armed ("members of the
Islamic State", "suspects in the bombing", "Taliban supporters")."""
ATTACKS = frozenset(
    {"attack", "bombing", "blast", "explosion", "killing", "murder", "assassination", "ambush",
     "abduction", "kidnapping", "massacre", "plot", "shooting", "insurgency", "terrorism",
     "militancy"}
)  # fmt: skip
"""What people are held over ("in connection with the bombing", "over the attack")."""
_GROUP_ENTS = frozenset({"ORG", "NORP"})
ACCUSED = frozenset({"accuse", "suspect", "charge"})
MEMBERSHIP = frozenset(
    {"belong", "belonging", "membership", "member", "link", "tie", "affiliation", "join",
     "support", "collaborate", "collaboration", "loyalty"}
)  # fmt: skip
"""What people are accused of when held as an armed group's members ("of belonging to ISIS")."""
SOUGHT = frozenset(
    {"order", "seek", "demand", "call", "request", "issue", "urge", "want", "warrant", "approve",
     "authorize", "authorise", "resist", "evade", "escape", "avoid", "fear", "face", "risk"}
)  # fmt: skip
"""What is said of an arrest that has not happened: "ordered the arrest of", "a warrant for
the arrest of", "evaded arrest"."""


def arrest_kind(head: Token) -> str | None:
    """ "arrest" when the arrest at `head` is one conflict data records (module docstring)."""
    if head.lemma_.lower() not in ARRESTING:
        return None
    if head.pos_ == "NOUN":
        if any(a.lemma_.lower() in SOUGHT for a in list(head.ancestors)[:3]):
            return None
        held = [o for c in head.children if c.lower_ == "of" for o in pobjs(c)]
        if not held:  # "arrests near the area of citizens accused of ...": "of" read lower
            held = [o for t in head.subtree if t.lower_ == "of" for o in pobjs(t)][:1]
    else:
        held = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
    people = [t for first in held for t in (first, *first.conjuncts)]
    people += [  # "40 people, including 12 militants"
        o for t in (head, *people) for c in t.children if c.lower_ == "including" for o in pobjs(c)
    ]
    if any(map(_notable, people)) or (people and _held_over_attack(head)):
        return "arrest"
    return None


CAPTIVES = MEMBERS | frozenset(
    {"civilian", "villager", "resident", "woman", "child", "boy", "girl", "worker", "farmer",
     "herder", "student", "teacher", "passenger", "driver", "traveller", "traveler", "family"}
)  # fmt: skip
"""People a non-state side abducts when it captures them."""


def captured_kind(people: list[Token], by_state: bool) -> str | None:
    """What a side capturing `people` did (module docstring): "arrest", "abduction" or None."""
    if any(_notable(p) or _combatant(p) for p in people):
        return "arrest"
    if by_state or not any(p.lemma_.lower() in CAPTIVES for p in people):
        return None
    return "abduction"


def _combatant(person: Token) -> bool:
    """ "two soldiers", "8 members of the regime forces": a fighting side's men, whose capture
    is no abduction of civilians."""
    linked = [o for c in person.children if c.lower_ == "of" for o in pobjs(c)]
    words = [person, *linked, *(c for c in person.children if c.dep_ in ("amod", "compound"))]
    return any(w.lemma_.lower() in ARMED for w in words)


def _notable(person: Token) -> bool:
    word = person.lemma_.lower()
    modifiers = [c for c in person.children if c.dep_ in ("amod", "compound", "poss", "nmod")]
    described = {c.lemma_.lower() for c in modifiers}
    if word in ARMED_MEN or described & ARMED_MEN:
        return True
    if word in POLITICAL or described & POLITICAL:
        return True
    if _accused_of_membership(person):
        return True
    if word not in MEMBERS:
        return False
    linked = (o for c in person.children if c.lower_ in ("of", "in") for o in pobjs(c))
    groups = [*modifiers, *linked]
    return any(
        g.ent_type_ in _GROUP_ENTS or g.lemma_.lower() in ARMED_MEN | ATTACKS for g in groups
    )


def _accused_of_membership(person: Token) -> bool:
    """ "citizens accused of belonging to ISIS", "men suspected of links to the Taliban": held
    as members of an armed group, whatever the noun that names them."""
    accused = [c for c in person.children if c.dep_ == "acl" and c.lemma_.lower() in ACCUSED]
    told = [t for verb in accused for c in verb.children if c.lower_ == "of" for t in c.subtree]
    if not any(t.lemma_.lower() in MEMBERSHIP for t in told):
        return False
    return any(t.ent_type_ in _GROUP_ENTS or t.lemma_.lower() in ARMED_MEN for t in told)


def _held_over_attack(head: Token) -> bool:
    """ "arrested in connection with the bombing", "detained over the attack"."""
    return any(
        c.dep_ == "prep" and t.lemma_.lower() in ATTACKS
        for c in head.children
        if c.lower_ in ("over", "for", "in", "after")
        for t in c.subtree
    )
