"""Words an outlet uses in a sense of its own, by which its documents are read.

The Syrian Observatory's English reports count the dead as "casualties" ("6 casualties at least
in missile strike", "raises the overall toll to 931 casualties"), where other copy means the
killed and the injured together, and UCDP, reading the full reports, codes those counts as
deaths. The outlets file (`geo/data/outlets.tsv`, column `style`) says which outlet writes so;
the pipeline hands the document's style to `extract_document`, which keeps it with the doc for
the extractors (`style_of`) until it is done.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from khabar.nlp.memo import remembered

_KEY = "house_style"


@dataclass(frozen=True, slots=True)
class HouseStyle:
    casualties_are_dead: bool = False
    """Its "casualties" are the killed alone (`casualties:dead`)."""

    @classmethod
    def parse(cls, text: str) -> HouseStyle:
        """The style a `style` cell names, usages separated by "|"; raises `ValueError` for a
        usage khabar does not know."""
        usages = {usage.strip() for usage in text.split("|") if usage.strip()}
        unknown = usages - {"casualties:dead"}
        if unknown:
            raise ValueError(f"unknown usage {', '.join(sorted(unknown))} (known: casualties:dead)")
        return cls(casualties_are_dead="casualties:dead" in usages)


PLAIN = HouseStyle()
"""Words in their common sense."""


def keep_style(doc: Doc, style: HouseStyle) -> None:
    """Has `style_of(doc)` give `style` until the doc's memo is forgotten."""
    remembered(doc, _KEY, lambda: style)


def style_of(doc: Doc) -> HouseStyle:
    """The style kept for `doc`, plain where none was (an extractor called on its own)."""
    return remembered(doc, _KEY, lambda: PLAIN)
