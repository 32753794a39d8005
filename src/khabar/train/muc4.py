"""MUC-4 templates → spaCy training documents for the `roles` model (`nlp/roles.py`).

Every verbatim occurrence of a gold mention is labelled with its role, longest mention first,
so that "farabundo marti national liberation front" wins over "front"; a span already taken by
an earlier (longer) mention keeps its label. Documents without templates are kept as negative
examples: they teach the tagger that a guerrilla named in a political story is no perpetrator.
Each document also carries its incident types as categories (`NO_INCIDENT` when it has none),
read by the doc classifier.

Only the `train` split is ever converted; a deterministic tenth of it (by message id) is held
out for model selection, so `split=dev` stays untouched for the figures we report.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, DocBin, Span

from khabar.eval.records import Record
from khabar.nlp.roles import INCIDENT_TYPES, LABELS, NO_INCIDENT

HOLDOUT_PERCENT = 10


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    spans: tuple[tuple[int, int, str], ...]
    incidents: frozenset[str]


def in_holdout(record_id: str) -> bool:
    """A stable tenth of the train split, chosen by a hash of the message id."""
    digest = hashlib.sha256(record_id.encode()).digest()
    return digest[0] * 100 // 256 < HOLDOUT_PERCENT


def example(record: Record) -> Example:
    text = record["text"]
    mentions: list[tuple[str, str]] = []
    incidents: set[str] = set()
    for template in record.get("templates") or []:
        for kind in str(template.get("incident_type", "")).split("/"):
            if kind.strip() in INCIDENT_TYPES:
                incidents.add(kind.strip())
        for role, label in LABELS.items():
            for entity in template.get(role) or []:
                mentions.extend((mention, label) for mention in entity if mention.strip())
    taken = [False] * len(text)
    spans: list[tuple[int, int, str]] = []
    for mention, label in sorted(set(mentions), key=lambda m: (-len(m[0]), m)):
        for match in re.finditer(rf"(?<!\w){re.escape(mention)}(?!\w)", text):
            start, end = match.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                spans.append((start, end, label))
    return Example(record["id"], text, tuple(sorted(spans)), frozenset(incidents or {NO_INCIDENT}))


def examples(records: Iterable[Record], *, holdout: bool) -> Iterator[Example]:
    """The train split's examples, either the held-out tenth or the rest."""
    for record in records:
        if record.get("split") == "train" and in_holdout(record["id"]) == holdout:
            yield example(record)


def to_doc(nlp: Language, item: Example) -> Doc:
    doc = nlp.make_doc(item.text)
    ents: list[Span] = []
    for start, end, label in item.spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None and not any(span.start < e.end and e.start < span.end for e in ents):
            ents.append(span)
    doc.ents = ents
    doc.cats = {kind: float(kind in item.incidents) for kind in (*INCIDENT_TYPES, NO_INCIDENT)}
    return doc


def docbin(nlp: Language, items: Iterable[Example]) -> DocBin:
    return DocBin(docs=(to_doc(nlp, item) for item in items), store_user_data=False)
