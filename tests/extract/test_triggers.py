from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.extract.triggers import (
    ACLED_EVENT_TYPES,
    CATEGORIES,
    EXTRACTOR,
    GTD_ATTACK_TYPES,
    find_triggers,
    harm_trigger,
)

from .triggered import event_type, first_sentence, sub_event

BARRICADE = "Hostage Taking (Barricade Incident)"
SHELLING = "Shelling/artillery/missile attack"


def test_triggers_taxonomy_uses_acled_and_gtd_names() -> None:
    for category in CATEGORIES.values():
        assert category.sub_event_type in ACLED_EVENT_TYPES[category.event_type]
        assert category.gtd_attack_type in GTD_ATTACK_TYPES
    assert len(ACLED_EVENT_TYPES) == 6
    assert len(GTD_ATTACK_TYPES) == 9


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A suicide bomber blew himself up at a market.",
            ("Explosions/Remote violence", "Suicide bomb", "Bombing/Explosion"),
        ),
        (
            "The man blew himself up outside the mosque.",
            ("Explosions/Remote violence", "Suicide bomb", "Bombing/Explosion"),
        ),
        (
            "A roadside bomb killed three soldiers.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Bombing/Explosion"),
        ),
        (
            "An IED struck a bus.",
            ("Explosions/Remote violence", "Remote explosive/landmine/IED", "Bombing/Explosion"),
        ),
        (
            "A US drone strike killed two men.",
            ("Explosions/Remote violence", "Air/drone strike", "Bombing/Explosion"),
        ),
        (
            "An air-strike hit the village.",
            ("Explosions/Remote violence", "Air/drone strike", "Bombing/Explosion"),
        ),
        (
            "Israeli jets bombed the camp.",
            ("Explosions/Remote violence", "Air/drone strike", "Bombing/Explosion"),
        ),
        (
            "Artillery shelling hit the town.",
            (
                "Explosions/Remote violence",
                "Shelling/artillery/missile attack",
                "Bombing/Explosion",
            ),
        ),
        (
            "Troops clashed with al-Shabaab fighters near Mogadishu.",
            ("Battles", "Armed clash", "Armed Assault"),
        ),
        (
            "Gunmen attacked a police checkpoint.",
            ("Battles", "Armed clash", "Armed Assault"),
        ),
        (
            "Gunmen opened fire on worshippers at a mosque.",
            ("Violence against civilians", "Attack", "Armed Assault"),
        ),
        (
            "Gunmen shot dead the district governor.",
            ("Violence against civilians", "Attack", "Assassination"),
        ),
        (
            "Militants abducted 30 students from a school.",
            (
                "Violence against civilians",
                "Abduction/forced disappearance",
                "Hostage Taking (Kidnapping)",
            ),
        ),
        (
            "Militants beheaded 15 villagers.",
            ("Violence against civilians", "Attack", "Armed Assault"),
        ),
        (
            "Villagers torched a police station.",
            (
                "Strategic developments",
                "Looting/property destruction",
                "Facility/Infrastructure Attack",
            ),
        ),
        (
            "Thousands of demonstrators marched through the capital.",
            ("Protests", "Peaceful protest", "Unknown"),
        ),
        (
            "Police fired tear gas to disperse demonstrators.",
            ("Protests", "Protest with intervention", "Unknown"),
        ),
        (
            "A mob lynched a man accused of blasphemy.",
            ("Riots", "Mob violence", "Unarmed Assault"),
        ),
    ],
)
def test_triggers_map_to_acled_and_gtd(
    nlp: Language, text: str, expected: tuple[str, str, str]
) -> None:
    assert event_type(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rohingya women say soldiers raped them amid the crackdown.",
        "A woman was raped by two men in Delhi on Tuesday.",
        "Gunmen are raping women in the camps.",
    ],
)
def test_triggers_rape_is_read_whatever_its_lemma(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) == "Sexual violence"


def test_triggers_killing_outranks_burning_homes(nlp: Language) -> None:
    text = "Militants killed 12 people and burned at least 60 homes."
    assert event_type(nlp, text) == ("Violence against civilians", "Attack", "Armed Assault")


@pytest.mark.parametrize(
    "text",
    [
        "Militants threatened to attack the city.",
        "The governor warned of attacks on schools.",
        "There was no attack on the base.",
        "The group plans to bomb the bridge.",
        "Police did not kill anyone.",
        "Police foiled an attack on the airport.",
        "Taliban fighters will attack the base.",
        "The gunmen were about to attack the convoy.",
        "The commander ordered his men to attack the village.",
        "Police are searching for the bomb in Kabul.",
        "Militants fighting alongside the Taliban control the valley.",
        "The prime minister met the ambassador to discuss trade.",
        "The opposition made offensive remarks in March.",
    ],
)
def test_triggers_negated_hypothetical_and_political_are_dropped(nlp: Language, text: str) -> None:
    assert find_triggers(first_sentence(nlp, text)) == []


def test_triggers_evidence_is_the_trigger_words(nlp: Language) -> None:
    doc = nlp("Officials said a suicide bomber blew himself up.")
    triggers = find_triggers(next(iter(doc.sents)))
    texts = [t.value.evidence.text for t in triggers]
    assert texts == ["suicide bomber", "blew himself up"]
    for trig in triggers:
        evidence = trig.value.evidence
        assert doc.text[evidence.start : evidence.end] == evidence.text
        assert evidence.extractor == EXTRACTOR
        assert doc[trig.head].i in range(trig.start, trig.end)


@pytest.mark.parametrize(
    "text",
    [
        "Gunmen carrying assault rifles were seen near the school.",
        "The fighters opened fire with rifles and rocket-propelled grenades.",
    ],
)
def test_triggers_weapons_named_only_as_modifier_or_instrument(nlp: Language, text: str) -> None:
    kinds = [t.kind for sent in nlp(text).sents for t in find_triggers(sent)]
    assert "shelling" not in kinds
    assert "grenade" not in kinds
    assert kinds in ([], ["attack"])


@pytest.mark.parametrize(
    ("text", "gtd"),
    [
        # GTD's hierarchy, not the strongest means: a kidnapping outranks the killing told with it.
        ("Gunmen abducted five workers and killed two guards.", "Hostage Taking (Kidnapping)"),
        # An official is a person, whatever unit he heads.
        ("Gunmen shot dead the deputy police chief in Kandahar.", "Assassination"),
        # An explosion aimed at an official.
        ("A suicide bomber targeted an election candidate at a rally.", "Assassination"),
        ("A magnetic bomb attached to the car of a district governor exploded.", "Assassination"),
        ("A roadside bomb struck a police vehicle in Quetta.", "Bombing/Explosion"),
        # Hostages held where the attackers stormed in make a barricade incident.
        ("Assailants stormed a hotel and held guests hostage for 12 hours.", BARRICADE),
        ("Gunmen seized two engineers and held them hostage.", "Hostage Taking (Kidnapping)"),
        ("Security forces ended the siege of the ministry.", BARRICADE),
        # Chemical means are an unarmed assault in GTD.
        ("Assailants threw acid on two women in Multan.", "Unarmed Assault"),
        ("Assailants released a toxic gas into the classrooms of a school.", "Unarmed Assault"),
        ("Assailants rammed an explosives-laden car into a police bus.", "Bombing/Explosion"),
    ],
)
def test_triggers_gtd_attack_type_follows_gtd_hierarchy(nlp: Language, text: str, gtd: str) -> None:
    result = event_type(nlp, text)
    assert result is not None
    assert result[2] == gtd


def test_triggers_gtd_keeps_the_acled_type_of_the_means(nlp: Language) -> None:
    text = "A suicide bomber targeted an election candidate at a rally."
    assert event_type(nlp, text) == ("Explosions/Remote violence", "Suicide bomb", "Assassination")


def test_triggers_what_attackers_are_armed_with_tells_no_event(nlp: Language) -> None:
    text = "Assailants armed with guns and suicide vests stormed a hotel."
    assert [t.kind for t in find_triggers(first_sentence(nlp, text))] == ["attack"]


@pytest.mark.parametrize(
    "text",
    [
        "The Taliban claimed responsibility for the attack.",
        "Boko Haram was suspected of carrying out the assassination.",
        "Officials blamed the TTP for the attack.",
    ],
)
def test_triggers_incident_referred_back_by_a_claim_is_no_trigger(nlp: Language, text: str) -> None:
    assert find_triggers(first_sentence(nlp, text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "An explosive device went off near a bus stop in Quetta.",
        "A bomb went off outside a bank in Jalalabad.",
        "The device exploded as a minibus passed.",
        "A blast tore through a wedding hall in Kabul.",
    ],
)
def test_triggers_a_device_going_off_is_an_explosion(nlp: Language, text: str) -> None:
    assert event_type(nlp, text) == (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        "Bombing/Explosion",
    )


def test_triggers_an_entry_told_with_an_abduction_is_an_abduction(nlp: Language) -> None:
    assert event_type(nlp, "Bandits raided a school in Zamfara and kidnapped 30 pupils.") == (
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Hostage Taking (Kidnapping)",
    )
    killed = event_type(nlp, "Bandits raided a school in Zamfara, killing two and kidnapping 30.")
    assert killed is not None
    assert killed[1] == "Attack"


@pytest.mark.parametrize(
    ("text", "kind", "event"),
    [
        ("Four civilians dead, 15 wounded in Algeria", "harm", "Violence against civilians"),
        ("Thirty rebels, four soldiers die in Algeria", "harm_armed", "Battles"),
        ("Three Kachin Civilians Die in Northern Shan", "harm", None),
    ],
)
def test_triggers_harm_without_a_trigger_word_tells_no_means(
    nlp: Language, text: str, kind: str, event: str | None
) -> None:
    sent = first_sentence(nlp, text)
    assert find_triggers(sent) == []
    found = harm_trigger(sent)
    assert found is not None
    assert found.kind == kind
    assert found.value.gtd_attack_type == "Unknown"
    if event is not None:
        assert found.value.event_type == event
    assert found.rank < CATEGORIES["riot"].rank


@pytest.mark.parametrize(
    "text",
    [
        "No one was hurt in Algeria.",
        "Officials feared that civilians could die.",
        "Three people died in a road accident near Kabul.",
        "Two children died of cholera in the camp.",
    ],
)
def test_triggers_no_harm_told_gives_no_harm_trigger(nlp: Language, text: str) -> None:
    assert harm_trigger(first_sentence(nlp, text)) is None


def test_triggers_people_killed_in_a_headline_passive_are_the_targets(nlp: Language) -> None:
    assert event_type(nlp, "Chechen leader says six rebels killed in police operation") == (
        "Battles",
        "Armed clash",
        "Armed Assault",
    )


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Burma Army Troops Clash with TNLA in Northern Shan", "Armed clash"),
        ("Fighting Flares in Northeast as Peace Meeting Nears", "Armed clash"),
        ("SHAN NEWS AGENCY REPORTS CLASHES WITH RULING COUNCIL TROOPS.", "Armed clash"),
        ("Twin Blasts Rock Burma Army Compound in Lashio", "Remote explosive/landmine/IED"),
        ("Burma Army Accused of Torturing, Killing Three Kachin Civilians", "Attack"),
        ("Government and insurgents dispute casualties in latest skirmish", "Armed clash"),
    ],
)
def test_triggers_a_headline_case_trigger_read_as_a_name_is_a_trigger(
    nlp: Language, text: str, sub_event_type: str
) -> None:
    assert sub_event(nlp, text) == sub_event_type


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Airstrikes target Tayyibat al-Imam and the countryside of Aleppo", "Air/drone strike"),
        ("Continued bombardment targets Aleppo neighborhoods", SHELLING),
        ("Explosion rock Damascus and forces target Aleppo", "Remote explosive/landmine/IED"),
        ("Six casualties in missile strike on al-Marj area", "Shelling/artillery/missile attack"),
    ],
)
def test_triggers_a_trigger_before_a_misread_headline_verb_is_no_modifier(
    nlp: Language, text: str, sub_event_type: str
) -> None:
    assert sub_event(nlp, text) == sub_event_type


def test_triggers_a_singular_weapon_modifier_is_still_no_trigger(nlp: Language) -> None:
    assert event_type(nlp, "Police seized assault rifles and rocket launchers.") is None


@pytest.mark.parametrize(
    "text",
    [
        "The president vowed to keep fighting corruption in Kabul.",
        "Ministers clash over budget.",
        "Officials clash over the budget in Kabul.",
        "A verbal clash in parliament.",
    ],
)
def test_triggers_fighting_and_clashes_of_words_are_no_event(nlp: Language, text: str) -> None:
    assert find_triggers(first_sentence(nlp, text)) == []


def test_triggers_a_clash_over_territory_between_armed_sides_is_a_clash(nlp: Language) -> None:
    found = event_type(nlp, "Rebels and soldiers clash over control of Kunduz.")
    assert found is not None
    assert found[1] == "Armed clash"


@pytest.mark.parametrize(
    "text",
    [
        "Heart Attack Kills Former Minister",
        "The former minister died of a heart attack in Kabul.",
        "A panic attack hit traders as markets fell.",
    ],
)
def test_triggers_an_attack_of_illness_is_no_event(nlp: Language, text: str) -> None:
    sent = first_sentence(nlp, text)
    assert find_triggers(sent) == []
    assert harm_trigger(sent) is None


@pytest.mark.parametrize(
    "text",
    [
        "The governor survived an assassination attempt in Kandahar.",
        "Gunmen launch assassination attempt on governor in Kandahar",
        "Gunmen tried to assassinate the governor of Kandahar on Monday.",
        "Militants attempted to assassinate a police chief in Peshawar.",
    ],
)
def test_triggers_an_assassination_attempt_is_an_assassination(nlp: Language, text: str) -> None:
    found = find_triggers(first_sentence(nlp, text))
    assert [t.value.gtd_attack_type for t in found] == ["Assassination"]


@pytest.mark.parametrize(
    "text",
    [
        "Militants launched an attack on a checkpoint in Kabul.",
        "Gunmen tried to carry out an attack on the base in Kunduz.",
    ],
)
def test_triggers_an_attack_launched_or_tried_is_an_event(nlp: Language, text: str) -> None:
    """What a verb of doing performs is told as done where the verb is, and a tried act is
    told (GTD and ACLED code failed attacks)."""
    assert find_triggers(first_sentence(nlp, text)) != []


def test_triggers_a_foiled_assassination_attempt_is_no_event(nlp: Language) -> None:
    assert find_triggers(first_sentence(nlp, "Police foiled an assassination attempt.")) == []


@pytest.mark.parametrize(
    "text",
    [
        "The militants did not try to attack the base, officials said.",
        "The Taliban threatened to attack the base in Ghazni.",
        "The Taliban plan to launch an attack on Kabul next week.",
        "Militants threatened to carry out attacks in Lahore.",
        "The army will not launch an offensive in Idlib.",
        "Gunmen did not try to carry out an attack on the base.",
    ],
)
def test_triggers_an_attack_not_tried_or_only_threatened_is_no_event(
    nlp: Language, text: str
) -> None:
    assert find_triggers(first_sentence(nlp, text)) == []


@pytest.mark.parametrize(
    "text",
    [
        "The concert was a blast from the past for fans in Kabul.",
        "Fans had a blast at the festival in Kabul.",
    ],
)
def test_triggers_a_blast_of_fun_is_no_explosion(nlp: Language, text: str) -> None:
    assert find_triggers(first_sentence(nlp, text)) == []
    assert [t.kind for t in find_triggers(first_sentence(nlp, "A blast hit Kabul."))] != []


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Warplanes target checkpoint near the Turkish border", "Air/drone strike"),
        ("2 helicopters target a car in the east of Deir Ezzor", "Air/drone strike"),
        ("Regime forces target areas in the countryside of Aleppo", "Attack"),
        ("Rebels blew up a bridge near Kindu on Tuesday.", "Remote explosive/landmine/IED"),
        ("UNITA REBELS BLOW UP POWER LINES", "Remote explosive/landmine/IED"),
        ("Planted mines killed two children in Hama.", "Remote explosive/landmine/IED"),
        ("Taliban attack police post in Kunduz", "Armed clash"),
        ("Al-Shabaab ambush AU troops in central region", "Armed clash"),
        ("Rebels raid army camp near Goma", "Armed clash"),
        ("Jabhat al-Nusra target positions of the brigade near Daraa", "Armed clash"),
        ("Regime forces targeted areas of Madaya", "Attack"),
    ],
)
def test_triggers_targeting_and_blowing_up_tell_an_attack(
    nlp: Language, text: str, sub_event_type: str
) -> None:
    assert sub_event(nlp, text) == sub_event_type


@pytest.mark.parametrize(
    "text",
    [
        "The central bank targets inflation of two percent.",
        "Police target drug gangs in a new crackdown.",
        "Shopping malls target young buyers.",
        "The plan may blow up in his face.",
        "Attack helicopters arrived in Kabul",
        "The target was a police post.",
    ],
)
def test_triggers_targeting_by_others_is_no_attack(nlp: Language, text: str) -> None:
    assert event_type(nlp, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The regime's warplanes carried out more than 720 strikes on the zone",
            "Air/drone strike",
        ),
        ("Workers strike in Karachi over pay", None),
        ("More strikes target sites of the factions near the border", "Air/drone strike"),
        ("The strike hit exports of cotton", None),
    ],
)
def test_triggers_strike_is_an_air_strike_only_with_aircraft(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Casualties in the explosion downtown Damascus",
        "Human losses in rebels in Aleppo countryside",
    ],
)
def test_triggers_casualties_headline_is_harm(nlp: Language, text: str) -> None:
    found = harm_trigger(first_sentence(nlp, text))
    assert found is not None
    assert found.kind == "harm"


@pytest.mark.parametrize(
    "text", ["The army tried to avoid casualties in Aleppo", "No casualties in the storm"]
)
def test_triggers_casualties_as_object_or_denied_is_no_harm(nlp: Language, text: str) -> None:
    assert harm_trigger(first_sentence(nlp, text)) is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Losses in Rebels in Reef Dimashq", "harm_armed"),
        ("Heavy losses among regime forces in Hama countryside", "harm_armed"),
        ("Losses of Russia in the war with Ukraine", "harm_armed"),
        ("Preliminary death toll for Wednesday in Homs", "harm"),
        ("Number of casualties in the Eastern Ghouta today rises", "harm"),
        ("Funeral of 11 fighters of Manbij Military Council in Al-Raqqah", "harm_armed"),
        ("Funeral held for fighters at the countryside of Al-Hasakah", "harm_armed"),
    ],
)
def test_triggers_harm_headline_without_count_is_harm(nlp: Language, text: str, kind: str) -> None:
    """Monitors' headlines tell people killed with "losses", a death toll or a funeral and no
    count; each is an event an analyst maps, an Armed clash when those harmed are armed."""
    found = harm_trigger(first_sentence(nlp, text))
    assert found is not None
    assert found.kind == kind


@pytest.mark.parametrize(
    "text",
    [
        "The party's losses in the election were heavy",
        "Heavy losses on the stock market in Tokyo",
        "Losses of Manchester United in the league",
        "The company's losses in Russia widened",
        "No losses among our fighters in Idlib",
        "The toll road in Karachi was closed",
        "The death toll of the flood in Sindh rises",
        "Funeral of the former president held in Cairo",
        "Funeral of a soldier in Tripoli",
    ],
)
def test_triggers_harm_headline_of_money_votes_or_no_violence_is_none(
    nlp: Language, text: str
) -> None:
    """Losses of a party, a market or a team, a toll road, a flood's toll and one person's
    funeral tell no one harmed by violence."""
    assert harm_trigger(first_sentence(nlp, text)) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian warplanes violate the relative calm and target al-Hbit south of Idlib", "air"),
        ("Regime forces advance and target rebel positions in Hama", "attack_armed"),
        ("The minister visited Aleppo and targeted corruption in the city", None),
        ("Police arrived in Lahore and targeted drug gangs", None),
    ],
)
def test_triggers_target_takes_the_subject_of_the_verb_it_is_joined_to(
    nlp: Language, text: str, expected: str | None
) -> None:
    """A "target" joined to an earlier verb has that verb's subject: warplanes or fighters
    attack, a minister or the police do not."""
    kinds = [
        t.kind
        for t in find_triggers(first_sentence(nlp, text))
        if t.kind in ("air", "attack_armed")
    ]
    assert (kinds[0] if kinds else None) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rebels devastate a tank and two vehicles for the army in Homs",
        "Fighters destroyed an armoured vehicle near the airport",
        "Gunmen burned two military trucks in Kunar",
        "The army destroyed vehicles of the rebels near Idlib",
    ],
)
def test_triggers_destroying_a_sides_arms_is_an_armed_clash(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) == "Armed clash"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants destroyed a water tank in Kunar", "Looting/property destruction"),
        ("Militants burned three cars in Kunar", "Looting/property destruction"),
        ("Youths wrecked two buses in Karachi", "Looting/property destruction"),
        ("Floods devastated 40 homes in Sindh", None),
        ("An earthquake destroyed 300 houses in Herat", None),
    ],
)
def test_triggers_destroying_property_or_natural_damage_stays_so(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ceasefire Signatory Seeks Answers After Army Attack on Its Base", "Armed clash"),
        ("The elders want justice following the killing of two farmers", "Attack"),
        ("The army vowed to retaliate after the ambush on its convoy in Kunar", "Armed clash"),
    ],
)
def test_triggers_an_act_after_which_something_is_sought_has_happened(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rebels threatened to attack the town after the elections",
        "The group seeks to attack the base",
        "No attack followed the warning",
    ],
)
def test_triggers_an_act_sought_or_threatened_stays_unasserted(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) is None


@pytest.mark.parametrize(
    "text",
    [
        "Hostilities resume in Shan State",
        "Hostilities Resume Between Army and Rebels in Kachin State",
        "Ten died at the end of the battle in Kunar",
    ],
)
def test_triggers_hostilities_are_fighting(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) == "Armed clash"


@pytest.mark.parametrize(
    "text",
    [
        "A cessation of hostilities was agreed in Shan State",
        "The two sides agreed an end to the fighting in Shan State",
        "The sides agreed to halt the clashes in Shan State",
        "The hostility between the two families grew",
    ],
)
def test_triggers_fighting_told_as_stopped_is_no_fighting(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("An attempt to assassinate a commander in the countryside of Daraa", "Attack"),
        ("Gunmen made a bid to storm the hotel in Mogadishu", "Attack"),
    ],
)
def test_triggers_an_attempt_to_act_is_told_as_made(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Police foiled an attempt to storm the prison in Kabul",
        "They will make an attempt to attack the base",
        "Police thwarted a bid to assassinate the governor",
    ],
)
def test_triggers_an_attempt_foiled_or_planned_is_no_act(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Army Mortars Villages and Burns Homes in Kachin State", SHELLING),
        ("MORTARS HIT KABUL AIRPORT", SHELLING),
        ("Mortar Board elects new president", None),
    ],
)
def test_triggers_mortars_in_a_headline_are_shelling(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Heavy fighting spreads to Huambo", "Armed clash"),
        ("Police bomb squad arrives at the scene", None),
    ],
)
def test_triggers_a_compound_on_a_finite_verb_is_its_subject(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels were killed in aerial targeting near the border", "Air/drone strike"),
        ("The aerial targeting took the hospital out of service", "Air/drone strike"),
        ("The warplanes' targeting of the market left casualties", "Air/drone strike"),
        ("The targeting of voters by campaigns rose", None),
    ],
)
def test_triggers_targeting_from_the_air_is_an_air_strike(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("70 were killed yesterday including 27 of the regime forces", "Armed clash"),
        ("86 killed yesterday including 13 members from the regime forces", "Armed clash"),
        ("Gunmen killed 10 people, among them three soldiers", "Armed clash"),
        ("Gunmen killed 10 people including two children", "Attack"),
        ("ISIS executes two prisoners of the regime forces", "Attack"),
    ],
)
def test_triggers_those_a_count_includes_are_its_victims(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


def test_triggers_harm_to_a_count_including_armed_men_is_a_clash(nlp: Language) -> None:
    sent = first_sentence(nlp, "104 persons died, including 24 members of the regime forces")
    found = harm_trigger(sent)
    assert found is not None
    assert found.kind == "harm_armed"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Warplanes kill 7 people in Kafr Zita", "Air/drone strike"),
        ("A new massacre carried out by warplanes in Deir Ezzor", "Air/drone strike"),
        ("Warplanes and helicopters raid on several areas of Hama", "Air/drone strike"),
        ("Three civilians were killed by Russian warplanes in Idlib", "Air/drone strike"),
        ("Israeli air force kills two armed activists", "Air/drone strike"),
        ("Gunmen attacked a helicopter pilot", "Attack"),
    ],
)
def test_triggers_an_act_of_aircraft_is_an_air_strike(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two soldiers dead in NPA attack", "Armed clash"),
        ("2 Soldiers die in northwest Colombia rebel attack", "Armed clash"),
        ("Suspected rebels kill 10 in east DR Congo attack", "Attack"),
    ],
)
def test_triggers_those_harmed_in_an_attack_are_its_targets(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15 killed in strikes on rebels in Myanmar", "Air/drone strike"),
        ("Four experts killed in Yemen by coalition strikes", "Air/drone strike"),
        ("Teachers went on strike in Lagos", None),
    ],
)
def test_triggers_strikes_that_kill_are_military(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Burmese Army Continues To Wage War, While Talking Peace", "Armed clash"),
        ("Rebels are waging war against the government", "Armed clash"),
        ("The mayor waged war on corruption", None),
    ],
)
def test_triggers_waging_war_is_fighting(nlp: Language, text: str, expected: str | None) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text", ["Rebels attacked a battalion near Kadugli", "Troops killed four guerrillas in Meta"]
)
def test_triggers_an_attack_on_a_unit_or_guerrillas_is_a_clash(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) == "Armed clash"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The Islamic State organization attacks sites of the Syria Democratic Forces",
            "Armed clash",
        ),
        ("Rebels attacked army headquarters in Goma", "Armed clash"),
        ("Gunmen attacked a site of the Red Cross in Kabul", "Attack"),
    ],
)
def test_triggers_an_attack_on_sites_an_armed_side_holds_is_a_clash(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Army Launches Combat Operations in Kachin State", "Armed clash"),
        ("One Villager Killed As Mortar Shells Hit Market Town", SHELLING),
        ("Police Launch Rescue Operations After Floods", None),
        ("The Commission Publishes Its Findings On Rights", None),
    ],
)
def test_triggers_a_title_case_word_read_as_a_name_is_its_word(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Angolan fighting spreads to Huambo", "Armed clash"),
        ("Mogadishu fighting causes more displacement", "Armed clash"),
        ("Myanmar troops fighting Indian rebels", None),
        ("Militants fighting alongside the Taliban crossed the river", None),
    ],
)
def test_triggers_fighting_read_as_a_participle_on_a_nationality_is_fighting(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Syrian warplanes intensify their targeting of Idlib countryside", "Air/drone strike"),
        ("Regime forces intensify their targeting of the factions' positions", "Armed clash"),
        ("Campaigns intensified their targeting of voters", None),
    ],
)
def test_triggers_a_possessive_pronoun_is_the_subject_that_performs_the_act(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISIS attacks the regime in Deir Ezzor", "Armed clash"),
        ("Rebels attacked the regime near Hama", "Armed clash"),
        ("The opposition attacked the regime over the arrests", "Attack"),
        ("Gunmen killed three supporters of the regime", "Attack"),
    ],
)
def test_triggers_the_regime_attacked_by_arms_is_its_forces(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mines kill five shepherds near Manbij", "Remote explosive/landmine/IED"),
        ("Five civilians were killed by mines near Manbij", "Remote explosive/landmine/IED"),
        ("The gold mine employs 300 people", None),
    ],
)
def test_triggers_mines_that_kill_are_explosives(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Ukrainian defenders repulsed another assault near Marinka",
        "Dozens of soldiers killed in rebel attack",
        "Hundreds of soldiers were killed near the border",
        "Two soldiers reported killed in Kunar",
        "Gunmen attack law enforcers in Dagestan",
    ],
)
def test_triggers_acts_on_armed_men_told_indirectly_are_clashes(nlp: Language, text: str) -> None:
    assert sub_event(nlp, text) == "Armed clash"


def test_triggers_a_killing_by_illness_is_no_event(nlp: Language) -> None:
    assert find_triggers(first_sentence(nlp, "Cholera kills 20 in the camps of Haiti")) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kachin rebels seize army outpost near Myitkyina, at least 12 killed",
            "Non-state actor overtakes territory",
        ),
        ("Army launches military operation in the north, 8 killed", "Armed clash"),
        ("Rebels seize border town, 20 villagers killed", "Attack"),
    ],
)
def test_triggers_harm_naming_no_victim_beside_fighting_is_the_fighting(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Government troops bombarded rebel positions near Kismayo", SHELLING),
        ("The bombardment of the town continued for a second day", SHELLING),
        ("Helicopters bombarded rebel positions near Kismayo", "Air/drone strike"),
        ("Bombardment by warplanes hit the town", "Air/drone strike"),
    ],
)
def test_triggers_a_bombardment_is_shelling_unless_aircraft_are_named(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Army outpost attacked twice in one night", "Armed clash"),
        ("Militant hideouts raided in the north", "Armed clash"),
        ("Soldier killed near the border", "Armed clash"),
        ("Rebels attacked at dawn and killed four villagers.", "Attack"),
        ("The rebels attacked at dawn.", "Attack"),
    ],
)
def test_triggers_a_headline_past_form_with_no_object_is_a_passive(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rebels launched a counter-attack on the town", "Armed clash"),
        ("The militants began counter attacks on areas in the south", "Armed clash"),
        ("The militia carried out a counter attack near the dam", "Armed clash"),
        ("Rebels kill five at a military outpost", "Armed clash"),
        ("Gunmen kill five at a market", "Attack"),
        ("Militants kill 40 civilians in a surprise counter attack on the town", "Attack"),
    ],
)
def test_triggers_a_counter_attack_or_a_killing_at_an_armed_post_is_a_clash(
    nlp: Language, text: str, expected: str
) -> None:
    assert sub_event(nlp, text) == expected


def test_triggers_a_trigger_tagged_as_an_auxiliary_is_a_trigger(nlp: Language) -> None:
    text = "Local media: Junta army shelling kills 3 kids in Sagaing region,12 May 2021"
    sents = list(nlp(text).sents)
    assert any(t.kind == "shelling" for sent in sents for t in find_triggers(sent))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Troops killed a rebel commander near the border on Monday.",
            ("Battles", "Armed clash", "Assassination"),
        ),
        (
            "Gunmen shot dead a Taliban commander in Kunduz.",
            ("Battles", "Armed clash", "Assassination"),
        ),
        (
            "Unknown assailants assassinated the militant leader in his village.",
            ("Battles", "Armed clash", "Assassination"),
        ),
        (
            "Gunmen shot dead the deputy police chief in Kandahar.",
            ("Violence against civilians", "Attack", "Assassination"),
        ),
        (
            # a party's leader leads no fighters, though the patterns name the party
            "Gunmen shot dead a TLP leader in Lahore.",
            ("Violence against civilians", "Attack", "Assassination"),
        ),
    ],
)
def test_triggers_killing_a_leader_of_fighters_is_an_attack_on_an_armed_side(
    nlp: Language, text: str, expected: tuple[str, str, str]
) -> None:
    assert event_type(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ISIS attacks SDF sites in the countryside of Raqqa", "Armed clash"),
        ("Taliban attacks police post in Helmand", "Armed clash"),
        ("Houthis target Red Cross sites in Taiz", None),
    ],
)
def test_triggers_a_third_person_headline_verb_misread_as_a_noun(
    nlp: Language, text: str, expected: str | None
) -> None:
    assert sub_event(nlp, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Gunmen killed a former army commander in his home.", "Attack"),
        ("Many people were killed in the town last year.", "Attack"),
        ("The man who was killed on Monday was a teacher.", "Attack"),
    ],
)
def test_triggers_no_combatant_stays_an_attack(nlp: Language, text: str, expected: str) -> None:
    assert sub_event(nlp, text) == expected
