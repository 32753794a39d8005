"""Places named in a sentence and the role each plays in the story.

Roles (DESIGN §2): `event_site` (where it happened: a wire dateline, or "in/near/at X", also
"in the countryside of X", "in the desert of X" and "clashes northeast of X"; the place an
attack struck or a force took, "Warplanes bomb X", where the sentence names no other site; the
place of diplomatic talks, "talks in Paris", where it names neither),
`origin` ("militants from X"), `claimed_territory` (places a group claims, e.g. on an IS map of
its "Khurasan province") and `mentioned` (everything else, e.g. "IS is spreading to Libya").

A mention is a GPE/LOC/FAC entity, extended by a following designator ("Ghazni province",
"Swat valley"). Enclosing places written next to it go into `context` and are not mentions of
their own: "Ghazni province, Afghanistan", "Pakistan's Swat valley", "Mosul in northern Iraq",
"the North Darfur town of Mellit", "the Eastern Ghouta of Damascus".
A place that names a source is no mention: the region of a BBC Monitoring service ("BBC
Monitoring Middle East") and the town a monitored broadcast came from ("TRT TV, Ankara, in
Turkish 1800 gmt"), which citations put before the headline, and a word of a reporter's name
after a dash ending a headline ("– Ye Mon": Ye is a town, Mon a state).
Geocoding (and so the precision of a place) is the geo stage's job, not this one's.

A nationality ("Syrian army", "Afghan forces", a NORP entity) names a country too; headlines
often name no other place. `find_nationalities` gives them as `mentioned` places, which the
events stage uses only for a report that names no place (the geo stage reads "Syrian" as Syria,
and leaves a nationality that is no country's, "Kurdish", unresolved).
"""

from __future__ import annotations

import functools
import re

import pycountry
from spacy.tokens import Doc, Span, Token

from khabar.extract.types import Evidence, PlaceMention
from khabar.extract.vocabulary import HEADLINE_TRIGGERS
from khabar.nlp.compass import COMPASS, DIRECTIONS
from khabar.nlp.dateline import DATELINE
from khabar.nlp.memo import doc_ents, doc_span, doc_text, ents_in, lemmas_lower, span_text

EXTRACTOR = "places@13"

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
DESIGNATORS = frozenset(
    {
        "province", "district", "valley", "region", "city", "county", "state", "governorate",
        "village", "town", "area", "agency", "tehsil", "municipality", "prefecture",
        "department", "oblast", "division", "subdivision", "commune", "camp", "border",
    }
)  # fmt: skip
SITE_PREPOSITIONS = frozenset(
    {"in", "near", "at", "outside", "inside", "around", "across", "within", "into", "on", "off"}
)
# "on the outskirts of X", "in the city of X": the preposition that counts is the outer one.
_OF_HEADS = frozenset(
    {"outskirts", "edge", "centre", "center", "city", "town", "village", "province", "district",
     "region", "area", "part", "heart", "suburb", "suburbs", "capital", "north", "south", "east",
     "west", "vicinity", "countryside", "desert", "countrysides", "deserts", "provinces",
     "districts", "cities", "towns", "villages"}
)  # fmt: skip
ATTACK_VERBS = frozenset(
    {"attack", "shell", "bomb", "bombard", "target", "strike", "hit", "raid", "pound", "storm",
     "besiege", "capture", "seize", "recapture", "retake", "overrun", "ambush", "rock", "shake",
     "witness"}
)  # fmt: skip
"""Verbs whose object (or passive subject) is the place struck, taken or, for "witness", where
it happened: a headline's "Warplanes bomb Douma", "Regime forces shell the countryside of
Daraa", "Taliban capture Kunduz", "Explosions rock Kabul", "Douma was shelled", "Jobar
witnesses clashes"."""
ATTACK_NOUNS = frozenset(
    {"shelling", "bombing", "bombardment", "targeting", "siege", "storming", "capture",
     "attack", "attacks", "raid", "raids", "battle", "battles", "clashes", "fighting"}
)  # fmt: skip
"""Nouns of an attack or a fight whose "of" names its place: "the shelling of al-Bab", "the
clashes of Daraa city"."""
STRUCK_SITE = "struck"
"""`_role`'s answer for a place struck, an event site only where nothing else is one."""
_ATTACK_VERB_FORMS = frozenset(
    {"attack", "attacks", "attacked", "shell", "shells", "shelled", "bomb", "bombs", "bombed",
     "bombard", "bombards", "bombarded", "target", "targets", "targeted", "strike", "strikes",
     "struck", "hit", "hits", "raid", "raids", "raided", "pound", "pounds", "pounded", "storm",
     "storms", "stormed", "besiege", "besieges", "besieged", "capture", "captures", "captured",
     "seize", "seizes", "seized", "recapture", "recaptures", "recaptured", "retake", "retakes",
     "retook", "overrun", "overruns", "ambush", "ambushes", "ambushed", "rock", "rocks",
     "rocked", "shake", "shakes", "shook"}
)  # fmt: skip
"""Their written forms, for a headline the parser misreads ("IS attacks Deir ez-Zor")."""
TOPIC_NOUNS = frozenset(
    {"report", "reports", "mission", "commission", "inquiry", "focus", "talks", "resolution",
     "statement", "sanctions", "debate", "meeting", "conference", "briefing", "hearing", "study",
     "envoy"}
)  # fmt: skip
"""Nouns whose "on" names a topic, not a site: "the Fact-Finding Mission on Myanmar", "a report
on Syria", "sanctions on Russia"."""
MEETING_NOUNS = frozenset({"talks", "negotiations", "summit", "conference", "consultations"})
"""Diplomatic meetings, whose "in" or "at" names where they are held: "after a new round of talks
in Paris" places the talks, not the violence the sentence tells."""
FLIGHT_WORDS = frozenset({"flee", "escape"})
REFUGE_WORDS = frozenset({"refuge", "asylum", "sanctuary"})
"""Lemmas of fleeing, whose "into" or "across" names where people went, and of refuge, whose
"in" does: not where the violence was ("villagers fled into Thailand", "took refuge in Chad";
"killed as they fled in Aleppo" is still the site)."""
MEETING_SITE = "meeting"
"""`_role`'s answer for a meeting's place, an event site only where nothing else is one, not
even a place struck (a bomb at a peace conference is still told as in its town)."""
CLAIM_CUES = frozenset({"map", "caliphate", "wilayat", "wilaya", "emirate"})
_SERVICE_BEFORE = re.compile(r"\bMonitoring\s+$")
"""A name that ends a BBC Monitoring service's ("BBC Monitoring Middle East", "… Africa")."""
_BROADCAST_AFTER = re.compile(
    r"^\s*,?\s*in\s+[A-Z][a-z]+\s+(?:\d{3,4}\s*gmt\b"
    r"|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{2,4}\b)",
    re.IGNORECASE,
)
"""A broadcaster's or a website's town in a monitoring citation, before the language and the
time or date it went out ("Radio Gaalkacyo, Gaalkacyo, in Somali 1015 gmt", "Democratic Voice
of Burma, Oslo, in Burmese 1430 gmt", "Irrawaddy website, Chiang Mai, in English 30 Oct 12"):
where it was aired or written."""
_TRAILING_NAME = re.compile(r"\s[-–—][ \t]+((?:[A-Z][\w'’.]*[ \t]+){0,3}[A-Z][\w'’.]*)[ \t]*$")
"""A name of capitalised words after a spaced dash ending a line: a headline's attribution,
its reporter ("… to troops — Lawi Weng", "… : KBC – Ye Mon") or its source ("- Spokesman"),
or the end of a route ("the highway of Damascus – Aleppo")."""
_POSSESSIVE = re.compile(r"['’]s\b")
_OFFICES = frozenset(
    {
        "police", "army", "military", "ministry", "government", "governor", "command",
        "official", "officials", "spokesman", "spokesperson", "authorities", "council",
        "commissioner", "mayor",
    }
)  # fmt: skip
"""Last words of an attribution to a place's own body ("– Kano Police"): the place stays."""
_GOVERNMENT_VERB = re.compile(
    r"[ \t]+(?:says?|said|accus(?:es|ed?)|blam(?:es|ed?)|warn(?:s|ed)?|den(?:ies|ied|y)"
    r"|urg(?:es|ed?)|vow(?:s|ed)?|threaten(?:s|ed)?|condemn(?:s|ed)?|reject(?:s|ed)?"
    r"|announc(?:es|ed?)|confirm(?:s|ed)?|insist(?:s|ed)?|admit(?:s|ted)?|refus(?:es|ed?)"
    r"|agree(?:s|d)?|decid(?:es|ed?)|pledg(?:es|ed?)|seizes|sends|deploys|orders|expels"
    r"|recalls|rules\s+out|calls\s+on|hits\s+back)\b",
    re.IGNORECASE,
)
"""A verb of speaking, deciding or acting right after a name: only people do these, so a town
written as their subject stands for the government or army seated there."""
_SPOKEN_BY = re.compile(
    r"\b(?:said|announced|declared|confirmed|denied|reported|claimed|accused|blamed|warned"
    r"|condemned|rejected|proposed|brokered|sponsored|mediated)[ \t]+by[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
"""The same verbs in the passive, before their agent: "a ceasefire announced by Turkey"."""
_PREPOSITION_BEFORE = re.compile(
    r"\b(?:in|at|near|from|of|to|on|outside|inside|around|across)[ \t]+(?:the[ \t]+)?$",
    re.IGNORECASE,
)
_QUOTED_PROVINCE = re.compile(r"[\"“][^\"”]{1,60}\bprovince[\"”]", re.IGNORECASE)
# Names pycountry does not resolve, used to recognise "X, <country>" as context.
COUNTRY_ALIASES = frozenset(
    {
        "russia", "turkey", "uk", "britain", "united states", "the united states", "u.s.",
        "america", "dr congo", "drc", "democratic republic of congo", "palestine", "gaza",
        "the gaza strip", "gaza strip", "west bank", "the west bank", "ivory coast", "syria",
        "iran", "kosovo", "laos", "vietnam", "south korea", "north korea", "tanzania",
        "bolivia", "venezuela", "moldova", "the philippines", "the netherlands", "czech republic",
    }
)  # fmt: skip
_NOT_DATELINES = frozenset(
    {"UPDATE", "BREAKING", "EXCLUSIVE", "ANALYSIS", "OPINION", "WATCH", "LIVE", "CORRECTION",
     "EDITOR'S NOTE", "FACT CHECK", "NOTE", "PHOTOS", "VIDEO"}
)  # fmt: skip


def find_places(sent: Span, doc_first_sentence: bool) -> tuple[PlaceMention, ...]:
    """Every place mention in `sent` with its role, in text order.

    `doc_first_sentence` says whether `sent` opens the document, where a dateline may stand.
    """
    found: list[PlaceMention] = []
    dateline_end = sent.start_char
    if doc_first_sentence and (dateline := _dateline(sent)) is not None:
        found.append(dateline[0])
        dateline_end = dateline[1]
    candidates = [
        c
        for c in _candidates(sent)
        if sent.doc[c.start].idx >= dateline_end and not _in_citation(sent.doc, c)
    ]
    contexts = [_context(sent, cand) for cand in candidates]
    enclosing = {i for _, used in contexts for i in used}
    claimed = bool(candidates) and _claims_territory(sent)
    told = [
        (cand, context, "claimed_territory" if claimed else _role(cand))
        for cand, (context, _) in zip(candidates, contexts, strict=True)
        if cand.start not in enclosing
    ]
    # A place struck is where the attack landed; a sentence that also says where things
    # happened ("in X") has its sites already, and its places struck stay mentioned. A
    # meeting's place yields to both.
    sited = any(role == "event_site" for _, _, role in told) or len(found) > 0
    struck = any(role == STRUCK_SITE for _, _, role in told)
    for cand, context, role in told:
        if role == STRUCK_SITE:
            role = "mentioned" if sited else "event_site"
        elif role == MEETING_SITE:
            role = "mentioned" if sited or struck else "event_site"
        found.append(_mention(cand, role, context))
    return tuple(sorted(found, key=lambda place: place.evidence.start))


def find_nationalities(doc: Doc, start: int, end: int) -> tuple[PlaceMention, ...]:
    """The nationalities (NORP entities) between character offsets `start` and `end` of `doc`,
    as `mentioned` places, in text order."""
    return tuple(
        _mention(ent, "mentioned", ())
        for ent in doc_ents(doc)
        if ent.label_ == "NORP" and start <= ent.start_char and ent.end_char <= end
    )


def find_dateline(sent: Span) -> PlaceMention | None:
    """The place of a wire dateline at the start of `sent` ("PESHAWAR, Pakistan (Reuters) —",
    "Ghazni:", "KABUL —"), as an event site; None when the sentence does not open with one.

    The place must be written in capitals (wire style) or be a place entity, so that a leading
    "Taliban:" or "UPDATE:" is not read as a dateline.
    """
    dateline = _dateline(sent)
    return None if dateline is None else dateline[0]


def _dateline(sent: Span) -> tuple[PlaceMention, int] | None:
    """The dateline place and the character offset where the whole dateline ends."""
    match = DATELINE.match(span_text(sent))
    if match is None:
        return None
    name = match.group("place")
    if name.upper() in _NOT_DATELINES:
        return None
    start = sent.start_char + match.start("place")
    end = start + len(name)
    is_entity = any(
        ent.label_ in PLACE_LABELS and ent.start_char == start and ent.end_char == end
        for ent in ents_in(sent)
    )
    if not (is_entity or name.isupper()):
        return None
    context = (match.group("context"),) if match.group("context") else ()
    place = PlaceMention(
        text=name, role="event_site", evidence=_evidence(sent.doc, start, end), context=context
    )
    return place, sent.start_char + match.end()


def _in_citation(doc: Doc, cand: Span) -> bool:
    return in_citation(doc_text(doc), cand.start_char, cand.end_char)


def in_citation(text: str, start: int, end: int) -> bool:
    """Whether the name at `start`:`end` of `text` names a source, not the story: the region of a
    BBC Monitoring service or the town a monitored broadcast came from (see `_SERVICE_BEFORE`,
    `_BROADCAST_AFTER`), or part of a reporter's name ending a headline (`in_byline`)."""
    return bool(
        _SERVICE_BEFORE.search(text[max(0, start - 12) : start])
        or _BROADCAST_AFTER.match(text[end : end + 40])
        or in_byline(text, start, end)
    )


def in_byline(text: str, start: int, end: int) -> bool:
    """Whether the name at `start`:`end` is a part, not the whole, of the name after a spaced
    dash ending its line (`_TRAILING_NAME`): a place ends a route whole ("Damascus – Aleppo"),
    while words of a person's name that are also places' are a byline's ("– Ye Mon", "– Nang Mya
    Nadi"); a place before an office keeps its place ("– Kano Police", `_OFFICES`)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : len(text) if line_end < 0 else line_end]
    found = _TRAILING_NAME.search(line)
    if found is None or _POSSESSIVE.search(found.group(1)):
        return False  # "– Syria's Idlib" places what the headline tells
    if found.group(1).split()[-1].lower() in _OFFICES:
        return False  # "– Kano Police": the body of the place the headline tells of
    first, last = line_start + found.start(1), line_start + found.end(1)
    return first <= start and end <= last and (start, end) != (first, last)


def stands_for_state(text: str, start: int, end: int) -> bool:
    """Whether the name at `start`:`end` of `text` is the subject of a verb only people do
    (`_GOVERNMENT_VERB`): "Moscow says", "Damascus accuses", "Rangoon seizes big base". Such a
    name is metonymy for a government or its forces, no site ("Kabul bombing kills 20" and
    "Damascus shelled" are sites); after a preposition it is where the speakers are, not who
    ("Villagers in Shan State say", "Fighting in Hpakant Sends 100 Villagers Fleeing"). So is
    the agent of such a verb in the passive ("the truce announced by Turkey", `_SPOKEN_BY`),
    but not a town's own body ("reported by Kano police": `_OFFICES`)."""
    if _SPOKEN_BY.search(text, max(0, start - 24), start) is not None:
        following = re.match(r"[ \t]+(\w+)", text[end : end + 24])
        return following is None or following.group(1).lower() not in _OFFICES
    return (
        _GOVERNMENT_VERB.match(text, end) is not None
        and _PREPOSITION_BEFORE.search(text, max(0, start - 12), start) is None
    )


def _candidates(sent: Span) -> list[Span]:
    """Place entities, each with the designators after it ("Ghazni" + "province"). An entity
    made only of trigger words is the happening, not where: the model reads a capitalised
    "Clash" as a place in a Title-Case headline ("Soldiers Die in a Clash with Ta'ang Troops")."""
    found = []
    doc = sent.doc
    for ent in ents_in(sent):
        if ent.label_ not in PLACE_LABELS or all(t.lower_ in HEADLINE_TRIGGERS for t in ent):
            continue
        end = ent.end
        while end < sent.end and doc[end].lower_ in DESIGNATORS and not _names_of(doc[end]):
            end += 1
        found.append(doc_span(doc, ent.start, end))
    return found


def _names_of(designator: Token) -> list[Token]:
    """The place a designator introduces: "town of [Mellit]", "province of [Hilmand]"."""
    return [
        pobj
        for prep in designator.children
        if prep.dep_ == "prep" and prep.lower_ == "of"
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_LABELS
    ]


def _context(sent: Span, cand: Span) -> tuple[tuple[str, ...], set[int]]:
    """Enclosing places written next to `cand`, and the token indices of their entities."""
    names: list[str] = []
    used: set[int] = set()
    for ent in ents_in(sent):
        if ent.label_ not in ("GPE", "LOC") or cand.start <= ent.start < cand.end:
            continue
        owner = ent.root.head
        possessive = ent.root.dep_ == "poss" and cand.start <= owner.i < cand.end
        in_country = (
            ent.root.dep_ == "pobj"
            and owner.lower_ == "in"
            and owner.head.i in range(cand.start, cand.end)
            and is_country(ent.text)
        )
        # "the North Darfur town of Mellit": Darfur modifies the designator that names Mellit.
        designated = owner.lower_ in DESIGNATORS and cand.root in _names_of(owner)
        # "the Eastern Ghouta of Damascus": the place after "of" holds the one before it
        # ("North of Afrin" is a direction from it).
        held = (
            ent.root.dep_ == "pobj"
            and owner.lower_ == "of"
            and cand.start <= owner.head.i < cand.end
            and not all(t.lower_ in DIRECTIONS or not t.is_alpha for t in cand)
        )
        if possessive or in_country or designated or held or _follows_with_comma(cand, ent):
            names.append(ent.text)
            used.update(range(ent.start, ent.end))
    return tuple(names), used


def _follows_with_comma(cand: Span, ent: Span) -> bool:
    """ "Quetta, Pakistan" (apposition or a country), but not a list "Kunar, Nuristan and ..."."""
    if ent.start != cand.end + 1 or ent.doc[cand.end].text != ",":
        return False
    if ent.root.dep_ == "appos":
        return True
    return is_country(ent.text) and not is_country(cand.text)


@functools.cache
def is_country(name: str) -> bool:
    """Whether `name` names a country ("Pakistan", "the Philippines")."""
    if name.lower() in COUNTRY_ALIASES:
        return True
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


def _role(cand: Span) -> str:
    """From the preposition that governs the place: "in/near/at X" site, "from X" origin, "on
    X" after a topic ("a report on X") and where people fled ("fled into X", `_refuge`)
    mentioned; the place an attack struck or a force took is
    a site too (`ATTACK_VERBS`, `ATTACK_NOUNS`), and a meeting's place (`MEETING_NOUNS`) one
    where nothing else is. A place that speaks or acts stands for its government
    (`stands_for_state`) and is only mentioned."""
    if stands_for_state(doc_text(cand.doc), cand.start_char, cand.end_char):
        return "mentioned"
    tok = cand.root
    while tok.dep_ in ("compound", "poss", "conj", "appos", "amod", "nmod") and tok.head != tok:
        tok = tok.head
    while tok.dep_ == "pobj":
        prep = tok.head
        word = prep.lower_
        if word == "of" and prep.head.lower_ in ATTACK_NOUNS:
            return STRUCK_SITE
        if word == "of" and prep.head.lower_ in COMPASS and _locates_event(prep.head):
            return "event_site"
        if word == "of" and prep.head.lower_ in _OF_HEADS:
            tok = prep.head
            continue
        if word == "on" and prep.head.lower_ in TOPIC_NOUNS:
            return "mentioned"
        if word in ("in", "at") and prep.head.lower_ in MEETING_NOUNS:
            return MEETING_SITE
        if _refuge(word, prep.head):
            return "mentioned"
        if word in SITE_PREPOSITIONS:
            return "event_site"
        if word == "from":
            return "origin"
        return "mentioned"
    if _struck(tok) or _struck_as_written(cand):
        return STRUCK_SITE
    return "mentioned"


def _refuge(word: str, head: Token) -> bool:
    """Whether preposition `word` on `head` names where people fled (`REFUGE_WORDS`): "fled
    into", "escaped across", "refuge in", or the verb that takes the refuge ("took refuge in",
    "sought asylum in")."""
    if word in ("into", "across"):
        return head.lemma_.lower() in FLIGHT_WORDS
    return word == "in" and (
        head.lemma_.lower() in REFUGE_WORDS
        or any(
            child.dep_ == "dobj" and child.lemma_.lower() in REFUGE_WORDS for child in head.children
        )
    )


def _locates_event(point: Token) -> bool:
    """ "Clashes northeast of Hama", "damaged a pipeline west of Kirkuk": a point of the compass
    from a place says where something happened, unless a preposition governs it ("in the north
    of X", read on) or it describes the place before it ("in Nad Ali district, west of Lashkar
    Gah", "in Ghazni province, 150 km south of Kabul")."""
    owner, first = point.head, point.left_edge.i
    return not (
        point.dep_ == "pobj"
        or owner.ent_type_ in PLACE_LABELS
        or owner.lower_ in DESIGNATORS
        or (first > 0 and point.doc[first - 1].text == ",")
    )


def _struck(tok: Token) -> bool:
    """ "Warplanes bomb [the countryside of] Douma", "Douma was shelled", "Jobar witnesses
    clashes": the object or passive subject of a verb of attack or capture, or the subject of
    "witness"."""
    lemma = tok.head.lemma_.lower()
    if tok.dep_ in ("dobj", "nsubjpass"):
        return lemma in ATTACK_VERBS or tok.head.lower_ in _ATTACK_VERB_FORMS
    return tok.dep_ == "nsubj" and lemma == "witness"


def _struck_as_written(cand: Span) -> bool:
    """A headline the parser misreads ("IS attacks Deir ez-Zor"): the place, or "the" before
    it, follows a written form of a verb of attack with no preposition between."""
    doc, first, opens = cand.doc, cand.start, cand.sent.start
    while first > opens and doc[first - 1].lower_ == "the":
        first -= 1
    return first > opens and doc[first - 1].lower_ in _ATTACK_VERB_FORMS


def _claims_territory(sent: Span) -> bool:
    """A map or a claimed "X province" in the sentence makes its places claimed territory."""
    return not CLAIM_CUES.isdisjoint(lemmas_lower(sent.doc)[sent.start : sent.end]) or bool(
        _QUOTED_PROVINCE.search(span_text(sent))
    )


def _mention(span: Span, role: str, context: tuple[str, ...]) -> PlaceMention:
    evidence = _evidence(span.doc, span.start_char, span.end_char)
    return PlaceMention(text=evidence.text, role=role, evidence=evidence, context=context)


def _evidence(doc: Doc, start: int, end: int) -> Evidence:
    return Evidence(start=start, end=end, text=doc_text(doc)[start:end], extractor=EXTRACTOR)
