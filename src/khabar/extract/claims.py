"""Reported speech and attribution: who says what about whom, read from the parse.

A claim hangs on a cue: a speech verb ("said", "told", "reported", "denied", "blamed",
"warned", "threatened", "claimed"), "according to X", or a map said to show a province. Its
parts:

- speaker: the verb's subject ("police said", "who said" → the person the clause is about), the
  agent of a passive ("was claimed by X"), or the object of "according to". A pronoun ("he said")
  is the previous claim's speaker only for "he"/"she" ("they" and "it" too often stand for
  something else). A speaker with a named person is split into name, role and
  organisation ("CSIS chief Michael Coulombe", "Captain Nur of the Somali army").
- via: the outlet that relays the speaker ("CBC News reported, citing X" → via CBC News; "told
  Reuters"; "claimed the attack through its Amaq news agency"); a second citation ("citing X,
  which quoted Y") makes X the intermediary and Y the speaker.
- stance: from the verb: `assert` (say, report, confirm...), `deny` (deny, reject, or a said
  clause that is negated: "said it had no connection"), `claim_responsibility` ("claimed
  responsibility for", "claimed the attack", "was claimed by"), `attribute` ("blamed X",
  "blamed the attack on X", "accused X of"), `threaten` ("threatened to", "vowed to"), `warn`.
  A negated cue ("did not claim", "did not say") is no claim, nor is a cue whose speaker is
  "no group"; a negated denial is an assertion.
- proposition: the said clause (its subject actor and verb), or for a responsibility cue the
  claimant itself; its object is the report (event) it tells about, the places of a presence
  claim, or its text. Presence claims ("IS is spreading to Pakistan", "denies any IS presence",
  "a map showing Khurasan province covering Kunar") have predicate `presence` and their places.
- quote: the quoted words when the speech is direct, else the said clause; date said: a date
  governed by the cue ("said on Tuesday").
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from khabar.extract.dates import resolve_date
from khabar.extract.participants import entity_extent
from khabar.extract.places import find_places
from khabar.extract.triggers import find_triggers
from khabar.extract.types import Claim, DateValue, Evidence, ExtractedReport, PlaceMention
from khabar.nlp.memo import (
    doc_span,
    doc_text,
    ents_in,
    lemmas_lower,
    lowers,
    remembered,
    span_tokens,
    tokens,
)
from khabar.nlp.tree import pobjs

EXTRACTOR = "claims@3"

CUES: dict[str, str] = {
    **dict.fromkeys(
        ("say", "tell", "state", "add", "announce", "report", "confirm", "insist", "allege",
         "write", "note", "assert", "maintain", "declare", "quote", "acknowledge", "admit",
         "estimate", "describe"),
        "assert",
    ),
    **dict.fromkeys(("deny", "reject", "dismiss", "refute", "disown"), "deny"),
    **dict.fromkeys(("blame", "accuse", "attribute", "hold"), "attribute"),
    **dict.fromkeys(("threaten", "vow", "pledge"), "threaten"),
    "warn": "warn",
    "claim": "claim",
}  # fmt: skip
"""Speech lemmas and the stance they give ("claim" is decided by its object)."""
EVENT_NOUNS = frozenset(
    {"attack", "bombing", "blast", "explosion", "assault", "killing", "killings", "strike",
     "raid", "ambush", "abduction", "kidnapping", "incident", "massacre", "shooting",
     "assassination", "operation", "beheading", "bomb", "murder", "violence", "hijacking",
     "shelling"}
)  # fmt: skip
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit", "involvement", "role", "link"})
PRESENCE_VERBS = frozenset(
    {"spread", "expand", "establish", "operate", "entrench", "infiltrate", "regroup", "base",
     "station", "emerge", "grow", "active", "present", "deploy", "recruit", "extend"}
)  # fmt: skip
PRESENCE_NOUNS = frozenset({"presence", "foothold", "cell", "cells", "base", "bases", "branch"})
_OUTLET_WORDS = frozenset(
    {"news", "agency", "press", "times", "post", "reuters", "afp", "ap", "bbc", "cnn", "tv",
     "radio", "television", "channel", "outlet", "newspaper", "daily", "gazette", "tribune",
     "journal", "dispatch", "courier", "wire", "media", "aljazeera", "herald"}
)  # fmt: skip
UNNAMED_WORDS = frozenset(
    {"gunman", "gunmen", "militant", "militants", "assailant", "assailants", "attacker",
     "attackers", "insurgent", "insurgents", "men", "unidentified", "unknown", "armed",
     "suspected", "masked", "bomber", "bombers", "a", "an", "the", "some", "several",
     "suicide", "female", "male", "teenage", "lone", "both", "heavily", "perpetrator",
     "perpetrators", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
     "ten"}
)  # fmt: skip
"""Words of a perpetrator that names nobody: "unidentified gunmen", "two suicide bombers"."""
_PERSON_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})
_ANAPHORIC_SPEAKERS = frozenset({"he", "she"})
"""Pronoun speakers taken to be the previous claim's: "they" or "it" too often stand for
something else ("Maps like this ... they tell us")."""


@dataclass(frozen=True, slots=True)
class _Said:
    """One cue, read: stance, speaker token, proposition head (a verb or a noun)."""

    stance: str
    cue: Token
    speaker: Token
    proposition: Token | None
    subject: Token | None
    predicate: str
    relay: Token | None = None
    """The outlet that cites the speaker ("CBC News reported, citing X")."""


def extract_claims(
    doc: Doc, published: date | None, reports: tuple[ExtractedReport, ...] = ()
) -> tuple[Claim, ...]:
    """Every claim in `doc`, in text order; `reports` are the document's events, for objects."""
    claims: list[Claim] = []
    last_speaker: Claim | None = None
    for sent in doc.sents:
        for said in _cues(sent):
            claim = _claim(said, sent, published, reports, last_speaker)
            if claim is not None:
                claims.append(claim)
                last_speaker = claim
        territorial = _territory(sent)
        if territorial is not None:
            claims.append(territorial)
    return tuple(claims)


def is_unnamed(text: str) -> bool:
    """ "Gunmen", "unidentified assailants", "a suicide bomber", "2 attackers": a perpetrator
    that names nobody."""
    return all(word in UNNAMED_WORDS or word.isdigit() for word in text.casefold().split())


def responsibility(claims: tuple[Claim, ...], report: int) -> str:
    """A report's responsibility: `claimed` when someone claims it, else `attributed` when
    someone blames someone, else `unknown` (the claims themselves keep any disagreement)."""
    stances = {c.stance for c in claims if c.report == report}
    if "claim_responsibility" in stances:
        return "claimed"
    return "attributed" if "attribute" in stances else "unknown"


def _cues(sent: Span) -> Iterator[_Said]:
    forms, lemmas, words = lowers(sent.doc), lemmas_lower(sent.doc), tokens(sent.doc)
    at = _cue_words(sent.doc)
    for i in at[bisect.bisect_left(at, sent.start) : bisect.bisect_left(at, sent.end)]:
        tok, lemma = words[i], lemmas[i]
        if forms[tok.i] == "according" and tok.i + 1 < sent.end and forms[tok.i + 1] == "to":
            speaker = next(iter(pobjs(sent.doc[tok.i + 1])), None)
            head = tok.head if tok.head.pos_ in ("VERB", "AUX") else sent.root
            if speaker is not None:
                yield _said("assert", tok, speaker, head)
            continue
        if lemma not in CUES or tok.pos_ not in ("VERB", "NOUN"):
            continue
        if tok.pos_ == "NOUN" and lemma != "claim":
            continue
        said = _read_verb(tok, CUES[lemma])
        if said is not None:
            yield said


def _cue_words(doc: Doc) -> tuple[int, ...]:
    """The document indices, in order, of the words `_cues` reads further ("according", or a
    lemma of `CUES`); made once per doc, as every sentence is read and most words are none."""

    def find() -> tuple[int, ...]:
        pairs = zip(lowers(doc), lemmas_lower(doc), strict=True)
        return tuple(
            i for i, (form, lemma) in enumerate(pairs) if form == "according" or lemma in CUES
        )

    return remembered(doc, "claims.cue_words", find)


def _read_verb(verb: Token, stance: str) -> _Said | None:
    """The cue `verb` read; a speaker cited by the verb's subject speaks, relayed by it."""
    said = _read_cue(verb, stance)
    cited = _cited(verb)
    if said is None or cited is None:
        return said
    return replace(said, speaker=cited, relay=said.speaker)


def _read_cue(verb: Token, stance: str) -> _Said | None:
    if verb.pos_ != "VERB" or _is_hypothetical(verb):
        return None
    negated = any(c.dep_ == "neg" for c in verb.children)
    speaker = _speaker(verb)
    if speaker is None or _is_nobody(speaker):
        return None
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    obj = objects[0] if objects else None
    preps = {c.lower_: _pobj(c) for c in verb.children if c.dep_ in ("prep", "dative", "agent")}
    if stance == "claim":
        if obj is not None and (obj.lemma_.lower() in RESPONSIBILITY_NOUNS | EVENT_NOUNS):
            return None if negated else _said("claim_responsibility", verb, speaker, obj, speaker)
        if obj is not None and obj.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
            return None if negated else _said("claim_responsibility", verb, speaker, obj, speaker)
        stance = "assert"
    if negated:
        if stance != "deny":
            return None
        stance = "assert"
    if stance == "attribute":
        if verb.lemma_.lower() == "hold" and not any(
            c.lower_ == "responsible" for c in verb.subtree
        ):
            return None
        if obj is not None:
            preps |= {c.lower_: _pobj(c) for c in obj.children if c.dep_ == "prep"}
        blamed = preps.get("on") or preps.get("to")
        target = blamed if blamed is not None else obj
        if target is None or target.tag_ in ("WDT", "WP"):
            target = blamed
        if target is None or target.pos_ == "PRON":
            return None
        return _said("attribute", verb, speaker, target, target)
    clause = _clause(verb)
    if stance == "deny":
        if obj is not None and obj.lemma_.lower() in RESPONSIBILITY_NOUNS | EVENT_NOUNS:
            return _said("deny", verb, speaker, obj, speaker)
        if obj is not None and obj.lemma_.lower() in PRESENCE_NOUNS:
            owner = _owner(obj)
            return _said("deny", verb, speaker, obj, owner, "presence")
        subject = _subject(clause) if clause is not None else None
        return _said("deny", verb, speaker, clause or obj, subject or speaker)
    if stance in ("threaten", "warn"):
        target = clause or next(
            (p for w, p in preps.items() if w in ("of", "against") and p is not None), obj
        )
        subject = speaker if stance == "threaten" else None
        if clause is not None and stance == "warn":
            subject = _subject(clause)
        return _said(stance, verb, speaker, target, subject)
    if clause is None:
        return None
    subject = _subject(clause)
    if _negated(clause):
        stance = "deny"
    return _said(stance, verb, speaker, clause, subject)


def _said(
    stance: str,
    cue: Token,
    speaker: Token,
    proposition: Token | None,
    subject: Token | None = None,
    predicate: str = "",
) -> _Said:
    if not predicate and proposition is not None:
        predicate = proposition.lemma_.lower()
    if proposition is not None and stance in ("assert", "deny") and _is_presence(proposition):
        predicate = "presence"
    if stance in ("claim_responsibility", "attribute"):
        predicate = "responsible"
    if stance == "assert" and proposition is not None and subject is None:
        subject = _subject(proposition)
    return _Said(stance, cue, speaker, proposition, subject, predicate)


def _claim(
    said: _Said,
    sent: Span,
    published: date | None,
    reports: tuple[ExtractedReport, ...],
    previous: Claim | None,
) -> Claim | None:
    doc = sent.doc
    speaker_span = _phrase(said.speaker)
    if said.speaker.lower_ in _PERSON_PRONOUNS:
        if previous is None or said.speaker.lower_ not in _ANAPHORIC_SPEAKERS:
            return None
        speaker_ev, name = previous.speaker, previous.speaker_name
        role, organisation = previous.role, previous.organisation
    else:
        speaker_ev = _evidence(speaker_span)
        name, role, organisation = _split_speaker(speaker_span)
        named = _apposed_person(said.speaker)
        if named is not None:
            name, role = named.text, speaker_ev
            speaker_ev = _evidence(doc[speaker_span.start : named.end])
    via, intermediary = _via(said)
    quote = _quote(said, sent)
    subject = None
    if said.subject is not None:
        subject = speaker_ev if said.subject is said.speaker else _evidence(_phrase(said.subject))
        if said.subject.lower_ in _PERSON_PRONOUNS or said.subject.tag_ in ("PRP$", "WP", "WDT"):
            # Indirect speech: "it said it had ..."; direct speech: "we" is the speaker and
            # "they" someone else.
            quoted = _quoted(said.subject, sent)
            own = ("we", "i") if quoted else ("it", "we", "they")
            if said.subject.lower_ in own:
                subject = speaker_ev
            elif not quoted:
                subject = None
    places: tuple[PlaceMention, ...] = ()
    object_kind, obj = "text", None
    if said.predicate == "presence" and said.proposition is not None:
        scope = _span_of(said.proposition, said.cue)
        places = tuple(p for p in find_places(scope, False))
        if not places:
            places = _sites(reports)
        object_kind = "place"
        places = tuple(PlaceMention(p.text, "mentioned", p.evidence, p.context) for p in places)
        subject = subject or _group_in(scope)
    report = _report_for(said, sent, reports)
    if said.proposition is not None and object_kind == "text":
        obj = _evidence(_span_of(said.proposition, said.cue))
        if said.stance == "attribute" and subject is not None:
            object_kind, obj = "actor", subject
    if report is not None and object_kind == "text":
        object_kind = "event"
    return Claim(
        stance=said.stance,
        verb=_evidence(doc_span(doc, said.cue.i, said.cue.i + 1)),
        speaker=speaker_ev,
        speaker_name=name,
        predicate=said.predicate,
        object_kind=object_kind,
        quote=quote,
        role=role,
        organisation=organisation,
        via=via,
        intermediary=intermediary,
        subject=subject,
        object=obj,
        places=places,
        said=_said_date(said.cue, published),
        report=report,
        extractor=EXTRACTOR,
    )


def _territory(sent: Span) -> Claim | None:
    """ "An IS map shows a 'Khurasan province' covering Kunar, Nuristan and Malakand": the map's
    owner claims the places as territory."""
    lemmas = lemmas_lower(sent.doc)
    if "map" not in lemmas[sent.start : sent.end]:
        return None
    for tok in span_tokens(sent):
        if lemmas[tok.i] != "map" or tok.pos_ != "NOUN":
            continue
        owner = next(
            (c for c in tok.children if c.dep_ in ("compound", "poss", "amod") and _is_group(c)),
            None,
        ) or _publisher(sent, tok)
        verb = (
            tok.head
            if tok.dep_ == "nsubj"
            else next((c for c in tok.children if c.dep_ == "acl"), None)
        )
        if owner is None or verb is None:
            continue
        scope = _span_of(verb) if verb.i > tok.i else sent
        places = tuple(
            PlaceMention(p.text, "claimed_territory", p.evidence, p.context)
            for p in find_places(scope, False)
            if p.evidence.start > owner.idx
        )
        if not places:
            continue
        owner_ev = _evidence(_phrase(owner))
        return Claim(
            stance="territorial",
            verb=_evidence(sent.doc[tok.i : tok.i + 1]),
            speaker=owner_ev,
            speaker_name=owner_ev.text,
            predicate="presence",
            object_kind="place",
            quote=_evidence(_trim(sent)),
            subject=owner_ev,
            places=places,
            extractor=EXTRACTOR,
        )
    return None


def _apposed_person(head: Token) -> Span | None:
    """ "A military spokesman, Colonel Ibrahim Sall, said": the person named in apposition."""
    for child in head.children:
        if child.dep_ == "appos":
            person = next((e for e in ents_in(_phrase(child)) if e.label_ == "PERSON"), None)
            if person is not None:
                return person
    return None


def _quoted(tok: Token, sent: Span) -> bool:
    marks = _quote_marks(sent)
    return len(marks) >= 2 and marks[0] < tok.i < marks[-1]


def _quote_marks(sent: Span) -> list[int]:
    """The document indices of `sent`'s quotation marks."""
    forms = lowers(sent.doc)
    return [i for i in range(sent.start, sent.end) if forms[i] in ('"', "“", "”")]


def _publisher(sent: Span, map_token: Token) -> Token | None:
    """ "A video released by the group shows a map": who put the map out."""
    for tok in span_tokens(sent):
        if tok.i < map_token.i and tok.dep_ == "agent":
            return _pobj(tok)
    return None


def _speaker(verb: Token) -> Token | None:
    """The verb's speaker: its subject (through relative pronouns and coordination), or the
    agent of a passive ("was claimed by X")."""
    tok = verb
    for _ in range(3):
        for child in tok.children:
            if child.dep_ == "agent":
                found = _pobj(child)
                if found is not None:
                    return found
        subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            return tok.head if subject.tag_ in ("WP", "WDT") else subject
        if tok.dep_ not in ("conj", "xcomp", "advcl") or tok.head == tok:
            return None
        tok = tok.head
    return None


def _cited(verb: Token) -> Token | None:
    """ "CBC News reported, citing X[, that ...]": X speaks, the reporter relays it."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    for child in [c for head in (verb, *clauses) for c in head.children]:
        if child.dep_ == "advcl" and child.lemma_.lower() in ("cite", "quote"):
            return next((c for c in child.children if c.dep_ == "dobj"), None)
    return None


def _clause(verb: Token) -> Token | None:
    """The said clause: a clausal complement, or the main clause a "..., police said" hangs on."""
    for child in verb.children:
        if child.dep_ in ("ccomp", "xcomp") or (child.dep_ == "advcl" and child.tag_ != "VBG"):
            return child
    conditional = any(c.dep_ == "mark" for c in verb.children)
    if (
        verb.dep_ in ("parataxis", "ccomp")
        and verb.head.pos_ in ("VERB", "AUX")
        and not conditional
    ) and verb.head.i < verb.i:
        return verb.head
    return None


def _subject(head: Token) -> Token | None:
    """The proposition's actor: its subject, or the agent of a passive, or a group named in it."""
    for child in head.children:
        if child.dep_ == "agent" and (found := _pobj(child)) is not None:
            return found
    # A misparse may hang the subject on the auxiliary ("the Taliban had overrun").
    auxiliaries = [c for c in head.children if c.dep_ == "aux"]
    subject = next(
        (c for h in (head, *auxiliaries) for c in h.children if c.dep_ in ("nsubj", "csubj")), None
    )
    if subject is not None:
        return None if subject.tag_ in ("EX",) else subject
    patient = next((c for c in head.children if c.dep_ == "nsubjpass"), None)
    if patient is not None:
        # "the jihadists had been pushed back" is about them; "17 people were abducted" counts
        # victims, who are no actor.
        counted = any(c.dep_ == "nummod" or c.like_num for c in patient.children)
        return None if counted or patient.like_num else patient
    # "IS is spreading": the parser reads the group "IS" as an auxiliary.
    return next((c for c in head.children if c.i < head.i and _is_group(c)), None)


def _sites(reports: tuple[ExtractedReport, ...]) -> tuple[PlaceMention, ...]:
    """Where a presence said without places is about: the document's first event site."""
    return tuple(p for r in reports[:1] for p in r.places if p.role == "event_site")[:1]


def _owner(noun: Token) -> Token | None:
    """ "any IS presence" → IS."""
    return next((c for c in noun.children if c.dep_ in ("compound", "poss", "amod")), None)


def _group_in(span: Span) -> Evidence | None:
    ent = next((e for e in ents_in(span) if e.label_ in ("ORG", "NORP")), None)
    return None if ent is None else _evidence(ent)


def _is_group(tok: Token) -> bool:
    return tok.ent_type_ in ("ORG", "NORP") or (tok.text.isupper() and len(tok.text) > 1)


def _is_presence(head: Token) -> bool:
    lemma = head.lemma_.lower()
    if lemma in PRESENCE_VERBS or lemma in PRESENCE_NOUNS:
        return True
    return any(
        c.lemma_.lower() in PRESENCE_NOUNS | {"active", "present"}
        and c.dep_ in ("dobj", "acomp", "attr")
        for c in head.children
    )


def _negated(head: Token) -> bool:
    """ "said it was not involved", "said it had no connection with the incident"."""
    for child in head.children:
        if child.dep_ == "neg":
            return True
        if child.dep_ in ("dobj", "attr") and any(
            g.lower_ == "no" and g.dep_ == "det" for g in child.children
        ):
            return True
    return False


def _is_nobody(tok: Token) -> bool:
    """ "No group claimed responsibility": no speaker."""
    return any(c.lower_ in ("no", "none") and c.dep_ == "det" for c in tok.children) or (
        tok.lower_ in ("nobody", "none", "no one")
    )


def _is_hypothetical(verb: Token) -> bool:
    """ "is expected to claim", "may say": not (yet) a claim."""
    return any(
        c.dep_ == "aux" and c.lower_ in ("may", "might", "could", "would", "will", "should")
        for c in verb.children
    ) or (verb.dep_ == "xcomp" and verb.head.lemma_.lower() in ("expect", "refuse", "decline"))


def _via(said: _Said) -> tuple[Evidence | None, Evidence | None]:
    """The outlet relaying the speaker, and an intermediary between them."""
    cue, speaker = said.cue, said.speaker
    if said.relay is not None:
        return _evidence(_phrase(said.relay)), None
    chain: list[Token] = []
    tok = speaker if said.cue.dep_ != "relcl" else said.cue.head
    while tok.head != tok and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ("cite", "quote"):
        reporter = _speaker(tok.head)
        if reporter is None or reporter in chain:
            break
        chain.append(reporter)
        tok = (
            reporter
            if reporter.dep_ == "dobj"
            else (reporter.head.head if reporter.head.dep_ == "relcl" else reporter)
        )
    if chain:
        via = _evidence(_phrase(chain[-1]))
        intermediary = _evidence(_phrase(chain[0])) if len(chain) > 1 else None
        return via, intermediary
    for child in cue.children:
        obj = _pobj(child) if child.dep_ in ("prep", "dative") else child
        if child.dep_ in ("dative", "dobj") and child.lower_ not in ("to",) and _is_outlet(child):
            return _evidence(_phrase(child)), None
        relayed = child.dep_ in ("prep", "dative") and child.lower_ in ("to", "through", "via")
        if relayed and obj is not None and _is_outlet(obj):
            return _evidence(_phrase(obj)), None
    if _RELAYS.isdisjoint(lowers(cue.doc)[cue.left_edge.i : cue.right_edge.i + 1]):
        return None, None  # the subtree lies between its edges, and most hold none of them
    for tok in cue.subtree:
        if tok.lower_ in _RELAYS and tok.head.pos_ in ("NOUN", "VERB"):
            obj = _pobj(tok)
            if obj is not None and _is_outlet(obj) and obj is not speaker:
                return _evidence(_phrase(obj)), None
    return None, None


_RELAYS = frozenset({"through", "via", "by"})
"""The words before an outlet that relays a speaker ("via Amaq", "through its news agency")."""


def _is_outlet(tok: Token) -> bool:
    words = {w.lower_ for w in _phrase(tok)}
    return bool(words & _OUTLET_WORDS) or tok.lower_ in ("amaq", "reuters")


def _quote(said: _Said, sent: Span) -> Evidence:
    """The quoted words when the sentence quotes, else the said clause, else the sentence."""
    doc = sent.doc
    marks = _quote_marks(sent)
    if len(marks) >= 2 and said.cue.lemma_.lower() != "map":
        return _evidence(doc[marks[0] + 1 : marks[-1]])
    if said.proposition is not None and said.stance in ("assert", "deny", "warn", "threaten"):
        return _evidence(_span_of(said.proposition, said.cue))
    return _evidence(_trim(sent))


def _said_date(cue: Token, published: date | None) -> DateValue | None:
    """A date governed by the cue ("said on Tuesday", "said Tuesday")."""
    for child in cue.children:
        if child.dep_ in ("npadvmod", "prep", "tmod") and any(
            t.ent_type_ == "DATE" or t.lower_ in ("yesterday", "today") for t in child.subtree
        ):
            return resolve_date(cue.doc[child.left_edge.i : child.right_edge.i + 1], published)
    return None


def _report_for(said: _Said, sent: Span, reports: tuple[ExtractedReport, ...]) -> int | None:
    """The report the claim is about: one whose trigger lies in the said clause, or whose
    sentences hold the clause when it tells a trigger of its own (a report typed by its
    headline, "Bomb kills two", told again in the lead, "a bomb killed two, police said"), or,
    for a claim of or about responsibility for an attack, the latest report told before it."""
    if said.proposition is not None:
        scope = _span_of(said.proposition, said.cue)
        for index, report in enumerate(reports):
            trigger = report.event_type.evidence
            if scope.start_char <= trigger.start < scope.end_char:
                return index
        holding = next(
            (
                index
                for index, report in enumerate(reports)
                if report.sentence.start <= scope.start_char
                and scope.end_char <= report.sentence.end
            ),
            None,
        )
        if holding is not None and find_triggers(scope):
            return holding
    about_event = said.stance in ("claim_responsibility", "attribute") or (
        said.stance == "deny"
        and said.proposition is not None
        and said.proposition.lemma_.lower() in RESPONSIBILITY_NOUNS | EVENT_NOUNS | {"carry"}
    )
    if not about_event:
        return None
    before = [i for i, r in enumerate(reports) if r.sentence.start <= sent.end_char]
    return before[-1] if before else (0 if reports else None)


def _split_speaker(span: Span) -> tuple[str, Evidence | None, Evidence | None]:
    """(name, role, organisation): "CSIS chief Michael Coulombe" → ("Michael Coulombe", "CSIS
    chief", "CSIS"); "a spokesman for the group" → (the phrase, None, "the group")."""
    person = next((e for e in ents_in(span) if e.label_ == "PERSON"), None)
    orgs = [e for e in ents_in(span) if e.label_ in ("ORG", "NORP", "GPE")]
    organisation = _evidence(orgs[0]) if orgs else None
    for tok in span:
        if tok.lower_ in ("for", "of") and tok.dep_ == "prep" and organisation is None:
            obj = _pobj(tok)
            if obj is not None:
                organisation = _evidence(_phrase(obj))
    if person is None:
        return _clean(span.text), None, organisation
    role_tokens = [t for t in span if t.i < person.start and t.dep_ != "det" and not t.is_punct]
    role = None
    if role_tokens:
        role = _evidence(span.doc[role_tokens[0].i : role_tokens[-1].i + 1])
    return person.text, role, organisation


def _phrase(head: Token) -> Span:
    """The noun phrase headed by `head`: left modifiers, "of/for ..." and appositions, no
    relative clauses; widened to cover a whole entity."""
    doc = head.doc
    start, end = head.i, head.i + 1
    for child in head.children:
        if child.i < head.i and child.dep_ not in ("punct", "cc", "prep", "case"):
            start = min(start, child.left_edge.i)
        elif (
            child.i > head.i
            and child.dep_ == "prep"
            and child.lower_ in ("of", "for")
            and pobjs(child)  # not "accused X of striking"
        ):
            end = max(end, child.right_edge.i + 1)
    start, end = entity_extent(head, start, end)
    words = tokens(doc)
    while start < head.i and (words[start].is_punct or words[start].is_space):
        start += 1
    while end > head.i + 1 and (words[end - 1].is_punct or words[end - 1].is_space):
        if words[end - 1].text == ")" and any(t.text == "(" for t in words[start:end]):
            break  # the acronym of a name: "Jaish-e-Mohammad (JeM)"
        end -= 1
    return doc_span(doc, start, end)


def _span_of(head: Token, cue: Token | None = None) -> Span:
    """The subtree of `head`; up to the cue's own words when the cue hangs inside it
    ("Gunmen killed five, police said" → "Gunmen killed five")."""
    start, end = head.left_edge.i, head.right_edge.i + 1
    if cue is not None and start <= cue.i < end and cue is not head:
        edge = cue.left_edge.i
        if edge > start:
            end = edge
        else:
            start = cue.right_edge.i + 1
    return _trim(doc_span(head.doc, start, end))


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    words = tokens(span.doc)
    while start < end - 1 and (words[start].is_punct or words[start].is_space):
        start += 1
    while end > start + 1 and (words[end - 1].is_punct or words[end - 1].is_space):
        end -= 1
    return doc_span(span.doc, start, end)


def _pobj(prep: Token) -> Token | None:
    return next(iter(pobjs(prep)), None)


def _clean(text: str) -> str:
    words = " ".join(text.split()).split(" ")
    while words and words[0].lower() in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def _evidence(span: Span) -> Evidence:
    start, end = span.start_char, span.end_char
    return Evidence(start=start, end=end, text=doc_text(span.doc)[start:end], extractor=EXTRACTOR)
