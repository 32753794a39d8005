"""Who did it, to whom, and with whom: actor mentions around each trigger, read from the parse.

Roles:
- `perpetrator`: the subject of a violence verb ("militants killed"), the agent of a passive
  ("killed by gunmen"; for "killed by a US drone strike" the named modifier "US"), "attack by X"
  (also where the parse hangs "by X" on another word, "casualties in raids by warplanes"),
  a named modifier of a trigger noun ("a Taliban attack", "Israeli airstrikes"), or a trigger
  noun that is itself a person ("a suicide bomber", "protesters").
- `target`: the object of the verb or the passive subject ("police officers", "a checkpoint"),
  also of a reduced passive ("four soldiers killed in ..."), "attack on X"; leading counts are
  dropped ("more than 100 people" → "people") because the numbers belong to casualties. Those
  killed or wounded are never perpetrators. The side that owns a vehicle struck is a target
  too ("destroyed 3 vehicles for regime forces": the vehicles and the regime forces).
- `ally`: who the perpetrator fights alongside ("militants fighting alongside the Taliban").
- A two-sided fight ("clashes between A and B", "A clashed with B") has no single aggressor in
  the text; khabar records A as perpetrator and B as target, in the order written. Only a
  fight has sides: "between five and seven people were killed" counts victims.

Not actors: weapons ("a bomb killed", though "a US drone strike" names its owner), claims and
statements ("BLF claims attack": claims are a later stage), animals, abstract nouns ("fought a
bitter war"), and words on another line than the trigger's (a headline or a dateline).
Actor text is the noun phrase as written ("the Taliban"); naming it canonically is `actors/`'s job.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from spacy.tokens import Doc, Span, Token

from khabar.extract.triggers import (
    Trigger,
    acts_told,
    headline_passive,
    misread_headline_verb,
    target_tokens,
)
from khabar.extract.types import ActorMention, Evidence
from khabar.extract.vocabulary import ATTEMPTS, NOT_ACTORS, VEHICLES, WAR_MACHINES
from khabar.nlp.memo import doc_ents, doc_span, doc_text, tokens
from khabar.nlp.tree import pobjs

EXTRACTOR = "actors@8"

# Trigger nouns that name the people who act ("a suicide bomber", "protesters").
PERSON_TRIGGERS = frozenset(
    {"bomber", "attacker", "protester", "protestor", "demonstrator", "rioter", "mob", "assailant"}
)
ACTOR_LABELS = frozenset({"ORG", "NORP", "GPE", "PERSON"})
NOT_ACTOR_LABELS = NOT_ACTORS | {"LOC", "FAC"}
_ALLY_PREPOSITIONS = frozenset({"alongside"})
_WEAPONS = frozenset(
    {"strike", "airstrike", "attack", "bomb", "blast", "shelling", "explosion", "rocket", "missile",
     "raid", "drone", "mortar", "shell", "fire", "device", "ied", "explosive", "mine", "landmine",
     "grenade", "vest", "bullet"}
)  # fmt: skip
_NOT_ACTOR_NOUNS = frozenset(
    {"claim", "statement", "report", "video", "footage", "war", "conflict", "campaign",
     "insurgency", "violence", "fighting", "battle", "livestock", "cattle", "animal", "sheep",
     "goat", "camel", "cow", "donkey", "horse", "edge", "outskirts", "area", "part", "side",
     "vicinity"}
)  # fmt: skip
"""Claims, abstract nouns, parts of a place ("on the city's northern edge") and animals: what a
trigger's subject or object may be, never an actor."""
_CLASH_KINDS = frozenset({"clash", "riot"})
_NAME_PARTICLES = frozenset({"al", "el", "wal", "wa", "bin", "ibn"})
"""Lower-case words inside Arabic group names: "Nusrat al-Islam wal Muslimin"."""
_NAME_LINKS = frozenset({"of", "in", "and", "the", "for"}) | _NAME_PARTICLES
"""Words a group name may hold before its acronym: "Al-Qaida in the Arabian Peninsula (AQAP)"."""
_ACRONYM_REACH = 8
"""How many words a name may run on for before its bracketed acronym."""
HARM_KINDS = frozenset({"harm", "harm_armed"})
"""Trigger kinds of a sentence that only tells people harmed (`triggers.harm_trigger`)."""
_NO_TARGET_KINDS = frozenset(
    {"property", "protest", "protest_intervention", "suicide", "ied", "disrupted"}
)
"""Kinds whose object is no target: what burned, the weapon, or a defused bomb."""


def find_actors(sent: Span, triggers: Sequence[Trigger]) -> tuple[ActorMention, ...]:
    """Actor mentions for the triggers of `sent`, in text order, one per (role, span); those
    who stopped a weapon or arrested someone are none of a violent act told beside it ("a bomb
    killed five; police defused a second")."""
    triggers = acts_told(triggers)
    trigger_tokens = {i for trig in triggers for i in range(trig.start, trig.end)}
    pairs = [
        (*pair, trig)
        for trig in triggers
        for role, head in _roles(sent.doc[trig.head], trig.kind)
        if _is_actor(head, trigger_tokens)
        for pair in [(role, head), *(("ally", ally) for ally in _allies(head, role))]
    ]
    seen: dict[tuple[str, int, int], ActorMention] = {}
    for role, head, trig in pairs:
        span = _phrase(head, strip_counts=role == "target")
        if span.start < trig.end <= head.i:
            span = sent.doc[trig.end : span.end]  # "Al-Shabaab ambush AU troops": AU troops
        seen.setdefault((role, span.start_char, span.end_char), _mention(span, role))
    return tuple(sorted(seen.values(), key=lambda actor: (actor.evidence.start, actor.role)))


def _roles(head: Token, kind: str) -> Iterator[tuple[str, Token]]:
    """(role, head token) pairs for one trigger."""
    if head.pos_ in ("NOUN", "PROPN") or head.dep_ in ("nsubj", "pobj", "dobj"):
        yield from _noun_roles(head, kind)
        return
    # "four soldiers killed in ...": the subject of a reduced passive is the victim.
    # "four soldiers die": those a harm-only trigger tells of dying are victims too.
    harmed = kind in HARM_KINDS and head.lemma_.lower() == "die"
    subject_role = "target" if _is_passive(head) or harmed else "perpetrator"
    for subject in _subjects(head):
        if subject_role == "target":
            yield "target", subject
        else:
            yield from (("perpetrator", a) for a in _agent_actors(subject))
    if kind in _CLASH_KINDS:
        yield from _between(head)
    for child in head.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from (("perpetrator", a) for a in _agent_actors(obj))
        elif child.dep_ == "prep" and child.lower_ in ("with", "against") and kind in _CLASH_KINDS:
            yield from (("target", obj) for obj in _conjoined(child, "pobj"))
    if kind not in _NO_TARGET_KINDS:
        yield from _targets(head)


def _targets(head: Token) -> Iterator[tuple[str, Token]]:
    """What the act at `head` struck, each with the side that owns it (`_owners`)."""
    for target in target_tokens(head):
        yield "target", target
        yield from (("target", owner) for owner in _owners(target))


def _owners(target: Token) -> list[Token]:
    """The side whose vehicles were struck ("3 vehicles for regime forces", "a tank of the
    army"): a target too, as the act was aimed at it."""
    if target.lemma_.lower() not in VEHICLES | WAR_MACHINES:
        return []
    preps = [c for c in target.children if c.dep_ == "prep" and c.lower_ in ("of", "for")]
    return [o for prep in preps for o in pobjs(prep)]


def _noun_roles(head: Token, kind: str) -> Iterator[tuple[str, Token]]:
    if head.lemma_.lower() in PERSON_TRIGGERS:
        yield "perpetrator", head
    if misread_headline_verb(head):
        yield "perpetrator", head.doc[head.i - 1]  # "Al-Shabaab ambush AU troops"
    for child in head.children:
        if child.dep_ in ("compound", "amod", "poss") and child.ent_type_ in ACTOR_LABELS:
            yield "perpetrator", child
        elif child.dep_ == "prep" and child.lower_ == "by":
            yield from (("perpetrator", obj) for obj in _conjoined(child, "pobj"))
    after = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
    if after is not None and after.lower_ == "by" and after.head != head:
        # "in raids by warplanes", with "by" hung on another word
        yield from (("perpetrator", obj) for obj in _conjoined(after, "pobj"))
    if kind in _CLASH_KINDS:
        yield from _between(head)
    if kind not in _NO_TARGET_KINDS:
        yield from _targets(head)


def _subjects(verb: Token) -> list[Token]:
    """Subjects of `verb`, inherited along conj/advcl/xcomp ("killed ... and burned", "blew
    himself up ..., killing"), through relative pronouns and participle modifiers."""
    tok = verb
    for _ in range(4):
        subjects = [c for c in tok.children if c.dep_ == "nsubj"]
        if subjects:
            # A stray second subject (a misparsed heading) is farther from the verb.
            nearest = min(subjects, key=lambda s: abs(tok.i - s.i))
            found = [nearest, *nearest.conjuncts]
            return [tok.head if s.tag_ in ("WP", "WDT") else s for s in found]
        if tok.dep_ in ("acl", "relcl"):
            return _attempt_makers(tok.head) if _attempt(tok.head) else [tok.head]
        if tok.dep_ not in ("conj", "advcl", "xcomp") or tok.head == tok:
            return []
        tok = tok.head
    return []


def _attempt(noun: Token) -> bool:
    return noun.lemma_.lower() in ATTEMPTS


def _attempt_makers(attempt: Token) -> list[Token]:
    """Who made "an attempt to assassinate": its owner ("the regime forces' attempt"), "by" whom
    ("attempts by the SDF"), or the subject of the verb it is the object of ("gunmen made a bid
    to storm"); the attempt itself is no one."""
    owners = [c for c in attempt.children if c.dep_ == "poss"]
    owners += [o for c in attempt.children if c.lower_ == "by" for o in pobjs(c)]
    if not owners and attempt.dep_ == "dobj":
        owners = [c for c in attempt.head.children if c.dep_ == "nsubj"]
    return [t for first in owners for t in (first, *first.conjuncts)]


def _is_passive(verb: Token) -> bool:
    """A past participle with no "have" and no object: "soldiers (were) killed"; a headline's
    past form with no object too ("Army outpost attacked", `triggers.headline_passive`)."""
    if headline_passive(verb):
        return True
    if verb.tag_ != "VBN":
        return False
    return not any(
        c.dep_ == "dobj" or (c.dep_ == "aux" and c.lemma_ == "have") for c in verb.children
    )


def _between(head: Token) -> Iterator[tuple[str, Token]]:
    """ "clashes between A and B": A is perpetrator, B (and any further conjunct) target."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "between":
            sides = _conjoined(child, "pobj")
            if sides:
                yield "perpetrator", sides[0]
                yield from (("target", side) for side in sides[1:])


def _agent_actors(obj: Token) -> list[Token]:
    """The agent of a passive; for a weapon or strike ("a US drone strike") its named owner."""
    if obj.lemma_.lower() in _WEAPONS:
        return [c for c in obj.children if c.ent_type_ in ACTOR_LABELS and c.dep_ != "prep"]
    return [obj, *obj.conjuncts]


def _allies(perpetrator: Token, role: str) -> list[Token]:
    """Who a perpetrator acts alongside: "militants fighting alongside the Taliban"."""
    allies: list[Token] = []
    if role != "perpetrator":
        return allies
    holders = [perpetrator, *(c for c in perpetrator.children if c.dep_ in ("acl", "relcl"))]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ in _ALLY_PREPOSITIONS:
                allies.extend(_conjoined(prep, "pobj"))
    return allies


def _conjoined(prep: Token, dep: str) -> list[Token]:
    return [t for obj in prep.children if obj.dep_ == dep for t in (obj, *obj.conjuncts)]


def _is_actor(head: Token, trigger_tokens: set[int]) -> bool:
    """Not a date, number, pronoun, `_NOT_ACTOR_NOUNS` or event ("The attack on a mosque ...")."""
    if head.ent_type_ in NOT_ACTOR_LABELS or head.like_num or head.pos_ == "PRON":
        return False
    if head.lemma_.lower() in _NOT_ACTOR_NOUNS:
        return False
    return head.i not in trigger_tokens or head.lemma_.lower() in PERSON_TRIGGERS


def _phrase(head: Token, strip_counts: bool) -> Span:
    """The noun phrase headed by `head`: its left modifiers and "of ..." complements, not
    relative clauses, participles or other prepositions; widened to cover a whole entity."""
    doc = head.doc
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.i < head.i and child.dep_ not in ("punct", "cc", "prep"):
            start = min(start, child.left_edge.i)
        elif child.i > head.i and child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i + 1)
    start, end = entity_extent(head, start, end)
    # A phrase never crosses a line break: a headline or dateline is not part of it.
    breaks = [t.i for t in tokens(doc)[start:end] if t.is_space and "\n" in t.text]
    start = max([start, *(i + 1 for i in breaks if i < head.i)])
    end = min([end, *(i for i in breaks if i > head.i)])
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    if strip_counts:
        counts = [
            t.i for t in tokens(doc)[start : head.i] if t.like_num or t.ent_type_ == "CARDINAL"
        ]
        start = max(counts, default=start - 1) + 1
    return doc_span(doc, start, end)


def _mention(span: Span, role: str) -> ActorMention:
    start, end = span.start_char, span.end_char
    text = doc_text(span.doc)[start:end]
    return ActorMention(
        text=text,
        role=role,
        evidence=Evidence(start=start, end=end, text=text, extractor=EXTRACTOR),
    )


def entity_extent(head: Token, start: int, end: int) -> tuple[int, int]:
    """Tokens [start, end) of a phrase headed by `head`, widened over the whole entity `head`
    is in and, for a name, over the group name the parse cuts up (`_name_extent`)."""
    doc = head.doc
    if head.ent_type_:
        for ent in doc_ents(doc):
            if ent.start <= head.i < ent.end:
                start, end = min(start, ent.start), max(end, ent.end)
    if head.pos_ == "PROPN" or head.ent_type_:
        start, end = _name_extent(doc, start, end)
    return start, end


def _name_extent(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Tokens [start, end) widened over a group name the parse cuts up: hyphenated and
    particle-joined words ("Tehrik-i-Taliban", "Nusrat al-Islam wal Muslimin") and a name that
    runs on to its acronym in brackets ("Al-Qaida in the Arabian Peninsula (AQAP)",
    "Jaish-e-Mohammad (JeM)"), which marks where the name ends."""
    while start > 1 and _joined(doc, start - 2, start):
        start -= 2
    end = _run_on(doc, end)
    run = end
    while run < min(len(doc), end + _ACRONYM_REACH):
        tok = doc[run]
        if tok.text == "(":
            close = _acronym_close(doc, run)
            if close and doc[run - 1].lower_ not in _NAME_LINKS:
                return start, close
            break
        if not (tok.lower_ in _NAME_LINKS or tok.is_title or tok.is_upper or tok.text == "-"):
            break
        run = _run_on(doc, run + 1)
    return start, end


def _run_on(doc: Doc, end: int) -> int:
    """`end` moved over "-i-Taliban" and " wal Muslimin" joined to the word before it."""
    while end + 1 < len(doc) and (
        _joined(doc, end - 1, end + 1)
        or (doc[end].lower_ in _NAME_PARTICLES and doc[end + 1].is_title)
    ):
        end += 2
    return end


def _joined(doc: Doc, left: int, right: int) -> bool:
    """Whether doc[left] and doc[right] are words written with a hyphen between them and no
    space ("Jaish-e")."""
    if left < 0 or right >= len(doc) or right - left != 2:
        return False
    hyphen = doc[left + 1]
    return (
        hyphen.text == "-"
        and not doc[left].whitespace_
        and not hyphen.whitespace_
        and doc[left].is_alpha
        and doc[right].is_alpha
    )


def _acronym_close(doc: Doc, bracket: int) -> int:
    """The index after ")" when doc[bracket] opens an acronym ("(JeM)", "(CPI-Maoist)"), else 0."""
    close = next((t.i for t in doc[bracket + 1 : bracket + 5] if t.text == ")"), None)
    if close is None or close == bracket + 1:
        return 0
    first = doc[bracket + 1]
    capitals = sum(c.isupper() for c in first.text)
    return close + 1 if capitals >= 2 and first.is_alpha else 0
