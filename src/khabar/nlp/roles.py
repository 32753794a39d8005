"""A small trained tagger for who did what with what to whom, and a doc-level incident classifier.

The rules in `extract/` read cased wire copy well, but capital letters are their main cue; the
MUC-4 reports (and many transcribed radio bulletins) have none. This model learnt from the MUC-4
train split only (lower-cased text, `train/muc4.py`; `make train` retrains it): a CNN tok2vec
shared by an NER that labels perpetrators (individual and organisation), physical targets,
victims and weapons, and a multi-label classifier of the document's incident types. It runs on
the lower-cased text, so cased and uncased copy read the same. It ships inside the package
(14 MB, CPU only) and is loaded once per process.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from khabar.errors import ErrorCode, KhabarError

NAME = "roles@1"
LABELS = {
    "PerpInd": "PERP_IND",
    "PerpOrg": "PERP_ORG",
    "Target": "TARGET",
    "Victim": "VICTIM",
    "Weapon": "WEAPON",
}
"""MUC-4 role → NER label."""
INCIDENT_TYPES = ("attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage")
NO_INCIDENT = "none"
MODEL_DIR = "roles"


@dataclass(frozen=True, slots=True)
class RoleSpan:
    label: str
    """One of `LABELS`' values."""
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class RoleReading:
    spans: tuple[RoleSpan, ...]
    incidents: dict[str, float]
    """Probability of each incident type and of `NO_INCIDENT`."""


def tells_incident(incidents: dict[str, float]) -> bool:
    """Whether the classifier finds some incident type likelier than "none"."""
    told = max((p for kind, p in incidents.items() if kind != NO_INCIDENT), default=None)
    return told is not None and told > incidents.get(NO_INCIDENT, 0.0)


def model_path() -> Path:
    return Path(str(resources.files("khabar.nlp").joinpath("models", MODEL_DIR)))


@functools.cache
def load_roles(path: Path | None = None) -> Language:
    """The trained pipeline, loaded once per process."""
    where = path or model_path()
    try:
        return spacy.load(where)
    except OSError as exc:
        raise KhabarError(ErrorCode.MODEL_MISSING, str(where)) from exc


def fold_case(text: str) -> str:
    """Lower-case without moving any character: the spans must index the original text."""
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def read_roles(text: str, nlp: Language | None = None) -> RoleReading:
    model = nlp or load_roles()
    doc = model(fold_case(text))
    spans = tuple(
        RoleSpan(ent.label_, ent.start_char, ent.end_char, text[ent.start_char : ent.end_char])
        for ent in doc.ents
    )
    return RoleReading(spans, {kind: float(p) for kind, p in doc.cats.items()})
