from __future__ import annotations

import pytest
from spacy.language import Language

from .triggered import sub_event

TERRITORY = "Non-state actor overtakes territory"
REGAINS = "Government regains territory"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rebels advanced into the northern district on Sunday.", TERRITORY),
        ("Militants pushed into the provincial capital overnight.", TERRITORY),
        ("Government troops advanced towards the town of Marib.", REGAINS),
        ("The army achieved an advancement in the hills near the airbase.", REGAINS),
        ("Insurgents seized a military base near the border.", TERRITORY),
        ("Rebels captured the town after a week of fighting.", "Armed clash"),
        ("The militia took control of the airport on Friday.", TERRITORY),
        ("Regime forces expanded their control in the desert.", REGAINS),
    ],
)
def test_warfare_ground_taken_by_a_side_is_a_battle(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Continued military operations in the eastern countryside.",
        "Army troops continue their operations in the valley.",
        "The army launched a counterinsurgency operation in the district.",
    ],
)
def test_warfare_an_operation_of_war_is_an_armed_clash(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) == "Armed clash"


@pytest.mark.parametrize(
    "text",
    [
        "The army plans to launch a military operation in the north.",
        "The rebels threatened to take control of the town.",
        "A military operation could displace thousands of families.",
        "The army will not launch an operation before the elections.",
        "Police launched a search operation in the hills.",
        "Rescue operations continued at the collapsed building.",
        "Payment for the shipment is due in advance.",
        "Brazil advance to the final after beating Spain.",
        "Scientists pushed for advances in medicine.",
        "The company captured a larger share of the market.",
        "Why Kokang rebels are giving fits to the military.",
        "As conflict abates, Shan State rebels weigh dialogue with the government.",
        "The rebels withdrew from the areas they had advanced into.",
        "The president took questions from reporters in the capital.",
        "The government took the position that talks should resume in Geneva.",
        "Rebels took up positions around the town.",
        "Security forces took control of the stadium before the match.",
        "A new law targets militants in the province.",
    ],
)
def test_warfare_planned_named_or_peaceful_acts_are_no_event(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A faction in the south captures two fighters and a commander of the IS", "Arrests"),
        ("The army captured a commander of the rebels near the border", "Arrests"),
        ("Rebels capture 8 members of the regime forces near the airport", "Arrests"),
        ("IS militants captured 20 villagers in Deir Ezzor", "Abduction/forced disappearance"),
    ],
)
def test_warfare_people_captured_by_a_side_are_arrested_or_abducted(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The army captured 20 villagers in the north",
        "The photographer captured the moment in Kabul",
        "The company captured the market in Kenya",
        "The rebels took two days to reach the town",
    ],
)
def test_warfare_people_captured_by_a_state_or_no_side_are_no_event(
    nlp: Language, text: str
) -> None:
    assert sub_event(nlp, text) is None


@pytest.mark.parametrize(
    "text",
    [
        "The Islamic State exploits the chaos and advance in 4 villages northeast of Hama",
        "Ahmed al-Hassan and Omar al-Sham advance again at the expense of Tahrir al-Sham in Idlib",
    ],
)
def test_warfare_an_advance_read_by_the_words_after_it_is_a_battle(
    nlp: Language, text: str
) -> None:
    assert sub_event(nlp, text) == TERRITORY


@pytest.mark.parametrize(
    "text",
    [
        "Students advance in the tournament in Kabul",
        "Technology advances in medicine",
        "Prices advance at the expense of wages",
        "Book the tickets in advance",
    ],
)
def test_warfare_an_advance_of_no_side_on_no_ground_is_none(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) is None


def test_warfare_an_advance_told_as_a_purpose_is_none(nlp: Language) -> None:
    text = "The troops massed in order to advance towards the town"
    assert sub_event(nlp, text) is None
