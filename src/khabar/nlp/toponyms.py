"""Place names the statistical NER misses, added to a parsed doc as GPE entities.

The small model reads capitalisation and spelling: in ALL-CAPS or Title-Case headlines ("ARMY
SHELLS IDLIB") and with local spellings it never saw ("Reef Dimashq", "Saraqeb") it labels no
entity, or labels the words of a headline at random. A gazetteer knows these names. The nlp
stage does not import the gazetteer (a stage imports only from stages to its left), so the
pipeline hands its name finder (`Gazetteer.find_in_text`) to `add_toponyms`.

A name counts only when `prominent`: a country, an admin unit, a region or a large town, not
"Rock" in "Twin Blasts Rock Burma Army Compound" or "Valley" in "Hilmand Valley News" (capitals
mark no name in a headline). One that overlaps no entity is added when the tagger reads it as a
proper noun ("Man killed in bombing" names no town), or as a common noun or adjective written
with a capital inside a sentence of ordinary case ("shells target Aleppo neighborhoods"), or
whatever its tag when a colon follows it, as in a headline's kicker ("Cameroon: Eight soldiers
killed", where the tagger reads a common noun at a sentence's start). One
the model labelled exactly as a person, organisation, nationality, language, product, event or
work ("Saraqeb" ORG, "Aleppo" NORP or LANGUAGE, "Khan Shaykhun" PERSON, "Manbij" PRODUCT: its
usual errors on Arabic and Burmese names) is relabelled, unless the label comes from the
reviewed patterns (those carry an id: "Taliban" is an armed group, though also a Turkish
village's name). A leading "the" does not make an entity another span ("the Eastern Ghouta"
PRODUCT is the name "Eastern Ghouta"). A name with the Arabic article written right after a
capitalised word ends a longer name and is no place of its own ("Tahrir al-Sham" is a group,
not "al-Sham", Damascus).

The model also cuts names short or runs them together. A name that holds the entities it
overlaps replaces them: pieces ("DR" ORG and "Congo" GPE make "DR Congo") or a part ("Reef" GPE
in "Reef Dimashq", "Ghouta" ORG in "the eastern Ghouta"), unless the name starts with a small
lower-case word ("in Salah", an Algerian town, is not read into "fighting in Salah") or only adds
a compass word to a place entity ("Darfur" in "the North Darfur town of Mellit" stays the place
that holds Mellit, as the events stage compares it with "Darfur" in a headline). An entity
made of names and nothing else but joining words and place types is split into its names
("Douma and Eastern Ghouta" WORK_OF_ART, "Sagaing's Ye-U township" ORG); a headline's attribution
after a dash written with spaces, which the model runs into the name before it, is left out of
such an entity first ("al-Bab - army" PERSON gives al-Bab). An entity that
otherwise only overlaps a name is kept as it is ("Clare Hammond" is a person, "Bangkok Post" a
newspaper).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from spacy.tokens import Doc, Span

from khabar.nlp.compass import COMPASS
from khabar.nlp.memo import doc_text

Finder = Callable[[str], Sequence[tuple[int, int, str]]]
"""Names in a text as (start, end, surface) character spans, in text order; the surface is the
text between them."""
Prominent = Callable[[str], bool]
"""Whether a name most likely means a place (`Gazetteer.is_prominent_place`)."""

LABEL = "GPE"
RELABELLED = frozenset(
    {"PERSON", "ORG", "NORP", "LANGUAGE", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW"}
)
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
COMMON_TAGS = frozenset({"NN", "NNS", "JJ"})
_ARTICLE = re.compile(r"(?:[ae][lnrstdz]|ash)-", re.I)
"""The Arabic article as the press transliterates it: al-, el-, an-, ar-, as-, ash-, at-, ad-."""
DASHES = frozenset({"-", "–", "—"})
DIRECTION_TOKENS = COMPASS | {"-"}
"""The tokens that only add a direction to a name ("North Darfur", "north-west Syria")."""
CUES_BEFORE = frozenset(
    {"in", "near", "at", "outside", "inside", "around", "into", "from", "across", "to", "toward",
     "towards"}
)  # fmt: skip
"""Prepositions of place: a name after one is meant as a place, even in capitals."""
PLACE_TYPES = frozenset(
    {"province", "district", "city", "town", "village", "region", "state", "county",
     "governorate", "prefecture", "township", "valley", "area"}
)  # fmt: skip
"""Type words after a name that mark it a place, even in capitals ("DRAMA PREFECTURE")."""
# What may stand between the names of an entity that is split into them.
JOINERS = frozenset(
    {"and", "&", ",", "'s", "’s", "'", "’", "the", "of", "-", "–", "/",
     "township", "city", "town", "village", "district", "province", "state", "region",
     "governorate", "countryside", "area", "areas", "neighbourhood", "neighborhood",
     "neighbourhoods", "neighborhoods", "suburb", "suburbs", "outskirts", "division"}
)  # fmt: skip


def add_toponyms(
    doc: Doc, finder: Finder, prominent: Prominent, major: Prominent | None = None
) -> Doc:
    """Label the names `finder` finds in `doc` GPE (see the module docstring). A name is read as
    written before a span is made of it: most are not prominent. `major` (when given) tells the
    names a headline in capitals may use with no cue (`_uncued_in_capitals`)."""
    text = doc_text(doc)
    names = [
        span
        for start, end, surface in finder(text)
        if prominent(surface)
        and not ends_a_name(text, start, surface)
        and (span := doc.char_span(start, end, label=LABEL)) is not None
    ]
    ents = {(_without_the(ent), ent.end): ent for ent in doc.ents}
    changed = _split(ents, names)
    taken = {i for ent in ents.values() for i in range(ent.start, ent.end)}
    for span in names:
        same = ents.get((span.start, span.end))
        if same is not None:
            if same.label_ in RELABELLED and not same.ent_id_:
                ents[(span.start, span.end)] = span
                changed = True
        elif (
            not any(i in taken for i in range(span.start, span.end))
            and _reads_as_name(span)
            and not (major is not None and _uncued_in_capitals(span) and not major(span.text))
        ):
            ents[(span.start, span.end)] = span
            taken.update(range(span.start, span.end))
            changed = True
        elif (parts := _parts(ents, span)) is not None:
            for key in parts:
                del ents[key]
            ents[(span.start, span.end)] = span
            taken.update(range(span.start, span.end))
            changed = True
    if changed:
        doc.ents = sorted(ents.values(), key=lambda span: span.start)
    return doc


def _reads_as_name(span: Span) -> bool:
    """Whether a name no entity covers stands as a proper noun: the tagger says so, or it
    reads a capitalised word inside a sentence in ordinary case as a common noun or adjective
    ("shells target Aleppo neighborhoods", "clashes in Azaz"), or it heads a kicker before a
    colon. Not at a sentence's start ("Man dies under torture"), after another capitalised word
    ("Nem Davies"), within a compound ("pro-Turkey factions") or in a Title-Case headline, where
    capitals mark no name."""
    last = span[-1]
    if last.pos_ == "PROPN" or _kicker(span):
        return True
    if last.tag_ not in COMMON_TAGS or not span.text[0].isupper() or span.text.isupper():
        return False
    first = span[0]
    before = first.nbor(-1) if first.i > 0 else None
    if first.is_sent_start or (before is not None and (before.is_title or not before.whitespace_)):
        return False
    words = [t for t in first.sent if t.is_alpha and not span.start <= t.i < span.end]
    return sum(t.is_title or t.is_upper for t in words) * 2 <= len(words)


def _uncued_in_capitals(span: Span) -> bool:
    """Whether a name stands in a sentence written in capitals with nothing that marks it a
    place: no preposition of place before it ("IN DRAMA"), no place type after it ("DRAMA
    PREFECTURE") and no kicker's colon (`_kicker`). Capitals mark no name there, and the tagger
    reads most of such a headline's words as proper nouns, so a word that is also a town's name
    ("DRAMA OF YIRGOU", Dráma; "MALI YANG OFFENSIVE", Yang for Yangzhou) is a place only when
    it is a major one."""
    words = [t for t in span.sent if t.is_alpha]
    if not span.text.isupper() or _kicker(span) or sum(t.is_upper for t in words) * 2 <= len(words):
        return False
    before = span.doc[span.start - 1].lower_ if span.start > span.sent.start else ""
    after = span.doc[span.end].lower_ if span.end < span.sent.end else ""
    return before not in CUES_BEFORE and after not in PLACE_TYPES


def ends_a_name(text: str, start: int, surface: str) -> bool:
    """Whether a name with the Arabic article ("al-Sham", "al-Islam") at `start` of `text` ends
    a longer name whose first word is written with a capital right before it ("Hayyaat Tahrir
    al-Sham", "Jaysh al-Islam", "Bashar al-Assad"): the construct names one thing, a group or a
    person, and "al-Sham" alone would be Damascus. A direction before it is no such word
    ("Eastern al-Ghouta"), and a place named whole ("Deir al-Zour") is found whole."""
    if not _ARTICLE.match(surface):
        return False
    end = start
    while end > 0 and text[end - 1] in " \t":
        end -= 1
    begin = end
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    word = text[begin:end]
    return end < start and word[:1].isupper() and word.lower() not in COMPASS


def _kicker(span: Span) -> bool:
    """Whether a name stands before a colon, as a headline's kicker or a dateline ("Cameroon:
    Eight soldiers killed …", "AI Myanmar: …"): it names the story's place wherever it stands
    and however the tagger reads it."""
    following = span.doc[span.end] if span.end < len(span.doc) else None
    return following is not None and following.text == ":"


def _replaceable(ent: Span) -> bool:
    """Whether the model's entity `ent` may give way to a name (no reviewed pattern made it)."""
    return (ent.label_ in RELABELLED or ent.label_ in PLACE_LABELS) and not ent.ent_id_


def _parts(ents: dict[tuple[int, int], Span], span: Span) -> list[tuple[int, int]] | None:
    """The keys of the entities a longer name holds and may replace (see the module docstring:
    "DR" ORG + "Congo" GPE in "DR Congo", "Reef" GPE in "Reef Dimashq"); else None."""
    overlapping = [k for k, e in ents.items() if e.start < span.end and span.start < e.end]
    if not overlapping or (span[0].is_lower and span[0].is_stop):
        return None
    inside = all(span.start <= ents[k].start and ents[k].end <= span.end for k in overlapping)
    if len(overlapping) == 1:
        part = ents[overlapping[0]]
        added = [t for t in span if not part.start <= t.i < part.end]
        if not added or (
            part.label_ in PLACE_LABELS and all(t.lower_ in DIRECTION_TOKENS for t in added)
        ):
            return None
    replaceable = all(_replaceable(ents[k]) for k in overlapping)
    return overlapping if inside and replaceable else None


def _split(ents: dict[tuple[int, int], Span], names: list[Span]) -> bool:
    """Replace each entity made of names, joining words and place types only (see the module
    docstring) by those names; whether any was. What follows a spaced dash is left out first:
    it is a headline's attribution the model ran into the name ("al-Bab - army" PERSON,
    "Marinka - General Staff" ORG)."""
    changed = False
    for key, ent in list(ents.items()):
        if ent.label_ not in RELABELLED or ent.ent_id_:
            continue
        inner = [n for n in names if ent.start <= n.start and n.end <= ent.end]
        dash = ent.start + _before_dash(ent)
        if any(n.start >= dash for n in inner):  # "Qarabel – Tell Numan" lists two names
            dash = ent.end
        head = [n for n in inner if n.end <= dash]
        if not head:
            continue
        covered = {i for n in head for i in range(n.start, n.end)}
        rest = [t for t in ent[: dash - ent.start] if t.i not in covered]
        if (rest or dash < ent.end) and all(t.lower_ in JOINERS for t in rest):
            del ents[key]
            for name in head:
                ents[(name.start, name.end)] = name
            changed = True
    return changed


def _before_dash(ent: Span) -> int:
    """How many of `ent`'s tokens come before its first dash written with spaces on both
    sides; all of them when it has none (a hyphen inside a name, "Khyber-Pakhtunkhwa", has
    none)."""
    for token in ent[1:]:
        if token.text in DASHES and token.whitespace_ and token.nbor(-1).whitespace_:
            return token.i - ent.start
    return len(ent)


def _without_the(ent: Span) -> int:
    """Where `ent` starts once a leading "the" is left out."""
    return ent.start + 1 if len(ent) > 1 and ent[0].lower_ == "the" else ent.start
