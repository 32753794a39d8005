"""What the extractors read many times from one parsed doc, computed once per doc.

spaCy's `Doc.text` joins every token's text again on each read, and the extractors read it for
every piece of evidence; and one sentence is read for its quantities, casualties and damage by
several questions (is it background, does it tell a new incident, what does it add). A parsed
doc no longer changes once the nlp stage has labelled it (`add_toponyms` included; its text and
tokens never change, so `add_toponyms` reads the text from here too, and the nlp stage's
dateline component, which joins the text itself, keeps it here), so each is kept
in the doc's `user_data` until whoever reads the doc `forget`s it (`extract_document`, once it
is done). Values kept there are Python objects: a doc is not meant to be serialised with them.

Every token a doc yields, and every `doc[i]`, is a new `Token`, and each read of a string
attribute (`lower_`, `lemma_`) looks it up in the vocabulary again; the extractors walk every
token of a sentence for several questions, so they read the tokens and their common strings
from here (`tokens`, `lowers`, `lemmas_lower`).
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Hashable
from operator import attrgetter
from typing import Any, TypeVar

from spacy.tokens import Doc, Span, Token

T = TypeVar("T")

_KEY = "khabar.memo"
_LOWER, _TAG, _LEMMA = attrgetter("lower_"), attrgetter("tag_"), attrgetter("lemma_")
"""The token attributes read for every token of a doc, by `map` (no Python frame per token)."""
_TEXT: Callable[[Doc], str] = attrgetter("text")
_ENTS: Callable[[Doc], tuple[Span, ...]] = attrgetter("ents")


def remembered(doc: Doc, key: Hashable, compute: Callable[..., T], *args: Any) -> T:
    """`compute(*args)` the first time `key` is asked of `doc`, then what it gave. The readers
    below ask this hundreds of times a document: their arguments are passed on, not closed over
    by a new function each time (which cost as much as the look-up)."""
    try:
        value: T = doc.user_data[_KEY][key]
    except KeyError:
        value = doc.user_data.setdefault(_KEY, {})[key] = compute(*args)
    return value


def forget(doc: Doc) -> None:
    """Drop what was kept for `doc`. Kept spans point back at the doc, so until then the doc and
    its arrays wait for Python's cycle collector, and a worker's memory grows meanwhile."""
    doc.user_data.pop(_KEY, None)


def doc_text(doc: Doc) -> str:
    """`doc.text`, joined once; the nlp stage's own components read it here too (`dateline`)."""
    return remembered(doc, "text", _TEXT, doc)


def span_text(span: Span) -> str:
    """`span.text`, sliced from `doc_text` (spaCy joins the span's tokens again on each read)."""
    return doc_text(span.doc)[span.start_char : span.end_char] if len(span) else ""


def doc_ents(doc: Doc) -> tuple[Span, ...]:
    """`doc.ents`, made once (spaCy makes a new `Span` for every entity on each read)."""
    return remembered(doc, "ents", _ENTS, doc)


def ents_in(span: Span) -> list[Span]:
    """`span.ents`: the entities that lie wholly inside `span`. `doc_ents` are in order and never
    overlap, so those are the ones that start in it (`ent_starts`), less the last when it runs
    past the span's end."""
    doc = span.doc
    starts = ent_starts(doc)
    found = list(
        doc_ents(doc)[bisect.bisect_left(starts, span.start) : bisect.bisect_left(starts, span.end)]
    )
    if found and found[-1].end > span.end:
        found.pop()
    return found


def ent_starts(doc: Doc) -> tuple[int, ...]:
    """Where each of `doc_ents` starts, in order."""
    return remembered(doc, "ent_starts", _starts, doc)


def tokens(doc: Doc) -> tuple[Token, ...]:
    """`doc`'s tokens, made once: spaCy makes a new `Token` on every `doc[i]`, and for every
    token a span yields."""
    return remembered(doc, "tokens", tuple, doc)


def doc_span(doc: Doc, start: int, end: int) -> Span:
    """`doc[start:end]`, made directly when the bounds are in order: spaCy's slicing normalises
    them in Python first, which costs three times what making the `Span` does."""
    if 0 <= start <= end <= len(doc):
        return Span(doc, start, end)
    return doc[start:end]


def span_tokens(span: Span) -> tuple[Token, ...]:
    """The tokens of `span`, from `tokens`."""
    return tokens(span.doc)[span.start : span.end]


def lowers(doc: Doc) -> tuple[str, ...]:
    """Every token's `lower_`, by document index (each read of it looks the string up again)."""
    return remembered(doc, "lowers", _column, _LOWER, doc)


def token_tags(doc: Doc) -> tuple[str, ...]:
    """Every token's `tag_`, by document index."""
    return remembered(doc, "tags", _column, _TAG, doc)


def lemmas_lower(doc: Doc) -> tuple[str, ...]:
    """Every token's lower-cased lemma, by document index."""
    return remembered(doc, "lemmas", _lower_lemmas, doc)


def _column(read: Callable[[Token], str], doc: Doc) -> tuple[str, ...]:
    return tuple(map(read, tokens(doc)))


def _lower_lemmas(doc: Doc) -> tuple[str, ...]:
    return tuple(map(str.lower, map(_LEMMA, tokens(doc))))


def _starts(doc: Doc) -> tuple[int, ...]:
    return tuple(ent.start for ent in doc_ents(doc))


def per_span(read: Callable[[Span], T]) -> Callable[[Span], T]:
    """`read(span)` once per span of a doc (a span is its start and end token)."""
    name = f"{read.__module__}.{read.__qualname__}"

    @functools.wraps(read)
    def once(span: Span) -> T:
        return remembered(span.doc, (name, span.start, span.end), read, span)

    return once


@per_span
def lemmas(span: Span) -> frozenset[str]:
    """The lower-cased lemmas of `span`'s words."""
    return frozenset(lemmas_lower(span.doc)[span.start : span.end])
