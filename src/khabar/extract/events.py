"""Composes one document's reports: which sentences tell which incident, and every field's evidence.

Sentences are read in order (a headline, a subheading and the dateline are sentences of their
own, see `nlp.dateline`). A sentence whose coordinated clauses each have their own trigger and
their own event site or date ("Bomb kills three soldiers in Kunar; gunmen kill two polio workers
in Bajaur") is read clause by clause, each clause as a sentence.

A sentence with an event trigger (`triggers.find_triggers`) joins the current report unless it
tells a new incident: it says "Separately"/"Elsewhere"/"In another attack", or it names a date
that differs from the report's, or it names a different event site and tells harm or a date of
its own ("The bomb struck ... in Sarkano district" or "Gunmen opened fire ... in a village in
Mamund" only say more about the incident at hand, and so does a trigger noun with a definite
article, "the blast"). A new incident joins the earlier report whose site (or date) it matches
and which it does not contradict, and otherwise starts a report. A sentence whose sites match
two reports sums them up and adds nothing. "The same day" is the date of the report told
before (`resolve_date`'s `earlier`). A trigger sentence about the past or about habits is
background and is not read at all (`_is_background`), but plural trigger nouns that are the
subject of a perfect verb of action at a named event site are news ("Aerial bombardments and
shells have fallen ... in Aleppo outskirts"; "attacks have become rare" and "attacks have
increased" stay background), and so are plural trigger nouns that witnesses tell of
("Refugees recount killings, rapes").

A sentence without a trigger that tells people killed or injured ("Four dead, 15 wounded in
Algeria violence", a headline whose verb the tagger misreads) starts a report when none is open
(`triggers.harm_trigger`: harm told without its means, which any later trigger retypes), unless
a habitual or past cue makes it background ("5,000 have died since 2011").

A sentence without a trigger in the same paragraph joins the current report when it adds
casualties, damage or places (not its dates: a date in such a sentence is as likely a birth
date or an anniversary): "A suicide bomber blew himself up at a market in X on Friday. At
least 15 people were killed and dozens injured." is one report. One that states a toll ("By
Saturday morning the toll rose to 23") joins it from any later paragraph too: a toll refers
back to the incident at hand. An event site named in a sentence without a trigger is only
`mentioned` when the report already has one. A sentence without a trigger right before the
first report, in its paragraph, sets the scene: its event sites are the report's when the
report names none ("As part of the escalation on the eastern Ghouta ... 60 raids kill 30"; a
headline's ellipsis splits it in two). A document without a trigger has no report.

A weapon stopped or an arrest (`triggers.RESPONSES`) told in a sentence that joins a report of
violence adds none of its actors (the police who defused the second bomb did not plant the
first); a report opened by one and retyped by violence told later drops the actors it had.

Joining keeps the first date told and the stronger event type (`triggers.outranks`), and widens
the `sentence` evidence to cover every sentence read. Counts told in different sentences are
not added up (a headline and the lead repeat the toll): the later sentence's figure replaces
the report's when it is a stated toll ("the toll rose to 23") or has a higher best estimate, or
the same one told as precisely or more. Counts are added within one sentence ("15 soldiers and
3 civilians", `casualties`), and across sentences only when the later one tells other victims
"also" killed or wounded (`Casualties.additional`): "Over 100 soldiers were killed ... Between
5 and 7 civilians were also killed" is low 106, best 106 and high unknown, since the first
count has no high (UCDP-style, `add_counts`). Actors told twice keep their fuller name ("Army"
in a headline, "the Sudanese army" in the lead).

A wire dateline ("KABUL —", "Ghazni:"), on one of the document's first lines, is the event site
of the first report when that report names none, and is only `mentioned` otherwise; either way
the first report's `sentence` then starts no later than the dateline.

Claims (`claims.extract_claims`) are read after the reports, so that a claim can name the report
it is about; a report with no perpetrator takes the group that claims responsibility for it.

A report that names no place at all takes the nationalities its sentences name ("Syrian army
shells rebel positions") as `mentioned` places: the country is the best place the text gives.

`confidence` adds up the evidence found: trigger 0.4, casualties or damage 0.2, an event site
0.2, a date 0.1, a perpetrator or target 0.1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from khabar.extract.casualties import add_counts, extract_casualties, harm_word, tells_toll
from khabar.extract.claims import extract_claims, is_unnamed
from khabar.extract.damage import extract_damage
from khabar.extract.dates import PRECISIONS, resolve_date, start_of
from khabar.extract.harm_site import harm_sites
from khabar.extract.house_style import PLAIN, HouseStyle, keep_style
from khabar.extract.participants import EXTRACTOR as ACTORS
from khabar.extract.participants import find_actors
from khabar.extract.places import (
    DESIGNATORS,
    find_dateline,
    find_nationalities,
    find_places,
    is_country,
)
from khabar.extract.triggers import (
    CATEGORIES,
    RESPONSES,
    Trigger,
    find_triggers,
    harm_trigger,
    may_tell_trigger,
    outranks,
    strongest,
)
from khabar.extract.types import (
    ActorMention,
    Casualties,
    CasualtyDetail,
    Claim,
    Count,
    Damage,
    DateValue,
    DocumentExtraction,
    Evidence,
    ExtractedReport,
    Mention,
    PlaceMention,
)
from khabar.extract.vocabulary import HEADLINE_VERBS
from khabar.nlp.compass import COMPASS
from khabar.nlp.dateline import DATELINE_LINES
from khabar.nlp.memo import doc_text, forget, lemmas_lower, lowers, span_text, span_tokens

EXTRACTOR = "events@16"

INCIDENT_NOUNS = frozenset(
    {"attack", "incident", "blast", "explosion", "strike", "bombing", "raid", "clash", "ambush"}
)
_HABITUAL = re.compile(
    r"\b(frequently|routinely|regularly|repeatedly|often|usually|habitually|in recent (years|"
    r"months|weeks)|in the past|over the (past|last) (years|decades?)|for (years|decades)|"
    r"(has|have) long|(has|have) since|since (the )?((early|late|mid) ?)?(19|20)\d\ds?)\b",
    re.IGNORECASE,
)
"""Words that put a sentence's violence in the past or make it a habit ("has repeatedly
targeted police", "similar bombings in recent years", "since 2019")."""
_OLD = timedelta(days=365)
"""A date this long before publication is history, not the news being reported."""
_DEFINITE = frozenset({"the", "this", "that"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_KEEP_KINDS = frozenset({"abduction", "hijack", "sexual"})
_QUANTIFIERS = frozenset({"several", "many", "numerous", "multiple", "few", "dozens", "scores"})
_TENS = frozenset({"tens", "hundreds", "thousands"})
_LINKING = frozenset({"be", "become", "remain", "seem", "grow"})
_SITED = frozenset({"in", "on", "at", "near"})
_AFTER = frozenset({"after", "amid", "during", "following"})
"""Prepositions that make a bare plural trigger the occasion of what the headline tells
("Silence in al-Qamishli after clashes", "captures town after clashes")."""
_SERIES = frozenset(
    {"wave", "spate", "series", "string", "round", "barrage", "escalation", "increase", "surge",
     "upsurge", "flurry", "volley", "salvo", "renewal", "resumption", "outbreak", "eruption"}
)  # fmt: skip
"""Nouns whose "of" (or "in") phrase is news of its own ("a wave of killings", "escalation of
airstrikes", "increase in army offensives"); a habit is told by `_HABITUAL`'s words."""
_WAGED = frozenset(
    {"renew", "resume", "continue", "intensify", "escalate", "launch", "carry", "conduct", "drop",
     "fire", "wage", "mount", "stage", "unleash", "step"}
)  # fmt: skip
"""Verbs whose object is violence done then ("rebels renew clashes", "helicopters drop barrel
bombs", "IS carries out counter-attacks"), and which, written right after a plural trigger,
have it as subject though the parser reads it otherwise ("... and clashes continue in Homs")."""
_TESTIFY = frozenset({"recount", "describe", "detail", "document", "witness", "recall"})
"""Verbs by which those who saw violence tell of it."""
_AMID = frozenset({"in", "during", "amid", "after"})
_TREND = frozenset(
    {"increase", "rise", "grow", "decrease", "decline", "drop", "diminish", "dwindle", "subside",
     "ease", "cease", "stop", "end", "double", "triple", "spike", "soar", "surge"}
)  # fmt: skip
"""Verbs that tell how often violence happens, not that it happened ("attacks have risen");
not "fall", which shells and bombs do where they land."""
_MANNER = frozenset(
    {"violent", "fierce", "heavy", "renewed", "fresh", "continuous", "continued", "intense",
     "intensive", "murderous", "deadly", "mutual", "new"}
)  # fmt: skip


@dataclass(slots=True)
class _Draft:
    """A report being assembled from the sentences (or clauses) that tell it."""

    trigger: Trigger
    start: int
    end: int
    paragraph: int
    date: DateValue | None = None
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    damage: list[Damage] = field(default_factory=list)


def extract_document(
    doc: Doc, published: date | None, style: HouseStyle = PLAIN
) -> DocumentExtraction:
    """The reports told in `doc` (a parsed `document.text`) and the mentions they rest on, read
    in its outlet's `style`."""
    keep_style(doc, style)
    try:
        return _extract(doc, published)
    finally:
        forget(doc)


def _extract(doc: Doc, published: date | None) -> DocumentExtraction:
    sentences = list(doc.sents)
    lead, dateline = _dateline(sentences)
    drafts: list[_Draft] = []
    current: _Draft | None = None
    # The clause right before the first report, and whether it is the lead sentence: its places
    # are read only once a report follows it, as `_places` reads only clauses that join one.
    lead_in: tuple[Span, bool] | None = None
    for index, sent in enumerate(sentences):
        clauses = _clauses(sent, published)
        for clause in clauses:
            triggers = find_triggers(clause)
            if not triggers and current is None:
                triggers = _harm_only(clause)
            if triggers:
                when = resolve_date(clause, published, current.date if current else None)
                if _is_background(clause, triggers, when, published):
                    continue
                places = _places(clause, index == lead, dateline)
                found = _draft_for(drafts, current, clause, triggers, places, when, len(clauses))
                if found is None:
                    continue
                if found not in drafts:
                    drafts.append(found)
                current = found
                top = strongest(triggers)
                if outranks(top, current.trigger, doc) and _refines(current.trigger, top):
                    if current.trigger.kind in RESPONSES:
                        current.actors = []  # who arrested or defused did not do this
                    current.trigger = top
                answered = top.kind in RESPONSES and current.trigger.kind not in RESPONSES
                actors = () if answered else find_actors(clause, triggers)
                _add(current, clause, places, when, actors, joined=True)
                if lead_in is not None and not _sites(current.places):
                    before, in_lead = lead_in
                    if _paragraph(before) == _paragraph(clause):
                        current.places.extend(_sites(_places(before, in_lead, dateline)))
                lead_in = None
            elif current is None:
                lead_in = (clause, index == lead)
            elif _paragraph(clause) == current.paragraph or tells_toll(clause):
                places = _places(clause, index == lead, dateline)
                if _sites(current.places):
                    places = [
                        replace(p, role="mentioned") if p.role == "event_site" else p
                        for p in places
                    ]
                _add(current, clause, places, None, (), joined=False)
    if drafts and dateline is not None and lead is not None:
        _add_dateline(drafts[0], dateline, sentences[lead])
    if (dated := _date_line(sentences, published)) is not None:
        for draft in drafts:
            draft.date = draft.date or dated
    for draft in drafts:
        if not draft.places:
            draft.places = list(find_nationalities(doc, draft.start, draft.end))
    reports = tuple(_report(doc, draft) for draft in drafts)
    claims = extract_claims(doc, published, reports)
    ends = [r.sentence.start for r in reports[1:]] + [len(doc_text(doc))]
    reports = tuple(
        _with_claimant(doc, report, i, claims, end)
        for i, (report, end) in enumerate(zip(reports, ends, strict=False))
    )
    return DocumentExtraction(reports=reports, mentions=_mentions(reports), claims=claims)


def _places(clause: Span, lead: bool, dateline: PlaceMention | None) -> list[PlaceMention]:
    """The places `clause` names, but the dateline (`_add_dateline` adds it to the first
    report); read only for a clause that joins a report, as most clauses do not."""
    return [p for p in find_places(clause, lead) if p != dateline]


def _with_claimant(
    doc: Doc, report: ExtractedReport, index: int, claims: tuple[Claim, ...], end: int
) -> ExtractedReport:
    """A report with no perpetrator, or only an unnamed one ("gunmen"), takes the group that
    claims it as perpetrator too, else the group it is attributed to ("officials blamed X", or
    with no one named as saying so, "X was blamed for the attack", read up to `end`, where the
    next report begins): this is what GTD codes as `gname`. The claim itself keeps who said
    what."""
    if any(a.role == "perpetrator" and not is_unnamed(a.text) for a in report.actors):
        return report
    for stance in ("claim_responsibility", "attribute"):
        for claim in claims:
            if claim.report == index and claim.stance == stance and claim.subject:
                claimant = ActorMention(claim.subject.text, "perpetrator", claim.subject)
                return replace(report, actors=(*report.actors, claimant))
    blamed = _blamed(doc, report.sentence.start, end)
    return replace(report, actors=(*report.actors, blamed)) if blamed else report


_BLAMED = {"blame": "for", "suspect": "of"}
"""Passive verbs that attribute an attack, and the preposition that names it."""


def _blamed(doc: Doc, start: int, end: int) -> ActorMention | None:
    """ "X was blamed for the attack", "X was suspected of carrying out the attack": an
    attribution without a speaker, so no claim can hold it (a claim needs one); "by" someone
    makes it a claim, and a negation makes it none."""
    told = doc.char_span(start, end, alignment_mode="expand")
    lemmas = lemmas_lower(doc)
    for verb in span_tokens(told) if told is not None else ():
        prep = _BLAMED.get(lemmas[verb.i])
        if prep is None or verb.tag_ != "VBN":
            continue
        deps = {child.dep_: child for child in verb.children}
        preps = {child.lower_ for child in verb.children if child.dep_ == "prep"}
        subject = deps.get("nsubjpass")
        if subject is None or "agent" in deps or "neg" in deps or prep not in preps:
            continue
        if subject.pos_ == "PRON":
            continue
        phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
        evidence = Evidence(phrase.start_char, phrase.end_char, phrase.text, ACTORS)
        return ActorMention(phrase.text, "perpetrator", evidence)
    return None


def _refines(known: Trigger, later: Trigger) -> bool:
    """Whether a stronger trigger told later may retype the report: an abduction, hijacking
    or sexual violence stays one when a shooting is told with it ("One teacher was shot"), and
    only a means of attack (a bomb, a clash) retypes it."""
    return known.kind not in _KEEP_KINDS or later.rank >= CATEGORIES["clash"].rank


def _dateline(sentences: list[Span]) -> tuple[int | None, PlaceMention | None]:
    """The index of the sentence that opens with the dateline, and its place."""
    for index, sent in enumerate(sentences):
        if _paragraph(sent) > DATELINE_LINES:
            break
        starts_line = index == 0 or "\n" in span_text(sentences[index - 1])[-2:]
        if starts_line and (place := find_dateline(sent)) is not None:
            return index, place
    return None, None


def _date_line(sentences: list[Span], published: date | None) -> DateValue | None:
    """A first line that is only a date ("06/02/2021:", as GTD summaries open) dates every
    report that tells no date of its own."""
    if not sentences or (when := resolve_date(sentences[0], published)) is None:
        return None
    rest = sentences[0].text.replace(when.evidence.text, "", 1)
    return None if any(c.isalnum() for c in rest) else when


def _add_dateline(draft: _Draft, dateline: PlaceMention, sent: Span) -> None:
    """The dateline is the first report's event site when it names none, else `mentioned`."""
    role = "mentioned" if _sites(draft.places) else "event_site"
    draft.places.insert(0, replace(dateline, role=role))
    draft.start = min(draft.start, _trimmed(sent)[0])


def _clauses(sent: Span, published: date | None) -> list[Span]:
    """`sent` cut where coordinated clauses each tell their own incident, or `[sent]`.

    A cut falls at a semicolon or at a conjunction joining two verbs with subjects of their
    own; it is kept only when every part has a trigger and an event site or a date, and no two
    parts share their site or date.
    """
    if not may_tell_trigger(sent):
        return [sent]  # no part could have a trigger
    doc = sent.doc
    forms = lowers(doc)
    cuts = [
        tok.i
        for tok in span_tokens(sent)
        if forms[tok.i] == ";" or (tok.dep_ == "cc" and _joins_clauses(tok))
    ]
    if not cuts:
        return [sent]
    bounds = [sent.start, *cuts, sent.end]
    parts = [doc[a + (a != sent.start) : b] for a, b in pairwise(bounds)]
    # Every part's triggers are read first: a part's places and dates cost more.
    if not all(find_triggers(part) for part in parts):
        return [sent]
    told: list[tuple[list[PlaceMention], DateValue | None]] = []
    for part in parts:
        sites = [p for p in find_places(part, False) if p.role == "event_site"]
        when = resolve_date(part, published)
        if not (sites or when):
            return [sent]
        told.append((sites, when))
    for i, (sites, when) in enumerate(told):
        for other_sites, other_when in told[i + 1 :]:
            same_site = any(_same_place(a, b) for a in sites for b in other_sites)
            same_date = (
                when is not None and other_when is not None and _same_period(when, other_when)
            )
            if same_site or same_date:
                return [sent]
    return parts


def _joins_clauses(tok: Token) -> bool:
    """ "... killed three soldiers in Kunar on Monday, and gunmen killed two ..."."""
    if tok.dep_ != "cc" or tok.head.pos_ != "VERB":
        return False
    return any(
        conj.dep_ == "conj"
        and conj.pos_ == "VERB"
        and conj.i > tok.i
        and any(c.dep_ in _SUBJECTS for c in conj.children)
        for conj in tok.head.children
    )


def _harm_only(sent: Span) -> list[Trigger]:
    """A sentence with no trigger that tells people killed or injured when no report is open
    ("Four dead, 15 wounded in Algeria violence") starts one (`triggers.harm_trigger`), unless
    a habitual or past cue makes it a background toll ("5,000 have died since 2011")."""
    found = harm_trigger(sent)
    if found is None or _HABITUAL.search(span_text(sent)) or _perfect(sent.doc[found.head]):
        return []
    return [found]


def _is_background(
    sent: Span, triggers: list[Trigger], when: DateValue | None, published: date | None
) -> bool:
    """Past or habitual violence told as background, not a new event: a date long before
    publication, or, in a sentence with no day of its own and no harm counted, a habitual or
    past cue ("frequently", "in recent years", "since 2019", "have carried out") or only bare
    plural trigger nouns ("Large bombings in Baghdad have become rare")."""
    if when is not None and published is not None and published - when.value > _OLD:
        return True
    if when is not None and when.precision == "day":
        return False
    if extract_casualties(sent) != Casualties() or extract_damage(sent):
        return False
    return (
        bool(_HABITUAL.search(span_text(sent)))
        or any(_perfect(sent.doc[t.head]) and not _news_perfect(sent, t) for t in triggers)
        or all(_generic_plural(sent.doc[t.head]) for t in triggers)
    )


def _perfect(tok: Token) -> bool:
    """A trigger verb (or the verb governing a trigger noun) in the present perfect."""
    verb = tok if tok.pos_ in ("VERB", "AUX") else tok.head
    return any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in verb.children)


def _news_perfect(sent: Span, trigger: Trigger) -> bool:
    """ "Aerial bombardments and shells have fallen ... in Aleppo outskirts": plural trigger
    nouns that are the subject of a perfect verb of action, at a place named as an event site,
    tell what has just happened (a monitor's headline), not a state ("attacks have become
    rare") nor a trend ("attacks have increased in Kabul")."""
    head = sent.doc[trigger.head]
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    if head.tag_ != "NNS" or head.dep_ != "nsubj":
        return False
    verb = head.head.lemma_.lower()
    if verb in _LINKING or verb in _TREND:
        return False
    return any(p.role == "event_site" for p in find_places(sent, False))


def _generic_plural(tok: Token) -> bool:
    """ "attacks are common", "gunfire and explosions kept families awake": a plural noun with
    no number, quantity or determiner ("dropping several bombs" tells one raid), said of with a
    linking verb or standing in another phrase. A headline's bare plural tells one event: it
    heads the sentence ("Clashes in X"), is the subject of an act ("Airstrikes hit X"), has its
    place, sides or manner (`_particular`: "air strikes on X", "violent clashes") or is the
    occasion of what is told ("Silence after clashes")."""
    if tok.tag_ != "NNS" or any(
        c.dep_ in ("det", "nummod") or c.like_num or c.lower_ in _QUANTIFIERS for c in tok.children
    ):
        return False
    counter = tok.head.head
    if tok.dep_ == "pobj" and tok.head.lower_ in ("of", "in") and _counting(counter):
        # "tens of shells", "a wave of killings": counted, so told of one day; "since the
        # outbreak of clashes" is a period's start
        return counter.dep_ == "pobj" and counter.head.lower_ == "since"
    if _waged(tok) or _placed(tok) or _witnessed(tok):
        return False
    if tok.dep_ == "pobj" and tok.head.lower_ in _AMID and _harm_or_with_harm(tok.head.head):
        return False  # "casualties in skirmishes": the harm told is this occasion's
    verb = next((t for t in tok.ancestors if t.pos_ in ("VERB", "AUX")), None)
    # A "verb" inside a name is a misread name ("Losses in IS after clashes": the group IS).
    if verb is not None and verb.lemma_.lower() in _LINKING and not verb.ent_type_:
        return True
    head = tok
    while head.dep_ == "conj" and head.head != head:
        head = head.head
    # A compound that is a trigger at all is the subject of a headline verb read as a noun
    # ("Airstrikes target X", see `triggers._misread_verb_subject`).
    if head.dep_ in ("ROOT", "compound") or head.dep_ in _SUBJECTS or _particular(tok):
        return False
    return not (head.dep_ == "pobj" and head.head.lower_ in _AFTER)


def _harm_or_with_harm(tok: Token) -> bool:
    """A harm word, or one coordinated with a harm word ("arrests and casualties in
    skirmishes", the "in" phrase read as the first conjunct's)."""
    return harm_word(tok) or any(c.dep_ == "conj" and harm_word(c) for c in tok.children)


def _counting(tok: Token) -> bool:
    """A word that counts the plural in its "of" phrase: a number, "tens", "dozens", "a wave" …"""
    return (
        tok.like_num
        or tok.lower_ in _QUANTIFIERS
        or tok.lower_ in _TENS
        or tok.lemma_.lower() in _SERIES
    )


def _waged(tok: Token) -> bool:
    """A plural trigger that is the object of a verb of waging ("renew clashes"), or that a
    finite verb of waging follows ("clashes continue", however the parser attached them)."""
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _WAGED:
        return True
    after = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
    # A headline's main verb is sometimes tagged as a bare form ("... and airstrikes target").
    finite = after is not None and (
        after.tag_ in ("VBP", "VBZ", "VBD")
        or (after.tag_ in ("VB", "VBN") and after.dep_ == "ROOT")  # "and clashes renewed in X"
    )
    return (
        after is not None
        and finite
        and (after.lemma_.lower() in _WAGED or after.lemma_.lower() in HEADLINE_VERBS)
    )


def _witnessed(tok: Token) -> bool:
    """A plural trigger that witnesses or a monitor tell of ("Refugees recount killings,
    rapes", "Survivors describe massacres"): what they saw, not a kind of event; the verb may be
    misread as the trigger's modifier ("who fled Myanmar recount killings")."""
    told = tok.head if tok.dep_ == "dobj" else None
    misread = [c for c in tok.children if c.dep_ == "compound"]
    return any(t.lemma_.lower() in _TESTIFY for t in (*misread, *([told] if told else [])))


def _placed(tok: Token) -> bool:
    """A plural trigger right after a place's name ("Shan State clashes", "Aleppo airstrikes")."""
    before = tok.doc[tok.i - 1] if tok.i > 0 else None
    return before is not None and before.ent_type_ in ("GPE", "LOC", "FAC")


def _particular(tok: Token) -> bool:
    """A plural trigger noun told of one occasion: with its place somewhere below it ("clashes
    with rebels in Aleppo", "airstrikes north of Kunduz"), its sides ("clashes between X and
    Y", "Army Offensives Against KIA") or a word of how it went ("violent clashes", "renewed
    airstrikes")."""
    below = list(tok.subtree)
    sited = any(t.dep_ == "prep" and t.lower_ in _SITED for t in below)
    doc = tok.doc
    sited = sited or any(t.lower_ == "of" and doc[t.i - 1].lower_ in COMPASS for t in below)
    sides = any(
        c.dep_ == "prep" and c.lower_ in ("between", "with", "against") for c in tok.children
    )
    manner = any(c.dep_ == "amod" and c.lower_ in _MANNER for c in tok.children)
    return sited or sides or manner


def _draft_for(
    drafts: list[_Draft],
    current: _Draft | None,
    sent: Span,
    triggers: list[Trigger],
    places: list[PlaceMention],
    when: DateValue | None,
    clauses: int,
) -> _Draft | None:
    """The report `sent` adds to: the current one, an earlier one it matches, or a new one;
    None when it only sums up reports already told."""
    sites = _sites(places)
    if len([d for d in drafts if _matches(d, sites, when)]) > 1:
        return None
    if (
        current is not None
        and clauses == 1
        and not _new_incident(current, sent, triggers, sites, when)
    ):
        return current
    earlier = [d for d in drafts if _matches(d, sites, when)]
    if earlier:
        return earlier[0]
    start, end = _trimmed(sent)
    return _Draft(trigger=strongest(triggers), start=start, end=end, paragraph=_paragraph(sent))


def _new_incident(
    current: _Draft,
    sent: Span,
    triggers: list[Trigger],
    sites: list[PlaceMention],
    when: DateValue | None,
) -> bool:
    if any(_new_incident_cue(tok) for tok in span_tokens(sent)):
        return True
    if _definite(sent.doc[strongest(triggers).head]):
        return False
    if when is not None and current.date is not None and not _same_period(when, current.date):
        return True
    known = _sites(current.places)
    if not (sites and known) or any(_same_place(a, b) for a in sites for b in known):
        return False
    has_harm = extract_casualties(sent) != Casualties() or bool(extract_damage(sent))
    return has_harm or when is not None


def _matches(draft: _Draft, sites: list[PlaceMention], when: DateValue | None) -> bool:
    """Whether a sentence's sites or date name `draft`'s incident, and nothing contradicts it
    (a country alone matches nothing: it holds too many places)."""
    known = _sites(draft.places)
    same_place = any(
        _same_place(a, b) and not (is_country(a.text) or is_country(b.text))
        for a in sites
        for b in known
    )
    other_place = bool(sites and known) and not any(_same_place(a, b) for a in sites for b in known)
    same_date = other_date = False
    if when is not None and draft.date is not None:
        same_date = _same_period(when, draft.date)
        other_date = not same_date
    return (same_place or same_date) and not (other_place or other_date)


def _definite(head: Token) -> bool:
    """ "the blast", "this attack": a trigger noun that refers back to the incident told."""
    return head.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in _DEFINITE for c in head.children
    )


def _new_incident_cue(tok: Token) -> bool:
    """ "Separately, ...", "Elsewhere, ...", "In another attack, ..." (not "another 20 people")."""
    word = tok.lower_
    if word in ("separately", "elsewhere"):
        return True
    return word in ("another", "separate") and tok.head.lemma_.lower() in INCIDENT_NOUNS


def _add(
    draft: _Draft,
    sent: Span,
    places: list[PlaceMention],
    when: DateValue | None,
    actors: tuple[ActorMention, ...],
    joined: bool,
) -> None:
    """Join what `sent` tells to `draft`; a sentence not `joined` (no trigger) is only read
    when it adds casualties, damage or places."""
    casualties = extract_casualties(sent)
    damage = extract_damage(sent)
    if not (joined or places or damage or casualties != Casualties()):
        return
    start, end = _trimmed(sent)
    draft.start, draft.end = min(draft.start, start), max(draft.end, end)
    draft.paragraph = _paragraph(sent)
    draft.date = draft.date or when
    draft.places.extend(p for p in places if p not in draft.places)
    draft.actors = _merge_actors(draft.actors, actors)
    draft.damage.extend(d for d in damage if d not in draft.damage)
    draft.casualties = _merge_casualties(draft.casualties, casualties, doc_text(sent.doc))


def _merge_actors(known: list[ActorMention], new: tuple[ActorMention, ...]) -> list[ActorMention]:
    """Add `new` actors; of two with one role whose names end alike ("Army", "the Sudanese
    army"), only the fuller name is kept, where the shorter one stood."""
    merged = list(known)
    for actor in new:
        same = [i for i, a in enumerate(merged) if a.role == actor.role and _alike(a, actor)]
        if not same:
            merged.append(actor)
        elif len(_name(actor)) > len(_name(merged[same[0]])):
            merged[same[0]] = actor
    return merged


def _alike(a: ActorMention, b: ActorMention) -> bool:
    x, y = _name(a), _name(b)
    return x.endswith(y) or y.endswith(x)


def _name(actor: ActorMention) -> str:
    words = actor.text.casefold().split()
    while words and words[0] in ("a", "an", "the"):
        words = words[1:]
    return " ".join(words)


def _merge_casualties(known: Casualties, later: Casualties, text: str) -> Casualties:
    """Counts of one category told in different sentences are never added, unless the later
    one tells more victims (`Casualties.additional`): keep the later figure when it is a toll
    or the better one (`_better`); details told twice are kept once."""
    details = list(known.details)
    seen = {_detail_key(d) for d in details}
    for detail in later.details:
        if _detail_key(detail) not in seen:
            details.append(detail)
            seen.add(_detail_key(detail))
    totals: dict[str, Count | None] = {}
    tolls: list[str] = []
    for category in ("killed", "injured", "abducted"):
        old, new = getattr(known, category), getattr(later, category)
        is_toll = category in later.tolls
        if new is not None and old is not None and category in later.additional:
            totals[category] = add_counts([old, new], text)
            continue
        take = new is not None and (old is None or is_toll or _better(new, old))
        totals[category] = new if take else old
        if (take and is_toll) or (not take and category in known.tolls):
            tolls.append(category)
    return Casualties(
        killed=totals["killed"],
        injured=totals["injured"],
        abducted=totals["abducted"],
        details=tuple(details),
        tolls=tuple(tolls),
    )


def _better(new: Count, old: Count) -> bool:
    """A higher best estimate, or the same one told at least as precisely ("four" after "at
    least four")."""
    if new.best is None or old.best is None:
        return old.best is None
    if new.best != old.best:
        return new.best > old.best
    return _bounds_known(new) >= _bounds_known(old)


def _bounds_known(count: Count) -> int:
    return (count.low is not None) + (count.high is not None)


def _detail_key(detail: CasualtyDetail) -> tuple[object, ...]:
    """A detail's identity across sentences: "kills 9, including 4 children" in a headline and
    "killed 9 people including 4 children" in the lead tell one detail."""
    count = detail.count
    return (detail.category, detail.victims, count.low, count.best, count.high)


def _trimmed(sent: Span) -> tuple[int, int]:
    """Character offsets of `sent` without the line breaks spaCy keeps at its edges."""
    text = span_text(sent)
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, sent.start_char + len(text.rstrip())


def _paragraph(sent: Span) -> int:
    """Which paragraph `sent` is in: the number of line breaks before its first word."""
    return doc_text(sent.doc).count("\n", 0, _trimmed(sent)[0])


def _sites(places: list[PlaceMention]) -> list[PlaceMention]:
    return [p for p in places if p.role == "event_site"]


def _same_place(a: PlaceMention, b: PlaceMention) -> bool:
    """ "Ghazni" and "Ghazni province" are one place; "Helmand" and "Kandahar" are not. A place
    lies in the places written around it, and a country holds any place not written with
    another country ("Pakistan" and "Bannu", not "Pakistan" and "Afghanistan's Kunar province")."""
    x, y = _place_key(a.text), _place_key(b.text)
    if x == y or x in y or y in x:
        return True
    # "the North Darfur town of Mellit" lies in "Darfur".
    if x in {_place_key(c) for c in b.context} or y in {_place_key(c) for c in a.context}:
        return True
    if is_country(a.text) == is_country(b.text):
        return False
    country, place = (a, b) if is_country(a.text) else (b, a)
    written = {_place_key(c) for c in place.context if is_country(c)}
    return not written or _place_key(country.text) in written


def _place_key(name: str) -> str:
    words = [w for w in name.casefold().split() if w not in DESIGNATORS and w != "the"]
    return " ".join(words) or name.casefold()


def _same_period(a: DateValue, b: DateValue) -> bool:
    """Equal at the coarser precision: "on Friday" falls within "last week"."""
    coarser = max(a.precision, b.precision, key=PRECISIONS.index)
    return start_of(a.value, coarser) == start_of(b.value, coarser)


def _report(doc: Doc, draft: _Draft) -> ExtractedReport:
    sentence = Evidence(
        start=draft.start,
        end=draft.end,
        text=doc_text(doc)[draft.start : draft.end],
        extractor=EXTRACTOR,
    )
    casualties = draft.casualties
    has_harm = casualties != Casualties() or bool(draft.damage)
    has_actor = any(a.role in ("perpetrator", "target") for a in draft.actors)
    confidence = (
        0.4
        + 0.2 * has_harm
        + 0.2 * bool(_sites(draft.places))
        + 0.1 * (draft.date is not None)
        + 0.1 * has_actor
    )
    return ExtractedReport(
        event_type=draft.trigger.value,
        sentence=sentence,
        date=draft.date,
        places=tuple(harm_sites(doc, draft.places)),
        actors=tuple(draft.actors),
        casualties=casualties,
        damage=tuple(draft.damage),
        confidence=round(min(confidence, 1.0), 2),
        extractor=EXTRACTOR,
    )


def _mentions(reports: tuple[ExtractedReport, ...]) -> tuple[Mention, ...]:
    """One mention per (kind, start, end) for every span shown as evidence, in text order."""
    found: dict[tuple[str, int, int], Mention] = {}

    def add(kind: str, ev: Evidence, value: str) -> None:
        found.setdefault(
            (kind, ev.start, ev.end), Mention(kind, ev.start, ev.end, ev.text, value, ev.extractor)
        )

    for report in reports:
        event = report.event_type
        add("trigger", event.evidence, f"{event.event_type} / {event.sub_event_type}")
        for actor in report.actors:
            add("actor", actor.evidence, actor.role)
        for place in report.places:
            add("place", place.evidence, place.role)
        if (when := report.date) is not None:
            add("date", when.evidence, f"{when.value.isoformat()}/{when.precision}")
        casualties = report.casualties
        totals = {
            "killed": casualties.killed,
            "injured": casualties.injured,
            "abducted": casualties.abducted,
        }
        for category, count in totals.items():
            if count is not None:
                add("number", count.evidence, f"{category} {_bounds(count)}")
        for detail in casualties.details:
            label = f"{detail.category} ({detail.manner})"
            add("number", detail.count.evidence, f"{label} {_bounds(detail.count)}")
        for damage in report.damage:
            if damage.count is not None:
                label = f"{damage.action} {damage.object}"
                add("number", damage.count.evidence, f"{label} {_bounds(damage.count)}")
    return tuple(sorted(found.values(), key=lambda m: (m.start, m.end, m.kind)))


def _bounds(count: Count) -> str:
    """low/best/high with "?" for unknown, e.g. "101/101/?"."""
    return "/".join("?" if v is None else str(v) for v in (count.low, count.best, count.high))
