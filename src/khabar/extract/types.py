"""The typed output of the extract stage: one `ExtractedReport` per event told in a document.

Every value carries its `Evidence`: the character span in `document.text` it was read from and
the extractor (`name@version`) that read it, so that a stored field can always be traced back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class Evidence:
    start: int
    end: int
    text: str
    extractor: str


@dataclass(frozen=True, slots=True)
class Count:
    """A number of people or things as low/best/high; `None` means unknown."""

    low: int | None
    best: int | None
    high: int | None
    qualifier: str
    """The original words, e.g. "more than 100", "dozens", "fifteen"."""
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class CasualtyDetail:
    """A part of a total told separately, e.g. 15 family members beheaded (among the killed)."""

    category: str
    """`killed`, `injured` or `abducted`."""
    manner: str
    """The verb as written, e.g. "beheaded"."""
    victims: str
    """Who, as written, e.g. "family members of police officers"; may be empty."""
    count: Count
    included_in_total: bool
    """True when the detail is already part of the category's total (never counted twice)."""


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: Count | None = None
    injured: Count | None = None
    abducted: Count | None = None
    details: tuple[CasualtyDetail, ...] = ()
    tolls: tuple[str, ...] = ()
    """Categories whose total is a stated toll ("the death toll rose to 23"): a later toll
    updates the figures a report told before, where other counts never add to them."""
    additional: tuple[str, ...] = ()
    """Categories whose every count is told as more victims ("5 civilians were also killed",
    "as well", "in addition"): it adds to the count a report told before."""


@dataclass(frozen=True, slots=True)
class Damage:
    action: str
    """e.g. "burned", "destroyed", "damaged"."""
    object: str
    """e.g. "homes", "vehicles", "a school"."""
    count: Count | None
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class ActorMention:
    text: str
    role: str
    """`perpetrator`, `target` or `ally`."""
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class PlaceMention:
    text: str
    role: str
    """`event_site`, `origin`, `claimed_territory` or `mentioned`."""
    evidence: Evidence
    context: tuple[str, ...] = ()
    """Names of enclosing places written next to it ("Ghazni province, Afghanistan")."""


@dataclass(frozen=True, slots=True)
class DateValue:
    value: date
    precision: str
    """`day`, `week`, `month` or `year`."""
    evidence: Evidence


@dataclass(frozen=True, slots=True)
class EventTypeValue:
    event_type: str
    """ACLED event type, e.g. "Violence against civilians"."""
    sub_event_type: str
    """ACLED sub-event type, e.g. "Attack"."""
    gtd_attack_type: str
    """One of GTD's nine attack types."""
    evidence: Evidence
    """The trigger word(s)."""


@dataclass(frozen=True, slots=True)
class ExtractedReport:
    """One event as told by one document."""

    event_type: EventTypeValue
    sentence: Evidence
    """The span of the sentence(s) the report was read from."""
    date: DateValue | None = None
    places: tuple[PlaceMention, ...] = ()
    actors: tuple[ActorMention, ...] = ()
    casualties: Casualties = field(default_factory=Casualties)
    damage: tuple[Damage, ...] = ()
    confidence: float = 0.5
    extractor: str = "events@1"


@dataclass(frozen=True, slots=True)
class Mention:
    """Any span worth showing in the reader: actor, place, date, number, quote, trigger."""

    kind: str
    start: int
    end: int
    text: str
    value: str | None = None
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class Claim:
    """Who says what about whom (DESIGN §2 `claim`), every part with the span it was read from.

    `speaker` is the phrase as written ("CSIS chief Michael Coulombe"), `speaker_name` the person
    or body it names ("Michael Coulombe"); `via` is the outlet that relays it ("CBC News") and
    `intermediary` a further link between them. A presence claim (`predicate` "presence") has
    stance `assert`, `deny` or `territorial` and its places in `places`.
    """

    stance: str
    """`assert`, `deny`, `claim_responsibility`, `attribute`, `threaten`, `warn`, `territorial`."""
    verb: Evidence
    speaker: Evidence
    speaker_name: str
    predicate: str
    object_kind: str
    """`event`, `place`, `actor` or `text`."""
    quote: Evidence
    role: Evidence | None = None
    organisation: Evidence | None = None
    via: Evidence | None = None
    intermediary: Evidence | None = None
    subject: Evidence | None = None
    object: Evidence | None = None
    places: tuple[PlaceMention, ...] = ()
    said: DateValue | None = None
    report: int | None = None
    """Index of the report (event) the claim is about, in `DocumentExtraction.reports`."""
    extractor: str = "claims@1"


@dataclass(frozen=True, slots=True)
class RoleFiller:
    """A phrase the trained role tagger (`roles@1`) reads as filling a role in an incident."""

    role: str
    """`perpetrator_individual`, `perpetrator_organisation`, `physical_target`, `victim` or
    `weapon`."""
    evidence: Evidence
    report: int | None = None
    """Index of the report it belongs to, in `DocumentExtraction.reports`; None when the rules
    found no report in the document."""


@dataclass(frozen=True, slots=True)
class DocumentExtraction:
    reports: tuple[ExtractedReport, ...]
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...] = ()
    fillers: tuple[RoleFiller, ...] = ()
    incident_types: tuple[tuple[str, float], ...] = ()
    """The classifier's probability of each incident type told in the document (and of
    "none"), highest first; empty when the role model was not run."""
