"""Composes one document's reports: which sentences tell which incident, and every field's evidence.

A sentence with an event trigger (`triggers.find_triggers`) starts a report, or joins the current
one when it tells no new incident: it joins unless it names an event site or a date that differs
from the report's, or says "Separately"/"Elsewhere"/"In another attack". A sentence without a
trigger in the same paragraph joins the current report when it adds casualties, damage or places
(not dates: a date in such a sentence is as likely a birth date or an anniversary): "A suicide
bomber blew himself up at a market in X on Friday. At least 15 people were killed and dozens
injured." is one report. Joining keeps the first values told (casualties are taken only where
the report had none), keeps the stronger event type, and widens the `sentence` evidence to cover
every sentence read. An event site named in a sentence without a trigger is only `mentioned`
when the report already has one. A document without a trigger has no report.

A wire dateline ("KABUL —", "Ghazni:") is the event site of the first report when that report's
own sentence names none, and is only `mentioned` otherwise; either way the report's `sentence`
then starts at the dateline.

`confidence` adds up the evidence found: trigger 0.4, casualties or damage 0.2, an event site
0.2, a date 0.1, a perpetrator or target 0.1.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span, Token

from khabar.extract.casualties import extract_casualties
from khabar.extract.damage import extract_damage
from khabar.extract.dates import PRECISIONS, resolve_date, start_of
from khabar.extract.participants import find_actors
from khabar.extract.places import DESIGNATORS, find_dateline, find_places
from khabar.extract.triggers import Trigger, find_triggers, strongest
from khabar.extract.types import (
    ActorMention,
    Casualties,
    Count,
    Damage,
    DateValue,
    DocumentExtraction,
    Evidence,
    ExtractedReport,
    Mention,
    PlaceMention,
)

EXTRACTOR = "events@1"

INCIDENT_NOUNS = frozenset(
    {"attack", "incident", "blast", "explosion", "strike", "bombing", "raid", "clash", "ambush"}
)


@dataclass(slots=True)
class _Draft:
    """A report being assembled from consecutive sentences."""

    trigger: Trigger
    start: int
    end: int
    paragraph: int
    date: DateValue | None = None
    places: list[PlaceMention] = field(default_factory=list)
    actors: list[ActorMention] = field(default_factory=list)
    casualties: Casualties = field(default_factory=Casualties)
    damage: list[Damage] = field(default_factory=list)


def extract_document(doc: Doc, published: date | None) -> DocumentExtraction:
    """The reports told in `doc` (a parsed `document.text`) and the mentions they rest on."""
    sentences = list(doc.sents)
    dateline = find_dateline(sentences[0]) if sentences else None
    drafts: list[_Draft] = []
    for index, sent in enumerate(sentences):
        places = [p for p in find_places(sent, index == 0) if p != dateline]
        paragraph = _paragraph(sent)
        triggers = find_triggers(sent)
        current = drafts[-1] if drafts else None
        if triggers:
            top = strongest(triggers)
            when = resolve_date(sent, published)
            if current is None or _new_incident(current, sent, places, when):
                start, end = _trimmed(sent)
                current = _Draft(trigger=top, start=start, end=end, paragraph=paragraph)
                if not drafts and dateline is not None:
                    role = "mentioned" if _sites(places) else "event_site"
                    current.places.append(replace(dateline, role=role))
                    current.start = _trimmed(sentences[0])[0]
                drafts.append(current)
            elif top.rank > current.trigger.rank:
                current.trigger = top
            _add(current, sent, places, when, find_actors(sent, triggers), joined=True)
        elif current is not None and paragraph == current.paragraph:
            if _sites(current.places):
                places = [
                    replace(p, role="mentioned") if p.role == "event_site" else p for p in places
                ]
            _add(current, sent, places, None, (), joined=False)
    reports = tuple(_report(doc, draft) for draft in drafts)
    return DocumentExtraction(reports=reports, mentions=_mentions(reports))


def _new_incident(
    current: _Draft, sent: Span, places: list[PlaceMention], when: DateValue | None
) -> bool:
    if any(_new_incident_cue(tok) for tok in sent):
        return True
    sites, known = _sites(places), _sites(current.places)
    if sites and known and not any(_same_place(a, b) for a in sites for b in known):
        return True
    return when is not None and current.date is not None and not _same_period(when, current.date)


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
    draft.end = _trimmed(sent)[1]
    draft.paragraph = _paragraph(sent)
    draft.date = draft.date or when
    draft.places.extend(p for p in places if p not in draft.places)
    draft.actors.extend(a for a in actors if a not in draft.actors)
    draft.damage.extend(d for d in damage if d not in draft.damage)
    draft.casualties = _merge_casualties(draft.casualties, casualties)


def _merge_casualties(first: Casualties, later: Casualties) -> Casualties:
    """Keep what the report already told; take from `later` only the categories it lacked."""
    details = first.details + tuple(d for d in later.details if d not in first.details)
    return Casualties(
        killed=first.killed or later.killed,
        injured=first.injured or later.injured,
        abducted=first.abducted or later.abducted,
        details=details,
    )


def _trimmed(sent: Span) -> tuple[int, int]:
    """Character offsets of `sent` without the line breaks spaCy keeps at its edges."""
    text = sent.text
    start = sent.start_char + len(text) - len(text.lstrip())
    return start, sent.start_char + len(text.rstrip())


def _paragraph(sent: Span) -> int:
    """Which paragraph `sent` is in: the number of line breaks before its first word."""
    return sent.doc.text.count("\n", 0, _trimmed(sent)[0])


def _sites(places: list[PlaceMention]) -> list[str]:
    return [p.text for p in places if p.role == "event_site"]


def _same_place(a: str, b: str) -> bool:
    """ "Ghazni" and "Ghazni province" are one place; "Helmand" and "Kandahar" are not."""
    x, y = _place_key(a), _place_key(b)
    return x == y or x in y or y in x


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
        text=doc.text[draft.start : draft.end],
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
        places=tuple(draft.places),
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
