"""Killed, injured and abducted counts read from one parsed sentence.

Each quantity the sentence holds (`numbers.find_quantities`) is tied to what happened to the
people it counts through the dependency parse, with word-order fallbacks where the small model's
parse is unreliable:

- the object of an active verb ("killed more than 100 people", "killing 15", "abducted 20
  students") or the subject of a passive or reduced one ("15 people were killed", "eleven
  wounded", "no one was hurt");
- a predicate adjective or noun ("left 15 dead", "15 dead", "23 deaths", "no casualties"), or
  a harm word or participle of killing between the count and the noun ("9 wounded soldiers",
  "five executed prisoners"; on a noun for people without a count, at least one, since it may
  be one told again: "found an executed man", "Five were killed and the dead man was ...");
- a toll ("the death toll rose to 23");
- a part of a count ("killed 9 people including 4 children") becomes a `CasualtyDetail`;
- the "of" of a killing or of lives claimed ("the murder of 3 villagers", "a massacre of 16",
  "claimed the lives of 22", "claim 87 lives"), and of a body counted as one ("a family of 6");
- a participle on the counted noun, past its modifiers ("11 members from the regime forces
  killed"), and lists the small model reads as appositions ("Kills 5 Soldiers, 2 Rebels",
  "Husband, wife and baby killed") or leaves the first count out of ("leaves 18 soldiers, 5
  militants dead"); the count's noun is the last of a compound ("Thirty Burma Army soldiers").

A singular noun counts one ("a policeman was killed", "soldier killed", "kill the governor"),
so does a people's name standing for one of them ("killed a Palestinian"; without an article,
"Gunmen kill Catholic", at least one), and so does a person's name where nothing else in the
sentence counts ("killed Malik Khan"); a headline's bare person words in a comma list are one
each ("Soldier, civilian killed"), and the digits of a citation's date before a headline
("AFP 6 Oct 2009 \"Soldier killed") count no one;
"no", "nobody", "no one" count zero. Victims told with no number at all ("people were killed",
"martyrs and wounded in shelling") count at least one: low = best = 1, high unknown, and only
when the sentence gives that category no number; so do plural words without a number ("kill
and wound many people"), participles standing for people ("leaving martyrs and wounded",
"Dead and injuries in ...") and "human losses". "Casualties" are the killed and the injured
alike, so they count as the dead only when the injured are told apart from them ("21
casualties and tens of wounded", "Casualties and injuries in airstrikes"; one count of both,
"11 casualties and injuries", is shared as below). One count shared by two coordinated
categories ("kill and injure 20 persons", "15 killed or wounded", also with the first verb
misread as a noun, "kills and injures 7", or after another state, "10 persons were missing,
killed and injured") says that at least one of each happened and at most all of them: low =
best = 1, high = the count; so does a killing verb coordinated before a verb of capture ("killed
and arrested 12 suspects"). A bare count followed by a word of harm that stands for people ("kills
2, 3 injured") is told by that word; "his body" counts one only where nothing else does.
Headlines write verbs in capitals, and the small model then tags them as proper nouns
("Killing Three Civilians", "19 DIE"), so the written forms of the casualty verbs
(`_FORMS`) count wherever such a tag hides the verb, and plural nouns so tagged are read as
their singular ("Martyrs", "Fatalities"); a capitalised "Dead" that a verb states
("Three Officers Confirmed Dead", "Soldier Found Dead") is its subject's state, no one more.
A military statement's "destroyed", "eliminated" or "liquidated" with people as what was wiped
out ("destroyed more than 100 soldiers") kills them. A harm word that modifies a thing's name
("a dead end", "Martyrs' Day") tells no victim.
Verbs that say *how* people were killed (beheaded, executed, shot dead, ...) give a detail
of the killed total when the sentence has one (added to it only if larger, since it cannot
then be a part of it), and the total itself when it has none. A toll is the total, unless what
the sentence tells raised it ("A civilian was killed ..., raising to 355 the number killed by
the border guards", also with no toll word): then it is a running total of many happenings and
the incident's own count stands, not summed with it, unless its victims are told as more ("two
more died, raising the toll to 23"). A count summed over a named period ("since August 2019",
"300 were killed in June 2016" with no one said to have done it), over weeks ("in about 7
weeks", also hung on the count or its participle; "Three weeks of fighting brought the toll
to 140"), or told as a toll on a campaign's second day or later ("on the 9th day of the
offensive, the toll rises to 210") is no event's. Other
counts of one category are added up ("15 soldiers and 3 civilians", "... 6 attackers were also
killed"), unless they are told under different reporting verbs ("officials said 12 ..., local
media reported 20"): rival reports give a range, UCDP-style (lowest low and best, highest
high). Headlines joined by semicolons (UCDP's source lists) are read like separate sentences:
never added up, the highest count stands (as `events` does across sentences; a toll replaces
the counts of its own headline only, and is marked a toll only where it stands), and so are
headlines a citation's date sets apart ("AFP, 2000-11-15, \"...\", Reuters, 2000-11-15, ..."); a
word past a ";" or "|" is no object of a verb before it ("Soldier killed | Exchange of fire ...").
A day's dead told with no place, cause or agent and broken down by who they were or by the many
ways they died ("127 were killed yesterday including 20 members of the regime forces and 54 other
persons", "20 people were killed yesterday in different circumstances") are a monitor's tally of
a country's day, the sum of many happenings: neither they nor the rest of that headline, their
breakdown, count for the report (like a count summed over days). A count after "including"
that follows another count of its category is a part of it ("176 were killed, including 57
soldiers, and 42 civilians were killed"). A category whose every
count is the subject of a verb that says "also", "as well" or "in addition" ("Between 5 and 7
civilians were also killed") is `additional`: `events` adds it to the count told in an earlier
sentence.
Nothing is read from negated, modal or intended actions ("did not kill", "could kill",
"threatened to kill").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Final, Literal

from spacy.tokens import Doc, Span, Token

from khabar.extract.house_style import style_of
from khabar.extract.numbers import MONTHS, VAGUE_WORDS, QuantityMatch, find_quantities
from khabar.extract.types import Casualties, CasualtyDetail, Count, Evidence
from khabar.nlp.memo import (
    doc_span,
    doc_text,
    lemmas,
    lemmas_lower,
    lowers,
    per_span,
    remembered,
    span_text,
    span_tokens,
    token_tags,
)
from khabar.nlp.tree import pobjs

__all__ = [
    "EXTRACTOR",
    "add_counts",
    "extract_casualties",
    "harm_word",
    "is_asserted",
    "tells_toll",
]

EXTRACTOR: Final = "casualties@18"

_Category = Literal["killed", "injured", "abducted"]

_VERBS: Final[dict[str, _Category]] = {
    "kill": "killed",
    "slay": "killed",
    "murder": "killed",
    "massacre": "killed",
    "slaughter": "killed",
    "die": "killed",
    "martyr": "killed",
    "wound": "injured",
    "injure": "injured",
    "hurt": "injured",
    "maim": "injured",
    "abduct": "abducted",
    "kidnap": "abducted",
}
_FORMS: Final[dict[str, _Category]] = {
    **dict.fromkeys(
        ["kills", "killed", "killing", "slays", "slain", "slew", "murders", "murdered",
         "murdering", "massacres", "massacred", "massacring", "slaughters", "slaughtered", "dies",
         "died", "dying", "martyred"],
        "killed",
    ),
    **dict.fromkeys(
        ["wounds", "wounded", "wounding", "injures", "injured", "injuring", "hurts", "hurting",
         "maims", "maimed"],
        "injured",
    ),
    **dict.fromkeys(
        ["abducts", "abducted", "abducting", "kidnaps", "kidnapped", "kidnapping"], "abducted"
    ),
}  # fmt: skip
"""Inflected forms of `_VERBS`, for verbs the tagger misreads in headlines."""
_WIPE_OUT: Final[frozenset[str]] = frozenset({"destroy", "eliminate", "liquidate"})
"""Verbs military statements write for killing people (`_kills_people`)."""
_COMBATANTS: Final[frozenset[str]] = frozenset({"troop", "personnel"})
"""Who a military statement says it wiped out, besides `_PERSON_NOUNS`."""
_MISTAGGED: Final[frozenset[str]] = frozenset({"dies", "kills", "die"})
"""Verb forms the small model tags as nouns even in lower case ("civilian dies", "Three die,")."""
_PERSON_NOUNS: Final[frozenset[str]] = frozenset(
    {
        "soldier", "civilian", "policeman", "officer", "official", "commander", "leader",
        "journalist", "child", "woman", "man", "boy", "girl", "farmer", "villager", "student",
        "teacher", "doctor", "activist", "fighter", "rebel", "militant", "guard", "worker",
        "chief", "driver", "monk", "priest", "trader", "volunteer", "cleric", "judge", "mayor",
        "teen", "teenager", "youth", "resident", "citizen", "militiaman", "colonel", "general",
        "captain", "major", "lieutenant", "sergeant", "brigadier", "pilot", "nurse", "shepherd",
        "herder", "elder", "tribesman", "guerrilla", "insurgent", "gunman", "jihadist",
        "husband", "wife", "baby", "infant", "toddler", "son", "daughter", "mother", "father",
        "brother", "sister", "terrorist", "mercenary", "serviceman",
    }
)  # fmt: skip
"""Nouns for one person that a Title-Case headline tags as proper nouns ("Soldier Killed")."""
_MANNER_VERBS: Final[frozenset[str]] = frozenset(
    {"behead", "decapitate", "execute", "lynch", "hang", "assassinate", "crucify"}
)
"""Verbs that say how people were killed, without any further word."""
_DEADLY_IF: Final[frozenset[str]] = frozenset(
    {"shoot", "stab", "hack", "burn", "beat", "stone", "club", "crush", "bludgeon"}
)
"""Verbs that say how people were killed with "dead", "to death" or "alive"."""
_GUN_DOWN: Final[frozenset[str]] = frozenset({"gun", "mow", "shoot"})
"""Verbs that say how people were killed with "down"."""
_NOUNS: Final[dict[str, _Category]] = {
    "dead": "killed",
    "death": "killed",
    "martyr": "killed",
    "fatality": "killed",
    "body": "killed",
    "corpse": "killed",
    "injured": "injured",
    "wounded": "injured",
    "injury": "injured",
    "hurt": "injured",
    "hostage": "abducted",
    "captive": "abducted",
}
"""Words that say what happened to those counted ("15 dead", "23 deaths", "20 hostages")."""
_BARE: Final[dict[str, _Category]] = {"dead": "killed", "wounded": "injured", "injured": "injured"}
"""Participles and adjectives that stand for the people themselves ("Dead and injuries in
shelling", "leaving martyrs and wounded")."""
_ALIVE: Final[frozenset[str]] = frozenset({"alive", "dead"})
"""Words after a `_DEADLY_IF` verb that make it a killing ("burn four guerrillas alive")."""
_VERB_PARTS: Final[frozenset[str]] = frozenset(
    {"nsubj", "nsubjpass", "dobj", "aux", "auxpass", "agent", "advmod", "npadvmod"}
)
"""Dependents that make a participle in `_BARE` a verb ("he was wounded"), not people."""
_PERIOD_UNITS: Final[frozenset[str]] = frozenset({"day", "week", "month", "year"})
_PERIOD_STARTS: Final[frozenset[str]] = frozenset({"beginning", "start", "outbreak", "onset"})
_OVER: Final[frozenset[str]] = frozenset({"in", "over", "during", "within"})
"""A count "in 40 days", "over the past weeks", "since the beginning of the year" is summed
over a period (`_summed_over_days`); "in the past 24 hours" is a day's."""
_DAYS: Final[frozenset[str]] = frozenset({"yesterday", "today"})
_PARTS: Final[frozenset[str]] = frozenset({"including", "among"})
_CIRCUMSTANCES: Final[frozenset[str]] = frozenset({"circumstance", "condition"})
"""A day's dead told with no place or cause (`_day_roundup`), and the words that break them
down ("including ...") or say they died in several ways ("in different circumstances")."""
_SPREAD: Final[frozenset[str]] = _PARTS | {"across", "throughout"}
"""Prepositions that spread a count over many ("across the province", "including 5 women"),
not situate one happening."""
_TOLL_LINKS: Final[frozenset[str]] = frozenset({"pobj", "prep", "dobj", "attr", "npadvmod", "oprd"})
"""How a toll's count hangs from the verb that states it ("raises the toll to 60")."""
_RAISE: Final[frozenset[str]] = frozenset({"raise", "bring", "increase", "push", "take"})
"""Verbs whose "to" states a running total that what the sentence tells raised ("..., raising
the death toll to 60", "raises to 355 persons killed")."""
_MORE: Final[frozenset[str]] = frozenset({"more", "another", "other", "further"})
"""Words that tell victims as more than those counted before ("two more people")."""
_COUNTING_NOUNS: Final[frozenset[str]] = frozenset({"number", "tally", "count"})
"""Nouns that count people and, of the dead or injured, are stated like a toll (`_tallied`)."""
_TALLIED_DEAD: Final[frozenset[str]] = frozenset(
    {"dead", "death", "victim", "fatality", "martyr", "body", "corpse"}
)
_REMAINS: Final[frozenset[str]] = frozenset({"body", "corpse"})
"""Nouns whose "of" counts the dead ("the bodies of four villagers were found")."""
_KILLINGS: Final[frozenset[str]] = frozenset(
    {"killing", "murder", "execution", "massacre", "slaying", "assassination", "death"}
)
"""Nouns of a killing whose "of" names the dead ("the murder of 3 villagers")."""
_OF_THE_DEAD: Final[frozenset[str]] = _KILLINGS | _REMAINS
"""Nouns whose "of" counts the dead: a killing's and the bodies'."""
_CLAIM_LIVES: Final[frozenset[str]] = frozenset({"claim", "take", "cost"})
"""Verbs whose object "lives" counts the dead ("claimed the lives of 22", "cost 87 lives")."""
_TOLD_APART: Final[frozenset[str]] = frozenset({"injury", "injured", "wounded", "wound"})
"""Words for the injured that, coordinated with "casualties", make those the dead."""
_DEAD_NOUNS: Final[frozenset[str]] = frozenset({"casualty", "martyr", "dead", "fatality"})
"""Nouns of the dead that may share one count with the injured (`_told_apart`)."""
_UNREAL: Final[frozenset[str]] = frozenset(
    {
        "threaten", "threat", "vow", "plan", "plot", "try", "attempt", "aim", "intend", "want",
        "seek", "pledge", "promise", "warn", "fail", "deny", "bid", "conspire", "prepare",
    }
)  # fmt: skip
"""Heads under which an action is intended, threatened or denied, not reported as done."""
_TAKEN: Final[frozenset[str]] = frozenset({"arrest", "capture", "detain", "apprehend"})
"""Verbs of capture, whose object a killing verb before them shares in part (`_taken_with`)."""
_DEMANDED: Final[frozenset[str]] = frozenset({"insist", "demand", "urge", "order", "ask"})
"""Verbs whose infinitive is what someone is told or pressed to do ("ordered his men to attack
the village", "insists to arrest the commander"), not what was done."""
_REPORTING: Final[frozenset[str]] = frozenset(
    {"say", "report", "claim", "tell", "state", "announce", "confirm", "allege"}
)
_MODALS: Final[frozenset[str]] = frozenset(
    {"could", "might", "may", "would", "will", "shall", "should", "must", "can", "'ll", "wo"}
)
_NOT_PEOPLE: Final[frozenset[str]] = frozenset(
    {
        "attack", "operation", "plan", "plot", "raid", "strike", "order", "sentence", "deal",
        "home", "house", "building", "vehicle", "car", "school", "village", "town", "city",
        "area", "district", "base", "post", "checkpoint", "bridge", "shop", "market", "mosque",
        "church", "hospital", "office", "convoy", "bus", "truck", "tank", "project", "bill",
        "tower", "hut", "store", "boat", "aircraft", "helicopter", "plane", "drone",
        "stall", "kiosk", "motorcycle", "motorbike", "pickup", "van", "cart", "crop",
        "network", "agency", "organisation", "organization", "ministry", "government",
        "council", "committee", "livestock", "cattle", "animal", "sheep", "goat", "camel",
        "blast", "bomb", "explosion", "shelling", "shell", "airstrike", "fire", "gunfire", "mine",
        "landmine", "rocket", "missile", "mortar", "clash", "fighting", "violence", "bombing",
        "ambush", "crash", "accident", "device", "grenade", "offensive", "battle", "unrest",
        "riot", "source", "province", "governorate", "region", "countryside", "township",
        "suburb", "neighbourhood", "neighborhood", "outskirts", "camp", "valley", "desert",
    }
)  # fmt: skip
"""Nouns a casualty verb may take, or a misparse may attach to a count, that are no people
("executed an attack", "killed 9 people including 4 children, residents and a medical network
said", "livestock had been killed"), or that name the cause or the killers, not the victims
("Blast killed in ..." misparsed), and the ground a killing happened on ("the massacres of Idlib
province")."""
_GROUPS: Final[frozenset[str]] = frozenset(
    {"army", "regime", "force", "military", "police", "militia", "group", "government", "state",
     "team", "family", "crowd", "unit", "patrol", "squad"}
)  # fmt: skip
"""Nouns for a body of people: a count of them is a count of people ("15 police"), but alone
they are no one person ("army kills 3" misparsed) nor a sign of victims."""
_NOUN_TAGS: Final[frozenset[str]] = frozenset({"NN", "NNS", "NNP", "NNPS", "JJ"})
"""The tags of a noun told without a number: common nouns, names and adjectives a headline
capitalises (`_unnumbered_start`)."""
_ANYONE: Final[frozenset[str]] = frozenset({"person", "people", "victim"})
"""Words for people of any kind, besides `_PERSON_NOUNS`."""
_STATE_VERBS: Final[frozenset[str]] = frozenset(
    {"be", "find", "report", "confirm", "declare", "pronounce", "fear", "believe", "presume"}
)
"""Verbs whose complement is the state their subject is in ("Soldier Found Dead")."""
_SEPARATORS: Final[frozenset[str]] = frozenset({";", "|"})
"""Marks that join headlines, or the parts of one, into a single line (UCDP's source lists)."""
_MODIFIERS: Final[frozenset[str]] = frozenset({"amod", "compound", "nmod", "poss"})
"""Dependencies of a word that modifies a noun rather than heading its own phrase."""
_COPULA_SKIP: Final[frozenset[str]] = frozenset(
    {"were", "was", "are", "is", "been", "have", "has", "had", "being", "reportedly", "also",
     "later", "all", "allegedly", "confirmed", "believed", "feared", "now", "reported", "said"}
)  # fmt: skip
"""Words between a count and its passive verb ("15 were reportedly killed")."""

_VOCABULARY: Final[frozenset[str]] = frozenset(
    {*_VERBS, *_FORMS, *_MANNER_VERBS, *_DEADLY_IF, *_GUN_DOWN, *_NOUNS, *_KILLINGS, *_BARE}
    | _TALLIED_DEAD
    | _WIPE_OUT
    | {"life", "toll", "casualty", "loss"}
)
"""Every word a count's fate is read from (`_classify`, the `_from_*` readings, `_bare`, and
"casualties" with no number): a sentence with none of them tells no casualties."""
_Y_STEMS: Final[frozenset[str]] = frozenset(w[:-1] for w in _VOCABULARY if w.endswith("y"))
"""`_VOCABULARY`'s words in "y" less it: a form whose stem before "ies" is one of them is the
plural of that word ("fatalities"), read in `_fateful`."""
_INCLUDING: Final = re.compile(r"\b(?:including|among them|among whom|of whom)\b", re.IGNORECASE)
_CITED_DATE: Final = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
"""A citation's ISO date, which separates cited headlines (`_source`)."""
_ORDINAL: Final = re.compile(r"\d+(?:st|nd|rd|th)")
"""An ordinal written in digits ("9th"), which the tagger may not mark as one."""
_Kind = Literal["primary", "manner", "toll", "part", "unnumbered", "roundup"]


@dataclass(frozen=True, slots=True)
class _Mention:
    category: _Category
    kind: _Kind
    count: Count
    manner: str
    """The verb (and its complement) as written, e.g. "shot dead"."""
    victims: str
    source: tuple[int, int]
    """The semicolon-separated part of the sentence it is in, and the index of the reporting verb
    ("said", "reported") it is told under (-1 if none)."""
    more: bool = False
    """Its verb says these are more victims than told before ("were also killed")."""
    verb: int = -1
    """Document index of the verb that tells it, when one does."""
    raised: bool = False
    """A toll that what the sentence tells raised (`_RAISE`: "..., raising the toll to 60")."""


@dataclass(frozen=True, slots=True)
class _Predicate:
    category: _Category
    kind: _Kind
    manner: str
    verb: int = -1
    """Document index of the casualty verb, when a verb says it."""
    raised: bool = False
    """A toll stated by a verb of `_RAISE`."""
    shared: bool = False
    """The count is the object of a verb of capture the casualty verb is coordinated with
    (`_taken_with`): some of them, not all."""


@per_span
def extract_casualties(sent: Span) -> Casualties:
    """The killed, injured and abducted counts `sent` reports, with details and evidence."""
    mentions = _mentions(sent)
    if not mentions:
        return Casualties()
    by_category: dict[_Category, Count | None] = {}
    details: list[CasualtyDetail] = []
    tolls: list[_Category] = []
    for category in ("killed", "injured", "abducted"):
        in_category = [m for m in mentions if m.category == category]
        total, found, toll = _combine(category, in_category, doc_text(sent.doc))
        by_category[category] = total
        details.extend(found)
        if toll:
            tolls.append(category)
    additional = [
        category
        for category in ("killed", "injured", "abducted")
        if category not in tolls
        and (told := [m for m in mentions if m.category == category and m.kind == "primary"])
        and all(m.more for m in told)
    ]
    return Casualties(
        killed=by_category["killed"],
        injured=by_category["injured"],
        abducted=by_category["abducted"],
        details=tuple(details),
        tolls=tuple(tolls),
        additional=tuple(additional),
    )


@per_span
def _mentions(sent: Span) -> tuple[_Mention, ...]:
    """Every casualty mention `sent` tells, less roundups and running totals."""
    if not _may_tell(sent):
        return ()
    mentions: list[_Mention] = []
    quantities = find_quantities(sent)
    for match in quantities:
        if mentions and _is_partitive(match.span):
            # "some of them" asserts no number: no part of the count to keep.
            if match.quantity.best is not None:
                mentions.append(_partitive(match, mentions[-1]))
        else:
            mentions.extend(_read(match, sent))
    counted = {i for match in quantities for i in range(match.span.start, match.span.end)}
    mentions.extend(_singulars(sent, counted))
    rounded = {m.source[0] for m in mentions if m.kind == "roundup"}
    mentions = [m for m in mentions if m.source[0] not in rounded]
    return tuple(m for m in mentions if not _running_total(m, mentions))


def _running_total(toll: _Mention, mentions: list[_Mention]) -> bool:
    """ "A civilian was killed ..., raising to 355 the number killed by the border guards": a
    toll that the incident told beside it raised is a running total of many happenings, that
    one among them; the incident's own count is the report's (not summed with it, nor replaced).
    Where the incident's victims are told as more ("two more died, raising the toll to 23"),
    the toll is the event's own total."""
    if toll.kind != "toll" or not toll.raised:
        return False
    incidents = [
        m
        for m in mentions
        if m.category == toll.category
        and m.source[0] == toll.source[0]
        and m.kind in ("primary", "manner")
    ]
    return bool(incidents) and not any(_told_as_more(m) for m in incidents)


def _told_as_more(mention: _Mention) -> bool:
    """ "two more people", "another 5", "5 civilians were also killed": victims added to those
    told before."""
    words = mention.count.evidence.text.lower().split()
    return (
        mention.more
        or not _MORE.isdisjoint(words[len(mention.count.qualifier.split()) :])
        or (mention.count.qualifier.lower().startswith(("another", "a further")))
    )


def _may_tell(sent: Span) -> bool:
    """Whether the sentence that holds `sent` has a word of `_VOCABULARY`: every reading walks
    the parse tree, which never leaves its sentence, from a count or a person to such a word,
    and most sentences have none, so they are spared the walks."""
    return any(_fateful(sent.doc)[sent.start : sent.end])


def _fateful(doc: Doc) -> tuple[bool, ...]:
    """By document index, whether the token's sentence has a word whose lemma or lower-case
    form is in `_VOCABULARY`, or that form's singular (`_singular_forms`: `_word` reads "Martyrs"
    as "martyr", "Fatalities" as "fatality"), looked up here without building the pair, since
    every word of every document is asked."""

    def flags() -> tuple[bool, ...]:
        words = [
            lemma in _VOCABULARY
            or form in _VOCABULARY
            or form[:-1] in _VOCABULARY
            or form[:-3] in _Y_STEMS
            for lemma, form in zip(lemmas_lower(doc), lowers(doc), strict=True)
        ]
        found: list[bool] = []
        for sent in doc.sents:
            found += [any(words[sent.start : sent.end])] * len(sent)
        return tuple(found)

    return remembered(doc, "casualties.fateful", flags)


def tells_toll(sent: Span) -> bool:
    """Whether `sent` states a toll (`Casualties.tolls`). Only a toll or a tally word can
    (`_from_toll`), and a parse tree never leaves its sentence, so a sentence without one is
    spared reading all its counts (the events stage asks this of every sentence after a
    report)."""
    words = lemmas(sent.sent)
    return ("toll" in words or not _COUNTING_NOUNS.isdisjoint(words)) and any(
        m.kind == "toll" for m in _mentions(sent)
    )


def harm_word(tok: Token) -> bool:
    """Whether `tok` is a word this module reads people killed or injured from ("died", "dead",
    "Killing", "martyrs", "wounded", "lives", "casualties", "human losses")."""
    form, word = tok.lower_, _word(tok)
    if _FORMS.get(form) in ("killed", "injured") or _VERBS.get(word) in ("killed", "injured"):
        return True
    if _kills_people(tok):
        return True
    return (
        _NOUNS.get(word) in ("killed", "injured")
        or word in _MANNER_VERBS
        or (word in _DEADLY_IF and any(t.lower_ in _ALIVE for t in tok.doc[tok.i : tok.i + 6]))
        or form in _BARE
        or word in ("life", "casualty")
        or word in _KILLINGS
        or (word == "loss" and any(c.lower_ == "human" for c in tok.children))
    )


def is_asserted(verb: Token) -> bool:
    """False when `verb` is negated, modal, conditional or only threatened, planned, denied,
    demanded or imminent ("about to")."""
    tok = verb
    while True:
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in _MODALS):
                return False
            if child.dep_ == "mark" and child.lower_ in ("if", "unless"):
                return False
        if tok.dep_ not in ("xcomp", "conj", "acl", "advcl", "pcomp", "pobj", "prep"):
            return True
        if tok.dep_ in ("xcomp", "acl", "pcomp", "pobj", "prep") and tok.head.lemma_ in _UNREAL:
            return False
        if tok.dep_ == "xcomp" and (
            tok.head.lower_ == "about" or tok.head.lemma_.lower() in _DEMANDED
        ):
            return False  # "were about to kill": imminent; "ordered them to kill": demanded
        if tok.head.i == tok.i:
            return True
        tok = tok.head


def _evidence(span: Span) -> Evidence:
    return Evidence(span.start_char, span.end_char, span.text, EXTRACTOR)


def _count(match: QuantityMatch, phrase: Span) -> Count:
    """The quantity as a `Count` whose evidence is the whole counted `phrase`."""
    quantity = match.quantity
    return Count(quantity.low, quantity.best, quantity.high, quantity.qualifier, _evidence(phrase))


def _root(span: Span) -> Token:
    """The token of `span` whose head lies outside it (the last such one)."""
    outside = [t for t in span if t.head.i < span.start or t.head.i >= span.end or t.head == t]
    return outside[-1] if outside else span[-1]


def _nominal(span: Span, sent: Span) -> Token | None:
    """The noun a quantity counts: "15 [people]", "dozens of [people]", "no [casualties]"."""
    doc = span.doc
    of = span[-1] if span[-1].lower_ == "of" else None
    if of is None and span.end < sent.end and doc[span.end].lower_ == "of":
        of = doc[span.end]
    if of is not None:
        objects = [c for c in of.children if c.dep_ == "pobj" and c.i - of.i <= 6]
        return objects[0] if objects else None
    root = _root(span)
    head = root.head
    if span.end < sent.end and doc[span.end].lower_ in _BARE and doc[span.end].head in span:
        return None  # "18 dead in Iraq attacks": the count's own word says it counts the dead
    if _harm_after(span, sent) is not None and root.dep_ == "nummod" and head.i >= span.end:
        return None  # "30 dead - Thai army": not the source's count
    if root.dep_ == "nummod" and head.i < span.start:
        # "BBC 2/15/1994 TWO \"TERRORISTS\" KILLED": hung on the byline, it counts the next noun
        after = [t for t in doc[span.end : min(span.end + 2, sent.end)] if not t.is_quote]
        if after and (after[0].tag_ in ("NNS", "NNPS") or _word(after[0]) in _PERSON_NOUNS):
            return _phrase_head(after[0], sent)
    if root.dep_ in ("nummod", "quantmod", "amod", "det", "compound", "nmod", "advmod"):
        near = span.end <= head.i < span.end + 5 and head.i < sent.end
        if _headline_verb(head):
            return None  # "19 DIE"
        if near and (head.pos_ in ("NOUN", "PROPN") or head.lemma_ in _NOUNS):
            return _phrase_head(head, sent)
    return None


def _phrase_head(noun: Token, sent: Span) -> Token:
    """The last noun of a compound the count stands in: "Thirty Burma Army [soldiers]"."""
    while (
        noun.dep_ == "compound"
        and noun.i < noun.head.i < min(sent.end, noun.i + 4)
        and noun.head.pos_ in ("NOUN", "PROPN")
        and not _headline_verb(noun.head)
        and _word(noun.head) not in _NOUNS  # "took 20 aid workers hostage"
    ):
        noun = noun.head
    return noun


def _read(match: QuantityMatch, sent: Span) -> list[_Mention]:
    """The casualty mentions one quantity gives: none, one, or two for "no casualties"."""
    span = match.span
    nominal = _nominal(span, sent)
    end = nominal.i + 1 if nominal is not None else span.end
    phrase = doc_span(span.doc, span.start, end)
    anchor = _anchor(span, nominal)
    count = _count(match, phrase)
    victims = _victims(span, nominal)
    if nominal is not None and (nominal.lemma_ in _NOT_PEOPLE or _belonged_to(nominal)):
        return []
    if nominal is not None and nominal.lemma_ == "casualty" and count.best == 0:
        return [
            _Mention(cat, "primary", count, "", victims, _source(anchor))
            for cat in ("killed", "injured")
        ]
    # "Two dead and seven wounded civilians": a conjunct's own harm word is told of it alone
    own = _harm_before(span, nominal) if nominal is not None and nominal.dep_ == "conj" else None
    found = own or _predicate(anchor, phrase, nominal) or _harm_before(span, nominal)
    if nominal is None and (found is None or found.kind == "primary"):
        found = _own_word(span, sent, found)
    if found is None or _summed_over_days(anchor, found):
        return []
    if _day_roundup(anchor, found):
        return [_Mention(found.category, "roundup", count, "", victims, _source(anchor))]
    if count.best is None and count.low is None:
        # "kill and wound many people": a plurality of unknown size, so at least one.
        unnumbered = replace(count, low=1, best=1, high=None)
        return _told(found, "unnumbered", unnumbered, victims, anchor)
    if nominal is not None and _word(nominal) in _DEAD_NOUNS and _told_apart(nominal) == "shared":
        # "More than 11 casualties and injuries", "20 martyrs and wounded": one count of the
        # dead and the injured.
        shared = replace(count, low=1, best=1) if count.best else count
        return [
            _Mention(category, found.kind, shared, found.manner, victims, _source(anchor))
            for category in ("killed", "injured")
        ]
    return _told(found, found.kind, count, victims, anchor)


def _belonged_to(nominal: Token) -> bool:
    """ "4 casualties of one family", "five members from one unit": a counted body that other
    counted people belong to says whose they are, and counts bodies, not people."""
    owner = nominal.head.head
    return (
        nominal.lemma_.lower() in _GROUPS
        and nominal.dep_ == "pobj"
        and nominal.head.lower_ in ("of", "from")
        and owner.i < nominal.i
        and any(c.dep_ == "nummod" for c in owner.children)
    )


def _summed_over_days(anchor: Token, found: _Predicate) -> bool:
    """ "raises the death toll to 60 in 40 days", "135 were killed in 7 days of operations",
    "20 days of shelling raise the toll to 65",
    "the toll since the beginning of the year", "the death of 310 civilians during 20 days": a
    count summed over days or more is the total of many happenings, not what one event did."""
    owner = _of_owner(anchor)
    if found.verb >= 0:
        verb = anchor.doc[found.verb]
    elif found.kind == "toll":
        verb = anchor
        while verb.dep_ in _TOLL_LINKS and verb.head != verb:
            verb = verb.head
    elif owner is not None and owner.lemma_.lower() in _OF_THE_DEAD:
        verb = owner
    else:
        return False
    if found.kind == "toll" and _on_a_campaigns_later_day(anchor):
        return True
    tolls = [c for c in verb.children if c.lemma_ == "toll" or _tallied(c) is not None]
    # "to 830 in about 7 weeks", "to 290 people killed ... since the start of the year": the
    # small model may hang the period on the count, or on a participle of the counted noun
    counted = (anchor, *(c for c in anchor.children if c.dep_ == "acl"))
    heads = (verb, *_tally_verbs(verb), *tolls, *(c for c in counted if c != verb))
    for prep in (c for head in heads for c in head.children):
        since = prep.lower_ == "since" and prep.dep_ in ("prep", "mark")
        if since and any(_names_period(t) for t in prep.doc[prep.i + 1 : prep.i + 5]):
            return True  # "since August 2019", "since the start of the year" (read as a clause)
        if prep.dep_ != "prep" or prep.lower_ not in _OVER:
            continue
        for pobj in pobjs(prep):
            named = _names_period(pobj) and pobj.lemma_.lower() not in _PERIOD_STARTS
            if named and not _done_by(verb, anchor) and not _situated(verb, (prep,)):
                return True  # "300 were killed in February 2017", "during 2016"
            if pobj.lemma_.lower() in _PERIOD_UNITS and pobj.tag_ == "NNS":
                return True  # "over the past weeks", "in 40 days"
    return any(
        c.dep_ == "nsubj" and c.lemma_.lower() in _PERIOD_UNITS and c.tag_ == "NNS"
        for c in verb.children
    )  # "Three weeks of fighting brought the toll to 140": the weeks raised it


def _on_a_campaigns_later_day(anchor: Token) -> bool:
    """ "On the 9th day of the offensive, the toll rises to 210", "as the campaign completes its
    9th day": a toll told on a campaign's second day or later is summed over all its days, unless
    told of that day alone ("the number killed today")."""
    part = _part_of(anchor)
    if any(tok.lower_ in _DAYS for tok in part):
        return False
    for day in part:
        if day.lemma_.lower() != "day" or not any(_later_ordinal(c) for c in day.lefts):
            continue
        if any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "of") for c in day.children):
            return True  # "the 9th day of the offensive", "its 9th day", "the truce's 5th day"
    return False


def _later_ordinal(tok: Token) -> bool:
    """An ordinal past the first: "9th", "second" (not "first", "1st")."""
    if tok.dep_ not in ("amod", "nummod") or tok.lower_ in ("first", "1st"):
        return False
    return tok.ent_type_ == "ORDINAL" or _ORDINAL.fullmatch(tok.lower_) is not None


def _part_of(tok: Token) -> Span:
    """The headline of a ";"- or "|"-joined line (`_SEPARATORS`) that `tok` is in."""
    sent, forms = tok.sent, lowers(tok.doc)
    start = max(
        (i + 1 for i in range(sent.start, tok.i) if forms[i] in _SEPARATORS), default=sent.start
    )
    end = next((i for i in range(tok.i, sent.end) if forms[i] in _SEPARATORS), sent.end)
    return doc_span(tok.doc, start, end)


def _done_by(verb: Token, victims: Token) -> bool:
    """Whether `verb` tells who or what did it to the `victims` ("Boko Haram kidnapped 276
    schoolgirls in April 2014", "killed by a car bomb in May"): one happening dated by its
    month, not the month's sum ("300 died in June 2016")."""
    return any(c.dep_ == "agent" or (c.dep_ == "nsubj" and c != victims) for c in verb.children)


def _situated(verb: Token, besides: Sequence[Token], spread: frozenset[str] = _SPREAD) -> bool:
    """Whether `verb` says by whom, how or where, besides the phrases `besides` (the month or year
    that dates it, the circumstances a tally is split by) and those `spread` over many ("killed
    in an ambush in May 2016", "in Kabul in May"): one happening's, no sum of many."""
    return any(
        c.dep_ in ("agent", "advcl")
        or (c.dep_ == "prep" and c not in besides and c.lower_ not in spread)
        for c in verb.children
    )


def _names_period(tok: Token) -> bool:
    """A month, a year or the start of a period: "August", "2019", "the start of the year"."""
    year = tok.like_num and len(tok.text) == 4 and tok.text.isdigit()
    return tok.lower_ in MONTHS or year or tok.lemma_.lower() in _PERIOD_STARTS


def _day_roundup(anchor: Token, found: _Predicate) -> bool:
    """ "127 were killed yesterday including 20 members of the regime forces and 54 other
    persons", "20 people were killed yesterday in different circumstances": the dead of a whole
    day told with no place, cause or agent, but broken down by who they were or said to have
    died in several ways, are a tally of that day's happenings across a country (a monitor's
    daily toll), not what one event did; the rest of its headline is that breakdown. The breakdown
    counts its groups: "Three people were killed yesterday, including a child" may be one
    happening's."""
    if found.verb < 0:
        return False
    verb = anchor.doc[found.verb]
    told = list(verb.children)
    if not any(c.dep_ == "npadvmod" and c.lower_ in _DAYS for c in told):
        return False
    varied = [
        c
        for c in told
        if c.dep_ == "prep" and any(o.lemma_.lower() in _CIRCUMSTANCES for o in pobjs(c))
    ]
    parts = [c for c in (*told, *anchor.children) if c.dep_ == "prep" and c.lower_ in _PARTS]
    groups = [t for part in parts for first in pobjs(part) for t in (first, *first.conjuncts)]
    broken_down = any(t.like_num or any(c.dep_ == "nummod" for c in t.children) for t in groups)
    return (broken_down or bool(varied)) and not _situated(verb, varied, _PARTS)


def _injured_word(tok: Token) -> bool:
    """ "injuries", "wounded": a word for the injured beside "casualties" (`_told_apart`)."""
    return _word(tok) in _TOLD_APART or tok.lower_ in _BARE


def _told_apart(noun: Token) -> Literal["apart", "shared"] | None:
    """Whether "casualties" are coordinated with the injured, so that they are the dead: told
    with a count of their own ("21 casualties and tens of wounded": "apart") or sharing one
    ("11 casualties and injuries", "Casualties and injuries in airstrikes": "shared")."""
    doc = noun.doc
    if noun.i + 2 < len(doc) and doc[noun.i + 1].lower_ in ("and", "or"):
        after = doc[noun.i + 2]
        if after.dep_ == "conj" and _injured_word(after):
            return "shared"  # "leaving casualties and wounded", read as "leaving ... and wounded"
    for conj in noun.conjuncts:
        if _a_count(conj) and _injured_after(conj):
            return "apart"  # "100 casualties and more than 370 wounded", misparsed
        if _injured_word(conj):
            numbered = any(_a_count(c) for c in conj.children) or (
                conj.i >= 2 and doc[conj.i - 1].lower_ == "of" and _a_count(doc[conj.i - 2])
            )  # "7 casualties and several wounded", "21 casualties and tens of wounded"
            return "apart" if numbered else "shared"
        for prep in (*conj.children, *noun.children):
            if prep.lower_ == "of" and any(_injured_word(o) for o in prep.children):
                return "apart"  # "tens of wounded"
    return None


def _injured_after(count: Token) -> bool:
    """ "tens of wounded", "370 wounded": a word for the injured right after a count (or its
    "of"), which the small model may hang on a verb instead of the count."""
    doc = count.doc
    at = count.i + 1
    if at < len(doc) and doc[at].lower_ == "of":
        at += 1
    return at < len(doc) and _injured_word(doc[at])


def _a_count(tok: Token) -> bool:
    return tok.dep_ == "nummod" or tok.like_num or tok.lower_ in VAGUE_WORDS


def _told(
    found: _Predicate, kind: _Kind, count: Count, victims: str, anchor: Token
) -> list[_Mention]:
    """The mentions of one count: one, or one per category when two coordinated verbs share it
    (then each is at least one and at most the count)."""
    verb = anchor.doc[found.verb] if found.verb >= 0 else None
    partner = _partner(verb, found.category) if verb is not None else None
    if found.shared and count.best:
        count = replace(count, low=1, best=1, high=count.high)
    if partner is None:
        more = verb is not None and _says_more(anchor, verb)
        return [
            _Mention(
                found.category,
                kind,
                count,
                found.manner,
                victims,
                _source(anchor),
                more,
                found.verb,
                found.raised,
            )
        ]
    if count.best:
        count = replace(count, low=1, best=1, high=count.high)
    return [
        _Mention(category, kind, count, found.manner, victims, _source(anchor), raised=found.raised)
        for category in (found.category, partner)
    ]


def _says_more(victims: Token, verb: Token) -> bool:
    """ "5 civilians were also killed", "two bystanders died as well", "in addition, 5 were
    wounded": "also" on a verb whose subject is the victims adds them to those told before (read
    by word order, the victims before the verb, since the small model misparses "Between 3 and
    5 herders" as a prepositional phrase). With the victims as object it may only add an act
    ("stormed a post, killing nine policemen ... The attackers also killed two guards" may tell
    two of the nine), so it adds nothing."""
    if victims.i > verb.i:
        return False
    for child in verb.children:
        word = child.lower_
        if word == "also" and child.dep_ == "advmod":
            return True
        if word == "well" and any(c.lower_ == "as" for c in child.children):
            return True
        if word == "in" and any(c.lower_ == "addition" for c in child.children):
            return True
    return False


def _partner(verb: Token, category: _Category) -> _Category | None:
    """The other category of a casualty verb coordinated with `verb` and sharing its count:
    "kill and injure 20 persons", "15 killed or wounded"."""
    joined = [c for c in verb.children if c.dep_ == "conj"]
    if verb.dep_ == "conj":
        joined.append(verb.head)
    for other in joined:
        low, high = sorted((verb.i, other.i))
        if any(t.dep_ not in ("cc", "punct") for t in verb.doc[low + 1 : high]):
            continue  # "15 were killed and dozens injured": each verb has a count of its own
        found = _classify(other)
        if found is not None and found.category != category and not _has_object(other):
            return found.category
    doc = verb.doc
    if verb.i >= 2 and doc[verb.i - 1].lower_ in ("and", "or", ",") and _has_object(verb):
        # "kills and injures 7 persons", "Mines Kill, Injure Hundreds": the first misread
        form = doc[verb.i - 2].lower_
        before = _FORMS.get(form) or _VERBS.get(form)
        if before is not None and before != category and doc[verb.i - 2].dep_ != "dobj":
            return before
    return None


def _source(token: Token) -> tuple[int, int]:
    """The part of the sentence `token` is in, and the nearest reporting verb above it (counts
    under different ones are rival reports). Parts are separated by ";" and by a citation's
    date ("AFP, 2000-11-15, \"...\", Reuters, 2000-11-15, \"...\""): news prose writes no
    ISO dates, so one between two counts sets two cited headlines apart."""
    sent = token.sent
    before = doc_text(token.doc)[sent.start_char : token.idx]
    part = lowers(token.doc)[sent.start : token.i].count(";") + len(_CITED_DATE.findall(before))
    return part, next((a.i for a in token.ancestors if a.lemma_ in _REPORTING), -1)


def _is_partitive(span: Span) -> bool:
    """ "20 of them", "four of whom": a part of the count told just before."""
    doc = span.doc
    return (
        span.end + 1 < len(doc)
        and doc[span.end].lower_ == "of"
        and doc[span.end + 1].lower_ in ("them", "whom", "those", "these")
    )


def _partitive(match: QuantityMatch, whole: _Mention) -> _Mention:
    """ "killed 35 people, 20 of them civilians": 20 civilians among the 35 killed."""
    span = match.span
    doc = span.doc
    end = span.end + 2
    victims = ""
    if end < len(doc) and doc[end].pos_ == "NOUN":
        victims = doc[end].text
        end += 1
    count = _count(match, doc[span.start : end])
    return _Mention(whole.category, "part", count, whole.manner, victims, whole.source)


def _harm_after(span: Span, sent: Span) -> _Category | None:
    """What a word of harm standing for people right after a count says of it ("3 injured",
    "30 dead - Thai army"); not a word that modifies a noun after it ("killed 3 wounded
    soldiers", "2 injured Thai soldiers")."""
    end = span.end
    if end >= sent.end or span.doc[end].lower_ not in _BARE:
        return None
    if end + 1 < sent.end and span.doc[end + 1].pos_ in ("NOUN", "PROPN", "ADJ"):
        return None
    return _BARE[span.doc[end].lower_]


def _own_word(span: Span, sent: Span, found: _Predicate | None) -> _Predicate | None:
    """ "kills 2, 3 injured", also with the comma left out ("kills 2 3 injured"), which the small
    model then reads as one object of "kills", and "Rebels overrun army camp, 30 dead - Thai
    army", where it hangs the count on the source: a bare count followed by a word of harm that
    stands for people (`_harm_after`) is told by that word, whatever verb it hangs on."""
    category = _harm_after(span, sent)
    if category is None or (found is not None and found.category == category):
        return found
    return _Predicate(category, "primary", span.doc[span.end].text)


def _anchor(span: Span, nominal: Token | None) -> Token:
    """The token of the counted phrase that the rest of the sentence attaches to."""
    if nominal is None:
        return _root(span)
    lo, hi = span.start, nominal.i
    if nominal.head.i < lo or nominal.head.i > hi or nominal.head == nominal:
        return nominal
    return _root(span)


def _victims(span: Span, nominal: Token | None) -> str:
    """Who was counted, as written: "family members of police officers"; may be empty."""
    if nominal is None:
        return ""
    doc = span.doc
    start = span.end + 1 if span.end < len(doc) and doc[span.end].lower_ == "of" else span.end
    end = nominal.i + 1
    for child in nominal.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            end = max(end, child.right_edge.i + 1)
    return span_text(doc_span(doc, start, end)) if start < end else ""


def _predicate(anchor: Token, phrase: Span, nominal: Token | None) -> _Predicate | None:
    """What happened to those counted; a conjunct ("and 3 civilians") shares its first's, and
    nothing happened to any of them where the list's verb is negated or hypothetical ("could
    leave 3 soldiers, 2 civilians dead")."""
    first = anchor
    while (anchor.dep_ == "conj" or _listed(anchor)) and anchor.head.pos_ in (
        "NOUN",
        "PROPN",
        "NUM",
        "PRON",
    ):
        anchor = anchor.head
    if first.dep_ == "conj" or _listed(first):
        # "... and two civilians wounded": the verb after the count
        own = _from_words(phrase) or _from_participle(first)
        if own is not None:
            return None if _under_unasserted(anchor) else own
    if anchor is not first:
        phrase = anchor.doc[anchor.left_edge.i : anchor.i + 1]
    owner = _of_owner(anchor)
    if owner is not None:
        lemma = owner.lemma_.lower()
        if lemma in _OF_THE_DEAD:
            return _from_killing(owner)
        if lemma == "life":
            return _from_lives(owner)
        anchor = owner  # "a family of 6 persons": what happened to the family
    if _under_unasserted(anchor):
        return None
    if nominal is not None and _word(nominal) == "casualty" and _told_apart(nominal) == "apart":
        # "leaves 21 casualties and tens of wounded": "wounded" is the others', not their state
        return _Predicate("killed", "primary", nominal.text)
    # "a soldier killed in clashes and an exchange of fire": the soldier's participle alone
    shared = _precedes_participles(first, anchor)
    return (
        _from_raise(anchor)
        or _from_verb(anchor)
        or (_from_participle(anchor) if shared else None)
        or _from_lives(anchor)
        or _from_modifier(nominal)
        or _from_toll(anchor)
        or _from_part(anchor)
        or _from_copula(anchor)
        or _from_noun(nominal)
        or (_from_words(phrase) if shared else None)
        or _from_last_conjunct(anchor)
        or _from_next_in_list(anchor)
        or _from_its_part(anchor)
    )


def _precedes_participles(conjunct: Token, first: Token) -> bool:
    """Whether the participles on the first of coordinated nouns follow `conjunct`: "a soldier
    killed in clashes and an exchange of shelling" tells the participle of the soldier alone,
    since it comes before the conjunct."""
    return conjunct == first or all(
        c.i > conjunct.i for c in first.rights if c.dep_ == "acl" and c.i > first.i
    )


def _under_unasserted(tok: Token) -> bool:
    """Whether `tok` hangs on a verb told as negated, modal or only threatened (`is_asserted`):
    nothing happened to those it names ("did not kill 3 soldiers")."""
    return tok.head.pos_ in ("VERB", "AUX") and not is_asserted(tok.head)


def _from_its_part(anchor: Token) -> _Predicate | None:
    """ "327 including 117 women and children killed by bombardment": a headline's participle
    after the part a count includes is told of the whole, though the small model hangs it on
    the part."""
    for prep in anchor.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("including", "among"):
            continue
        for part in pobjs(prep):
            for verb in (c for noun in (part, *part.conjuncts) for c in noun.rights):
                if _bare_participle(verb):
                    return _verb_predicate(verb)
    return None


def _from_last_conjunct(anchor: Token) -> _Predicate | None:
    """ "leave 18 soldiers and 5 militants dead", "18 soldiers, 5 militants killed": a word of
    harm after the last of coordinated counts is told of them all, though the small model hangs
    it on the last alone."""
    if not _people(anchor):
        return None
    last = anchor
    while following := [c for c in last.rights if c.dep_ == "conj" or _listed(c)]:
        last = following[-1]
    if last is anchor:
        return None
    return _from_participle(last) or _from_words(doc_span(last.doc, last.left_edge.i, last.i + 1))


def _from_next_in_list(anchor: Token) -> _Predicate | None:
    """ "leaves 18 soldiers, 5 militants dead", "Two toddlers, five men shot dead": a count of
    people that the small model leaves out of the list after it (a comma, then the next count)
    shares what the list's next count tells."""
    doc = anchor.doc
    if not _people(anchor) or anchor.i + 2 >= len(doc) or doc[anchor.i + 1].text != ",":
        return None
    number = doc[anchor.i + 2]
    noun = number.head
    if number.dep_ != "nummod" or noun.i <= number.i or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    if _under_unasserted(noun):
        return None
    return (
        _from_verb(noun)
        or _from_participle(noun)
        or _from_words(doc_span(doc, noun.left_edge.i, noun.i + 1))
        or _from_next_in_list(noun)
    )


def _listed(anchor: Token) -> bool:
    """ "Kills 5 Soldiers, 2 Rebels", "Husband, wife and baby killed", "Soldier, civilian
    killed": a list the small model reads as an apposition, told apart from one ("the farmer, a
    father of three") by a count on both, by the "and" that closes it, or by two bare words for
    one person each, as headlines list them."""
    if anchor.dep_ != "appos":
        return False
    numbered = any(c.dep_ == "nummod" for c in anchor.children) and any(
        c.dep_ == "nummod" for c in anchor.head.children
    )
    bare = _bare_person(anchor) and _bare_person(anchor.head)
    return numbered or bare or any(c.dep_ == "conj" for c in anchor.children)


def _bare_person(noun: Token) -> bool:
    """A singular word for one person with no determiner ("Soldier", "local chief"), nor an
    "of" that describes the one before it ("Police officer, father of two")."""
    return (
        noun.tag_ in ("NN", "NNP")
        and _word(noun) in _PERSON_NOUNS
        and not any(c.dep_ in ("det", "poss") or c.lower_ == "of" for c in noun.children)
    )


def _from_participle(anchor: Token) -> _Predicate | None:
    """ "18 members from the regime forces ... killed in clashes": a casualty participle on the
    counted noun, however far the noun's modifiers push it."""
    for child in anchor.rights:
        if _bare_participle(child):
            return _verb_predicate(child)
        if child.dep_ == "amod" and child.lower_ in _BARE and _people(anchor):
            return _Predicate(_BARE[child.lower_], "primary", child.text)  # "12 people, ... dead"
    return None


def _harm_before(count: Span, nominal: Token | None) -> _Predicate | None:
    """ "9 wounded soldiers", "the bodies of 4 dead militants", "five executed prisoners": a
    harm word between the count and the noun it counts, where nothing else in the sentence says
    what happened to them (not another count's: "Two dead and seven wounded civilians")."""
    if nominal is None:
        return None
    between = count.doc[count.end : nominal.i]
    if any(tok.like_num for tok in between):
        return None
    for tok in between:
        if tok.dep_ == "amod" and tok.head.i == nominal.i:
            found = _harm_modifier(tok)
            if found is not None:
                return found
    return None


def _harm_modifier(tok: Token) -> _Predicate | None:
    """What a word modifying a noun says befell it: "dead", "wounded", or a participle of
    killing ("slain", "murdered", "executed"); not of abducting, since "the kidnapped
    schoolgirls" are most often named again long after."""
    if tok.lower_ in _BARE:
        return _Predicate(_BARE[tok.lower_], "primary", tok.text)
    if tok.tag_ not in ("VBN", "JJ", "NN"):  # "The slain/NN journalist"
        return None
    lemma, form = tok.lemma_.lower(), tok.lower_
    participle = not form.endswith(("ing", "s"))  # "dying", "kills": no state
    category = _VERBS.get(lemma) or _FORMS.get(form)
    if category in ("killed", "injured") and participle:
        return _Predicate(category, "primary", tok.text)
    if lemma in _MANNER_VERBS:
        return _Predicate("killed", "manner", tok.text)
    return None


def _people(noun: Token) -> bool:
    """Whether `noun` counts people: a number before it, or a word for a person ("a
    policeman"). Headline bylines and agency names the parse makes nouns ("AF,P Three dead",
    "EFE 16 Sep") are neither."""
    return any(c.dep_ == "nummod" for c in noun.lefts) or _word(noun) in _PERSON_NOUNS


def _bare_participle(tok: Token) -> bool:
    """A participle on a noun with no object of its own ("soldiers killed in ...")."""
    participle = tok.tag_ == "VBN" or _headline_verb(tok)
    return tok.dep_ == "acl" and participle and not _has_object(tok)


def _of_owner(anchor: Token) -> Token | None:
    """The noun whose "of" names those counted, when it says what happened to them or counts
    them as one body: "the murder of 3 villagers", "the lives of 22", "a family of 6"."""
    if anchor.dep_ != "pobj" or anchor.head.lower_ != "of":
        return None
    owner = anchor.head.head
    lemma = owner.lemma_.lower()
    if owner.pos_ == "NOUN" and (lemma in _OF_THE_DEAD or lemma in _GROUPS or lemma == "life"):
        return owner
    return None


def _from_killing(noun: Token) -> _Predicate | None:
    """ "the murder of 3 villagers", "a massacre of 16 civilians", "the death of 171 persons"."""
    if _under_unasserted(noun):
        return None
    return _Predicate("killed", "primary", noun.text)


def _from_lives(anchor: Token) -> _Predicate | None:
    """ "claimed the lives of 22 citizens", "claim 87 lives", "cost the life of a citizen"."""
    verb = anchor.head
    if anchor.lemma_.lower() != "life" or anchor.dep_ != "dobj":
        return None
    if verb.lemma_.lower() not in _CLAIM_LIVES or not is_asserted(verb):
        return None
    return _Predicate("killed", "primary", f"{verb.text} {anchor.text}", verb.i)


def _from_modifier(nominal: Token | None) -> _Predicate | None:
    """ "11 members from the regime forces killed": a reduced passive after the counted noun's
    prepositional phrase, which the small model hangs on the body they belong to."""
    if nominal is None:
        return None
    for prep in nominal.rights:
        if prep.dep_ != "prep" or prep.lower_ not in ("from", "of"):
            continue
        for body in prep.children:
            plural = body.tag_ in ("NNS", "NNP", "NNPS") or body.lemma_ in _GROUPS
            if body.dep_ != "pobj" or not plural:
                continue
            for verb in body.rights:
                if _bare_participle(verb):
                    return _verb_predicate(verb)
    return None


def _from_verb(anchor: Token) -> _Predicate | None:
    """ "killed 15", "15 people were killed", "eleven wounded", "left 15 dead"."""
    verb = anchor.head
    subject = anchor.dep_ == "nsubj"
    reduced = subject and (verb.tag_ == "VBN" or verb.lemma_ == "die") and not _has_object(verb)
    stated = subject and any(_stated_state(c) for c in verb.children)  # "Soldier Found Dead"
    states = subject and _states_joined(verb)
    if subject and verb.lower_ in _BARE and verb.tag_ in ("JJ", "RB") and is_asserted(verb):
        # "Tatmadaw shoots farmer dead, provides ...": a headline's "[person] dead", which the
        # small model may parse as a clause of its own with the person as subject
        return _Predicate(_BARE[verb.lower_], "primary", verb.text)
    if anchor.dep_ not in ("dobj", "nsubjpass") and not (reduced or stated or states):
        return None
    if verb.lemma_ == "leave" and anchor.dep_ == "dobj":
        for child in verb.children:
            if child.i > anchor.i and child.lemma_ in _NOUNS and child.dep_ != "dobj":
                if child.doc[child.i - 1].lower_ == "of":
                    continue  # "leaves 21 soldiers and tens of wounded": others, counted
                return _Predicate(_NOUNS[child.lemma_], "primary", child.text)
        return None
    return _verb_predicate(verb) or _found_so(verb) or _taken_with(verb)


def _taken_with(verb: Token) -> _Predicate | None:
    """ "killed and arrested 12 suspects", also with the first verb misread as a noun ("kill and
    arrest 3 persons"): no one is both killed and captured, so a casualty verb with no object
    of its own, coordinated before a verb of capture (`_TAKEN`), tells some of the count, at
    least one and at most all; "captured and killed 10" kills all ten."""
    if verb.lemma_.lower() not in _TAKEN or not is_asserted(verb):
        return None
    doc = verb.doc
    if verb.dep_ == "conj" and verb.head.i < verb.i:
        first = verb.head
        if any(t.dep_ not in ("cc", "punct") for t in doc[first.i + 1 : verb.i]):
            return None
        found = _classify(first) if not _has_object(first) else None
    elif verb.i >= 2 and doc[verb.i - 1].lower_ in ("and", "or", ","):
        first = doc[verb.i - 2]
        category = _FORMS.get(first.lower_) or _VERBS.get(first.lower_)
        found = _Predicate(category, "primary", first.text, first.i) if category else None
    else:
        return None
    return replace(found, shared=True) if found is not None else None


def _states_joined(verb: Token) -> bool:
    """ "10 persons were missing, killed and injured": the small model makes the first of the
    states after "were" the verb of the subject and the casualty participles its conjuncts,
    which have no subject or object of their own."""
    if _classify(verb) is not None or not any(
        c.dep_ == "aux" and c.lemma_ == "be" for c in verb.children
    ):
        return False
    return any(
        c.dep_ == "conj"
        and _classify(c) is not None
        and not any(g.dep_ in ("nsubj", "nsubjpass", "dobj") for g in c.children)
        for c in verb.children
    )


def _found_so(verb: Token) -> _Predicate | None:
    """ "Five soldiers were found dead", "two were reported wounded", "Soldier Found Dead": the
    state the verb's subject was found in."""
    if not is_asserted(verb):
        return None
    for child in verb.children:
        if child.lower_ in _BARE and (child.dep_ in ("oprd", "acomp") or _stated_state(child)):
            return _Predicate(_BARE[child.lower_], "primary", child.text)
    return None


def _stated_state(tok: Token) -> bool:
    """ "Soldier Found Dead", "Ten Reported Dead", "Person Is Confirmed Dead": a headline's
    capitalised state, which the small model tags as a proper noun, often the verb's object."""
    return (
        tok.tag_ == "NNP"
        and tok.dep_ in ("dobj", "oprd", "acomp", "attr")
        and tok.head.lemma_.lower() in _STATE_VERBS
    )


def _verb_predicate(verb: Token) -> _Predicate | None:
    """The category and manner `verb` (or a verb it is joined to) gives, if it is asserted."""
    if not is_asserted(verb):
        return None
    own = _classify(verb)
    if own is not None:
        return own
    for conj in verb.children:
        if conj.dep_ == "conj" and not _has_object(conj):
            joined = _classify(conj)
            if joined is not None:
                return joined
    return None


def _has_object(verb: Token) -> bool:
    """Whether `verb` has an object in its own part of the sentence: "Soldier killed |
    Exchange of fire ..." is two headlines that the small model parses as one."""
    return any(c.dep_ == "dobj" and not _separated(c, verb) for c in verb.children)


def _classify(verb: Token) -> _Predicate | None:
    lemma = verb.lemma_.lower()
    if lemma in _VERBS:
        return _Predicate(_VERBS[lemma], "primary", verb.text, verb.i)
    if _kills_people(verb):
        return _Predicate("killed", "primary", verb.text, verb.i)
    if _headline_verb(verb) and verb.lower_ in _FORMS:
        return _Predicate(_FORMS[verb.lower_], "primary", verb.text, verb.i)
    if lemma in _MANNER_VERBS:
        return _Predicate("killed", "manner", verb.text, verb.i)
    for child in verb.rights:
        word = child.lower_
        if (
            child.dep_ == "prep"
            and word == "to"
            and any(g.lower_ == "death" for g in child.children)
        ):
            word = "to death"
        deadly = lemma in _DEADLY_IF and word in ("dead", "alive", "to death")
        if deadly or (lemma in _GUN_DOWN and word == "down"):
            complement = verb.doc[child.i : child.right_edge.i + 1].text
            return _Predicate("killed", "manner", f"{verb.text} {complement}", verb.i)
    return None


def _kills_people(verb: Token) -> bool:
    """ "destroyed more than 100 Ukrainian soldiers", "30 militants were eliminated": a
    military statement's verb of wiping out, with people as what it wiped out (not "destroyed
    the homes of 100 soldiers", "eliminated the threat")."""
    if verb.pos_ != "VERB" or verb.lemma_.lower() not in _WIPE_OUT:
        return False
    return any(
        c.dep_ in ("dobj", "nsubjpass") and (_word(c) in _PERSON_NOUNS or _word(c) in _COMBATANTS)
        for c in verb.children
    )


def _headline_verb(tok: Token) -> bool:
    """A casualty verb the tagger did not read as a verb: written with capitals ("Killing Three
    Civilians", "19 DIE"), or a third person it took for a plural noun ("civilian dies")."""
    form = tok.lower_
    mistagged = form in _MISTAGGED
    if not (mistagged or form in _FORMS or form in _VERBS) or tok.pos_ in ("VERB", "AUX"):
        return False
    return mistagged or not tok.is_lower


def _from_toll(anchor: Token) -> _Predicate | None:
    """ "the death toll rose to 23", "the toll stands at 23", "a death toll of 23", and a tally
    told the same way: "the number of dead rose to 74", "raised to 53 the number of victims"."""
    if anchor.dep_ == "pobj" and anchor.head.lower_ in ("to", "at", "of"):
        host = anchor.head.head
        while host.dep_ == "prep" and host.head != host:
            host = host.head
    elif anchor.dep_ in ("dobj", "attr", "npadvmod", "oprd"):
        host = anchor.head
    else:
        return None
    host = _tally_stated(host)
    # The host itself, else its first child, that is a toll or a tally of the dead or injured.
    read = ((noun, _tallied(noun)) for noun in (host, *host.children))
    found = next(((n, t) for n, t in read if n.lemma_ == "toll" or t is not None), None)
    if found is None or not is_asserted(host):
        return None
    toll, tallied = found
    raised = host.lemma_.lower() in _RAISE
    if tallied is not None:
        return _Predicate(tallied, "toll", toll.text, raised=raised)
    injured = any(c.lemma_ in ("injury", "injured", "wounded") for c in toll.children)
    return _Predicate("injured" if injured else "killed", "toll", toll.text, raised=raised)


def _from_raise(anchor: Token) -> _Predicate | None:
    """ "raises to about 355 persons killed by the border guards", "raising to 210 the number
    killed" (the count read as the tally's own): a count that something raised to is a running
    total, a toll, though no toll word names it."""
    verb = anchor.head.head
    if anchor.dep_ != "pobj" or anchor.head.lower_ != "to" or verb.lemma_.lower() not in _RAISE:
        return None
    if not is_asserted(verb):
        return None
    category = _tallied(anchor)
    for acl in (c for c in anchor.children if category is None and c.dep_ == "acl"):
        found = _classify(acl)
        category = found.category if found is not None else None
    if category is None:
        return None
    return _Predicate(category, "toll", verb.text, raised=True)


def _tallied(noun: Token) -> _Category | None:
    """Whom "the number of ..." counts, when they are the dead or the injured ("the number of
    dead", "of people killed", "of the wounded", "the number killed"); "casualties" says
    neither, and nor does a tally of both ("the number of martyrs and injured")."""
    if noun.lemma_.lower() not in _COUNTING_NOUNS:
        return None
    counted = [
        person
        for prep in noun.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in pobjs(prep)
        for person in (pobj, *pobj.conjuncts)
    ]
    found: set[_Category] = set()
    for person in counted:
        if person.lemma_.lower() in _TALLIED_DEAD:
            found.add("killed")
        elif person.lemma_.lower() in _TOLD_APART or person.lower_ in _TOLD_APART:
            found.add("injured")
    # "the number of people killed": the small model hangs "killed" on either noun
    for acl in (*(c for person in counted for c in person.children), *noun.children):
        if acl.dep_ == "acl":
            found.update(
                category
                for verb in (acl, *acl.conjuncts)
                if (category := _VERBS.get(verb.lemma_.lower())) in ("killed", "injured")
            )
    return found.pop() if len(found) == 1 else None


def _tally_verbs(verb: Token) -> list[Token]:
    """The participles under the tallies `verb` states ("raises to 2,180 the number of people
    killed during 68 days"): where the small model hangs the period a tally is summed over."""
    return [
        tok
        for noun in verb.children
        if _tallied(noun) is not None
        for tok in noun.subtree
        if tok.dep_ == "acl"
    ]


def _tally_stated(host: Token) -> Token:
    """ "bringing the number of people killed to 74": the small model hangs "to 74" on "killed",
    so the verb that states the tally is the one above its noun."""
    tally = host
    while host.dep_ == "acl" and tally.dep_ in ("acl", "pobj", "prep") and tally.head != tally:
        tally = tally.head
        if _tallied(tally) is not None:
            return tally.head if tally.head != tally else host
    return host


def _from_part(anchor: Token) -> _Predicate | None:
    """ "killed 9 people including 4 children": the 4 are a part of the 9."""
    prep = anchor.head
    if anchor.dep_ != "pobj" or prep.lower_ not in ("including", "among"):
        return None
    whole = prep.head
    if whole.pos_ == "VERB":
        found = _verb_predicate(whole)
    else:
        found = _from_verb(whole) or _from_copula(whole)
    return None if found is None else replace(found, kind="part")


def _from_copula(anchor: Token) -> _Predicate | None:
    """ "15 people are dead", "two policemen were among the dead"."""
    verb = anchor.head
    if anchor.dep_ != "nsubj" or verb.lemma_ != "be" or not is_asserted(verb):
        return None
    for child in verb.children:
        if child.dep_ in ("acomp", "attr") and child.lemma_ in _NOUNS:
            return _Predicate(_NOUNS[child.lemma_], "primary", child.text)
        if child.dep_ == "prep" and child.lower_ == "among":
            for pobj in child.children:
                if pobj.lemma_ in _NOUNS:
                    return _Predicate(_NOUNS[pobj.lemma_], "primary", pobj.text)
    return None


def _from_words(phrase: Span) -> _Predicate | None:
    """Word order where the parse fails: "killing [15]", "[15] dead", "[15] were killed"."""
    doc, sent = phrase.doc, phrase.sent
    before = doc[phrase.start - 1] if phrase.start > sent.start else None
    if before is not None and (
        (before.pos_ == "VERB" and before.tag_ in ("VBD", "VBG", "VBZ", "VBP"))
        or _headline_verb(before)
    ):
        found = _verb_predicate(before)
        if found is not None:
            return found
    i = phrase.end
    forms = lowers(doc)
    while i < sent.end and forms[i] in _COPULA_SKIP:
        i += 1
    if i >= sent.end:
        return None
    if forms[i] == "of" and i + 1 < sent.end and forms[i + 1] in _BARE:
        i += 1  # "tens of wounded" where the parse gives "of" no object
    after = doc[i]
    if _word(after) in _NOUNS and after.pos_ in ("ADJ", "NOUN", "PROPN"):
        return _Predicate(_NOUNS[_word(after)], "primary", after.text)  # "Two Girls Dead"
    if (after.tag_ in ("VBN", "VBD") and not _has_object(after)) or _headline_verb(after):
        return _verb_predicate(after)
    if after.lemma_ == "die" and not _has_object(after):
        return _verb_predicate(after)  # "civilian dies"
    return None


def _from_noun(nominal: Token | None) -> _Predicate | None:
    """ "23 deaths", "20 hostages": the counted noun says what happened; so do "casualties"
    told apart from the injured (`_told_apart`) or in the style of an outlet whose casualties
    are the dead (`house_style`), and "human losses". A participle standing for the people is
    read as written: after "dozens of" the tagger may take "wounded" for the verb "wound"."""
    if nominal is None:
        return None
    word = _word(nominal)
    category = _NOUNS.get(word) or _BARE.get(nominal.lower_)
    if category is not None:
        return _Predicate(category, "primary", nominal.text)
    if word == "casualty" and (
        _told_apart(nominal) is not None or style_of(nominal.doc).casualties_are_dead
    ):
        return _Predicate("killed", "primary", nominal.text)
    if word == "loss" and any(c.lower_ == "human" for c in nominal.children):
        return _Predicate("killed", "primary", nominal.text)
    return None


def _word(tok: Token) -> str:
    """The lemma, also of a noun a Title-Case headline tags as a proper noun ("Martyrs",
    "Fatalities")."""
    form = tok.lower_
    if tok.pos_ == "PROPN" and form.endswith("s"):
        for single in _singular_forms(form):
            if single in _PERSON_NOUNS or single in _NOUNS:
                return single
    return tok.lemma_.lower()


def _singular_forms(form: str) -> tuple[str, str]:
    """What a plural `form` may be the plural of: "martyrs" of "martyr", "fatalities" of
    "fatality" (the lemmatizer leaves a proper noun as written)."""
    return form[:-1], form[:-3] + "y"


def _singulars(sent: Span, counted: set[int]) -> list[_Mention]:
    """Victims told without a number: a singular noun counts one ("a policeman was killed",
    "soldier killed", "kill the governor"), a plural one at least one ("killing civilians")."""
    found: list[_Mention] = []
    forms, tags = lowers(sent.doc), token_tags(sent.doc)
    for noun in span_tokens(sent):
        if forms[noun.i] not in _BARE and tags[noun.i] not in _NOUN_TAGS:
            continue  # neither `_bare` nor `_unnumbered_start`: the cheap test of most words
        bare = _bare(noun) if noun.i not in counted else None
        if bare is not None:
            count = Count(1, 1, None, "", _evidence(sent.doc[noun.i : noun.i + 1]))
            found.append(_Mention(bare, "unnumbered", count, noun.text, "", _source(noun)))
            continue
        if noun.dep_ == "amod" and any(c.i in counted for c in noun.head.children):
            continue  # "2 civilians dead": the count on the noun it modifies tells them
        first = _unnumbered_start(noun, counted)
        if first is None or noun.lemma_.lower() in _COUNTING_NOUNS:
            continue  # "the number killed rose to 9" counts nobody as one
        phrase = doc_span(sent.doc, first, noun.i + 1)
        pred = _predicate(noun, phrase, noun)
        # "an executed man": a word on the noun says it, often of one told again ("Five were
        # killed and the dead man was a teacher"), so at least one
        modified = pred is None
        pred = pred or _harm_on(noun)
        if pred is None or pred.kind == "toll":
            continue
        det = sent.doc[first]
        if _named(noun):
            # One person, but often told again by a title or an apposition ("Issam
            # Zahruddin was killed, a brigadier"): counted only where nothing else is, unless
            # joined to another victim by "and" ("killed Malik Khan and his son": two).
            count = Count(1, 1, 1, "", _evidence(phrase))
            joined = noun.dep_ == "conj" or any(c.dep_ == "conj" for c in noun.children)
            found.extend(
                _told(pred, "primary" if joined else "unnumbered", count, span_text(phrase), noun)
            )
            continue
        plural = noun.tag_ in ("NNS", "NNPS") or (noun.tag_ == "JJ" and _word(noun) in _NOUNS)
        if plural or modified or (_demonym(noun) and det.lower_ not in ("a", "an")):
            # "Gunmen kill Catholic": a headline drops the article, and a people's name
            # ("Taliban") may stand for many of them, so at least one.
            if pred.kind == "part" or _generic(sent.doc[pred.verb] if pred.verb >= 0 else None):
                continue  # "including children": no number; "gangs who kidnap residents"
            kind: _Kind = "unnumbered"
            count = Count(1, 1, None, "", _evidence(phrase))
        elif _owned_remains(noun):
            # "setting his body on fire": the body of someone the text names, counted only
            # where nothing else is (like a person's name)
            kind, count = "unnumbered", Count(1, 1, 1, "", _evidence(phrase))
        else:
            qualifier = det.text if det.lower_ in ("a", "an") else ""
            kind, count = pred.kind, Count(1, 1, 1, qualifier, _evidence(phrase))
        victims = span_text(doc_span(sent.doc, first + (det.dep_ == "det"), noun.i + 1))
        found.extend(_told(pred, kind, count, victims, noun))
    return found


def _owned_remains(noun: Token) -> bool:
    """ "his body", "her corpse": remains a possessive pronoun gives to someone told elsewhere in
    the text ("the execution of a prisoner ..., setting his body on fire")."""
    return noun.lemma_.lower() in _REMAINS and any(
        c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children
    )


def _named(noun: Token) -> bool:
    """A person's name where it is one victim: "killed Malik Khan", "Malik Khan was shot dead",
    "killed Malik Khan and Ahmed Shah"."""
    if noun.tag_ != "NNP" or noun.ent_type_ != "PERSON":
        return False
    return noun.dep_ in ("dobj", "nsubjpass") or (noun.dep_ == "conj" and _named(noun.head))


def _demonym(noun: Token) -> bool:
    """A people's name standing as a noun for one of them ("killed a Palestinian", "Gunmen kill
    Catholic"), not modifying another ("Palestinian gunmen", "Belfast Catholic")."""
    return noun.tag_ == "NNP" and noun.ent_type_ == "NORP" and noun.dep_ not in _MODIFIERS


def _says_harm(noun: Token) -> bool:
    """ "leaving martyrs", "leaves people killed", "found a murdered man": the object itself,
    or a participle on it, says what happened."""
    return (
        _from_noun(noun) is not None
        or any(c.dep_ == "acl" and _classify(c) is not None for c in noun.children)
        or _harm_on(noun) is not None
    )


def _harm_on(noun: Token) -> _Predicate | None:
    """ "an executed man", "wounded soldiers": what a word modifying a noun for people says
    befell them (not a thing's: "killed - web site" misparsed)."""
    word = _word(noun)
    if not (word in _PERSON_NOUNS or word in _ANYONE or _demonym(noun)):
        return None
    for child in noun.lefts:
        if child.dep_ == "amod" and (found := _harm_modifier(child)) is not None:
            return found
    return None


def _bare(tok: Token) -> _Category | None:
    """ "Dead and injuries in ...", "leaving martyrs and wounded", "Wounded in the capital": a
    participle or adjective that stands for the people it says were harmed."""
    category = _BARE.get(tok.lower_)
    if category is None or tok.tag_ not in ("JJ", "VBN", "VBD") or tok.dep_ == "amod":
        return None
    if any(c.dep_ in _VERB_PARTS for c in tok.children):
        return None  # "he was wounded", "wounded two": a verb, read as one
    if tok.dep_ == "ROOT":
        return category if is_asserted(tok) else None
    if tok.dep_ != "conj":
        return None
    head = tok.head
    if head.pos_ in ("NOUN", "PROPN", "ADJ"):
        return category
    # "leaving martyrs and wounded", misread as "leaving ... and wounded"; a casualty verb's
    # conjunct ("killed and wounded") is read with that verb.
    if head.pos_ == "VERB" and _classify(head) is None and is_asserted(head):
        return category
    return None


def _generic(verb: Token | None) -> bool:
    """A present tense outside a headline's main clause tells a habit, not an event ("bandits,
    who raid villages and kidnap residents"); "Airstrikes kill civilians" is news, also where
    the small model hangs it on the next headline of a list ("Attacks kill civilians; Fighting
    Leaves Workers Trapped": its head lies past a ";")."""
    if verb is None or verb.tag_ not in ("VB", "VBP", "VBZ"):
        return False
    while verb.dep_ == "conj" and verb.head != verb:
        verb = verb.head
    return verb.dep_ != "ROOT" and not _separated(verb, verb.head)


def _separated(tok: Token, other: Token) -> bool:
    """Whether a ";" or "|" lies between two tokens: they are in different headlines."""
    parts = lowers(tok.doc)
    return any(parts[i] in _SEPARATORS for i in range(min(tok.i, other.i), max(tok.i, other.i)))


def _names_people(tok: Token) -> bool:
    """A word for people or for what befell them ("soldiers", "victims", "army", a headline's
    verb read as a noun, "Civilian dies"), which a harm word may modify ("dead soldiers"),
    unlike a thing's ("dead end", "Martyrs' Day")."""
    word = _word(tok)
    return (
        tok.pos_ not in ("NOUN", "PROPN")
        or word in _PERSON_NOUNS
        or word in _NOUNS
        or word in _GROUPS
        or word in _VOCABULARY
        or harm_word(tok)
        or tok.ent_type_ in ("NORP", "PERSON")
    )


def _unnumbered_start(noun: Token, counted: set[int]) -> int | None:
    """Where the phrase of a person noun told without a number starts ("a policeman", "the
    governor", "civilians"); None when `noun` is no such noun or its phrase holds a token of
    a quantity (`counted`: document indices)."""
    tag = noun.tag_
    if tag not in _NOUN_TAGS:
        return None
    lemma = noun.lemma_.lower()
    if lemma in _NOT_PEOPLE or lemma in _GROUPS:
        return None
    if lemma in _OF_THE_DEAD and any(c.lower_ == "of" for c in noun.children):
        return None  # "the death of 4 civilians", "the body of a man": counted in the "of"
    common = tag in ("NN", "NNS") and (
        noun.dep_ not in ("compound", "npadvmod")
        or (noun.dep_ == "npadvmod" and _word(noun) in _PERSON_NOUNS)  # '"Soldier killed'
    )
    capitalised = tag in ("NNP", "NNPS", "JJ") and (
        _word(noun) in _PERSON_NOUNS or _word(noun) in _NOUNS or _demonym(noun)
    )
    if not (common or capitalised or _named(noun)) or _headline_verb(noun):
        return None
    if noun.lower_ in _BARE and _stated_state(noun):
        return None  # "Three Officers Confirmed Dead": the state of the verb's subject
    if noun.dep_ in ("amod", "poss", "compound") and not _names_people(noun.head):
        return None  # "a dead end", "Martyrs' Day": a thing's name
    if noun.dep_ == "poss" and _word(noun.head) not in _OF_THE_DEAD | _NOUNS.keys():
        return None  # "executed a leader's wife": the wife, unlike "the leader's body"
    if (
        noun.dep_ == "pobj"
        and noun.head.lower_ not in ("including", "among")
        and _of_owner(noun) is None
    ):
        return None  # "hacked to death", "an attack on a checkpoint": no victim
    if noun.dep_ == "dobj" and _classify(noun.head) is None and not _says_harm(noun):
        return None  # "a constable escorting the team was injured": the team was not
    first = noun.i
    for child in reversed(list(noun.lefts)):
        ordinal = child.ent_type_ == "ORDINAL"  # "the first woman" is one
        if child.dep_ == "nummod" and child.text.isdigit() and child.i not in counted:
            break  # "AFP 6 Oct 2009 \"Soldier killed": a date's digits count no one
        if child.dep_ in ("nummod", "quantmod") or (child.like_num and not ordinal):
            return None
        if child.dep_ == "det" and child.lower_ not in ("a", "an", "the", "this", "that"):
            return None  # "no soldier", "every villager", "some civilians": a quantity's job
        if child.right_edge.i != first - 1 or child.pos_ == "VERB" or _headline_verb(child):
            break  # "Army Kills Civilians": the phrase starts after the verb
        first = child.left_edge.i
    if any(i in counted for i in range(first, noun.i + 1)):
        return None
    return first


def _combine(
    category: _Category, mentions: list[_Mention], text: str
) -> tuple[Count | None, list[CasualtyDetail], bool]:
    """One total for `category`, the details told apart from it, and whether the total is a
    toll. A toll replaces the counts of its own part of the sentence (a headline of a
    ";"-joined list), not those of the others: of the parts' totals the highest stands."""
    tolls = [m for m in mentions if m.kind == "toll"]
    primary, included = _included([m for m in mentions if m.kind == "primary"], text)
    manner, within = _by_act([m for m in mentions if m.kind == "manner"], text)
    parts = [m for m in mentions if m.kind == "part"] + included + within
    unnumbered = [m for m in mentions if m.kind == "unnumbered"]
    if not (tolls or primary or manner) and unnumbered:
        primary = unnumbered[:1]  # "people were killed": at least one, told once or more
    told: list[tuple[Count, bool]] = []
    for part in sorted({m.source[0] for m in tolls + primary}):
        in_part = [m for m in tolls if m.source[0] == part]
        if in_part:
            told.append((in_part[-1].count, True))
        else:
            told.append((_told_in_part(primary, part, text), False))
    total, toll = max(told, key=lambda t: t[0].best or 0) if told else (None, False)
    for mention in manner:
        if total is None:
            total = mention.count
        elif _exceeds(mention.count, total):
            total = add_counts([total, mention.count], text)
    details = [
        CasualtyDetail(category, m.manner, m.victims, m.count, included_in_total=True)
        for m in manner + parts
    ]
    return total, details, toll


def _by_act(manner: list[_Mention], text: str) -> tuple[list[_Mention], list[_Mention]]:
    """The manner mentions with those of one verb added up, and those of them told as a part
    of another ("more than 125 fighters including 40 executed", `_included`): "executed a man
    and his son" are two victims of one act, while another verb's ("beheaded 15 ..., shot 3
    others dead") may tell some of the same people again (`_combine`)."""
    acts: dict[int, list[_Mention]] = {}
    for index, mention in enumerate(manner):
        acts.setdefault(mention.verb if mention.verb >= 0 else -1 - index, []).append(mention)
    totals: list[_Mention] = []
    parts: list[_Mention] = []
    for told in acts.values():
        whole, within = _included(told, text)
        totals.append(replace(whole[0], count=add_counts([m.count for m in whole], text)))
        parts.extend(within)
    return totals, parts


def _told_in_part(primary: list[_Mention], part: int, text: str) -> Count:
    """The total one semicolon-separated part of the sentence tells: its counts added up, rival
    reports under different reporting verbs made a range."""
    mentions = [m for m in primary if m.source[0] == part]
    sources = dict.fromkeys(m.source for m in mentions)
    return _rival(
        [add_counts([m.count for m in mentions if m.source == s], text) for s in sources], text
    )


def _included(primary: list[_Mention], text: str) -> tuple[list[_Mention], list[_Mention]]:
    """The counts that are totals, and those told after "including" following another count of
    the same source, which are parts of it however the clause goes on ("176 were killed,
    including 57 soldiers, and 42 civilians were killed in air strikes")."""
    ordered = sorted(primary, key=lambda m: m.count.evidence.start)
    totals: list[_Mention] = []
    parts: list[_Mention] = []
    for mention in ordered:
        earlier = [m for m in totals if m.source == mention.source]
        between = (
            text[earlier[-1].count.evidence.end : mention.count.evidence.start] if earlier else ""
        )
        if _INCLUDING.search(between):
            parts.append(replace(mention, kind="part"))
        else:
            totals.append(mention)
    return totals, parts


def _exceeds(part: Count, total: Count) -> bool:
    """True when `part` cannot be within `total` (so it must be added to it)."""
    return part.best is not None and total.best is not None and part.best > total.best


def _rival(counts: list[Count], text: str) -> Count:
    """Rival reports of one count (UCDP-style): lowest low and best, highest high."""
    if len(counts) == 1:
        return counts[0]
    lows = [c.low for c in counts if c.low is not None]
    bests = [c.best for c in counts if c.best is not None]
    highs = [c.high for c in counts if c.high is not None]
    return Count(
        min(lows, default=None),
        min(bests, default=None),
        max(highs, default=None) if len(highs) == len(counts) else None,
        " or ".join(c.qualifier for c in counts),
        _spanning(counts, text),
    )


def add_counts(counts: list[Count], text: str) -> Count:
    """Counts of different victims added up, qualifiers joined by "+", evidence spanning them all
    in `text`; a bound unknown in any is unknown in the sum (UCDP-style: "over 100" + "between 5
    and 7" is low 106, best 106, high unknown)."""
    if len(counts) == 1:
        return counts[0]
    counts = sorted(counts, key=lambda c: c.evidence.start)

    def total(values: list[int | None]) -> int | None:
        return None if None in values else sum(v for v in values if v is not None)

    return Count(
        total([c.low for c in counts]),
        total([c.best for c in counts]),
        total([c.high for c in counts]),
        " + ".join(c.qualifier for c in counts),
        _spanning(counts, text),
    )


def _spanning(counts: list[Count], text: str) -> Evidence:
    """Evidence from the first count's start to the last one's end in the document `text`."""
    start = min(c.evidence.start for c in counts)
    end = max(c.evidence.end for c in counts)
    return Evidence(start, end, text[start:end], EXTRACTOR)
