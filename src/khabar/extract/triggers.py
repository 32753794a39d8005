"""Event triggers: the words that say something happened, and the event type they imply.

Taxonomy (DESIGN §3). Event types are ACLED's six, with their sub-event types
(`ACLED_EVENT_TYPES`); every type khabar assigns also carries one of GTD's nine attack types
(`GTD_ATTACK_TYPES`) so the same report can be exported in either layout. `CATEGORIES` is the
table from a trigger kind to both. Some kinds are decided by context:
- "attack", "killed", "opened fire", "ambush", "beheaded"...: by target. Protesters make
  Protests / Excessive force against protesters; an official ("the police chief", "a governor")
  or else a named person makes Violence against civilians / Attack with GTD Assassination;
  armed targets (soldiers, police, a checkpoint, an armed group) make Battles / Armed clash;
  a leader of fighters ("a rebel commander", "a Taliban commander") is a combatant, so killing
  him is an Armed clash that GTD still calls an Assassination (a former one is none);
  anyone else Violence against civilians / Attack with GTD Armed Assault. "The regime" is its
  forces when an act of arms is done to it ("ISIS attacks the regime"), not when critics
  attack it; an attack fought off ("repulsed an assault") is a clash; what an illness or a
  disaster "kills" is no attack. Victims named by no side ("kill five") at an armed post
  ("at a military outpost") are its men. A headline's past form with no object is a passive
  (`headline_passive`: "Army outpost attacked twice").
- "hostage": a Barricade Incident when the sentence tells a siege, a standoff or a storming
  ("stormed a hotel and held guests hostage"), else a Kidnapping.
- "bombed", "bombing": Air/drone strike when the sentence names aircraft, else an IED;
  "bombarded", "bombardment": an Air/drone strike when it names aircraft, else shelling (a
  bombardment is sustained fire by guns, rockets or aircraft, never a planted device).
- "strike" alone: Air/drone strike when the sentence names aircraft ("warplanes carried out
  720 strikes") or the strikes target, hit or kill what guns strike ("More strikes target sites
  of the factions"), else no event (a walkout, a blow).
- "target": an attack by aircraft or fighters, or by anyone when what is aimed at is armed
  ("Jabhat al-Nusra target positions of ..."); the noun "targeting" too, by its possessor or
  its "by" phrase, and "aerial targeting" is an air strike.
- "advance", "seize", "take control", "operation": war told by what a side won or the campaign
  it wages (`warfare`), Battles ranked below every other trigger: they open a report but never
  retype one, save a killing that names no victim (`bare_harm`: "seize army camp, at least 15
  killed"), which ranks below them in a sentence and in a report (`outranks`).
- a counter-attack or counter-offensive is fought back against those who attacked: a clash,
  unless the victims it names say otherwise ("killed 128 civilians in a counter attack").
- "clash" among protesters is a riot; a protest with tear gas, dispersal or arrests is a
  Protest with intervention.
- "mines" are explosives when they kill or people are killed by them ("Mines kill five"), not a
  pit ("a gold mine") or a pronoun.
- "went off" is an explosion when a bomb, a device or explosives went off ("an explosive device
  went off in a market").
- "burned", "torched", "destroyed"... count only when `damage.extract_damage` reads damage to
  property there ("burned 60 homes", not "burned a flag"), and none when nature did it
  ("Floods devastated 40 homes"); destroying a side's arms (a tank, armoured or military
  vehicles, "vehicles for regime forces") is an Armed clash with that side.
- "hostilities" are fighting; fighting told as stopped ("a cessation of hostilities", "an end
  to the fighting", "agreed to halt the clashes") is none.

A sentence that tells people killed or injured with no trigger word at all ("Four dead, 15
wounded in Algeria violence") has a harm trigger (`harm_trigger`, kinds "harm" and
"harm_armed"): its first casualty word, an Attack or an Armed clash by who was harmed, with
GTD's "Unknown" attack type since nothing says how. So has a headline that tells harm but no
count (`harm_headline`): headed by "casualties" ("Casualties in the explosion downtown
Damascus"), by "losses" of people or of a side at war ("Losses in Rebels in Reef Dimashq"), by a
death toll, or by the funeral of fighters ("Funeral of 11 fighters").

A sentence's event type is its strongest trigger (`Trigger.rank`): the means of attack
(suicide > air > shelling > IED > grenade) beats a clash, which beats a bare "killed", which
beats abduction, riots, protests and property destruction. So "burned 60 homes" only makes a
Strategic development when nothing stronger (anyone hurt) is told in the same sentence. An
attack on civilians that only says the attackers came ("attacked a village", "stormed a
school", `ENTRY`) is how an abduction told with it was done, so when the sentence tells an
abduction and no trigger tells anyone harmed otherwise, the abduction decides the type
(ACLED's Abduction/forced disappearance; "attacked a village and abducted 24 women"), while
"attacked a village, killing two and abducting five" stays an Attack.

Negated or hypothetical triggers ("no attack", "did not attack", "threatened to attack", "plans to
bomb", "warned of attacks", "will attack ... if") are not events and are dropped, and so are
weapons named only as a modifier ("assault rifles"), as the instrument of a triggered act ("opened
fire with rocket-propelled grenades") or as what attackers were armed with ("armed with guns and
suicide vests stormed ..."; a trigger the parser hangs on a finite verb as a compound, "Heavy
fighting spreads", is that verb's subject, no modifier), and an incident referred back to by a
claim or a blame ("claimed responsibility for the attack", "was suspected of carrying out the
assassination"): these tell neither a new event nor how it was done. What an act is done for ("in
order to advance") is not done either. An act that an "after" or "following" phrase names as the
occasion ("Seeks Answers After Army Attack") has happened whatever is sought in reply, and "an
attempt to assassinate" is told as made unless the attempt is foiled or only planned.

GTD codes an incident's attack type by its own hierarchy, not by the means (`GTD_PRIORITY`:
Assassination > Hijacking > Kidnapping > Barricade > Bombing > Armed Assault > Unarmed Assault >
Facility > Unknown), so every trigger of a sentence carries the sentence's highest GTD type
("gunmen abducted five and killed two" is a Kidnapping), and an explosion aimed at an official
is an Assassination ("a suicide bomber targeted an election candidate", "a bomb attached to the
car of a district governor") while its ACLED type stays the explosion's.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Span, Token

from khabar.extract.arrests import arrest_kind
from khabar.extract.casualties import extract_casualties, harm_word, is_asserted
from khabar.extract.damage import extract_damage
from khabar.extract.disrupted import STOPPING, disrupted_kind, shot_down_aircraft, stopped
from khabar.extract.harm_headline import harm_headline
from khabar.extract.types import EventTypeValue, Evidence
from khabar.extract.vocabulary import (
    AIRCRAFT,
    ARMED,
    ARMED_WITH,
    ARMOURED,
    ATTEMPTS,
    AVERTED,
    CEASED,
    CONVEYANCES,
    ENTRY,
    FIGHTERS,
    HEADLINE_TRIGGERS,
    HEADLINE_VERBS,
    INTERVENTION,
    MEDICAL,
    NOT_ACTORS,
    NOT_FOUGHT,
    NOT_TRIGGER_ENTS,
    NOT_VIOLENCE,
    OFFICIALS,
    PERFORMING,
    PROTESTERS,
    RESPONSIBILITY,
    SIEGE,
    STRUCK,
    TRIED,
    VEHICLES,
    VERBAL,
    WAR_MACHINES,
    armed_group,
    armed_word,
    headline_stems,
    plural_of,
)
from khabar.extract.warfare import (
    GROUND,
    advance_kind,
    control_kind,
    fighting,
    operation_kind,
    seized_kind,
)
from khabar.nlp.memo import (
    doc_span,
    doc_text,
    lemmas,
    lemmas_lower,
    lowers,
    remembered,
    span_tokens,
    token_tags,
)
from khabar.nlp.tree import pobjs

EXTRACTOR = "event_type@21"

ACLED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": ("Sexual violence", "Attack", "Abduction/forced disappearance"),
    "Protests": (
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

GTD_ATTACK_TYPES: tuple[str, ...] = (
    "Assassination",
    "Armed Assault",
    "Bombing/Explosion",
    "Hijacking",
    "Hostage Taking (Barricade Incident)",
    "Hostage Taking (Kidnapping)",
    "Facility/Infrastructure Attack",
    "Unarmed Assault",
    "Unknown",
)

GTD_PRIORITY: tuple[str, ...] = (
    "Assassination",
    "Hijacking",
    "Hostage Taking (Kidnapping)",
    "Hostage Taking (Barricade Incident)",
    "Bombing/Explosion",
    "Armed Assault",
    "Unarmed Assault",
    "Facility/Infrastructure Attack",
    "Unknown",
)
"""GTD's attack type hierarchy: the first that applies is an incident's attack type."""

_EXPLOSIONS = "Explosions/Remote violence"
_VAC = "Violence against civilians"


@dataclass(frozen=True, slots=True)
class Category:
    """One row of the taxonomy table: the types a trigger kind implies, and its strength."""

    event_type: str
    sub_event_type: str
    gtd_attack_type: str
    rank: int


CATEGORIES: dict[str, Category] = {
    "suicide": Category(_EXPLOSIONS, "Suicide bomb", "Bombing/Explosion", 90),
    "air": Category(_EXPLOSIONS, "Air/drone strike", "Bombing/Explosion", 80),
    "shelling": Category(_EXPLOSIONS, "Shelling/artillery/missile attack", "Bombing/Explosion", 75),
    "ied": Category(_EXPLOSIONS, "Remote explosive/landmine/IED", "Bombing/Explosion", 70),
    "grenade": Category(_EXPLOSIONS, "Grenade", "Bombing/Explosion", 65),
    "clash": Category("Battles", "Armed clash", "Armed Assault", 60),
    "attack_armed": Category("Battles", "Armed clash", "Armed Assault", 55),
    "assassination_armed": Category("Battles", "Armed clash", "Assassination", 54),
    "assassination": Category(_VAC, "Attack", "Assassination", 52),
    "attack_protesters": Category(
        "Protests", "Excessive force against protesters", "Armed Assault", 51
    ),
    "attack": Category(_VAC, "Attack", "Armed Assault", 50),
    "territory_gov": Category("Battles", "Government regains territory", "Armed Assault", 27),
    "territory": Category("Battles", "Non-state actor overtakes territory", "Armed Assault", 27),
    "operation": Category("Battles", "Armed clash", "Armed Assault", 26),
    "harm_armed": Category("Battles", "Armed clash", "Unknown", 25),
    "harm": Category(_VAC, "Attack", "Unknown", 25),
    "unarmed": Category(_VAC, "Attack", "Unarmed Assault", 49),
    "barricade": Category(
        _VAC, "Abduction/forced disappearance", "Hostage Taking (Barricade Incident)", 47
    ),
    "hijack": Category(_VAC, "Abduction/forced disappearance", "Hijacking", 46),
    "abduction": Category(
        _VAC, "Abduction/forced disappearance", "Hostage Taking (Kidnapping)", 45
    ),
    "sexual": Category(_VAC, "Sexual violence", "Unarmed Assault", 44),
    "mob": Category("Riots", "Mob violence", "Unarmed Assault", 30),
    "riot": Category("Riots", "Violent demonstration", "Unknown", 30),
    "protest_intervention": Category("Protests", "Protest with intervention", "Unknown", 21),
    "protest": Category("Protests", "Peaceful protest", "Unknown", 20),
    "property": Category(
        "Strategic developments",
        "Looting/property destruction",
        "Facility/Infrastructure Attack",
        10,
    ),
    "disrupted": Category(
        "Strategic developments", "Disrupted weapons use", "Bombing/Explosion", 9
    ),
    "arrest": Category("Strategic developments", "Arrests", "Unknown", 8),
}

RESPONSES = frozenset({"disrupted", "arrest"})
"""Kinds that tell a weapon stopped or people arrested: how violence was answered, never who
did it, so their actors join no report of violence (`participants`, `events`)."""


# Trigger lexicon: a phrase is space-separated positions, each a "|"-list of accepted lemmas or
# lower-case forms; hyphens between words are skipped ("air-strike" = "air strike"). Kinds
# "bomb", "fight" and "attack" are resolved from context in `_resolve_kind`.
LEXICON: tuple[tuple[str, str], ...] = (
    ("suicide bombing|bomber|bomb|attack|attacker|blast|explosion|vest|car|truck", "suicide"),
    ("blow himself|herself|themselves up", "suicide"),
    ("airstrike|airstrikes|airraid", "air"),
    ("strike|strikes", "strike"),
    ("air strike|raid|attack|bombardment", "air"),
    ("drone strike|attack", "air"),
    ("aerial bombardment|attack|strike|targeting", "air"),
    ("bomb|bombing", "bomb"),
    ("bombard|bombardment", "bombard"),
    ("shelling|shell|artillery|rocket|mortar|missile", "shelling"),
    ("artillery|rocket|mortar|missile strike|attack", "shelling"),
    ("ied|ieds", "ied"),
    ("improvised explosive device", "ied"),
    ("roadside|car|truck|magnetic|sticky bomb", "ied"),
    ("explosive|explosives laden", "ied"),
    ("explosive device", "ied"),
    ("device|explosive|explosives|mine go off", "ied"),
    ("bomb go off", "bomb"),
    ("explosive barrel", "air"),
    ("landmine|landmines|explosion|blast|explode|detonate|explosive", "ied"),
    ("mine|mines", "mine"),
    ("blow up", "ied"),
    ("plant|planted mine|mines", "ied"),
    ("land mine", "ied"),
    ("mine blast|explosion", "ied"),
    ("grenade", "grenade"),
    ("clash|battle|gunbattle|gunfight|firefight|shootout|skirmish|offensive", "clash"),
    ("gun battle|fight", "clash"),
    ("exchange of fire", "clash"),
    ("counterattack|counteroffensive", "counter"),
    ("counter attack|assault|offensive", "counter"),
    ("exchange fire", "clash"),
    ("wage|waged|wages|waging war", "fight"),
    ("fight|fighting|hostilities", "fight"),
    ("open fire", "attack"),
    ("gun down", "attack"),
    (
        "attack|assault|storm|ambush|raid|shoot|kill|killing|murder|massacre|slaughter|behead"
        "|decapitate|execute|execution|stab|torture",
        "attack",
    ),
    ("target|targeting", "target"),
    ("advance|advancement|push", "advance"),
    ("seize|capture|overrun|recapture|retake|take", "seize"),
    ("control", "control"),
    ("operation", "operation"),
    ("assassinate|assassination", "assassination"),
    ("abduct|abduction|kidnap|kidnapping", "abduction"),
    ("hostage|hostages", "hostage"),
    ("siege|standoff|barricade", "barricade"),
    ("stand off", "barricade"),
    ("hijack|hijacking", "hijack"),
    ("acid attack", "unarmed"),
    ("throw|hurl|splash acid", "unarmed"),
    ("toxic|poisonous gas", "unarmed"),
    ("poison|poisoning", "unarmed"),
    # The small model lemmatises "raped" and "raping" as "rap": their forms are matched too.
    ("rape|raped|raping", "sexual"),
    ("sexual violence|assault", "sexual"),
    ("mob|lynch|lynching", "mob"),
    ("riot|rioter|rioting", "riot"),
    ("violent protest|demonstration", "riot"),
    ("protest|protester|protestor|demonstration|demonstrator|demonstrate|rally|march", "protest"),
    (
        "burn|torch|raze|loot|ransack|vandalise|vandalize|destroy|demolish|devastate|wreck",
        "property",
    ),
    ("set fire", "property"),
    ("set ablaze", "property"),
    ("shoot down", "disrupt"),
    ("defuse|disarm|deactivate|dismantle|neutralise|neutralize|intercept|down", "disrupt"),
    ("find|discover|recover|confiscate|unearth|uncover", "disrupt"),
    ("arrest|detain|apprehend|nab", "arrest"),
)

_PHRASES: tuple[tuple[tuple[frozenset[str], ...], str], ...] = tuple(
    sorted(
        (
            (tuple(frozenset(position.split("|")) for position in phrase.split()), kind)
            for phrase, kind in LEXICON
        ),
        key=lambda entry: -len(entry[0]),
    )
)


def _by_first_word() -> dict[str, tuple[int, ...]]:
    """Which phrases (indices into `_PHRASES`) each word may begin."""
    found: dict[str, list[int]] = {}
    for index, (positions, _) in enumerate(_PHRASES):
        for word in positions[0]:
            found.setdefault(word, []).append(index)
    return {word: tuple(indices) for word, indices in found.items()}


_BY_FIRST_WORD = _by_first_word()

_EXPLOSIVE_KINDS = frozenset({"suicide", "ied", "grenade"})
_OCCASION = frozenset({"after", "following"})
_DEFINITE = frozenset({"the", "this", "that"})


@dataclass(frozen=True, slots=True)
class Trigger:
    """One trigger in a sentence: the type it implies, where it is, and how strong it is."""

    value: EventTypeValue
    kind: str
    """Key of `CATEGORIES` (e.g. "suicide", "attack", "property")."""
    head: int
    """Document index of the trigger's syntactic head token (the verb or noun)."""
    start: int
    """Document index of the first token."""
    end: int
    """Document index after the last token."""
    rank: int


def find_triggers(sent: Span) -> list[Trigger]:
    """Every asserted trigger in `sent`, in text order (negated and hypothetical ones dropped)."""
    if not may_tell_trigger(sent):
        return []
    written = lowers(sent.doc)
    tokens = [tok for tok in span_tokens(sent) if written[tok.i] not in _HYPHENS]
    forms, starts = _forms(sent.doc), _starts(sent.doc)
    triggers: list[Trigger] = []
    taken = -1
    for pos, tok in enumerate(tokens):
        if tok.i <= taken or tok.i not in starts:
            continue
        match = _match_at(tokens, pos, forms, starts[tok.i])
        if match is None:
            continue
        length, lexical_kind = match
        first, last = tok, tokens[pos + length - 1]
        taken = last.i
        span = doc_span(sent.doc, first.i, last.i + 1)
        if length == 1 and not _single_word_trigger(tok):
            continue
        kind = _resolve_kind(lexical_kind, span, sent)
        if kind is None or not _asserted(span.root):
            continue
        triggers.append(_trigger(span, kind))
    heads = {trig.head for trig in triggers}
    words = {i for trig in triggers for i in range(trig.start, trig.end)}
    kept = [trig for trig in triggers if not _incidental(trig, sent.doc, heads, words)]
    kept = _abduction_first(_raids_arresting(kept, sent.doc), sent.doc)
    kept = _fighting_first(kept, sent.doc)
    gtd = _gtd_attack_type(kept, sent.doc)
    return [_with_gtd(trig, gtd) for trig in kept]


def harm_trigger(sent: Span) -> Trigger | None:
    """The trigger of a sentence that tells people killed or injured with no trigger word ("Four
    dead, 15 wounded in Algeria violence", "Soldiers Die in a Clash" with "Clash" read as a
    name): its first casualty word (`casualties.harm_word`). It tells harm, not how it was done:
    an Attack on those harmed, or an Armed clash when those counted are armed people, with
    GTD's "Unknown" attack type, ranked below every trigger but protests and property damage,
    so that a later one that tells the means types the report ("The bodies of three civilians
    were found" stays GTD's Unknown). Deaths told with a cause that is no violence ("died in a
    road accident", "of cholera") give none."""
    tokens = span_tokens(sent)
    if any(tok.lemma_.lower() in NOT_VIOLENCE or _illness(tok) for tok in tokens):
        return None
    told = extract_casualties(sent)
    if any(c is not None and (c.best or 0) > 0 for c in (told.killed, told.injured)):
        word = next((tok for tok in tokens if harm_word(tok)), None)
        if word is None:
            return None
    else:
        headline = harm_headline(tokens)
        if headline is None:
            return None
        word, armed_told = headline
        if armed_told:
            return _trigger(sent.doc[word.i : word.i + 1], "harm_armed")
    counted = [c.evidence for c in (told.killed, told.injured) if c is not None]
    victims = [tok for tok in tokens if any(e.start <= tok.idx < e.end for e in counted)]
    armed = _attack_kind(word) in _ARMED_KINDS or any(
        armed_word(tok) for tok in victims if tok.pos_ in ("NOUN", "PROPN")
    )
    return _trigger(sent.doc[word.i : word.i + 1], "harm_armed" if armed else "harm")


def strongest(triggers: Sequence[Trigger]) -> Trigger:
    """The trigger that decides the event type: highest rank, first in text on a tie."""
    return max(triggers, key=lambda trig: trig.rank)


def acts_told(triggers: Sequence[Trigger]) -> list[Trigger]:
    """The triggers that tell an act, not a response to one (`RESPONSES`); all of them when
    the sentence tells nothing but responses."""
    return [trig for trig in triggers if trig.kind not in RESPONSES] or list(triggers)


def target_tokens(head: Token) -> list[Token]:
    """Head nouns of what the trigger acts on: objects, passive subjects, "attack on X"."""
    preps = ("on", "against", "of") if head.pos_ == "NOUN" else ("on", "against")
    found: list[Token] = []
    # "shot dead the governor" is parsed with the object under "dead".
    complements = [c for c in head.children if c.dep_ in ("acomp", "prt", "advmod", "oprd")]
    for child in [*head.children, *(g for c in complements for g in c.children)]:
        if child.dep_ in ("dobj", "nsubjpass"):
            found.append(child)
        elif child.dep_ == "prep" and child.lower_ in preps:
            found.extend(pobjs(child))
    if not found and head.dep_ == "conj" and head.head.pos_ == "VERB":
        found = [c for c in head.head.children if c.dep_ == "nsubjpass"]
    if not found and misread_headline_verb(head):
        found = [_modified(head)]
    return [
        t for first in found for t in (first, *first.conjuncts) if t.ent_type_ not in NOT_ACTORS
    ]


def _single_word_trigger(tok: Token) -> bool:
    """Nouns and verbs only (not "March", "offensive remarks"), acronyms ("IED") excepted, and
    a word of `HEADLINE_TRIGGERS` in headline case whatever the tagger made of it ("Burma Army
    Troops Clash with TNLA", "Fighting Flares", "Twin Blasts Rock"). In a Title-Case headline
    (`_title_case`) capitals mark no name, so a word of it the tagger reads as one, and the
    entity recogniser as none or as a person's or an organisation's name, is read as its word
    ("Army Launches Combat Operations", "One Civilian Killed as Mortar Shells Hit ...")."""
    headline = tok.is_title or tok.is_upper
    if headline and tok.lower_ in HEADLINE_TRIGGERS and tok.ent_type_ not in ("DATE", "TIME"):
        return True
    if tok.pos_ == "PROPN" and tok.is_title and tok.ent_type_ in _MISNAMED:
        return _title_case(tok.sent)
    if tok.ent_type_ in NOT_TRIGGER_ENTS:
        return False
    if tok.pos_ == "ADJ" and tok.lower_ in HEADLINE_TRIGGERS:
        # "latest skirmish" is never an adjective; "launches offensive against" is no
        # "offensive remark".
        return tok.lower_ != "offensive" or tok.dep_ != "amod"
    # No word of the lexicon is an auxiliary: one tagged so is a misparse ("Burma army shelling
    # kills 2 kids", its subject hung on the verb as an auxiliary).
    return tok.pos_ in ("NOUN", "VERB", "AUX") or (tok.is_upper and len(tok) > 1)


_MISNAMED = frozenset({"", "PERSON", "ORG"})
"""What the tagger and the entity recogniser make of a Title-Case headline's common words."""


def _title_case(sent: Span) -> bool:
    """Whether `sent` is a Title-Case headline: more than half its words capitalised (in
    running text, names are fewer than the words around them)."""

    def count() -> bool:
        words = [t for t in span_tokens(sent) if t.is_alpha]
        return sum(t.is_title or t.is_upper for t in words) * 2 > len(words)

    return remembered(sent.doc, ("triggers.title_case", sent.start, sent.end), count)


def _incidental(trig: Trigger, doc: Doc, heads: set[int], words: set[int]) -> bool:
    """A weapon named as a modifier ("assault rifles", "rocket-propelled grenades"), as the
    instrument of an act triggered already ("opened fire with ... grenades") or as what someone
    is armed with ("armed with guns and suicide vests") tells no event."""
    head = doc[trig.head]
    if head.pos_ != "NOUN" or trig.kind in _WARFARE_KINDS:
        return False
    single = trig.end - trig.start == 1
    if (
        single
        and head.dep_ in ("compound", "npadvmod", "amod")
        and head.head.i not in words
        and head.head.lemma_.lower() not in ATTEMPTS
        and not _misread_verb_subject(head)
        and not misread_headline_verb(head)
        and not _subject_of_finite(head)
    ):
        return True
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ != "with":
        return False
    return prep.head.lemma_.lower() in ARMED_WITH or (single and prep.head.i in heads)


def misread_headline_verb(head: Token) -> bool:
    """ "Taliban attack police post", "ISIS attacks SDF sites", "Warplanes target
    checkpoint": a headline's present verb (`_present_form`) that the tagger read as a noun
    modifying its object. A name or a plural before it is the subject, and the object is
    something struck ("police bomb squad" and "attack helicopters" are no such headline)."""
    if head.dep_ != "compound" or head.i == 0 or not _present_form(head):
        return False
    subject = head.doc[head.i - 1]
    named = subject.tag_ in ("NNS", "NNPS", "NNP") or subject.ent_type_ in ("ORG", "NORP")
    return named and _modified(head).lemma_.lower() in STRUCK


def _present_form(verb: Token) -> bool:
    """A headline verb's present forms: bare ("attack") or third person ("attacks"); a noun
    that modifies another is singular, so neither is read as a plural noun modifier here."""
    form, lemma = verb.lower_, verb.lemma_.lower()
    return form in (lemma, lemma + "s", lemma + "es")


def _modified(tok: Token) -> Token:
    """The noun a chain of compounds modifies ("ambush" in "ambush AU troops": troops)."""
    while tok.dep_ == "compound" and tok.head != tok:
        tok = tok.head
    return tok


def _misread_verb_subject(head: Token) -> bool:
    """ "Airstrikes target X", "Explosion rock Damascus", "ISIS attacks SDF sites": a headline
    verb read as a noun leaves the trigger before it a modifier. A weapon that modifies is
    singular ("assault rifles", "rocket launchers"), so a plural one is the subject of the
    misread verb, and so is any trigger before a headline verb (`HEADLINE_VERBS`)."""
    plural = (
        head.tag_ in ("NNS", "NNPS")
        or (head.lower_.endswith("s") and head.lower_ != head.lemma_.lower())
        or _singular_of(head.lower_) != head.lower_
    )
    return (plural and head.lemma_.lower() != "explosive") or (
        head.dep_ == "compound" and head.head.lemma_.lower() in HEADLINE_VERBS
    )


def _subject_of_finite(head: Token) -> bool:
    """ "Heavy fighting spreads to Huambo", "Fresh clash erupts": a noun can modify no finite
    verb, so a trigger the parser hangs on one as a compound is that verb's subject."""
    return head.dep_ == "compound" and head.head.tag_ in ("VBZ", "VBD") and head.head.i > head.i


def _forms(doc: Doc) -> tuple[tuple[str, ...], ...]:
    """By document index, each token's lemma and lower-case form, the singular of a headline
    plural the tagger reads as a name and so leaves unlemmatised ("Twin Blasts Rock ..."), and
    for any word it reads as a name and leaves as written, the stems it may inflect
    (`headline_stems`: "Combat Operations", "Mortar Shells Hit", "Civilian Killed"); made once
    per doc, as every sentence and clause is matched against them, with `_singular_of` asked
    once per distinct word."""

    def make() -> tuple[tuple[str, ...], ...]:
        forms, lemmas, tags = lowers(doc), lemmas_lower(doc), token_tags(doc)
        singular = {form: _singular_of(form) for form in set(forms)}
        rows: list[tuple[str, ...]] = [
            (lemma, form, singular[form]) for lemma, form in zip(lemmas, forms, strict=True)
        ]
        for i, tag in enumerate(tags):
            if tag in _NAME_TAGS and lemmas[i] == forms[i]:
                rows[i] = (*rows[i], *headline_stems(forms[i]))
        return tuple(rows)

    return remembered(doc, "triggers.forms", make)


_NAME_TAGS = frozenset({"NNP", "NNPS"})
"""Tags of words the lemmatizer leaves as written."""


def _starts(doc: Doc) -> dict[int, tuple[int, ...]]:
    """By document index, the `_PHRASES` (their indices, longest first) whose first position
    the token's `_forms` say, for the tokens that start any (most start none)."""
    first = _BY_FIRST_WORD.keys()
    return remembered(
        doc,
        "triggers.starts",
        lambda: {
            i: _phrases_from(forms)
            for i, forms in enumerate(_forms(doc))
            if not first.isdisjoint(forms)
        },
    )


def may_tell_trigger(sent: Span) -> bool:
    """Whether a token of `sent` may start one of `_PHRASES` (`_phrase_starts`): most sentences
    and clauses have none, and then hold no trigger (nor does any part of them), so they are
    spared the reading."""
    at = _phrase_starts(sent.doc)
    first = bisect.bisect_left(at, sent.start)
    return first < len(at) and at[first] < sent.end


def _phrase_starts(doc: Doc) -> tuple[int, ...]:
    """The document indices, in order, of the tokens at which `_starts` has a phrase."""
    return remembered(doc, "triggers.phrase_starts", lambda: tuple(_starts(doc)))


def _phrases_from(forms: tuple[str, ...]) -> tuple[int, ...]:
    """The `_PHRASES` whose first position one of `forms` says."""
    hits = [_BY_FIRST_WORD[form] for form in forms if form in _BY_FIRST_WORD]
    return tuple(sorted({i for hit in hits for i in hit}))


def _singular_of(form: str) -> str:
    """The singular of a plural of `HEADLINE_TRIGGERS` ("clashes", "blasts"), else `form`. Kept
    apart from `vocabulary.plural_of`, which strips any "-s" ("clashes" → "clashe"), and from
    `headline_stems`, which guesses several stems of any name-tagged word: this one gives one
    singular, of trigger words only, and `_misread_verb_subject` reads any change as a plural."""
    if form not in HEADLINE_TRIGGERS or not form.endswith("s"):
        return form
    return form[:-2] if form.endswith(("shes", "ches")) else form[:-1]


_HYPHENS = frozenset({"-", "‐", "‑"})
"""Tokens a trigger phrase is read across ("suicide-bomb"), as if not there."""


def _match_at(
    tokens: list[Token],
    pos: int,
    forms: tuple[tuple[str, ...], ...],
    starting: tuple[int, ...],
) -> tuple[int, str] | None:
    """The first phrase of `_PHRASES` (longest first) that the tokens from `pos` on say
    (`forms`: `_forms` of their doc; `starting`: the phrases that may start at `pos`)."""
    for index in starting:
        positions, kind = _PHRASES[index]
        if pos + len(positions) > len(tokens):
            continue
        if all(not words.isdisjoint(forms[tokens[pos + k].i]) for k, words in enumerate(positions)):
            return len(positions), kind
    return None


def _resolve_kind(kind: str, span: Span, sent: Span) -> str | None:
    """Turn a lexical kind into a `CATEGORIES` key using the sentence, or None if no event."""
    head = span.root
    if head.lemma_.lower() in STOPPING and disrupted_kind(head) is not None:
        return "disrupted"  # "defused a bomb", "seized explosives", "safely detonated"
    if kind == "disrupt":
        return _shot_down_kind(head)
    if kind == "arrest":
        return arrest_kind(head)
    told = lemmas(sent)
    if kind == "bomb":
        return "air" if told & AIRCRAFT else "ied"
    if kind == "bombard":
        return "air" if told & AIRCRAFT else "shelling"
    if kind == "strike":
        # "warplanes carried out 720 strikes": a strike is the aircraft's; alone it may be a
        # walkout or a blow.
        return "air" if told & AIRCRAFT or _strikes_at(head) or _strikes_kill(head) else None
    if kind in ("fight", "clash") and _ceased(head):
        return None
    if kind == "fight":
        # "militants fighting alongside the Taliban" describes an alliance, not a battle.
        preps = {c.lower_ for c in head.children if c.dep_ == "prep"}
        described = head.dep_ in ("acl", "amod") and not _named_fighting(head)
        if described or ("alongside" in preps and "against" not in preps):
            return None
        return None if _fought(head) & NOT_FOUGHT else "clash"
    if kind == "clash" and _verbal(head):
        return None
    if kind == "clash" and told & PROTESTERS:
        return "riot"
    if kind == "protest" and told & INTERVENTION:
        return "protest_intervention"
    if kind == "property":
        # "Floods devastated 40 homes": damage done by nature is no event
        natural = any(c.dep_ == "nsubj" and c.lemma_.lower() in NOT_VIOLENCE for c in head.children)
        if natural or not _damages_property(span, sent):
            return None
        return "attack_armed" if _materiel(head) else "property"
    if kind == "hostage":
        return "barricade" if told & SIEGE else "abduction"
    if kind == "mine":
        return "ied" if _mines_kill(head) else None
    if kind == "attack":
        doers = _done_by(head)
        misread = [c for c in head.children if c.dep_ == "compound"]  # "Heart Attack Kills"
        if _illness(head) or any(_natural(t) for t in doers + misread):
            return None  # "a heart attack", "Cholera kills 20 in Haiti"
        return "air" if any(_aircraft(t) for t in doers) else _attack_kind(head)
    if kind == "assassination" and any(
        t.lemma_.lower() in OFFICIALS and _leads_fighters(t) for t in _victims(head)
    ):
        return "assassination_armed"  # "assassinated the militant leader"
    if kind == "target":
        return _targeted_by(head)
    if kind == "counter":
        # "Isis kills 128 civilians in a counter attack on the town": the people it harmed say,
        # not the ground it is fought on
        people = [t for t in _victims(head) if _names_side(t) and not _ground(t)]
        return _attack_kind(head) if people else "clash"
    return _WARFARE[kind](head, sent) if kind in _WARFARE else kind


_WARFARE = {
    "advance": advance_kind,
    "seize": seized_kind,
    "control": control_kind,
    "operation": operation_kind,
}
"""Lexical kinds `warfare` decides: war told by what a side won or the campaign it waged."""
_WARFARE_KINDS = frozenset({"territory_gov", "territory", "operation"})


def _shot_down_kind(head: Token) -> str | None:
    """What "shot down" tells when it stops no weapon: a clash when an aircraft with its crew
    is brought down, an attack on people shot ("police shot down three men")."""
    if shot_down_aircraft(head):
        return "attack_armed"
    return _attack_kind(head) if head.lemma_.lower() == "shoot" else None


def _targeted_by(head: Token) -> str | None:
    """ "target" tells an attack only as the act of aircraft or fighters ("Warplanes target a
    checkpoint", "regime forces target areas"), not of officials ("targets inflation") or the
    police ("police target drug gangs" is an operation)."""
    sides = [c for c in head.children if c.dep_ == "nsubj"] + _owners(head)
    sides += [o for c in head.children if c.dep_ == "prep" and c.lower_ == "by" for o in pobjs(c)]
    subjects = {c.lemma_.lower() for c in sides}
    misread = misread_headline_verb(head)
    finite = head.tag_ in ("VBD", "VBZ", "VBP") and head.i > 0
    if not subjects and (misread or finite):
        subjects = {head.doc[head.i - 1].lemma_.lower()}
    elif not subjects and head.dep_ == "conj" and head.head.pos_ == "VERB":
        # "Russian warplanes violate the calm and target al-Hbit": the first verb's subject
        sides = [c for c in head.head.children if c.dep_ == "nsubj"]
        subjects = {c.lemma_.lower() for c in sides}
    if subjects & AIRCRAFT or any(_aircraft(c) for c in sides):
        return "air"
    if subjects & FIGHTERS:
        return _attack_kind(head)
    # "Jabhat al-Nusra target positions of ...": a side that aims at armed men or their posts
    # fights; "a new law targets militants" does not.
    acts = (head.pos_ == "VERB" or misread) and all(fighting(c) for c in sides)
    armed = any(t.lemma_.lower() in ARMED for t in target_tokens(head))
    return "attack_armed" if acts and armed else None


_OWNED = frozenset({"of", "for", "belonging"})
"""Prepositions that name a vehicle's owner ("vehicles of the army", "for regime forces")."""
_STRIKES_DO = frozenset({"target", "hit", "pound", "kill"})
"""Verbs whose subject "strikes" are military ones when they strike a place or people."""


def _strikes_at(head: Token) -> bool:
    """ "More strikes target sites of the factions": strikes that target, hit or kill what
    aircraft and guns strike (`STRUCK`) are no walkout, whatever fired them."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.lemma_.lower() not in _STRIKES_DO:
        return False
    return any(t.lemma_.lower() in STRUCK for t in target_tokens(verb))


def _strikes_kill(head: Token) -> bool:
    """ "15 killed in strikes on rebels", "killed by coalition strikes": strikes that people
    are killed in or by are military ones; a walkout kills no one."""
    prep = head.head
    return head.dep_ == "pobj" and prep.lower_ in ("in", "by") and harm_word(prep.head)


def _mines_kill(head: Token) -> bool:
    """ "Mines kill five in Manbij", "civilians killed by mines": mines that kill or by which
    people are killed are explosives; "mine" alone may be a pit ("gold mine") or a pronoun."""
    if head.dep_ == "nsubj":
        return harm_word(head.head)
    prep = head.head
    return head.dep_ == "pobj" and prep.dep_ == "agent" and harm_word(prep.head)


def _natural(tok: Token) -> bool:
    """An illness or a disaster as who does an act ("Cholera kills 20", "a heart attack
    killed him"): no violence."""
    return _illness(tok) or tok.lemma_.lower() in NOT_VIOLENCE


def _illness(tok: Token) -> bool:
    """An "attack" that is an illness ("a heart attack", "Panic Attack Hits ...")."""
    return tok.lemma_.lower() == "attack" and any(
        c.dep_ in ("amod", "compound") and c.lower_ in MEDICAL for c in tok.children
    )


def _ceased(head: Token) -> bool:
    """ "a cessation of hostilities", "an end to the fighting", "agreed to halt the clashes":
    fighting told as stopped (an agreement's words), no fighting of its own ("at the end of
    the battle" still tells the battle)."""
    if head.dep_ not in ("dobj", "pobj"):
        return False
    prep = head.head if head.dep_ == "pobj" else None
    governor = prep.head if prep is not None else head.head
    lemma = governor.lemma_.lower()
    if lemma == "end":
        return prep is None or prep.lower_ == "to"
    return lemma in CEASED


def _named_fighting(head: Token) -> bool:
    """ "Angolan fighting spreads to Huambo", "Mogadishu fighting causes displacement": the
    tagger reads "fighting" as a participle on the nationality or place named right before it,
    but a nationality's adjective or a place fights no one (people do: "troops fighting
    rebels", "Kurds fighting IS", "Hamas fighting Israel" describe a side), so where that name
    stands as the sentence's head or a verb's subject, the fighting is the news."""
    name = head.head
    if name.i != head.i - 1 or name.dep_ not in ("ROOT", "nsubj"):
        return False
    if name.ent_type_ in ("PERSON", "ORG") or name.tag_ in ("NNS", "NNPS"):
        return False
    return name.ent_type_ in ("GPE", "LOC", "NORP") or name.tag_ in ("NNP", "JJ")


def _fought(head: Token) -> set[str]:
    """What "fight" is waged on: its object or what it is "against" ("fighting corruption"),
    and what war is waged "on" or "against" ("wage war on drugs")."""
    objects = [c for c in head.children if c.dep_ == "dobj"]
    wars = [head, *(o for o in objects if o.lemma_.lower() == "war")]
    objects = [o for o in objects if o.lemma_.lower() != "war"]
    objects += [
        o for w in wars for c in w.children if c.lower_ in ("against", "on") for o in pobjs(c)
    ]
    return {o.lemma_.lower() for o in objects}


def _verbal(head: Token) -> bool:
    """ "a verbal clash", "clashes of opinion", "ministers clash over the budget": words, not
    arms (a clash "over" something with no armed side named in the sentence)."""
    modifiers = {c.lemma_.lower() for c in head.children if c.dep_ in ("amod", "compound")}
    of = {o.lemma_.lower() for c in head.children if c.lower_ == "of" for o in pobjs(c)}
    if (modifiers | of) & VERBAL:
        return True
    over = any(c.dep_ in ("prep", "prt") and c.lower_ == "over" for c in head.children)
    sent = head.sent
    return over and not any(armed_word(t) or t.lemma_.lower() in PROTESTERS for t in sent)


def _done_by(head: Token) -> list[Token]:
    """Who does the act `head` tells: a verb's subject or "by" agent ("Warplanes kill 7
    people", "killed by warplanes"), a noun's owner, "by" phrase or the agent of its participle
    ("the warplanes' raids", "a massacre carried out by helicopters"), or the subject of the
    verb that performs it ("Warplanes commit a new massacre")."""
    if head.pos_ == "VERB":
        found = [c for c in head.children if c.dep_ == "nsubj" and not headline_passive(head)]
        if not found and head.dep_ == "conj" and head.head.pos_ == "VERB":
            found = [c for c in head.head.children if c.dep_ == "nsubj"]
        agents = [c for c in head.children if c.dep_ == "agent"]
    else:
        found = _owners(head)
        agents = [c for c in head.children if c.dep_ == "prep" and c.lower_ == "by"]
        agents += [g for c in head.children if c.dep_ == "acl" for g in c.children]
        agents = [a for a in agents if a.dep_ in ("agent", "prep") and a.lower_ == "by"]
        if head.dep_ == "dobj" and head.head.lemma_.lower() in PERFORMING:
            found += [c for c in head.head.children if c.dep_ == "nsubj"]
    found += [o for agent in agents for o in pobjs(agent)]
    return [t for first in found for t in (first, *first.conjuncts)]


def _owners(noun: Token) -> list[Token]:
    """Who owns the act a noun tells ("the warplanes' targeting"); an owner that is a pronoun
    stands for the subject of the verb the noun is the object of ("warplanes intensify their
    targeting of X": the warplanes')."""
    found: list[Token] = []
    for owner in (c for c in noun.children if c.dep_ == "poss"):
        subjects = [
            c
            for c in (noun.head.children if noun.dep_ == "dobj" else ())
            if c.dep_ == "nsubj" and c.pos_ != "PRON"
        ]
        found += subjects if owner.pos_ == "PRON" and subjects else [owner]
    return found


def _aircraft(tok: Token) -> bool:
    """ "warplanes", "helicopters", "the Israeli air force": an act they do is an air strike."""
    if tok.lemma_.lower() in AIRCRAFT or plural_of(tok) in AIRCRAFT:
        return True
    return tok.lemma_.lower() == "force" and any(
        c.dep_ == "compound" and c.lower_ == "air" for c in tok.children
    )


_ARMED_TARGET = ARMED | frozenset({"armed"})
"""Modifiers that make whom an act targets armed: "police officers", "armed activists"."""


def _victims(head: Token) -> list[Token]:
    """Whom the act `head` tells is done to, however the sentence names them."""
    targets = target_tokens(head) + _reduced_passive_subjects(head) + _counted_victims(head)
    return targets + _harmed_in(head)


def _attack_kind(head: Token) -> str:
    targets = _victims(head)
    if not any(_names_side(t) for t in targets):
        # "Rebels kill five at a military outpost": those killed there, named by no side, are
        # the post's men
        places = [
            o for c in head.children if c.dep_ == "prep" and c.lower_ == "at" for o in pobjs(c)
        ]
        targets += [o for o in places if _armed_post(o)]
    for target in targets:
        lemma = target.lemma_.lower()
        if lemma in PROTESTERS:
            return "attack_protesters"
        modifiers = {c.lemma_.lower() for c in target.children if c.dep_ in ("compound", "amod")}
        if lemma in OFFICIALS:
            # "the deputy police chief" is a person, not a unit; "a rebel commander" a fighter
            return "assassination_armed" if _leads_fighters(target) else "assassination"
        if lemma in ARMED or modifiers & _ARMED_TARGET or target.ent_type_ == "ORG":
            return "attack_armed"  # "soldiers", "a police station", "Taliban positions"
        if lemma in _REGIMES and _violent(head):
            return "attack_armed"  # "ISIS attacks the regime": its forces
        if lemma in _HELD and _held_by_armed(target):
            return "attack_armed"  # "sites of the Syria Democratic Forces", "SDF sites"
    if head.dep_ == "dobj" and head.head.lemma_.lower() in _REPELLING:
        return "attack_armed"  # "defenders repulsed an assault": fought off
    for target in targets:
        if target.ent_type_ == "PERSON" or target.lemma_.lower() in OFFICIALS:
            return "assassination"
    return "attack"


def _leads_fighters(official: Token) -> bool:
    """ "a rebel commander", "the militant leader", "a Taliban commander": one who leads those
    who wage war (`FIGHTERS`, or an armed group the reviewed patterns name) is a combatant, and
    killing him is an attack on an armed side, not on a civilian (the police are no such side:
    "the police chief" is an official)."""
    modifiers = [c for c in official.children if c.dep_ in ("compound", "amod", "poss")]
    if any(c.lower_ in _FORMER for c in modifiers):
        return False  # "a former armed forces commander" leads no one now
    modifiers += [
        o for c in official.children if c.dep_ == "prep" and c.lower_ == "of" for o in pobjs(c)
    ]
    return any(
        plural_of(t) in FIGHTERS or t.lemma_.lower() in FIGHTERS or armed_group(t)
        for t in modifiers
    )


_ARMED_KINDS = frozenset({"attack_armed", "assassination_armed"})
"""What `_attack_kind` makes of an act on armed people."""
_FORMER = frozenset({"former", "retired", "ex"})
"""Modifiers that say an official no longer holds the post."""
_REPELLING = frozenset({"repel", "repulse"})
"""Verbs by which those attacked fight an attack off: it was a clash, whoever they were."""
_REGIMES = frozenset({"regime"})
"""Targets that stand for a state's forces when an act of arms is done to them."""
_SAID_TOO = frozenset({"attack", "assault", "target"})
"""Acts that words can do too ("the opposition attacked the regime over the arrests")."""


def _violent(head: Token) -> bool:
    """Whether the act `head` tells is one of arms: one words cannot do ("killed", "ambushed",
    "shelled"), or one done by a side that fights ("ISIS attacks the regime", "rebels
    attacked the regime"), not by critics."""
    if head.lemma_.lower() not in _SAID_TOO:
        return True
    return any(armed_word(t) or _aircraft(t) or t.ent_type_ == "ORG" for t in _done_by(head))


_HELD = frozenset({"site", "location", "headquarters", "hq", "point", "stronghold", "depot"})
"""Places that are a side's posts when an armed side holds them ("sites of the SDF")."""


def _held_by_armed(place: Token) -> bool:
    """Whether an armed side holds `place`: its owner, the noun before it or its "of" phrase
    ("the rebels' positions", "militia sites", "locations of the Iranian militias"); a group's
    name alone does not say it is armed ("a site of the Red Cross"), save an armed group's
    (`armed_group`: "SDF sites")."""
    owners = [c for c in place.children if c.dep_ in ("poss", "compound")]
    owners += [o for c in place.children if c.dep_ == "prep" and c.lower_ == "of" for o in pobjs(c)]
    listed = [t for first in owners for t in (first, *first.conjuncts)]
    return any(armed_word(t) or armed_group(t) for t in listed)


def _harmed_in(head: Token) -> list[Token]:
    """Who were harmed in the attack a trigger noun names as their occasion ("Two soldiers dead
    in NPA attack", "2 Soldiers die in rebel attack"): its targets, though no phrase of its own
    names them."""
    prep = head.head
    if head.dep_ != "pobj" or prep.lower_ not in ("in", "during"):
        return []
    harm = prep.head
    if not harm_word(harm):
        return []
    if _has_object(harm):
        found = [c for c in harm.children if c.dep_ == "dobj"]  # "Troops kill 5 in raid"
    elif harm.dep_ in ("amod", "acl") and harm.head.pos_ in ("NOUN", "PROPN"):
        found = [harm.head]
    else:
        found = [c for c in harm.children if c.dep_ in ("nsubj", "nsubjpass")]
    listed = [t for first in found for t in (first, *first.conjuncts)]
    return [t for t in listed if t.ent_type_ not in NOT_ACTORS]


_INCLUDING = frozenset({"including", "among"})
"""Prepositions that name some of those counted ("70 were killed, including 27 soldiers")."""
_PART_OF = frozenset({"of", "from"})
_MEMBERS = frozenset({"member", "rank", "element"})
"""Nouns that stand for part of a side, named in their "of" or "from" phrase ("13 members
from the regime forces")."""


def _counted_victims(head: Token) -> list[Token]:
    """Who those harmed are when the act's victims are counted: "70 were killed yesterday
    including 27 of the regime forces", "104 persons died, including 24 members of the regime
    forces", "executes 5 of the truffle seekers". A bare number names no one (`target_tokens`
    drops it), and "persons" no side, so those the count includes, or those it is a part of,
    are its victims too (not the subject of a verb with an object: that one did the act)."""
    harmed = ("dobj", "nsubjpass") if _has_object(head) else ("dobj", "nsubjpass", "nsubj")
    counts = [
        c
        for c in head.children
        if c.dep_ in harmed and (_count(c) or any(n.dep_ == "nummod" for n in c.children))
    ]
    phrases = [c for c in head.children if c.dep_ == "prep" and c.lower_ in _INCLUDING]
    # "5 of the seekers" are seekers; "two prisoners of the regime" are no regime's men
    phrases += [
        c
        for count in counts
        for c in count.children
        if c.dep_ == "prep" and (c.lower_ in _INCLUDING or (_count(count) and c.lower_ in _PART_OF))
    ]
    named = [t for prep in phrases for first in pobjs(prep) for t in (first, *first.conjuncts)]
    parts = [t for t in named if t.like_num or t.lemma_.lower() in _MEMBERS]
    named += [
        o
        for part in parts
        for c in part.children
        if c.dep_ == "prep" and c.lower_ in _PART_OF
        for first in pobjs(c)
        for o in (first, *first.conjuncts)
    ]
    return [t for t in named if t.ent_type_ not in NOT_ACTORS]


def _has_object(verb: Token) -> bool:
    """Whether `verb` has a direct object anywhere. Not `casualties._has_object`, which leaves
    out one across a headline separator (";", "|"): the triggers' readings never asked that."""
    return any(c.dep_ == "dobj" for c in verb.children)


def _reduced_passive_subjects(head: Token) -> list[Token]:
    """ "six rebels killed in ...", "soldier killed": the people a participant with no auxiliary
    says were harmed (the noun it hangs on, or its subject in a headline)."""
    participle = head.tag_ == "VBN" or _headline_participle(head) or headline_passive(head)
    if not participle or any(c.dep_ in ("aux", "auxpass") for c in head.children):
        return []
    if head.dep_ == "acl" and head.head.pos_ in ("NOUN", "PROPN"):
        found = [head.head]
    elif head.dep_ == "xcomp" and head.head.lemma_.lower() in _REPORTED:
        found = [c for c in head.head.children if c.dep_ == "nsubj"]  # "reported killed"
    else:
        found = [c for c in head.children if c.dep_ == "nsubj"]
    found += [o for count in found for o in _counted_of(count)]
    listed = [t for first in found for t in (first, *first.conjuncts)]
    return [t for t in listed if t.ent_type_ not in NOT_ACTORS]


_REPORTED = frozenset({"report", "say", "fear", "believe", "confirm", "presume"})
"""Verbs that tell a participle of people harmed as reported: "two soldiers reported killed",
"a militant said killed", "five feared dead"."""


def _counted_of(count: Token) -> list[Token]:
    """Who a count names in its "of" phrase: "dozens of soldiers", "hundreds of civilians"."""
    if not _count(count):
        return []
    preps = [c for c in count.children if c.dep_ == "prep" and c.lower_ in _PART_OF]
    return [o for prep in preps for o in pobjs(prep)]


def _count(tok: Token) -> bool:
    """A number, in figures, words or a count noun ("5", "five", "dozens", "hundreds")."""
    return tok.like_num or tok.ent_type_ == "CARDINAL"


def headline_passive(verb: Token) -> bool:
    """ "Army outpost attacked twice in one night", "Militant hideouts raided", "Soldier killed
    near the border": a headline tells what a side does in the present ("Rebels raid
    hideouts"), so in one (`_headline`) a past form the tagger reads as a past tense, with a
    subject but no object, auxiliary, particle or phrase that aims it ("Police shot at
    protesters"), is a participle: its subject is what was done to, not who did it. Only for
    acts done to someone (`_DONE_TO`): "TNLA and army troops clashed" tells who fought."""
    if (
        verb.tag_ != "VBD"
        or verb.lemma_.lower() not in _DONE_TO
        or not any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN", "NUM") for c in verb.children)
    ):
        return False
    aimed = (
        c.dep_ in ("dobj", "aux", "auxpass", "prt", "ccomp", "xcomp")
        or (c.dep_ == "prep" and c.lower_ in _AIMING)
        or (c.dep_ == "conj" and _has_object(c))  # "Rebels attacked and killed four villagers"
        for c in verb.children
    )
    return not any(aimed) and _headline(verb.sent)


_DONE_TO = frozenset(
    {"attack", "assault", "storm", "ambush", "raid", "shoot", "kill", "murder", "massacre",
     "slaughter", "behead", "decapitate", "execute", "stab", "torture", "slay", "wound",
     "injure", "hurt", "abduct", "kidnap", "target", "bomb", "shell", "bombard", "hit",
     "capture", "seize", "overrun", "arrest", "detain"}
)  # fmt: skip
"""Verbs of acts that need someone or something they are done to: with none named after
them, their subject is it."""
_AIMING = frozenset({"at", "on", "upon", "against"})
"""Prepositions that name what an act with no object is aimed at ("shot at protesters")."""
_STOPS = frozenset({".", "!", "?"})


def _headline(sent: Span) -> bool:
    """Whether `sent` is written as a headline: with no full stop, or one after a quoted title
    ("Telegraph: "Camps in Myanmar raided"."), as prose ends with one."""
    words = [t for t in sent if not t.is_space]
    if not words or words[-1].text not in _STOPS:
        return True
    return len(words) > 1 and words[-2].tag_ == "''"


def _headline_participle(tok: Token) -> bool:
    """ "One Civilian Killed": a Title-Case participle the tagger reads as a name."""
    return tok.pos_ == "PROPN" and tok.lower_.endswith("ed") and tok.lemma_ == tok.text


def _materiel(head: Token) -> bool:
    """ "Rebels destroy a tank", "devastate 3 vehicles for regime forces", "burned two military
    trucks": what is destroyed is a side's arms, so the act is a fight with that side (ACLED's
    Battles), not the destruction of property. A tank is a weapon unless something else names
    its use ("a water tank"); any other vehicle only when an armed side owns it or it is
    called military or armoured."""
    for target in target_tokens(head):
        lemma = target.lemma_.lower()
        modifiers = {c.lemma_.lower() for c in target.children if c.dep_ in ("amod", "compound")}
        owners = {
            o.lemma_.lower()
            for c in target.children
            for o in ([c] if c.dep_ == "poss" else pobjs(c) if c.lower_ in _OWNED else [])
        }
        if lemma in WAR_MACHINES and not modifiers - ARMED - ARMOURED:
            return True
        if lemma in VEHICLES and (modifiers | owners) & (ARMED | ARMOURED):
            return True
    return False


def _damages_property(span: Span, sent: Span) -> bool:
    """Whether `extract_damage` reads property damage at the trigger ("burned 60 homes")."""
    return any(
        d.evidence.start <= span.start_char and span.end_char <= d.evidence.end
        for d in extract_damage(sent)
    )


def _asserted(head: Token) -> bool:
    """False for "no attack", "foiled an attack", "claimed the attack", "foiled an
    assassination attempt", "foiled an attempt to storm" and whatever `is_asserted` rejects;
    "an attempt to assassinate" is told as made, as "an assassination attempt" is."""
    if head.dep_ == "compound" and head.head.lemma_.lower() in ATTEMPTS:
        head = head.head  # "foiled an assassination attempt": what is said of the attempt
    if head.dep_ == "xcomp" and head.head.lemma_.lower() in TRIED:
        head = head.head  # "did not try to attack": what is said of the attempt
    elif head.dep_ == "acl" and head.head.lemma_.lower() in ATTEMPTS:
        head = head.head  # "an attempt to assassinate", "foiled a bid to storm": the attempt's
        if head.dep_ == "dobj" and not is_asserted(head.head):
            return False  # "will make an attempt to attack"
    if _idiom(head) or stopped(head) or _purpose(head):
        return False  # "had a blast"; "defused a roadside bomb", "intercepted two missiles"
    if not (_occasion(head) or is_asserted(head)) or _referred_back(head):
        return False
    if head.dep_ == "dobj" and head.head.lemma_.lower() in PERFORMING:
        verb = head.head
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in TRIED:
            verb = verb.head  # "tried to carry out an attack": tried acts are told
        if not is_asserted(verb):
            return False  # "threatened to carry out attacks", "will not launch an offensive"
    if any(c.dep_ == "det" and c.lower_ == "no" for c in head.children):
        return False
    governor = head.head.head if head.dep_ == "pobj" else head.head
    return not (head.dep_ in ("dobj", "pobj") and governor.lemma_.lower() in AVERTED)


def _purpose(head: Token) -> bool:
    """ "fought in order to advance towards the town": what an act is done for is not done."""
    order = head.head
    return head.dep_ == "acl" and order.lower_ == "order" and order.head.lower_ == "in"


def _occasion(head: Token) -> bool:
    """ "Signatory Seeks Answers After Burma Army Attack", "will retaliate after the attack": a
    trigger noun that an "after" or "following" phrase tells as the occasion has happened,
    whatever is sought, planned or threatened in reply."""
    prep = head.head
    return head.dep_ == "pobj" and head.pos_ in ("NOUN", "PROPN") and prep.lower_ in _OCCASION


def _idiom(head: Token) -> bool:
    """A "blast" that is fun or nostalgia: "a blast from the past", "had a blast"."""
    if head.lemma_.lower() != "blast":
        return False
    after = head.doc[head.i + 1 : head.i + 4].text.lower()
    had = head.dep_ == "dobj" and head.head.lemma_.lower() == "have"
    return after == "from the past" or (had and any(c.lower_ == "a" for c in head.children))


def _referred_back(head: Token) -> bool:
    """ "claimed responsibility for the attack", "blamed for the attack", "suspected of carrying
    out the assassination": a definite trigger noun under a claim or a blame."""
    if head.pos_ != "NOUN" or not any(
        c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children
    ):
        return False
    governors = list(head.ancestors)[:4]
    return any(g.lemma_.lower() in RESPONSIBILITY for g in governors)


def _abduction_first(triggers: list[Trigger], doc: Doc) -> list[Trigger]:
    """Entry triggers (`ENTRY`) ranked just below an abduction told in the same sentence when
    no other trigger tells harm beyond it (see the module docstring)."""
    kinds = {trig.kind for trig in triggers}
    if "abduction" not in kinds:
        return triggers
    entries = [t for t in triggers if t.kind == "attack" and doc[t.head].lemma_.lower() in ENTRY]
    others = [t for t in triggers if t not in entries and t.kind != "abduction"]
    if not entries or any(t.rank > CATEGORIES["abduction"].rank for t in others):
        return triggers
    below = CATEGORIES["abduction"].rank - 1
    return [replace(t, rank=below) if t in entries else t for t in triggers]


def _fighting_first(triggers: list[Trigger], doc: Doc) -> list[Trigger]:
    """Harm that names no victim (`bare_harm`) ranked below war told in the same sentence
    (`_WARFARE_KINDS`): "Karen fighters seize army camp, at least 15 killed" tells the dead of
    the fighting, not an attack on civilians."""
    if not any(t.kind in _WARFARE_KINDS for t in triggers):
        return triggers
    below = min(CATEGORIES[kind].rank for kind in _WARFARE_KINDS) - 1
    return [replace(t, rank=below) if bare_harm(t, doc) else t for t in triggers]


def bare_harm(trig: Trigger, doc: Doc) -> bool:
    """A killing told with no victim named ("at least 15 killed", "eight people were killed"):
    a count, or "people", says no side, so the killing tells no more than that people died."""
    return trig.kind == "attack" and _names_no_victim(doc[trig.head])


def _names_no_victim(head: Token) -> bool:
    """Whether `head` is a verb of harm whose victims are named by no side (`bare_harm`)."""
    if head.pos_ != "VERB" or not harm_word(head):
        return False
    return not any(_names_side(t) for t in _victims(head))


def _ground(tok: Token) -> bool:
    """A place named or called one ("the town", "Hmimeh area")."""
    return tok.lemma_.lower() in GROUND or tok.ent_type_ in ("GPE", "LOC", "FAC")


def _armed_post(place: Token) -> bool:
    """ "a military outpost", "an army base", "the checkpoint": a post armed men hold."""
    modifiers = {c.lemma_.lower() for c in place.children if c.dep_ in ("compound", "amod")}
    return place.lemma_.lower() in ARMED or bool(modifiers & _ARMED_TARGET)


def _names_side(victim: Token) -> bool:
    """Whether a victim is named by more than a count or "people"."""
    return (
        victim.pos_ in ("NOUN", "PROPN")
        and not _count(victim)
        and victim.lemma_.lower() not in _NO_SIDE
    )


_NO_SIDE = frozenset({"people", "person"})
"""Who were harmed, in words that name no side."""


def outranks(later: Trigger, known: Trigger, doc: Doc) -> bool:
    """Whether a trigger told later in a document types the report `known` opened: the
    stronger one does (`Trigger.rank`), but war told with harm that names no victim is the
    fighting's, whichever sentence tells which (as `_fighting_first` ranks one sentence)."""
    if known.kind in _WARFARE_KINDS and bare_harm(later, doc):
        return False
    if later.kind in _WARFARE_KINDS and bare_harm(known, doc):
        return True
    return later.rank > known.rank


def _raids_arresting(triggers: list[Trigger], doc: Doc) -> list[Trigger]:
    """A raid told with an arrest is how the arrest was made ("arrested 40 people in raids
    across Peshawar"), no attack of its own; what else the sentence tells is kept."""
    if not any(t.kind == "arrest" for t in triggers):
        return triggers
    return [t for t in triggers if t.kind != "attack" or doc[t.head].lemma_.lower() != "raid"]


def _gtd_attack_type(triggers: Sequence[Trigger], doc: Doc) -> str:
    """The sentence's GTD attack type: the first of `GTD_PRIORITY` its triggers tell, a weapon
    stopped or an arrest (`RESPONSES`) only where nothing else is told ("clashes ... and seized
    explosives" stays an Armed Assault)."""
    told = {trig.value.gtd_attack_type for trig in acts_told(triggers)}
    if any(trig.kind in _EXPLOSIVE_KINDS and _aimed_at_official(trig, doc) for trig in triggers):
        told.add("Assassination")
    return next((kind for kind in GTD_PRIORITY if kind in told), "Unknown")


def _aimed_at_official(trig: Trigger, doc: Doc) -> bool:
    """ "A suicide bomber targeted an election candidate", "a bomb attached to the car of a
    district governor": an explosion aimed at an official or a named person."""
    head = doc[trig.head]
    verb = (
        head if head.pos_ == "VERB" else next((a for a in head.ancestors if a.pos_ == "VERB"), None)
    )
    aims = [
        c
        for c in (verb.children if verb is not None and verb.lemma_.lower() == "target" else ())
        if c.dep_ == "dobj"
    ]
    # The subtree lies between its edges, and most hold no conveyance: those are not walked.
    if not CONVEYANCES.isdisjoint(lemmas_lower(doc)[head.left_edge.i : head.right_edge.i + 1]):
        aims += [t for t in head.subtree if t.lemma_.lower() in CONVEYANCES]
    owners = [
        o
        for aim in aims
        for c in aim.children
        for o in ([c] if c.dep_ == "poss" else pobjs(c) if c.lower_ == "of" else [])
    ]
    return any(t.lemma_.lower() in OFFICIALS or t.ent_type_ == "PERSON" for t in aims + owners)


def _with_gtd(trig: Trigger, gtd: str) -> Trigger:
    if trig.value.gtd_attack_type == gtd:
        return trig
    return replace(trig, value=replace(trig.value, gtd_attack_type=gtd))


def _trigger(span: Span, kind: str) -> Trigger:
    category = CATEGORIES[kind]
    doc = span.doc
    evidence = Evidence(
        start=span.start_char,
        end=span.end_char,
        text=doc_text(doc)[span.start_char : span.end_char],
        extractor=EXTRACTOR,
    )
    value = EventTypeValue(
        event_type=category.event_type,
        sub_event_type=category.sub_event_type,
        gtd_attack_type=category.gtd_attack_type,
        evidence=evidence,
    )
    return Trigger(
        value=value, kind=kind, head=span.root.i, start=span.start, end=span.end, rank=category.rank
    )
