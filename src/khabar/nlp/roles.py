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
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from khabar.errors import ErrorCode, KhabarError
from khabar.nlp.memo import doc_text, lowers, tokens
from khabar.nlp.model import use_cpu_blas

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
CLASSIFIER = "textcat_multilabel"


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
    """Empty when the classifier tells no incident."""
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
    use_cpu_blas()
    try:
        return spacy.load(where)
    except OSError as exc:
        raise KhabarError(ErrorCode.MODEL_MISSING, str(where)) from exc


def fold_case(text: str) -> str:
    """Lower-case without moving any character: the spans must index the original text.

    Almost every text lower-cases character for character (`_lowers_alone`), and `str.lower`
    of the whole is then the same at a fraction of the cost."""
    if _lowers_alone(text):
        return text.lower()
    return "".join(c if len(low := c.lower()) != 1 else low for c in text)


def _lowers_alone(text: str) -> bool:
    """Whether `str.lower` lowers each character of `text` as it would alone, to one character:
    a character never lower-cases to nothing, so equal lengths mean one for one, and its one
    rule of context is a final capital sigma."""
    return "\u03a3" not in text and len(text.lower()) == len(text)


def read_roles(text: str, nlp: Language | None = None) -> RoleReading:
    """The classifier's incident types, and the tagger's phrases only where it tells an incident
    (`tells_incident`): elsewhere no phrase is used (`extract.roles`), and the tagger costs ten
    times what the classifier does. The classifier reads bags of words, not the shared tok2vec,
    so it runs first and alone."""
    model = nlp or load_roles()
    return read_many([model.make_doc(text)], model)[0]


def read_many(docs: Sequence[Doc], nlp: Language | None = None) -> list[RoleReading]:
    """`read_roles` of each document, on the tokens it already has (the analysis's spaCy Docs:
    tokenizing the text again cost a fifth of the model's time), the model run on them together
    (`Language.pipe` batches them)."""
    model = nlp or load_roles()
    taggers = [name for name in model.pipe_names if name != CLASSIFIER]
    read = list(model.pipe((_folded(doc, model) for doc in docs), disable=taggers))
    incidents = [{kind: float(p) for kind, p in doc.cats.items()} for doc in read]
    told = [i for i, kinds in enumerate(incidents) if tells_incident(kinds)]
    tagged = dict(zip(told, model.pipe((read[i] for i in told), disable=[CLASSIFIER]), strict=True))
    return [
        RoleReading(_spans(doc_text(doc), tagged[i]) if i in tagged else (), incidents[i])
        for i, doc in enumerate(docs)
    ]


def _folded(doc: Doc, model: Language) -> Doc:
    """`doc`'s tokens lower-cased (`fold_case`) in the model's vocabulary, at the same offsets.
    Where the text lowers character for character, those are the tokens' `lower_`, which
    `memo` keeps for the extractors; the text and the tokens are read through it too."""
    text = doc_text(doc)
    if _lowers_alone(text):
        words = list(lowers(doc))
    else:
        folded = fold_case(text)
        words = [folded[token.idx : token.idx + len(token)] for token in tokens(doc)]
    return Doc(model.vocab, words=words, spaces=doc.to_array("SPACY").astype(bool).tolist())


def _spans(text: str, doc: Doc) -> tuple[RoleSpan, ...]:
    return tuple(
        RoleSpan(ent.label_, ent.start_char, ent.end_char, text[ent.start_char : ent.end_char])
        for ent in doc.ents
    )
