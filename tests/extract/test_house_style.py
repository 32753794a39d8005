from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.extract.casualties import extract_casualties
from khabar.extract.house_style import PLAIN, HouseStyle, keep_style, style_of
from khabar.nlp.memo import forget
from khabar.nlp.model import load_nlp

DEAD = HouseStyle(casualties_are_dead=True)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def test_house_style_parses_a_style_cell() -> None:
    assert HouseStyle.parse("") == PLAIN
    assert HouseStyle.parse(" casualties:dead ") == DEAD
    assert HouseStyle.parse("casualties:dead|casualties:dead") == DEAD


def test_house_style_refuses_an_unknown_usage() -> None:
    with pytest.raises(ValueError, match="unknown usage martyrs:dead"):
        HouseStyle.parse("casualties:dead|martyrs:dead")


def test_house_style_is_plain_until_one_is_kept(nlp: Language) -> None:
    doc = nlp("Casualties in the shelling of the town")
    assert style_of(doc) == PLAIN
    forget(doc)
    keep_style(doc, DEAD)
    assert style_of(doc) == DEAD
    forget(doc)
    assert style_of(doc) == PLAIN


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("6 casualties at least in missile strike on al-Marj", 6),
        ("A sudden attack by factions leaves 11 casualties of the officers", 11),
        ("The regime forces target areas west of Aleppo leaving one casualty at least", 1),
    ],
)
def test_house_style_makes_casualties_the_dead(nlp: Language, text: str, killed: int) -> None:
    plain = extract_casualties(nlp(text)[:])
    assert plain.killed is None, "elsewhere casualties are the killed and the injured"
    doc = nlp(text)
    keep_style(doc, DEAD)
    found = extract_casualties(doc[:])
    assert found.killed is not None
    assert found.killed.best == killed
    assert found.injured is None


@pytest.mark.parametrize(
    "text",
    [
        "11 casualties and injuries in airstrikes on the town",
        "No casualties were reported in the shelling",
    ],
)
def test_house_style_leaves_casualties_told_with_the_injured(nlp: Language, text: str) -> None:
    """Where the injured are told beside them, "casualties" read the same in any style."""
    doc = nlp(text)
    keep_style(doc, DEAD)
    assert extract_casualties(doc[:]) == extract_casualties(nlp(text)[:])
