from __future__ import annotations

import pytest
from spacy.language import Language

from .triggered import event_type, sub_event

DISRUPTED = ("Strategic developments", "Disrupted weapons use", "Bombing/Explosion")


@pytest.mark.parametrize(
    "text",
    [
        "Police defused a roadside bomb planted near the market in Quetta on Sunday.",
        "A roadside bomb was defused by the bomb disposal squad in Bannu.",
        "A bomb disposal squad defused two improvised explosive devices under a bridge.",
        "Air defences intercepted three drones launched toward Belgorod overnight.",
        "Ukrainian forces shot down 12 Russian drones over Kyiv.",
        "Security forces seized a large cache of weapons and explosives in Kunar province.",
        "The bomb squad safely detonated the device near the school in Mogadishu.",
        "Militants planted a bomb which police later defused in Mardan.",
        "A second bomb was found and defused near the mosque in Kano.",
        "Police bomb squad defuses device",
    ],
)
def test_disrupted_a_weapon_stopped_is_no_attack(nlp: Language, text: str) -> None:
    assert event_type(nlp, text) == DISRUPTED


@pytest.mark.parametrize(
    "text",
    [
        "Israel says it will intercept any missile fired from Gaza.",
        "The president defused tensions with a speech in Kabul.",
        "Police defused the situation in Nairobi.",
        "Police found a pistol in the car in Lahore.",
        "The talks broke down in Doha.",
    ],
)
def test_disrupted_no_weapon_stopped_is_no_event(nlp: Language, text: str) -> None:
    assert event_type(nlp, text) is None


def test_disrupted_rockets_fired_and_intercepted_are_still_fired(nlp: Language) -> None:
    text = "Hezbollah fired 40 rockets at northern Israel, most of which were intercepted."
    assert sub_event(nlp, text) == "Shelling/artillery/missile attack"


def test_disrupted_an_explosion_beside_a_defused_bomb_is_an_explosion(nlp: Language) -> None:
    text = "A bomb exploded in the market, killing five people; police defused a second bomb."
    assert sub_event(nlp, text) == "Remote explosive/landmine/IED"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels shot down a military helicopter near Idlib.", "Armed clash"),
        ("Police shot down three men who tried to flee the checkpoint.", "Attack"),
    ],
)
def test_disrupted_shot_down_aircraft_or_people_is_violence(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected
