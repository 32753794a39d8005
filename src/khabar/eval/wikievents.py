"""Scoring on WikiEvents (shared/data/README.md): KAIROS events and their arguments, end to end
(khabar finds its own triggers; the published argument scores are given gold triggers).

- `trigger_f1`: khabar's events are aligned one-to-one with gold events; a pair counts when the
  KAIROS types are equal and the trigger spans overlap (khabar's triggers may be phrases:
  "opened fire", "roadside bomb").
- `arg_head_f1`: within each aligned pair and role, predicted arguments are aligned one-to-one
  with gold ones; a pair counts when the head words overlap. The head of a span is its last
  word before a post-modifier (`metrics.head_span`), for gold and predicted spans alike, an
  approximation of the parser heads of the published scorer. Arguments of unaligned events
  count as wrong (predicted) or missed (gold).
- `arg_coref_f1`: the same, but a predicted head may overlap the head of any mention coreferent
  with the gold argument.

khabar → KAIROS, one report giving up to three events:
- the report's trigger: IED, suicide and grenade attacks → Conflict.Attack.DetonateExplode;
  other battles, explosions and attacks → Conflict.Attack.Unspecified; a trigger that is a
  death word ("killed") → Life.Die.Unspecified instead; riots →
  Conflict.Demonstrate.DemonstrateWithViolence; protests → Conflict.Demonstrate.Unspecified;
  property destruction → ArtifactExistence.DamageDestroyDisableDismantle.Damage ("damaged")
  or .Destroy. Abduction, sexual violence and other strategic developments have no type here.
- a killed count → Life.Die.Unspecified and an injured count → Life.Injure.Unspecified, their
  trigger the death (injury) word nearest the count in the report's sentences, their Victim
  the counted phrase ("two police officers").
- arguments (a name repeated in a report, e.g. "Syria" in three of its sentences, is one
  argument, at its first mention): perpetrators → Attacker / Killer / Injurer / Demonstrator /
  Damager / Destroyer; targets → Target (Victim for a death trigger); event sites → Place;
  damaged objects → Artifact; the device of a bombing trigger ("car bomb") → ExplosiveDevice.
Not produced: the other KAIROS types (Contact, Movement, Justice, Transaction, Disaster …:
158 of the 345 dev events), roles such as Instrument or Communicator, and one event per
mention: khabar tells one report per incident where WikiEvents annotates every "killed".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from khabar.eval.metrics import Tally, assignment, head_span, one_to_one, overlaps
from khabar.eval.records import BadRecord, Record, field

if TYPE_CHECKING:
    from khabar.extract.types import Count, Evidence, ExtractedReport
    from khabar.pipeline import Analyser, Analysis

Span = tuple[int, int]

ATTACK = "Conflict.Attack.Unspecified"
EXPLODE = "Conflict.Attack.DetonateExplode"
DIE = "Life.Die.Unspecified"
INJURE = "Life.Injure.Unspecified"
DEMONSTRATE = "Conflict.Demonstrate.Unspecified"
VIOLENT_DEMONSTRATION = "Conflict.Demonstrate.DemonstrateWithViolence"
DAMAGE = "ArtifactExistence.DamageDestroyDisableDismantle.Damage"
DESTROY = "ArtifactExistence.DamageDestroyDisableDismantle.Destroy"

AGENT = {
    ATTACK: "Attacker",
    EXPLODE: "Attacker",
    DIE: "Killer",
    INJURE: "Injurer",
    DEMONSTRATE: "Demonstrator",
    VIOLENT_DEMONSTRATION: "Demonstrator",
    DAMAGE: "Damager",
    DESTROY: "Destroyer",
}
"""The KAIROS role of a report's perpetrators in each event type."""

_DEATH = re.compile(r"\b(?:kill(?:s|ed|ing)?|dead|died|dies|die|dying|deaths?|slain)\b", re.I)
_INJURY = re.compile(r"\b(?:injur(?:ed|ies|y|ing)|wound(?:s|ed|ing)?|hurt)\b", re.I)
_DEVICE = re.compile(r"\b(?:bomb|ied|device|mine|landmine|grenade|explosives?|vest)s?$", re.I)


@dataclass(frozen=True, slots=True)
class GoldArgument:
    role: str
    head: Span
    coreferent_heads: tuple[Span, ...]
    """Heads of every mention coreferent with the argument, its own included."""


@dataclass(frozen=True, slots=True)
class Event:
    """A gold or predicted event; a predicted argument is (role, head)."""

    event_type: str
    trigger: Span
    arguments: tuple[tuple[str, Span], ...] = ()


@dataclass(frozen=True, slots=True)
class GoldEvent:
    event_type: str
    trigger: Span
    arguments: tuple[GoldArgument, ...]


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    text: str
    events: tuple[GoldEvent, ...]

    @property
    def reference(self) -> date | None:
        """WikiEvents gives no publication date."""
        return None


def parse(record: Record) -> Gold:
    text = field(record, "text", str)
    offsets = field(record, "token_offsets", list)
    try:
        heads_of = {
            m["id"]: _token_span(offsets, m["end"] - 1)
            for m in field(record, "entity_mentions", list)
        }
        cluster_of: dict[str, tuple[str, ...]] = {}
        for cluster in field(record, "coref_clusters", list):
            members = tuple(cluster["mentions"])
            cluster_of.update(dict.fromkeys(members, members))
        events = tuple(
            GoldEvent(
                event_type=event["event_type"],
                trigger=(event["trigger"]["char_start"], event["trigger"]["char_end"]),
                arguments=tuple(
                    GoldArgument(
                        role=arg["role"],
                        head=_token_span(offsets, arg["end"] - 1),
                        coreferent_heads=tuple(
                            heads_of[m]
                            for m in cluster_of.get(arg["entity_id"], (arg["entity_id"],))
                            if m in heads_of
                        )
                        or (_token_span(offsets, arg["end"] - 1),),
                    )
                    for arg in event["arguments"]
                ),
            )
            for event in field(record, "events", list)
        )
    except (KeyError, TypeError, IndexError) as exc:
        raise BadRecord(f"malformed WikiEvents annotation ({exc!r})") from exc
    return Gold(id=field(record, "id", str), text=text, events=events)


def _token_span(offsets: list[Any], index: int) -> Span:
    start, end = offsets[index]
    return int(start), int(end)


@dataclass(frozen=True, slots=True)
class Judgement:
    triggers: Tally
    head: Tally
    coref: Tally


def score_document(predicted: Sequence[Event], gold: Sequence[GoldEvent]) -> Judgement:
    """Trigger and argument tallies of one document (see the module docstring)."""
    aligned = assignment(
        [
            [float(p.event_type == g.event_type and overlaps(p.trigger, g.trigger)) for g in gold]
            for p in predicted
        ]
    )
    triggers = Tally(len(aligned), len(predicted), len(aligned), len(gold))
    head = Tally(
        0, sum(len(p.arguments) for p in predicted), 0, sum(len(g.arguments) for g in gold)
    )
    coref = Tally(0, head.predicted, 0, head.gold)
    for p_index, g_index in aligned:
        pred, gold_event = predicted[p_index], gold[g_index]
        for role in {r for r, _ in pred.arguments}:
            mine = [span for r, span in pred.arguments if r == role]
            theirs = [a for a in gold_event.arguments if a.role == role]
            for tally, heads in (
                (head, [(a.head,) for a in theirs]),
                (coref, [a.coreferent_heads for a in theirs]),
            ):
                found = one_to_one(
                    len(mine),
                    len(theirs),
                    [[any(overlaps(s, h) for h in hs) for hs in heads] for s in mine],
                ).matched_predicted
                tally.matched_predicted += found
                tally.matched_gold += found
    return Judgement(triggers, head, coref)


def _head(evidence: Evidence) -> Span | None:
    return head_span(evidence.text, evidence.start)


def _nearest(pattern: re.Pattern[str], report: ExtractedReport, anchor: Evidence) -> Span:
    """The match of `pattern` in the report's sentences nearest to `anchor`, else `anchor`."""
    sentence = report.sentence
    matches = [
        (sentence.start + m.start(), sentence.start + m.end())
        for m in pattern.finditer(sentence.text)
    ]
    if not matches:
        return anchor.start, anchor.end
    return min(matches, key=lambda s: min(abs(s[0] - anchor.end), abs(anchor.start - s[1])))


def _main_type(report: ExtractedReport) -> str | None:
    event = report.event_type
    if event.sub_event_type in ("Suicide bomb", "Remote explosive/landmine/IED", "Grenade"):
        return EXPLODE
    if _DEATH.fullmatch(event.evidence.text.split()[-1]):
        return DIE
    if event.event_type in ("Battles", "Explosions/Remote violence") or event.sub_event_type in (
        "Attack",
        "Excessive force against protesters",
    ):
        return ATTACK
    if event.event_type == "Riots":
        return VIOLENT_DEMONSTRATION
    if event.event_type == "Protests":
        return DEMONSTRATE
    if event.sub_event_type == "Looting/property destruction":
        damaged = any(d.action.lower().startswith("damag") for d in report.damage)
        return DAMAGE if damaged else DESTROY
    return None


def events_of(report: ExtractedReport) -> list[Event]:
    """The KAIROS events one report stands for (see the module docstring)."""
    agents = [a.evidence for a in report.actors if a.role == "perpetrator"]
    targets = [a.evidence for a in report.actors if a.role == "target"]
    places = [p.evidence for p in report.places if p.role == "event_site"]
    events: list[Event] = []

    def add(kind: str, trigger: Span, roles: list[tuple[str, list[Evidence]]]) -> None:
        if any(e.event_type == kind and overlaps(e.trigger, trigger) for e in events):
            return
        arguments: dict[tuple[str, str], Span] = {}
        for role, spans in [(AGENT[kind], agents), *roles, ("Place", places)]:
            for evidence in spans:
                head = _head(evidence)
                if head is not None:
                    arguments.setdefault((role, evidence.text.casefold()), head)
        events.append(Event(kind, trigger, tuple((r, span) for (r, _), span in arguments.items())))

    trigger = report.event_type.evidence
    main = _main_type(report)
    if main is not None:
        killed = report.casualties.killed
        roles = {
            DIE: [("Victim", targets + ([killed.evidence] if killed else []))],
            DAMAGE: [("Artifact", [d.evidence for d in report.damage])],
            DESTROY: [("Artifact", [d.evidence for d in report.damage])],
        }.get(main, [("Target", targets)] if main in (ATTACK, EXPLODE) else [])
        if main == EXPLODE and _DEVICE.search(trigger.text):
            roles = [*roles, ("ExplosiveDevice", [trigger])]
        add(main, (trigger.start, trigger.end), roles)
    counts: list[tuple[str, re.Pattern[str], Count | None]] = [
        (DIE, _DEATH, report.casualties.killed),
        (INJURE, _INJURY, report.casualties.injured),
    ]
    for kind, pattern, count in counts:
        if count is not None:
            add(kind, _nearest(pattern, report, count.evidence), [("Victim", [count.evidence])])
    return events


def predict(analysis: Analysis) -> list[Event]:
    return [event for report in analysis.extraction.reports for event in events_of(report)]


def judge(analysis: Analysis, gold: Gold, analyser: Analyser) -> Judgement:
    return score_document(predict(analysis), gold.events)


def summarise(judgements: Sequence[Judgement]) -> dict[str, Any]:
    triggers, head, coref = Tally(), Tally(), Tally()
    for judgement in judgements:
        triggers.add(judgement.triggers)
        head.add(judgement.head)
        coref.add(judgement.coref)
    return {
        "n": len(judgements),
        "trigger_f1": triggers.f1,
        "arg_head_f1": head.f1,
        "arg_coref_f1": coref.f1,
        "events": {"gold": int(triggers.gold), "predicted": int(triggers.predicted)},
        "arguments": {"gold": int(head.gold), "predicted": int(head.predicted)},
    }
