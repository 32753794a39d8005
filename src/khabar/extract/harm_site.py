"""Where a report's harm happened, when one sentence tells incidents at several places.

Monitors' headlines list a day's incidents in one sentence, joined by "and", commas or
semicolons: "Clashes in the countryside of Hama and a person was killed in Daraa city",
"Shells target Damascus and losses in rebels in Daraa". The events stage reads such a sentence
as one report with every incident's place as its site, and the report's counts are the harm
told, so its site is where that harm was told. In a sentence whose parts (cut at "and", ","
and ";") name event sites, where some but not all of those parts tell people killed or injured
(`casualties.harm_word`), the sites of the other parts become `mentioned`: they are the places
of incidents told alongside that harmed no one. A sentence that tells harm in no part with a
site, or in every one, keeps its sites. A part that opens with "in", "at" or "near" ("Casualties
in Rif Dimashq and in the countryside of Daraa") has no predicate of its own: it is read with
the part before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc, Span

from khabar.extract.casualties import harm_word
from khabar.extract.types import PlaceMention
from khabar.nlp.memo import lowers

SITE = "event_site"
CUTS = frozenset({"and", ",", ";"})
ELLIPTICAL = frozenset({"in", "at", "near"})
"""Prepositions of place that open a part continuing the one before."""


def harm_sites(doc: Doc, places: Sequence[PlaceMention]) -> list[PlaceMention]:
    """`places` with the sites of a sentence's harmless parts made `mentioned` (see above)."""
    by_sentence: dict[int, list[tuple[int, int]]] = {}
    sentences: dict[int, Span] = {}
    for index, place in enumerate(places):
        if place.role != SITE:
            continue
        token = _first_token(doc, place)
        if token is None:
            continue
        sent = doc[token].sent
        sentences[sent.start] = sent
        by_sentence.setdefault(sent.start, []).append((index, token))
    harmless: set[int] = set()
    for start, sites in by_sentence.items():
        if len(sites) > 1:
            harmless |= _harmless(sentences[start], sites)
    return [replace(p, role="mentioned") if i in harmless else p for i, p in enumerate(places)]


def _harmless(sent: Span, sites: list[tuple[int, int]]) -> set[int]:
    """Of `sites` (place index, first token) in `sent`, those in parts that tell no harm, when
    another part with a site tells some."""
    doc, forms = sent.doc, lowers(sent.doc)
    cuts = [i for i in range(sent.start, sent.end) if forms[i] in CUTS]
    cuts = [i for i in cuts if not (i + 1 < sent.end and forms[i + 1] in ELLIPTICAL)]
    bounds = [sent.start, *(i + 1 for i in cuts), sent.end]
    part_of = {index: sum(b <= token for b in bounds[1:-1]) for index, token in sites}
    harmed = {
        part
        for part in set(part_of.values())
        if any(harm_word(doc[i]) for i in range(bounds[part], bounds[part + 1]))
    }
    if not harmed or harmed == set(part_of.values()):
        return set()
    return {index for index, part in part_of.items() if part not in harmed}


def _first_token(doc: Doc, place: PlaceMention) -> int | None:
    span = doc.char_span(place.evidence.start, place.evidence.end, alignment_mode="expand")
    return span.start if span is not None and len(span) else None
