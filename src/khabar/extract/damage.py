"""Damage to property read from one parsed sentence: what was done, to what, how many.

A damage verb ("burned", "destroyed", "set fire to", "blew up", "torched", ...) is read with
its objects from the dependency parse: the direct object of an active verb, the subject of a
passive ("40 houses were torched"), or the object of "to" in "set fire to". Only property is
kept (`_PROPERTY`: homes, shops, vehicles, schools, mosques, bridges, towers, villages, ...),
so people are never counted here. Each object's count comes from the quantity written before
it ("at least 60 homes", "dozens of shops"); an indefinite article counts one ("damaged a
school" → 1, qualifier "a"); a definite or bare noun ("the school", "homes") has no count.
Negated, modal and threatened actions give nothing, as in `casualties`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from spacy.tokens import Span, Token

from khabar.extract.casualties import is_asserted
from khabar.extract.numbers import QuantityMatch, find_quantities
from khabar.extract.types import Count, Damage, Evidence
from khabar.nlp.memo import lemmas_lower, per_span, span_tokens
from khabar.nlp.tree import pobjs

__all__ = ["EXTRACTOR", "extract_damage"]

EXTRACTOR: Final = "damage@2"

_VERBS: Final[frozenset[str]] = frozenset(
    {
        "burn", "torch", "destroy", "damage", "demolish", "raze", "loot", "ransack", "vandalise",
        "vandalize", "bulldoze", "flatten", "level", "gut", "wreck", "smash", "pillage",
        "plunder", "blow", "set", "devastate",
    }
)  # fmt: skip
"""Damage verbs; "blow" needs "up" and "set" needs fire ("set fire to", "set ablaze")."""
_ABLAZE: Final[frozenset[str]] = frozenset({"ablaze", "alight", "afire"})
_PROPERTY: Final[frozenset[str]] = frozenset(
    {
        "home", "house", "hut", "dwelling", "shelter", "tent", "building", "structure",
        "property", "residence", "compound", "apartment", "flat", "shop", "store", "stall",
        "kiosk", "market", "business", "warehouse", "granary", "factory", "plant", "farm",
        "barn", "vehicle", "car", "truck", "lorry", "bus", "minibus", "van", "jeep",
        "motorcycle", "motorbike", "tanker", "tank", "boat", "ship", "vessel", "aircraft",
        "plane", "helicopter", "train", "school", "classroom", "university", "college",
        "mosque", "church", "temple", "shrine", "synagogue", "monastery", "hospital", "clinic",
        "office", "station", "post", "checkpoint", "barracks", "base", "bridge", "tower",
        "pylon", "mast", "antenna", "pipeline", "well", "depot", "facility", "hotel", "bank",
        "court", "courthouse", "prison", "jail", "palace", "village", "hamlet", "substation",
        "generator", "dam", "road", "railway", "headquarters", "camp", "cafe", "restaurant",
        "hideout", "bunker",
    }
)  # fmt: skip
"""Head nouns that name property (lemmas)."""


@per_span
def extract_damage(sent: Span) -> tuple[Damage, ...]:
    """Every damaged or destroyed piece of property `sent` reports, in the order written."""
    lemmas = lemmas_lower(sent.doc)
    actions = {
        verb.i: action
        for verb in span_tokens(sent)
        if lemmas[verb.i] in _VERBS and (action := _action(verb)) is not None
    }
    if not any(action.objects for action in actions.values()):
        return ()  # most sentences damage nothing: their quantities are not read for it
    quantities = find_quantities(sent)
    found: list[Damage] = []
    for action in actions.values():
        if not action.objects:
            continue
        # "burned and looted dozens of homes": one damage, told by both verbs
        sharing = [actions[c.i] for c in action.verb.conjuncts if c.i in actions]
        joined = sorted([a for a in sharing if not a.objects] + [action], key=lambda a: a.verb.i)
        words = " and ".join(a.text for a in joined)
        for anchor, noun in _targets(action.objects):
            found.append(_damage(joined[0].verb, words, action, anchor, noun, quantities))
    return tuple(sorted(found, key=lambda d: d.evidence.start))


@dataclass(frozen=True, slots=True)
class _Action:
    verb: Token
    text: str
    """As written: "burned", "set fire to", "blew up"."""
    end: int
    """Index of the action's last token."""
    objects: tuple[Token, ...]
    """The tokens it acts on, as attached to it (may be empty when a conjunct has them)."""


def _targets(objects: tuple[Token, ...]) -> list[tuple[Token, Token]]:
    """(token attached to the verb, property noun) pairs, conjuncts ("shops and homes") too."""
    pairs: dict[int, tuple[Token, Token]] = {}
    for first in objects:
        for anchor in (first, *first.conjuncts):
            noun = _property(anchor)
            if noun is None:
                continue
            pairs.setdefault(noun.i, (anchor, noun))
            for conj in noun.conjuncts:
                if conj.lemma_.lower() in _PROPERTY:
                    pairs.setdefault(conj.i, (conj, conj))
    return [pairs[i] for i in sorted(pairs)]


def _action(verb: Token) -> _Action | None:
    """The damage `verb` reports, if it is a damage verb and asserted."""
    lemma = verb.lemma_.lower()
    if lemma not in _VERBS or verb.pos_ != "VERB" or not is_asserted(verb):
        return None
    doc = verb.doc
    children = list(verb.children)
    particles = [c for c in children if c.dep_ == "prt" and c.lower_ in ("up", "down")]
    if lemma == "set":
        to = [c for c in children if c.dep_ == "prep" and c.lower_ == "to"]
        fire = [c for c in children if c.dep_ == "dobj" and c.lower_ == "fire"]
        if fire and to:
            objects = tuple(pobjs(to[0]))
            return _Action(verb, f"{verb.text} fire to", to[0].i, objects)
        blaze = [c for c in children if c.lower_ in _ABLAZE or _on_fire(c)]
        if not blaze:
            return None
        complement = doc[blaze[0].i : blaze[0].right_edge.i + 1].text
        return _Action(verb, f"{verb.text} {complement}", blaze[0].right_edge.i, _arguments(verb))
    if lemma == "blow" and not particles:
        return None
    text = " ".join([verb.text, *(p.text for p in particles)])
    return _Action(verb, text, max([verb.i, *(p.i for p in particles)]), _arguments(verb))


def _on_fire(token: Token) -> bool:
    """ "set on fire"."""
    return token.lower_ == "on" and any(c.lower_ == "fire" for c in token.children)


def _arguments(verb: Token) -> tuple[Token, ...]:
    """The direct object of an active verb, the subject of a passive or reduced one."""
    deps = ("dobj", "nsubjpass") if verb.tag_ != "VBN" else ("dobj", "nsubjpass", "nsubj")
    return tuple(c for c in verb.children if c.dep_ in deps and c.lower_ != "fire")


def _damage(
    first: Token,
    words: str,
    action: _Action,
    anchor: Token,
    noun: Token,
    quantities: tuple[QuantityMatch, ...],
) -> Damage:
    """One `Damage` for `noun`, counted by a quantity between `anchor`'s left edge and it."""
    doc = first.doc
    start = anchor.left_edge.i
    match = next((q for q in quantities if start <= q.span.start and q.span.end <= noun.i), None)
    count: Count | None = None
    object_start = start
    if match is not None:
        quantity = match.quantity
        phrase = _evidence(doc[match.span.start : noun.i + 1])
        count = Count(quantity.low, quantity.best, quantity.high, quantity.qualifier, phrase)
        object_start = match.span.end
        while object_start < noun.i and doc[object_start].lower_ == "of":
            object_start += 1
    else:
        article = [c for c in noun.children if c.dep_ == "det" and c.lower_ in ("a", "an")]
        if article and noun.tag_ == "NN":
            count = Count(1, 1, 1, article[0].text, _evidence(doc[article[0].i : noun.i + 1]))
            object_start = article[0].i + 1
    lo, hi = min(first.i, start), max(action.end, noun.i)
    return Damage(
        action=words,
        object=doc[object_start : noun.i + 1].text,
        count=count,
        evidence=_evidence(doc[lo : hi + 1]),
    )


def _property(anchor: Token) -> Token | None:
    """The property noun `anchor` names, looking through "dozens of" / "three of the"."""
    if anchor.lemma_.lower() in _PROPERTY:
        return anchor
    for prep in anchor.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for pobj in prep.children:
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in _PROPERTY:
                    return pobj
    return None


def _evidence(span: Span) -> Evidence:
    return Evidence(span.start_char, span.end_char, span.text, EXTRACTOR)
