from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.extract.damage import EXTRACTOR, extract_damage
from khabar.extract.types import Damage
from khabar.nlp.model import load_nlp

GHAZNI = (
    "Ghazni: ISIS-aligned militants fighting alongside the Taliban killed more than 100 people, "
    "beheaded 15 family members of police officers and burned at least 60 homes, CBC News "
    "reported, citing CSIS chief Michael Coulombe, who said IS is spreading to Libya, Pakistan "
    "and Afghanistan."
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def read(nlp: Language, text: str) -> tuple[Damage, ...]:
    """Damage in the whole text read as one sentence, with every evidence checked."""
    doc = nlp(text)
    found = extract_damage(doc[:])
    for damage in found:
        evidences = [damage.evidence] + ([damage.count.evidence] if damage.count else [])
        for evidence in evidences:
            assert doc.text[evidence.start : evidence.end] == evidence.text
            assert evidence.extractor == EXTRACTOR
    return found


def summary(found: tuple[Damage, ...]) -> list[tuple[str, str, int | None, int | None, int | None]]:
    return [
        (
            d.action,
            d.object,
            d.count.low if d.count else None,
            d.count.best if d.count else None,
            d.count.high if d.count else None,
        )
        for d in found
    ]


def test_damage_reads_the_ghazni_sentence(nlp: Language) -> None:
    (damage,) = read(nlp, GHAZNI)
    assert (damage.action, damage.object) == ("burned", "homes")
    assert damage.count is not None
    assert (damage.count.low, damage.count.best, damage.count.high) == (60, 60, None)
    assert damage.count.qualifier == "at least 60"
    assert damage.count.evidence.text == "at least 60 homes"
    assert damage.evidence.text == "burned at least 60 homes"


def test_damage_evidence_uses_document_offsets(nlp: Language) -> None:
    doc = nlp("The attack began at dawn. Militants torched 40 houses in the village.")
    (damage,) = extract_damage(list(doc.sents)[1])
    assert damage.evidence.start == doc.text.index("torched")
    assert doc.text[damage.evidence.start : damage.evidence.end] == "torched 40 houses"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The army destroyed three vehicles.", [("destroyed", "vehicles", 3, 3, 3)]),
        ("40 houses were torched in the village.", [("torched", "houses", 40, 40, 40)]),
        ("Militants set 20 houses ablaze.", [("set ablaze", "houses", 20, 20, 20)]),
        ("Insurgents razed three villages to the ground.", [("razed", "villages", 3, 3, 3)]),
        ("At least 60 homes were burned.", [("burned", "homes", 60, 60, None)]),
        ("Airstrikes destroyed more than 200 buildings.",
         [("destroyed", "buildings", 201, 201, None)]),
        ("Three telecommunication towers were destroyed in Helmand.",
         [("destroyed", "telecommunication towers", 3, 3, 3)]),
        ("The rebels attacked the base and destroyed 4 armoured vehicles, the army said.",
         [("destroyed", "armoured vehicles", 4, 4, 4)]),
    ],
)  # fmt: skip
def test_damage_reads_counted_property(
    nlp: Language, text: str, expected: list[tuple[str, str, int, int, int | None]]
) -> None:
    assert summary(read(nlp, text)) == expected


def test_damage_reads_set_fire_to_dozens_of_shops(nlp: Language) -> None:
    (damage,) = read(nlp, "Rioters set fire to dozens of shops.")
    assert (damage.action, damage.object) == ("set fire to", "shops")
    assert damage.count is not None
    assert (damage.count.low, damage.count.best, damage.count.high) == (12, 12, None)
    assert damage.count.qualifier == "dozens"
    assert damage.count.evidence.text == "dozens of shops"
    assert damage.evidence.text == "set fire to dozens of shops"


def test_damage_counts_one_for_an_indefinite_article(nlp: Language) -> None:
    found = read(nlp, "The army destroyed three vehicles and damaged a school.")
    assert summary(found) == [
        ("destroyed", "vehicles", 3, 3, 3),
        ("damaged", "school", 1, 1, 1),
    ]
    assert found[1].count is not None
    assert found[1].count.qualifier == "a"
    assert found[1].count.evidence.text == "a school"


def test_damage_leaves_definite_and_bare_objects_uncounted(nlp: Language) -> None:
    assert summary(read(nlp, "An explosion damaged the hospital.")) == [
        ("damaged", "the hospital", None, None, None)
    ]
    assert summary(read(nlp, "The militants destroyed their homes.")) == [
        ("destroyed", "their homes", None, None, None)
    ]


def test_damage_reads_phrasal_actions(nlp: Language) -> None:
    assert summary(read(nlp, "The rebels blew up a bridge and burnt down two schools.")) == [
        ("blew up", "bridge", 1, 1, 1),
        ("burnt down", "schools", 2, 2, 2),
    ]
    assert summary(read(nlp, "The attackers set the police station on fire.")) == [
        ("set on fire", "the police station", None, None, None)
    ]


def test_damage_reads_joined_objects_separately(nlp: Language) -> None:
    found = read(nlp, "Over 300 homes and 50 shops were destroyed in the fighting.")
    assert summary(found) == [
        ("destroyed", "homes", 301, 301, None),
        ("destroyed", "shops", 50, 50, 50),
    ]


def test_damage_joins_verbs_that_share_an_object(nlp: Language) -> None:
    (damage,) = read(nlp, "Fighters burned and looted dozens of homes in the town.")
    assert (damage.action, damage.object) == ("burned and looted", "homes")
    assert damage.count is not None
    assert damage.count.best == 12


def test_damage_keeps_unknown_pluralities_with_their_words(nlp: Language) -> None:
    (damage,) = read(nlp, "Clashes damaged a number of houses.")
    assert damage.count is not None
    assert (damage.count.low, damage.count.best, damage.count.high) == (None, None, None)
    assert damage.count.qualifier == "a number of"


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen burned five people alive.",
        "Militants killed 15 villagers.",
        "The militants threatened to destroy the bridge.",
        "The group said it would destroy 10 bridges.",
        "Protesters did not damage any property.",
        "The army set up 12 checkpoints.",
        "Police blew the whistle on 3 officers.",
    ],
)
def test_damage_ignores_people_threats_and_other_verbs(nlp: Language, text: str) -> None:
    assert read(nlp, text) == ()
