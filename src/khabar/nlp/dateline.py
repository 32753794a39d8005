"""Sentence starts that the parser cannot see: line breaks and a wire dateline.

Ingest writes one paragraph or heading per line, so a line break always ends a sentence; the
small model otherwise parses a headline, a subheading ("Kunar") or a dateline into the next
line's sentence ("Mogadishu\\nSeven soldiers" becomes one noun phrase). The dateline ("PESHAWAR,
Pakistan (Reuters) —", "Ghazni:", "KABUL —") opens the first line of the story, after the
headline and any subheading, and is often parsed as the subject of the lead ("Ghazni: militants
killed ..." makes "Ghazni" a subject of "killed"). The `khabar_dateline` component runs before
the parser, starts a sentence after every line break and after the dateline, so each headline
and the lead are parsed on their own. Whether the dateline names a place is decided later
(`extract.places`), once entities are known; a split after a non-place heading ("UPDATE:") does
no harm. An ellipsis written between two words with no space, as monitors write headlines
("Despite promises of a cease-fire…air strikes continue on Daraa"), joins two clauses the
parser would read as one phrase (the strikes as the promise's object), so it starts a sentence
too, unless a conjunction follows it ("north of Latakia…and more strikes"), which the parser
reads as joining the two.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Token

from khabar.nlp.memo import doc_text

_WORD = r"[A-Z][\w'’.\-]*"
_NAME = rf"{_WORD}(?:\s+(?:(?:al|el|ad|as|ash|ez|de|del|la|le|du|of)[\s\-])?{_WORD}){{0,3}}"
DATELINE = re.compile(
    rf"^\s*[*_]*(?P<place>{_NAME})(?:,\s*(?P<context>{_NAME}))?"
    r"\s*(?:\([^)]{1,40}\))?[*_]*\s*(?::|—|–|--|-)(?:\s|$)"
)
"""A capitalised name of up to four words ("Deir ez-Zor", "DERA ISMAIL KHAN"), an optional
", Country", an optional "(Agency)", then ":" or a dash; Markdown emphasis around it is allowed
("**LAKKI MARWAT, Pakistan** —")."""
DATELINE_LINES = 3
"""How many lines may precede the dateline's: a headline and a subheading."""
COMPONENT = "khabar_dateline"
_ELLIPSES = frozenset({"…", "..."})


def _dateline_line(text: str) -> tuple[int, re.Match[str]] | None:
    """The dateline opening one of the first lines of `text`, and where that line starts."""
    offset = 0
    for line in text.split("\n")[: DATELINE_LINES + 1]:
        match = DATELINE.match(line)
        if match is not None:
            return offset, match
        offset += len(line) + 1
    return None


@Language.component(COMPONENT)
def split_sentences(doc: Doc) -> Doc:
    """Mark the first word of every line, and the first word after the dateline, as sentence
    starts, and the dateline's other words as none."""
    starts = {tok.i + 1 for tok in doc[:-1] if tok.is_space and "\n" in tok.text}
    starts |= {tok.i + 1 for tok in doc[1:-1] if _glued_ellipsis(tok)}
    found = _dateline_line(doc_text(doc))
    if found is not None:
        begin, end = found[0], found[0] + found[1].end()
        inside = [t for t in doc if begin <= t.idx < end and not t.is_space]
        # The parser would cut "BAGHDAD (Tigris Daily) —" after the name: keep it whole.
        for tok in inside[1:]:
            tok.is_sent_start = False
        starts |= {next((t.i for t in doc if t.idx >= end and not t.is_space), len(doc))}
    for i in starts:
        if i < len(doc) and not doc[i].is_space:
            doc[i].is_sent_start = True
    return doc


def _glued_ellipsis(tok: Token) -> bool:
    """An ellipsis with a word written right against it on either side ("cease-fire…air"), the
    second no conjunction. Every token of every document is asked, so the ellipsis itself is
    checked before its neighbours are looked up."""
    if tok.text not in _ELLIPSES or tok.whitespace_:
        return False
    before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
    return not before.whitespace_ and before.is_alpha and after.is_alpha and after.tag_ != "CC"
