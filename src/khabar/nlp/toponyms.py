"""Place names the statistical NER misses, added to a parsed doc as GPE entities.

The small model reads capitalisation and spelling: in ALL-CAPS or Title-Case headlines ("ARMY
SHELLS IDLIB") and with local spellings it never saw ("Reef Dimashq", "Saraqeb") it labels no
entity, or labels the words of a headline at random. A gazetteer knows these names. The nlp
stage does not import the gazetteer (a stage imports only from stages to its left), so the
pipeline hands its name finder (`Gazetteer.find_in_text`) to `add_toponyms`.

A name counts only when `prominent`: a country, an admin unit, a region or a large town, not
"Rock" in "Twin Blasts Rock Burma Army Compound" or "Valley" in "Hilmand Valley News" (capitals
mark no name in a headline). One that overlaps no entity is added when the tagger reads it as a
proper noun ("Man killed in bombing" names no town). One the model labelled exactly as a person,
organisation, nationality, product, event or work ("Saraqeb" ORG, "Aleppo" NORP, "Khan
Shaykhun" PERSON, "Manbij" PRODUCT: its usual errors on Arabic and Burmese names) is relabelled,
unless the label comes from the reviewed patterns (those carry an id: "Taliban" is an armed
group, though also a Turkish village's name). A leading "the" does not make an entity another
span ("the Eastern Ghouta" PRODUCT is the name "Eastern Ghouta"), and a name the model cut in
pieces is put together ("DR" ORG and "Congo" GPE make "DR Congo"). An entity that otherwise
only overlaps a name is kept as it is ("Clare Hammond" is a person).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span

Finder = Callable[[str], Sequence[tuple[int, int, str]]]
"""Names in a text as (start, end, surface) character spans, in text order."""
Prominent = Callable[[str], bool]
"""Whether a name most likely means a place (`Gazetteer.is_prominent_place`)."""

LABEL = "GPE"
RELABELLED = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"})


def add_toponyms(doc: Doc, finder: Finder, prominent: Prominent) -> Doc:
    """Label the names `finder` finds in `doc` GPE (see the module docstring)."""
    ents = {(_without_the(ent), ent.end): ent for ent in doc.ents}
    taken = {i for ent in doc.ents for i in range(ent.start, ent.end)}
    changed = False
    for start, end, _ in finder(doc.text):
        span = doc.char_span(start, end, label=LABEL)
        if span is None or not prominent(span.text):
            continue
        same = ents.get((span.start, span.end))
        if same is not None:
            if same.label_ in RELABELLED and not same.ent_id_:
                ents[(span.start, span.end)] = span
                changed = True
        elif not any(i in taken for i in range(span.start, span.end)) and span[-1].pos_ == "PROPN":
            ents[(span.start, span.end)] = span
            taken.update(range(span.start, span.end))
            changed = True
        elif (parts := _parts(ents, span)) is not None:
            for key in parts:
                del ents[key]
            ents[(span.start, span.end)] = span
            changed = True
    if changed:
        doc.ents = sorted(ents.values(), key=lambda span: span.start)
    return doc


def _parts(ents: dict[tuple[int, int], Span], span: Span) -> list[tuple[int, int]] | None:
    """The keys of the entities a longer name is made of ("DR" ORG + "Congo" GPE in "DR
    Congo"), when all lie inside it and none carries a reviewed label; else None."""
    overlapping = [k for k, e in ents.items() if e.start < span.end and span.start < e.end]
    inside = all(span.start <= ents[k].start and ents[k].end <= span.end for k in overlapping)
    replaceable = all(
        (ents[k].label_ in RELABELLED or ents[k].label_ == LABEL) and not ents[k].ent_id_
        for k in overlapping
    )
    return overlapping if overlapping and inside and replaceable and len(overlapping) > 1 else None


def _without_the(ent: Span) -> int:
    """Where `ent` starts once a leading "the" is left out."""
    return ent.start + 1 if len(ent) > 1 and ent[0].lower_ == "the" else ent.start
