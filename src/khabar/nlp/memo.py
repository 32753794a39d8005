"""What the extractors read many times from one parsed doc, computed once per doc.

spaCy's `Doc.text` joins every token's text again on each read, and the extractors read it for
every piece of evidence; and one sentence is read for its quantities, casualties and damage by
several questions (is it background, does it tell a new incident, what does it add). A parsed
doc no longer changes once the nlp stage has labelled it (`add_toponyms` included), so each of
these is kept in the doc's `user_data` until whoever reads the doc `forget`s it
(`extract_document`, once it is done). Values kept there are Python objects: a doc is not meant
to be serialised with them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from spacy.tokens import Doc, Span

T = TypeVar("T")

_KEY = "khabar.memo"


def remembered(doc: Doc, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` the first time `key` is asked of `doc`, then what it gave."""
    store: dict[Hashable, Any] = doc.user_data.setdefault(_KEY, {})
    if key in store:
        value: T = store[key]
        return value
    value = store[key] = compute()
    return value


def forget(doc: Doc) -> None:
    """Drop what was kept for `doc`. Kept spans point back at the doc, so until then the doc and
    its arrays wait for Python's cycle collector, and a worker's memory grows meanwhile."""
    doc.user_data.pop(_KEY, None)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once."""
    return remembered(doc, "text", lambda: doc.text)


def span_text(span: Span) -> str:
    """`span.text`, sliced from `doc_text` (spaCy joins the span's tokens again on each read)."""
    return doc_text(span.doc)[span.start_char : span.end_char] if len(span) else ""


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, made once (spaCy makes a new `Span` for every entity on each read)."""
    return remembered(doc, "ents", lambda: tuple(doc.ents))


def ents_in(span: Span) -> list[Span]:
    """`span.ents`: the entities that lie wholly inside `span`, read from `doc_ents`."""
    found = []
    for ent in doc_ents(span.doc):
        if ent.start >= span.start:
            if ent.end > span.end:
                break
            found.append(ent)
    return found


def per_span(read: Callable[[Span], T]) -> Callable[[Span], T]:
    """`read(span)` once per span of a doc (a span is its start and end token)."""
    name = f"{read.__module__}.{read.__qualname__}"

    @functools.wraps(read)
    def once(span: Span) -> T:
        return remembered(span.doc, (name, span.start, span.end), lambda: read(span))

    return once


@per_span
def lemmas(span: Span) -> frozenset[str]:
    """The lower-cased lemmas of `span`'s words."""
    return frozenset(tok.lemma_.lower() for tok in span)
