"""Compass words, one list for every stage that tells a direction from a place name.

The toponym pass keeps a place entity that a longer name only extends by a direction ("Darfur"
in "North Darfur"), and the geo stage reads a name such as "Northern" (a region of Ghana) in a
sentence as a direction (`geo.document_place`, `geo.geocoder`), written with a hyphen or not
("South-West", "Southwest"). Each adds the words its own use needs.
"""

import re

COMPASS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
     "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
     "southeastern", "southwestern"}
)  # fmt: skip
"""The points of the compass and their adjectives, lower-case."""
DIRECTIONS = COMPASS | {"central", "upper", "lower", "middle"}
"""Words that name admin units somewhere (Ghana's Northern, Paraguay's Central, Iceland's
Northeast) but in a sentence are mostly directions."""
_POINT = re.compile(r"\b(north|south)[\s-]+(east|west)", re.I)
"""A point between two written as two words or with a hyphen ("South-West", "north east")."""


def alternation(words: frozenset[str]) -> str:
    """A regex alternation of `words` (lower-case ones of `DIRECTIONS`) for a name's leading
    direction, longer words first so that the whole one is read ("Northeastern" before
    "North"), a point between two also written with a hyphen ("North-East")."""
    ordered = sorted(words, key=lambda word: (-len(word), word))
    return "|".join(re.sub(r"^(north|south)(east|west)", r"\1-?\2", word) for word in ordered)


def is_direction(name: str) -> bool:
    """Whether a name is one of `DIRECTIONS`, a point between two also written as two words or
    with a hyphen ("South-West", "North East") as it is as one ("Southwest")."""
    return _POINT.sub(r"\1\2", name.strip()).lower() in DIRECTIONS
