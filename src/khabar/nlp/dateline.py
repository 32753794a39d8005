"""Wire datelines ("PESHAWAR, Pakistan (Reuters) —", "Ghazni:", "KABUL —") at a document's start.

The small model parses a dateline into the first sentence, often as its subject ("Ghazni:
militants killed ..." makes "Ghazni" a subject of "killed"). The `khabar_dateline` component runs
before the parser and starts a new sentence after the dateline, so the story's first sentence is
parsed on its own. Whether the dateline names a place is decided later (`extract.places`), once
entities are known; a split after a non-place heading ("UPDATE:") does no harm.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

_WORD = r"[A-Z][\w'’.\-]*"
_NAME = rf"{_WORD}(?:\s+(?:(?:al|el|ad|as|ash|ez|de|del|la|le|du|of)[\s\-])?{_WORD}){{0,3}}"
DATELINE = re.compile(
    rf"^\s*(?P<place>{_NAME})(?:,\s*(?P<context>{_NAME}))?"
    r"\s*(?:\([^)]{1,40}\))?\s*(?::|—|–|--|-)(?:\s|$)"
)
"""A capitalised name of up to four words ("Deir ez-Zor", "DERA ISMAIL KHAN"), an optional
", Country", an optional "(Agency)", then ":" or a dash."""
COMPONENT = "khabar_dateline"


@Language.component(COMPONENT)
def split_after_dateline(doc: Doc) -> Doc:
    """Mark the first word after a leading dateline as a sentence start."""
    match = DATELINE.match(doc.text)
    if match is None:
        return doc
    following = [tok for tok in doc if tok.idx >= match.end() and not tok.is_space]
    if following:
        following[0].is_sent_start = True
    return doc
