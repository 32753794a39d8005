"""War told without a word of violence: a force's advance, a place seized or taken control of,
a military operation (ACLED's Battles, DESIGN §3).

Conflict news often tells a battle by what it won ("SDF advance west of Raqqa", "Rangoon seizes
big base", "Rebels take control of Lalibela", "regime forces expand their control in the
desert") or by the campaign it belongs to ("Continued military operations in al-Bab
countryside", "Regime forces continue their operations"). These are events only when a fighting
side does them and, for a seizure, when what is taken is ground: "the company captured the
market", "technological advances", "in advance", "a rescue operation" and "Operation Forces"
(a name) are none. A side that is a state ("the army", "regime forces", a capital or country
named as actor) regains territory, any other overtakes it. Planned, threatened and negated acts
are dropped by `triggers` as for every trigger ("plans to launch an operation").
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from khabar.extract.arrests import captured_kind
from khabar.extract.casualties import is_asserted
from khabar.extract.vocabulary import plural_of
from khabar.nlp.compass import COMPASS
from khabar.nlp.tree import pobjs

SIDES = frozenset(
    {"force", "army", "military", "troop", "soldier", "rebel", "militant", "fighter",
     "insurgent", "militia", "regime", "guerrilla", "group", "faction", "brigade", "battalion",
     "division", "jihadist", "militiaman", "marine", "junta", "tatmadaw", "government",
     "gunman", "coalition", "unit", "organization", "organisation"}
)  # fmt: skip
"""Nouns for a side that fights: who advances, seizes ground or runs an operation."""
STATE = frozenset(
    {"army", "military", "regime", "government", "troop", "soldier", "junta", "tatmadaw",
     "marine", "police"}
)  # fmt: skip
"""Words that make a side the state's: its gains are ACLED's "Government regains territory"."""
GROUND = frozenset(
    {"town", "village", "city", "base", "airbase", "area", "hill", "position", "post",
     "checkpoint", "outpost", "camp", "headquarters", "district", "neighbourhood",
     "neighborhood", "territory", "airport", "bridge", "field", "palace", "garrison", "barracks",
     "stronghold", "province", "capital", "desert", "crossing", "highway", "mountain",
     "countryside", "township", "enclave", "suburb", "region", "island", "port", "valley",
     "ridge", "front", "trench"}
)  # fmt: skip
"""What a side seizes that is ground, not goods or people."""
_TAKEN_AS_A_STAND = frozenset({"position", "post", "front", "field", "stand"})
"""Ground that "take" makes a stance or a deployment: "took the position that talks should
resume", "took up positions", "took the field"."""
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_SIDE_ENTS = frozenset({"ORG", "NORP", "GPE"})
SEIZE = frozenset({"seize", "capture", "overrun", "recapture", "retake", "take"})
TAKE_CONTROL = frozenset(
    {"take", "seize", "gain", "impose", "expand", "extend", "regain", "wrest", "tighten",
     "assume", "restore"}
)  # fmt: skip
"""Verbs whose object "control" tells ground taken ("take control of", "expand control in")."""
ADVANCE_PREPS = frozenset({"in", "into", "towards", "toward", "on", "over", "to", "at", "near"})
OPERATION_KINDS = frozenset(
    {"military", "combat", "army", "security", "ground", "offensive", "counterinsurgency",
     "counterterrorism", "clearance", "clearing", "armed", "mop", "mopping", "cleansing"}
)  # fmt: skip
"""Words that make an "operation" one of war ("military operations", "combat operations")."""
WAGING = frozenset(
    {"continue", "launch", "conduct", "carry", "begin", "intensify", "resume", "step", "wage",
     "expand", "start", "mount"}
)  # fmt: skip
"""Verbs by which a side runs operations ("regime forces continue their operations")."""


def advance_kind(head: Token, sent: Span) -> str | None:
    """ "SDF advances over rebels", "Houthi rebels push into southern province", "SDF advance
    west of Raqqa", "the regime forces achieve advancement in hills": a side's advance on
    ground, in a direction or over the enemy; "in advance", "advance warning", "advances in
    medicine" and "advance to the final" are none. The preposition written right after
    "advance" is read as its own however the parser attached it ("IS exploits the chaos and
    advance in 4 villages"), and "advance at the expense of X" is ground won from an enemy
    even where no side is recognised before it (a group's name misread as a person's), when
    the sentence names a place ("Prices advance at the expense of wages" is none)."""
    if head.dep_ == "pobj" and head.head.lower_ == "in":
        return None
    after = _next_word(head)
    expense = _at_expense(after)
    toward = expense or any(
        c.dep_ in ("prep", "prt") and c.lower_ in ADVANCE_PREPS and any(map(_ahead, c.subtree))
        for c in (*head.children, *([after] if after is not None and after.dep_ == "prep" else []))
    )
    compass = head.dep_ == "compound" and head.head.lower_ in COMPASS
    gain = head.lemma_.lower() == "advancement" or (
        head.dep_ == "dobj" and head.head.lemma_.lower() in ("achieve", "make")
    )
    if not (toward or compass or (gain and head.lemma_.lower() != "push")) or not _told(head):
        return None
    side = _side_before(head, sent)
    if side is None:
        placed = any(t.ent_type_ in _PLACES for t in sent)
        return "territory" if expense and placed else None
    return _territory(side)


def _next_word(head: Token) -> Token | None:
    """The word after `head`, past adverbs ("advance again at ...")."""
    doc = head.doc
    i = head.i + 1
    while i < len(doc) and doc[i].pos_ == "ADV":
        i += 1
    return doc[i] if i < len(doc) else None


def _at_expense(tok: Token | None) -> bool:
    """ "at the expense of X": ground won from an enemy, whatever the parser made of X."""
    if tok is None or tok.lower_ != "at":
        return False
    return [t.lower_ for t in tok.doc[tok.i + 1 : tok.i + 4]] == ["the", "expense", "of"]


def seized_kind(head: Token, sent: Span) -> str | None:
    """ "Rangoon seizes big base", "rebels capture the town": ground taken by a side; "take"
    needs a fighting side as its subject, the others only ground as their object. People
    captured by a side are arrested or abducted (`arrests.captured_kind`)."""
    if head.pos_ != "VERB" or not _told(head):
        return None
    taking = head.lemma_.lower() == "take"
    objects = [
        o for c in head.children if c.dep_ in ("dobj", "nsubjpass") for o in (c, *c.conjuncts)
    ]
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    if taking and (subject is None or not fighting(subject)):
        return None
    side = subject if subject is not None and fighting(subject) else _side_before(head, sent)
    if not any(
        _ground(o) and not (taking and o.lemma_.lower() in _TAKEN_AS_A_STAND) for o in objects
    ):
        people = [o for o in objects if o.pos_ in ("NOUN", "PROPN") and not _ground(o)]
        by_state = side is not None and _territory(side) == "territory_gov"
        return captured_kind(people, by_state) if side is not None and not taking else None
    return _territory(side) if side is not None else "territory"


def control_kind(head: Token, sent: Span) -> str | None:
    """ "take control of", "expand their control in": "control" as what a side takes."""
    verb = head.head
    if head.dep_ != "dobj" or verb.lemma_.lower() not in TAKE_CONTROL or not _told(head):
        return None
    held = [
        pobj
        for prep in (*head.children, *(c for c in verb.children if c.lower_ != "of"))
        if prep.dep_ == "prep" and prep.lower_ in ("of", "over", "in")
        for pobj in pobjs(prep)
    ]
    if not any(_ground(t) for pobj in held for t in (pobj, *pobj.conjuncts)):
        return None  # "took control of the stadium", "of the bank": a place, not ground won
    side = _side_before(head, sent)
    return None if side is None else _territory(side)


def operation_kind(head: Token, sent: Span) -> str | None:
    """ "Continued military operations in al-Bab countryside", "Regime forces continue their
    operations": an operation of war, by its kind, or one a side wages that names no other
    kind; a name ("Operation Forces") or a search, rescue or peacekeeping operation is none.
    A Title-Case headline's plural is read as a name and left as written ("Army Launches
    Combat Operations"), so it is read by its singular (`plural_of`)."""
    operation = "operation" in (head.lemma_.lower(), plural_of(head))
    if head.dep_ == "compound" or not operation or not _told(head):
        return None
    kinds = {c.lemma_.lower() for c in head.children if c.dep_ in ("amod", "compound")}
    waged = head.dep_ == "dobj" and head.head.lemma_.lower() in WAGING
    if kinds & OPERATION_KINDS:
        return "operation"
    if waged and not kinds and _side_before(head, sent) is not None:
        return "operation"
    return None


def _told(head: Token) -> bool:
    """Whether the verb a trigger noun is the object or subject of is told as done: "plans to
    launch an operation", "will not take control of", "an operation could displace thousands"
    are not (`triggers` checks the trigger itself), nor is a relative clause ("the areas they
    have advanced into")."""
    if head.dep_ == "relcl" or head.head.dep_ == "relcl":
        return False  # "the areas they have advanced into": what ground is, not news
    return head.dep_ not in ("dobj", "nsubj", "nsubjpass") or is_asserted(head.head)


def _territory(side: Token) -> str:
    words = {t.lemma_.lower() for t in side.subtree} | {side.lemma_.lower()}
    state = bool(words & STATE) or (side.ent_type_ == "GPE" and side.dep_ == "nsubj")
    return "territory_gov" if state else "territory"


def fighting(tok: Token) -> bool:
    """A side that fights: its noun, a named group or state, or one modified by such a word."""
    if tok.lemma_.lower() in SIDES or tok.lower_ in SIDES or tok.ent_type_ in _SIDE_ENTS:
        return True
    return any(
        c.dep_ in ("compound", "amod") and (c.lemma_.lower() in SIDES or c.ent_type_ in _SIDE_ENTS)
        for c in tok.children
    )


def _side_before(head: Token, sent: Span) -> Token | None:
    """The trigger's subject when it fights, else the first fighting side told before it in
    the sentence (headlines are often misparsed: "SDF advance west of ...")."""
    for c in head.children:
        if c.dep_ == "nsubj" and fighting(c):
            return c
    verb = head.head if head.dep_ == "dobj" else None
    for c in verb.children if verb is not None else ():
        if c.dep_ == "nsubj" and fighting(c):
            return c
    return next((t for t in sent if t.i < head.i and fighting(t)), None)


def _ahead(tok: Token) -> bool:
    """What a side advances on: ground, a direction, or the enemy ("advances over rebels")."""
    return _ground(tok) or tok.lower_ in COMPASS or fighting(tok)


def _ground(tok: Token) -> bool:
    return tok.lemma_.lower() in GROUND or tok.ent_type_ in _PLACES
