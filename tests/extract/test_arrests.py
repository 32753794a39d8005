from __future__ import annotations

import pytest
from spacy.language import Language

from .triggered import event_type, sub_event

ARRESTS = ("Strategic developments", "Arrests", "Unknown")


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 15 suspected members of the Islamic State in Karachi on Friday.",
        "Pakistani authorities detained a senior Taliban commander in Quetta.",
        "The Taliban detained two journalists in Kabul on Tuesday.",
        "Police arrested the suspected bomber in Colombo on Monday.",
        "Officers arrested 40 people, including 12 militants, in raids across Peshawar.",
        "Police arrested ten citizens accused of links to the Taliban in Kunduz.",
        "Arrests near the border area of villagers accused of belonging to ISIS.",
    ],
)
def test_arrests_of_armed_or_political_people_are_events(nlp: Language, text: str) -> None:
    assert event_type(nlp, text) == ARRESTS


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested a man for shoplifting in Leeds.",
        "Police arrested him in Lahore.",
        "The army said it would arrest anyone who joins the militants.",
        "The minister said the government had not arrested any journalists.",
        "The court ordered the arrest of the opposition leader in Kampala.",
        "The commander evaded arrest for years.",
        "Abo Amara insists to arrest the commander of the faction in Aleppo.",
        "Police arrested ten citizens accused of theft in Kunduz.",
        "Arrests near the market area of traders accused of fraud.",
    ],
)
def test_arrests_of_no_note_or_not_made_are_no_event(nlp: Language, text: str) -> None:
    assert event_type(nlp, text) is None


def test_arrests_over_an_attack_tell_the_attack(nlp: Language) -> None:
    text = "Three men were arrested in connection with the bombing in Quetta."
    assert sub_event(nlp, text) == "Remote explosive/landmine/IED"


def test_arrests_of_protesters_are_how_a_protest_was_met(nlp: Language) -> None:
    text = "Officers arrested dozens of protesters who blocked the road in Lahore."
    assert sub_event(nlp, text) == "Protest with intervention"
