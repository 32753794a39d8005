"""A weapon stopped before it struck: a bomb defused, a drone or missile intercepted, explosives
or a weapons cache seized (ACLED's Strategic developments / Disrupted weapons use, DESIGN §3).

"Police defused a roadside bomb" and "air defences shot down 12 drones" name a weapon that a
reader of triggers alone takes for an explosion or an attack on the drones; neither happened.
The weapon named as what was defused, intercepted or found is no trigger of its own
(`stopped`), and the stopping verb is the event. Only explosives and what flies at a target
count for defusing and intercepting, and only explosives or a cache for what is found or seized
("police found a pistol", "seized a car" are none). A manned aircraft shot down is fighting,
not a disrupted weapon (`shot_down_aircraft`).
"""

from __future__ import annotations

from spacy.tokens import Token

DEFUSING = frozenset(
    {"defuse", "disarm", "deactivate", "dismantle", "neutralise", "neutralize", "detonate"}
)
"""Verbs by which explosives are made safe; "detonate" only as "safely detonated"."""
INTERCEPTING = frozenset({"intercept", "down", "shoot"})
"""Verbs by which a weapon in flight is stopped ("shoot" only with "down")."""
FINDING = frozenset(
    {"find", "discover", "recover", "seize", "confiscate", "unearth", "uncover", "capture"}
)
"""Verbs by which explosives or a cache fall into the hands of those who stop them."""
EXPLOSIVES = frozenset(
    {"bomb", "ied", "device", "explosive", "mine", "landmine", "grenade", "vest", "shell",
     "mortar", "rocket", "missile", "detonator"}
)  # fmt: skip
"""What is defused or found that would have exploded."""
IN_FLIGHT = frozenset(
    {"drone", "uav", "missile", "rocket", "projectile", "shell", "mortar", "munition"}
)  # fmt: skip
"""What is intercepted or shot down before it strikes."""
STORES = frozenset({"cache", "arsenal", "stockpile", "depot"})
"""Found or seized, a store of arms."""
ARMS = frozenset({"weapon", "arm", "ammunition"})
"""Found or seized, arms count only in quantity or with explosives ("large quantities of
weapons", "weapons and explosives"): "seized a rifle" is none."""
STOPPING = DEFUSING | INTERCEPTING | FINDING
"""Every verb that may stop a weapon, whatever trigger phrase it begins ("seize", "detonate")."""
MANNED = frozenset({"helicopter", "jet", "warplane", "aircraft", "plane", "fighter"})
"""Aircraft with a crew: one brought down is a clash, not a weapon stopped."""


def disrupted_kind(head: Token) -> str | None:
    """ "disrupted" when the verb at `head` stops a weapon (see the module docstring)."""
    if head.pos_ != "VERB":
        return None
    return "disrupted" if any(_stops(head, obj) for obj in _objects(head)) else None


def stopped(tok: Token) -> bool:
    """Whether a weapon word is what a verb of this module stops ("defused a roadside bomb",
    "two missiles were intercepted", "seized a cache of weapons and explosives"), so it tells
    no attack of its own."""
    while tok.head != tok:
        if tok.dep_ == "conj":
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.pos_ == "NOUN":
            tok = tok.head.head
        else:
            break
    if any(c.dep_ in ("relcl", "acl") and _stops(c, tok) for c in tok.children):
        return True  # "a bomb which police later defused", "a bomb, later defused by police"
    return tok.dep_ in ("dobj", "nsubjpass") and tok.head.pos_ == "VERB" and _stops(tok.head, tok)


def shot_down_aircraft(head: Token) -> bool:
    """ "Rebels shot down a helicopter": an aircraft with its crew brought down, a clash."""
    return _shot_down(head) and any(o.lemma_.lower() in MANNED for o in _objects(head))


def _objects(verb: Token) -> list[Token]:
    """What `verb` acts on; for a relative clause, the noun it describes ("a bomb which police
    defused")."""
    found = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    if verb.dep_ in ("relcl", "acl") and verb.head.pos_ == "NOUN":
        found.append(verb.head)
    return [t for first in found for t in (first, *first.conjuncts)]


def _stops(verb: Token, obj: Token) -> bool:
    """Whether `verb` stops the weapon `obj` names."""
    lemma, word = verb.lemma_.lower(), obj.lemma_.lower()
    if lemma in DEFUSING:
        safely = any(c.lower_ == "safely" for c in verb.children)
        return word in EXPLOSIVES and (lemma != "detonate" or safely)
    if lemma in INTERCEPTING:
        return word in IN_FLIGHT and (lemma != "shoot" or _shot_down(verb))
    return lemma in FINDING and (word in EXPLOSIVES or _cache(obj))


def _shot_down(verb: Token) -> bool:
    return verb.lemma_.lower() == "shoot" and any(
        c.dep_ == "prt" and c.lower_ == "down" for c in verb.children
    )


def _cache(obj: Token) -> bool:
    """A store of arms: its noun ("cache", "arsenal"), or weapons in quantity or with
    explosives ("large quantities of weapons", "weapons and explosives")."""
    word = obj.lemma_.lower()
    if word in STORES:
        return True
    if word in ("quantity", "amount", "haul"):
        return any(t.lemma_.lower() in ARMS | EXPLOSIVES for t in obj.subtree)
    return word in ARMS and any(c.lemma_.lower() in EXPLOSIVES for c in obj.conjuncts)
