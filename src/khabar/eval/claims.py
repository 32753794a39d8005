"""Scoring claim detection on the khabar claims set (tests/extract/data/claims.jsonl).

Each line is one invented wire-style sentence: `text`, `published` (ISO date) and `claims`, a
list of `{speaker, stance, subject, object, via}` (subject and via may be null). The file is
split deterministically so that rules are not tuned on the figures reported: every third line
(1-based line numbers 3, 6, 9, ...) is `heldout`, the rest `dev`; both halves are scored and
reported separately, with their sizes.

Matching: a predicted claim matches a gold one when the stances are equal and the speakers and
subjects are the same after normalisation (case, accents and punctuation dropped, articles and a
possessive "s" dropped; then equal, or one's words all among the other's, or both naming one
registry entry). A gold claim without a subject does not score the subject, and a pronoun
subject ("it said it had ...") is the speaker. Predictions and gold are aligned one to one.

- `precision`, `recall`, `f1` (0-100): claim detection with that matching, micro-averaged.
- `speaker_stance_accuracy`: share of gold claims for which khabar reads a claim with the same
  speaker and stance (the subject aside).
- `via_accuracy`: over gold claims with a `via` that were matched, the share whose relaying
  outlet khabar read the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from khabar.actors.registry import Registry, normalise
from khabar.eval.common import resolve_actor
from khabar.eval.metrics import Tally, assignment, ratio
from khabar.eval.records import BadRecord, Record, field, iso_date

if TYPE_CHECKING:
    from khabar.pipeline import Analyser, Analysis

HELD_OUT_EVERY = 3
_DROPPED = frozenset({"the", "a", "an", "s"})
STANCES = frozenset(
    {"assert", "deny", "claim_responsibility", "attribute", "threaten", "warn", "territorial"}
)


@dataclass(frozen=True, slots=True)
class GoldClaim:
    speaker: str
    stance: str
    subject: str | None
    via: str | None


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    text: str
    reference: date | None
    claims: tuple[GoldClaim, ...]
    split: str


@dataclass(frozen=True, slots=True)
class Predicted:
    speaker: str
    stance: str
    subject: str | None
    via: str | None


@dataclass(frozen=True, slots=True)
class Judgement:
    split: str
    tally: Tally
    speaker_stance: int
    """Gold claims whose speaker and stance khabar read."""
    via_right: int
    via_total: int


def parse(record: Record) -> Gold:
    number = field(record, "id", int)
    published, _ = iso_date(field(record, "published", str), "published")
    claims = []
    for item in field(record, "claims", list):
        if not isinstance(item, dict):
            raise BadRecord("a claim is not a JSON object")
        stance = str(item.get("stance", ""))
        if stance not in STANCES:
            raise BadRecord(f"unknown stance {stance!r}")
        claims.append(
            GoldClaim(
                speaker=str(item.get("speaker") or ""),
                stance=stance,
                subject=item.get("subject") or None,
                via=item.get("via") or None,
            )
        )
    split = "heldout" if number % HELD_OUT_EVERY == 0 else "dev"
    return Gold(str(number), field(record, "text", str), published, tuple(claims), split)


def predict(analysis: Analysis) -> list[Predicted]:
    return [
        Predicted(
            speaker=c.speaker_name,
            stance=c.stance,
            subject=c.subject.text if c.subject is not None else None,
            via=c.via.text if c.via is not None else None,
        )
        for c in analysis.extraction.claims
    ]


def judge(analysis: Analysis, gold: Gold, analyser: Analyser) -> Judgement:
    registry = analyser.registry
    return compare(predict(analysis), gold, lambda a, b: same_name(registry, a, b))


def compare(
    predicted: Sequence[Predicted], gold: Gold, same: Callable[[str, str], bool]
) -> Judgement:
    """One sentence's outcome; `same` says whether two names are the same speaker/actor."""

    def matches(p: Predicted, g: GoldClaim) -> bool:
        subject = g.subject is None or (p.subject is not None and same(p.subject, g.subject))
        return p.stance == g.stance and same(p.speaker, g.speaker) and subject

    weights = [[1.0 if matches(p, g) else 0.0 for g in gold.claims] for p in predicted]
    pairs = assignment(weights) if predicted and gold.claims else []
    tally = Tally(len(pairs), len(predicted), len(pairs), len(gold.claims))
    speaker_stance = sum(
        any(p.stance == g.stance and same(p.speaker, g.speaker) for p in predicted)
        for g in gold.claims
    )
    with_via = [(predicted[i], gold.claims[j]) for i, j in pairs if gold.claims[j].via]
    via_right = sum(p.via is not None and same(p.via, g.via or "") for p, g in with_via)
    return Judgement(gold.split, tally, speaker_stance, via_right, len(with_via))


def same_name(registry: Registry, predicted: str, gold: str) -> bool:
    """Equal after normalisation, one's words among the other's, or one registry entry."""
    mine, theirs = _words(predicted), _words(gold)
    if mine and theirs and (mine <= theirs or theirs <= mine):
        return True
    a, b = resolve_actor(registry, predicted), resolve_actor(registry, gold)
    return a is not None and b is not None and a.name == b.name


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in normalise(text).split() if w not in _DROPPED)


def summarise(judgements: Sequence[Judgement]) -> dict[str, Any]:
    result: dict[str, Any] = {"n": len(judgements)}
    for split in ("dev", "heldout"):
        result[split] = _figures([j for j in judgements if j.split == split])
    return result


def _figures(judgements: Sequence[Judgement]) -> dict[str, Any]:
    tally = Tally()
    for judgement in judgements:
        tally.add(judgement.tally)
    gold = int(tally.gold)
    return {
        "n": len(judgements),
        "gold_claims": gold,
        "predicted_claims": int(tally.predicted),
        "precision": ratio(int(tally.matched_predicted), int(tally.predicted)),
        "recall": ratio(int(tally.matched_gold), gold),
        "f1": round(tally.f1, 1),
        "speaker_stance_accuracy": ratio(sum(j.speaker_stance for j in judgements), gold),
        "via_accuracy": ratio(
            sum(j.via_right for j in judgements), sum(j.via_total for j in judgements)
        ),
    }
