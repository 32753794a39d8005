from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.extract.participants import EXTRACTOR, find_actors
from khabar.extract.triggers import find_triggers, harm_trigger


def actors(nlp: Language, text: str) -> list[tuple[str, str]]:
    return [
        (actor.role, actor.text)
        for sent in nlp(text).sents
        for actor in find_actors(sent, find_triggers(sent))
    ]


def test_participants_ghazni_perpetrator_ally_and_victims(nlp: Language) -> None:
    text = (
        "Ghazni: ISIS-aligned militants fighting alongside the Taliban killed more than 100 "
        "people, beheaded 15 family members of police officers and burned at least 60 homes."
    )
    assert actors(nlp, text) == [
        ("perpetrator", "ISIS-aligned militants"),
        ("ally", "the Taliban"),
        ("target", "people"),
        ("target", "family members of police officers"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "PESHAWAR, Pakistan (Reuters) — A suicide bomber blew himself up at a market, "
            "killing at least 12 people.",
            [("perpetrator", "A suicide bomber"), ("target", "people")],
        ),
        ("They were killed by a US drone strike.", [("perpetrator", "US")]),
        (
            "Three soldiers were killed by Taliban fighters in Helmand.",
            [("target", "soldiers"), ("perpetrator", "Taliban fighters")],
        ),
        (
            "Gunmen stormed a school and abducted 30 students.",
            [("perpetrator", "Gunmen"), ("target", "a school"), ("target", "students")],
        ),
        (
            "Clashes between security forces and TTP militants left five dead.",
            [("perpetrator", "security forces"), ("target", "TTP militants")],
        ),
        (
            "Troops clashed with al-Shabaab fighters near Mogadishu.",
            [("perpetrator", "Troops"), ("target", "al-Shabaab fighters")],
        ),
        (
            "The attack on a mosque killed 20 worshippers.",
            [("target", "a mosque"), ("target", "worshippers")],
        ),
        (
            "Islamic State claimed responsibility for the attack.",
            [],
        ),
    ],
)
def test_participants_roles_from_the_parse(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert actors(nlp, text) == expected


def test_participants_evidence_points_into_the_text(nlp: Language) -> None:
    doc = nlp("Taliban gunmen shot dead the district governor in Kunduz.")
    sent = next(iter(doc.sents))
    found = find_actors(sent, find_triggers(sent))
    assert [(a.role, a.text) for a in found] == [
        ("perpetrator", "Taliban gunmen"),
        ("target", "the district governor"),
    ]
    for actor in found:
        assert doc.text[actor.evidence.start : actor.evidence.end] == actor.text
        assert actor.evidence.extractor == EXTRACTOR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # victims of a reduced passive are targets, never perpetrators
        (
            "Six policemen killed in attack on checkpoint.",
            [("target", "policemen"), ("target", "checkpoint")],
        ),
        # a weapon is not an actor
        ("A roadside bomb killed two policemen.", [("target", "policemen")]),
        # a claim is not a perpetrator
        ("TTP claims attack on police post.", [("target", "police post")]),
        # abstract nouns and animals are not targets
        ("The two groups have fought a bitter war.", [("perpetrator", "The two groups")]),
        (
            "Gunmen killed livestock and villagers.",
            [("perpetrator", "Gunmen"), ("target", "villagers")],
        ),
        # a part of a place is not a target
        ("Militants attacked the northern edge of the town.", [("perpetrator", "Militants")]),
    ],
)
def test_participants_what_is_never_an_actor(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert actors(nlp, text) == expected


def test_participants_phrase_never_crosses_a_line_break(nlp: Language) -> None:
    doc = nlp("Mogadishu\nSeven soldiers were killed by gunmen.")
    for sent in doc.sents:
        for actor in find_actors(sent, find_triggers(sent)):
            assert "\n" not in actor.text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Jaish-e-Mohammad (JeM) militants attacked a camp.", "Jaish-e-Mohammad (JeM) militants"),
        (
            "Tehrik-i-Taliban Pakistan (TTP) fighters ambushed a patrol.",
            "Tehrik-i-Taliban Pakistan (TTP) fighters",
        ),
        (
            "Islamic State of Iraq and the Levant (ISIL) militants attacked civilians.",
            "Islamic State of Iraq and the Levant (ISIL)",
        ),
    ],
)
def test_participants_group_names_the_parse_cuts_up_are_whole(
    nlp: Language, text: str, name: str
) -> None:
    """Hyphens, particles and a bracketed acronym belong to the name, so the registry can
    resolve it (the parse alone gives "Jaish" or "the Levant (ISIL) militants")."""
    perpetrators = [t for role, t in actors(nlp, text) if role == "perpetrator"]
    assert perpetrators[0] == name


def test_participants_name_stops_where_no_acronym_closes_it(nlp: Language) -> None:
    perpetrators = [
        t
        for role, t in actors(nlp, "The Taliban in Ghazni attacked a checkpoint.")
        if role == "perpetrator"
    ]
    assert perpetrators == ["The Taliban"]


def test_participants_only_a_fight_has_two_sides(nlp: Language) -> None:
    text = "Between five and seven people were killed in the car bomb."
    assert [a for a in actors(nlp, text) if a[0] == "perpetrator"] == []


def test_participants_those_a_harm_only_sentence_says_died_are_targets(nlp: Language) -> None:
    sent = next(iter(nlp("Four soldiers and two civilians died in Algeria.").sents))
    harm = harm_trigger(sent)
    assert harm is not None
    found = [(a.role, a.text) for a in find_actors(sent, [harm])]
    assert found
    assert all(role == "target" for role, _ in found)


def test_participants_by_hung_on_another_word_still_names_the_perpetrator(
    nlp: Language,
) -> None:
    text = "10 casualties at least in raids by warplanes on Arbin"
    assert ("perpetrator", "warplanes") in actors(nlp, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Al-Shabaab ambush AU troops in central region",
            [("perpetrator", "Al-Shabaab"), ("target", "AU troops")],
        ),
        (
            "Rebels raid army camp near Goma",
            [("perpetrator", "Rebels"), ("target", "army camp")],
        ),
    ],
)
def test_participants_a_headline_verb_read_as_a_noun_splits_its_sides(
    nlp: Language, text: str, expected: list[tuple[str, str]]
) -> None:
    assert actors(nlp, text) == expected


def test_participants_the_owner_of_a_vehicle_struck_is_a_target(nlp: Language) -> None:
    text = "Rebels destroyed a tank and two vehicles of the army near Homs"
    assert ("target", "the army") in actors(nlp, text)


def test_participants_what_else_a_target_holds_is_no_target(nlp: Language) -> None:
    text = "Rebels attacked the headquarters of the party near Homs"
    assert ("target", "the party") not in actors(nlp, text)


@pytest.mark.parametrize(
    ("text", "maker"),
    [
        ("The regime forces' attempt to storm the town failed", "The regime forces"),
        ("Repeated attempts by the SDF to storm the camp", "the SDF"),
        ("Gunmen made a bid to storm the hotel in Mogadishu", "Gunmen"),
    ],
)
def test_participants_who_made_an_attempt_did_it(nlp: Language, text: str, maker: str) -> None:
    found = actors(nlp, text)
    assert ("perpetrator", maker) in found
    assert not any("attempt" in name or "bid" in name for role, name in found)


def test_participants_a_headline_past_form_with_no_object_has_its_subject_as_target(
    nlp: Language,
) -> None:
    assert actors(nlp, "Army outpost attacked twice in one night") == [("target", "Army outpost")]


def test_participants_a_headline_clash_in_the_past_keeps_its_subject_as_side(
    nlp: Language,
) -> None:
    found = actors(nlp, "Rebels and army troops clashed near the border")
    assert found
    assert {role for role, _ in found} == {"perpetrator"}


def test_participants_third_person_headline_verb_names_its_object(nlp: Language) -> None:
    assert actors(nlp, "ISIS attacks SDF sites in the countryside of Raqqa") == [
        ("perpetrator", "ISIS"),
        ("target", "SDF sites"),
    ]
