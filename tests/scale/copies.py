"""A batch with near-duplicates for the runner tests: a copy of a document stored by an earlier
run, and an original followed at once by its copy, so that both are in flight together."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "dedupe" / "fixtures"
STORED = FIXTURES / "wire_original.txt"
"""Stored by an earlier run before the batch."""
COPY_OF_STORED = FIXTURES / "wire_copy.txt"
ORIGINAL = FIXTURES / "same_topic.txt"


def light_update(folder: Path) -> Path:
    """`ORIGINAL` as an outlet re-publishes it an hour later: a new toll, a line added."""
    text = ORIGINAL.read_text().replace("at least fifteen", "at least seventeen")
    path = folder / "same_topic_update.txt"
    path.write_text(text + "\nThe toll was raised later in the day, officials said.\n")
    return path
