from __future__ import annotations

from dataclasses import replace

import pytest

from khabar.actors.registry import Registry
from khabar.eval.metrics import Tally
from khabar.eval.muc4 import (
    INCIDENT,
    Gold,
    Template,
    compare,
    grit_tally,
    gtt_tallies,
    incident_kinds,
    incident_type,
    merge_entities,
    model_templates,
    names_someone,
    parse,
    perpetrator_roles,
    template_of,
    types_agree,
)
from khabar.eval.records import BadRecord
from khabar.extract.types import (
    ActorMention,
    Casualties,
    Count,
    Damage,
    DocumentExtraction,
    EventTypeValue,
    Evidence,
    ExtractedReport,
    RoleFiller,
)


def _template(kind: str, **roles: list[str]) -> Template:
    """A predicted template: one mention per entity."""
    return Template(kind, {role: tuple((m,) for m in ms) for role, ms in roles.items()})


def test_muc4_grit_match_ignores_articles_punctuation_and_case() -> None:
    gold = [("fmln", "farabundo marti national liberation front")]
    # "The F.M.L.N." normalises to "fmln": 1 of 1 right, 1 of 1 found.
    tally = grit_tally(["The F.M.L.N."], gold)
    assert (tally.matched_predicted, tally.predicted, tally.gold) == (1, 1, 1)
    assert tally.f1 == 100


def test_muc4_grit_is_one_to_one_when_a_filler_fits_two_entities() -> None:
    gold = [("fmln",), ("fmln", "farabundo marti national liberation front")]
    # "fmln" fits both entities but may take one: P = 1/1, R = 1/2.
    alone = grit_tally(["fmln"], gold)
    assert (alone.matched_predicted, alone.predicted, alone.gold) == (1, 1, 2)
    # With the long name too, the optimal alignment gives each filler its own entity: 2 of 2.
    both = grit_tally(["fmln", "farabundo marti national liberation front"], gold)
    assert both.matched_predicted == 2
    # Duplicates after normalisation are one filler ("the fmln" == "fmln").
    assert grit_tally(["fmln", "the fmln"], gold).predicted == 1


def test_muc4_grit_empty_predictions_or_gold() -> None:
    assert grit_tally([], [("bomb",)]).gold == 1
    assert grit_tally([], [("bomb",)]).matched_gold == 0
    nothing = grit_tally(["bomb"], [])
    assert (nothing.matched_predicted, nothing.predicted, nothing.gold) == (0, 1, 0)


def test_muc4_merge_entities_joins_entities_sharing_a_mention() -> None:
    merged = merge_entities([("fmln",), ("bomb",), ("fmln", "farabundo marti")])
    assert merged == [("fmln", "farabundo marti"), ("bomb",)]


def test_muc4_types_agree_with_joined_gold_types() -> None:
    assert types_agree("attack", "attack / bombing")
    assert types_agree("bombing", "attack / bombing")
    assert not types_agree("arson", "attack / bombing")


def test_muc4_gtt_alignment_skips_incident_type_mismatch() -> None:
    gold = [
        Template("bombing", {"Weapon": (("bomb",),), "PerpInd": (("terrorists",),)}),
        Template("kidnapping", {"Victim": (("juan perez",),)}),
    ]
    predicted = [
        _template("attack", Weapon=["bomb"], PerpInd=["terrorists"]),
        _template("kidnapping", Victim=["juan perez"], PerpInd=["guerrillas"]),
    ]
    tallies = gtt_tallies(predicted, gold)
    # The attack template matches the bombing one's fillers but the types differ: no pair.
    # Only kidnapping ↔ kidnapping is aligned: type 1/1, Victim 1/1, PerpInd pred 1 wrong.
    # Unaligned: predicted attack (type 1, Weapon 1, PerpInd 1), gold bombing (type 1, Weapon 1,
    # PerpInd 1).
    assert tallies[INCIDENT].matched_predicted == 1
    assert (tallies[INCIDENT].predicted, tallies[INCIDENT].gold) == (2, 2)
    assert tallies["Victim"].matched_gold == 1
    assert (tallies["PerpInd"].matched_predicted, tallies["PerpInd"].predicted) == (0, 2)
    assert (tallies["Weapon"].predicted, tallies["Weapon"].gold) == (1, 1)
    # Micro over slots: matched 2 (type + victim) of 6 predicted (3 + 3) and of 5 gold (3 + 2):
    # P = 1/3, R = 2/5, F1 = 2PR/(P+R) = (4/15)/(11/15) = 4/11.
    total_matched = sum(t.matched_predicted for t in tallies.values())
    total_predicted = sum(t.predicted for t in tallies.values())
    total_gold = sum(t.gold for t in tallies.values())
    assert (total_matched, total_predicted, total_gold) == (2, 6, 5)
    micro = Tally()
    for tally in tallies.values():
        micro.add(tally)
    assert micro.f1 == pytest.approx(100 * 4 / 11)


def test_muc4_gtt_alignment_prefers_the_pair_with_more_slots() -> None:
    gold = [
        Template("attack", {"Target": (("bridge",),)}),
        Template("attack", {"Target": (("bank",),), "Weapon": (("dynamite",),)}),
    ]
    predicted = [_template("attack", Target=["bank"], Weapon=["dynamite"])]
    tallies = gtt_tallies(predicted, gold)
    # Aligned with the second gold template: Target and Weapon right; the bridge is missed.
    assert tallies["Target"].matched_gold == 1
    assert tallies["Target"].gold == 2
    assert tallies["Weapon"].matched_predicted == 1


def test_muc4_compare_scores_a_document_without_templates() -> None:
    gold = Gold("TST1-MUC3-0001", "dev", "text", ())
    judgement = compare([_template("attack", Target=["bank"])], gold)
    assert judgement.grit["Target"].predicted == 1
    assert judgement.grit["Target"].matched_predicted == 0
    assert judgement.gtt[INCIDENT].predicted == 1
    assert judgement.gtt[INCIDENT].gold == 0


def test_muc4_parse_normalises_gold_and_rejects_bad_roles() -> None:
    record = {
        "id": "TST1-MUC3-0001",
        "split": "dev",
        "text": "the bridge was bombed",
        "templates": [
            {
                "incident_type": "bombing",
                "PerpInd": [],
                "PerpOrg": [["The FMLN", "fmln"]],
                "Target": [["las canas bridge"]],
                "Victim": [],
                "Weapon": [],
            }
        ],
    }
    gold = parse(record)
    assert gold.templates[0].roles["PerpOrg"] == (("fmln",),)
    bad = {**record, "templates": [{**record["templates"][0], "Weapon": "bomb"}]}  # type: ignore[dict-item]
    with pytest.raises(BadRecord, match="Weapon"):
        parse(bad)


def _reading(incidents: tuple[tuple[str, float], ...]) -> DocumentExtraction:
    fillers = (
        RoleFiller("perpetrator_organisation", Evidence(0, 4, "The FMLN", "roles@1")),
        RoleFiller("perpetrator_organisation", Evidence(20, 24, "fmln", "roles@1")),
        RoleFiller("weapon", Evidence(30, 38, "dynamite", "roles@1")),
    )
    return DocumentExtraction((), (), fillers=fillers, incident_types=incidents)


def test_muc4_model_templates_one_per_likely_incident_type() -> None:
    templates = model_templates(
        _reading((("bombing", 0.8), ("attack", 0.6), ("none", 0.1), ("arson", 0.2)))
    )
    assert [t.incident_type for t in templates] == ["bombing", "attack"]
    # Fillers are deduplicated after normalisation; the explosive goes to the bombing, the
    # perpetrators to both.
    assert templates[0].roles["PerpOrg"] == (("fmln",),)
    assert templates[0].roles["Weapon"] == (("dynamite",),)
    assert templates[1].roles["PerpOrg"] == (("fmln",),)
    assert templates[1].roles["Weapon"] == ()


def test_muc4_model_templates_fall_back_to_the_likeliest_type_unless_none_wins() -> None:
    weak = model_templates(_reading((("none", 0.3), ("kidnapping", 0.4), ("attack", 0.1))))
    assert [t.incident_type for t in weak] == ["kidnapping"]
    assert model_templates(_reading((("none", 0.45), ("kidnapping", 0.4)))) == []
    assert model_templates(_reading(())) == []


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def _filler(role: str, text: str, start: int = 0) -> RoleFiller:
    return RoleFiller(role, Evidence(start, start + len(text), text, "roles@1"))


ATTACK = (("attack", 0.9), ("none", 0.1))


def test_muc4_incident_kinds_attack_with_explosives_is_a_bombing() -> None:
    assert incident_kinds(ATTACK, ["dynamite sticks"]) == ["bombing"]
    assert incident_kinds(ATTACK, ["Car Bomb"]) == ["bombing"]
    assert incident_kinds(ATTACK, ["rifles"]) == ["attack"]
    # Only the likeliest type "attack" becomes a bombing; a kidnapping stays one.
    assert incident_kinds((("kidnapping", 0.9), ("none", 0.1)), ["bomb"]) == ["kidnapping"]
    assert incident_kinds((("attack", 0.9), ("bombing", 0.6)), ["bomb"]) == ["attack", "bombing"]
    assert incident_kinds((("none", 0.9), ("attack", 0.1)), ["bomb"]) == []


def test_muc4_model_templates_drop_surnames_and_bracketed_abbreviations() -> None:
    text = "the army of national liberation (eln) said -- (eln) and the fmln (farabundo)"
    fillers = (
        _filler("victim", "Antonio Rodriguez Porth"),
        _filler("victim", "Rodriguez Porth", 40),
        _filler("victim", "Porthos", 60),
        _filler("perpetrator_organisation", "army of national liberation", 4),
        _filler("perpetrator_organisation", "ELN", 33),
        _filler("perpetrator_organisation", "fmln", 62),
    )
    extraction = DocumentExtraction((), (), fillers=fillers, incident_types=ATTACK)
    (template,) = model_templates(extraction, text=text)
    assert template.roles["Victim"] == (("antonio rodriguez porth",), ("porthos",))
    # "eln" is the bracketed abbreviation of the organisation before it; "fmln" stands alone.
    assert template.roles["PerpOrg"] == (("army of national liberation",), ("fmln",))


def test_muc4_model_templates_strip_counts_from_targets_and_weapons() -> None:
    fillers = (
        _filler("weapon", "two bombs"),
        _filler("physical_target", "Several Houses"),
        _filler("perpetrator_individual", "two men"),
    )
    extraction = DocumentExtraction((), (), fillers=fillers, incident_types=ATTACK)
    (template,) = model_templates(extraction)
    assert template.roles["Weapon"] == (("bombs",),)
    assert template.roles["Target"] == (("houses",),)
    # Perpetrators keep their count: MUC keys name them "two men".
    assert template.roles["PerpInd"] == (("two men",),)


def test_muc4_model_templates_cut_dangling_prepositions_and_drop_bare_collectives() -> None:
    fillers = (
        _filler("physical_target", "one of the vehicles"),
        _filler("perpetrator_individual", "members of"),
        _filler("perpetrator_individual", "members", 20),
        _filler("victim", "one of"),
        _filler("perpetrator_organisation", "army of national liberation", 40),
    )
    extraction = DocumentExtraction((), (), fillers=fillers, incident_types=ATTACK)
    (template,) = model_templates(extraction)
    # The count cut leaves "of the vehicles"; the dangling "of" goes too.
    assert template.roles["Target"] == (("vehicles",),)
    # A stub cut mid-phrase names no one; "members" as tagged and an inner "of" stay.
    assert template.roles["PerpInd"] == (("members",),)
    assert template.roles["Victim"] == ()
    assert template.roles["PerpOrg"] == (("army of national liberation",),)


def _rules_report() -> ExtractedReport:
    sentence = Evidence(0, 60, "Gunmen fired a grenade at the bus and killed the mayor.", "t")
    return ExtractedReport(
        EventTypeValue("Violence against civilians", "Attack", "Armed Assault", sentence),
        sentence,
        actors=(
            ActorMention("unidentified gunmen", "perpetrator", sentence),
            ActorMention("the bus", "target", sentence),
        ),
    )


def test_muc4_model_templates_add_the_rules_generic_perpetrators_weapons_and_targets(
    registry: Registry,
) -> None:
    report = _rules_report()
    alone = DocumentExtraction((report,), (), fillers=(), incident_types=ATTACK)
    (template,) = model_templates(alone, registry)
    assert template.roles["PerpInd"] == (("unidentified gunmen",),)
    assert template.roles["Weapon"] == (("grenade",),)
    assert template.roles["Target"] == (("bus",),)
    # Where the tagger read a weapon or a target, the rules' ones are not added; perpetrators
    # always are.
    fillers = (_filler("weapon", "rifles"), _filler("perpetrator_individual", "terrorists"))
    tagged = DocumentExtraction((report,), (), fillers=fillers, incident_types=ATTACK)
    (template,) = model_templates(tagged, registry)
    assert template.roles["Weapon"] == (("rifles",),)
    assert template.roles["Target"] == (("bus",),)
    assert template.roles["PerpInd"] == (("terrorists",), ("unidentified gunmen",))
    # Without a registry (or with no incident) nothing is added.
    (plain,) = model_templates(tagged)
    assert plain.roles["PerpInd"] == (("terrorists",),)


def test_muc4_incident_kinds_read_the_rules_types_when_the_classifier_is_unsure() -> None:
    unsure = (("attack", 0.04), ("none", 0.02))
    assert incident_kinds(unsure, [], ["bombing", "arson", "bombing"]) == ["bombing", "arson"]
    assert incident_kinds(unsure, [], []) == ["attack"]
    # A type the classifier is sure of wins; "none" winning still means no template.
    assert incident_kinds(ATTACK, [], ["bombing"]) == ["attack"]
    assert incident_kinds((("none", 0.9), ("attack", 0.1)), [], ["bombing"]) == []


def _clash() -> ExtractedReport:
    sentence = Evidence(0, 40, "Rebels and troops clashed near the town.", "t")
    return ExtractedReport(
        EventTypeValue("Battles", "Armed clash", "Armed Assault", sentence), sentence
    )


def test_muc4_model_templates_no_template_for_fighting_without_victim_or_target() -> None:
    perpetrator = (_filler("perpetrator_organisation", "fmln"),)
    fighting = DocumentExtraction((_clash(),), (), fillers=perpetrator, incident_types=ATTACK)
    assert model_templates(fighting) == []
    # A victim (or a physical target) makes it an attack on someone, told as such.
    victim = (*perpetrator, _filler("victim", "the mayor", 10))
    attacked = DocumentExtraction((_clash(),), (), fillers=victim, incident_types=ATTACK)
    assert [t.incident_type for t in model_templates(attacked)] == ["attack"]


def test_muc4_model_templates_add_arson_where_the_rules_read_property_burned() -> None:
    sentence = Evidence(0, 50, "Guerrillas attacked the post and burned a restaurant.", "t")
    burned = Damage("burned", "a restaurant", None, Evidence(36, 42, "burned", "damage@1"))
    attack = EventTypeValue("Violence against civilians", "Attack", "Armed Assault", sentence)
    report = ExtractedReport(attack, sentence, damage=(burned,))
    told = DocumentExtraction((report,), (), incident_types=ATTACK)
    assert [t.incident_type for t in model_templates(told)] == ["attack", "arson"]
    # Burning in a document that tells no incident gives none.
    none = DocumentExtraction((report,), (), incident_types=(("none", 0.9), ("attack", 0.1)))
    assert model_templates(none) == []
    unburned = DocumentExtraction((replace(report, damage=()),), (), incident_types=ATTACK)
    assert [t.incident_type for t in model_templates(unburned)] == ["attack"]


def test_muc4_model_templates_one_template_per_sentence_naming_victims() -> None:
    text = (
        "the fmln killed hector oqueli and gilda flores. a bomb hit the embassy. "
        "on monday the fmln killed roberto garcia alvarado. hector oqueli was buried."
    )
    fillers = (
        _filler("perpetrator_organisation", "fmln", 4),
        _filler("victim", "hector oqueli", 16),
        _filler("victim", "gilda flores", 34),
        _filler("physical_target", "the embassy", 59),
        _filler("victim", "roberto garcia alvarado", 98),
        _filler("victim", "hector oqueli", 123),
    )
    extraction = DocumentExtraction((), (), fillers=fillers, incident_types=ATTACK)
    together, apart = model_templates(extraction, text=text)
    # Victims named in one sentence are one incident's; one named again later stays there.
    assert together.roles["Victim"] == (("hector oqueli",), ("gilda flores",))
    assert together.roles["Target"] == (("embassy",),)
    assert apart.roles["Victim"] == (("roberto garcia alvarado",),)
    assert apart.roles["Target"] == ()
    assert together.roles["PerpOrg"] == apart.roles["PerpOrg"] == (("fmln",),)
    # Without the text, no sentence is told apart.
    (alone,) = model_templates(extraction)
    assert len(alone.roles["Victim"]) == 3


def test_muc4_model_templates_strip_vague_quantities_from_perpetrators() -> None:
    fillers = (
        _filler("perpetrator_individual", "some unidentified people"),
        _filler("perpetrator_individual", "two men", 30),
    )
    extraction = DocumentExtraction((), (), fillers=fillers, incident_types=ATTACK)
    (template,) = model_templates(extraction)
    assert template.roles["PerpInd"] == (("unidentified people",), ("two men",))


def test_muc4_model_templates_put_each_filler_in_the_template_of_the_nearest_incident() -> None:
    text = (
        "guerrillas kidnapped two engineers on monday. "
        "a bomb destroyed the power station in the capital."
    )
    sentence = Evidence(0, len(text), text, "t")
    abducted = Count(2, 2, 2, "two", Evidence(21, 24, "two", "casualties@1"))
    kidnap = EventTypeValue(
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Hostage Taking (Kidnapping)",
        Evidence(11, 20, "kidnapped", "t"),
    )
    report = ExtractedReport(kidnap, sentence, casualties=Casualties(abducted=abducted))
    fillers = (
        _filler("perpetrator_individual", "guerrillas", 0),
        _filler("victim", "two engineers", 21),
        _filler("weapon", "a bomb", 46),
        _filler("physical_target", "the power station", 67),
    )
    incidents = (("kidnapping", 0.9), ("bombing", 0.8), ("none", 0.1))
    extraction = DocumentExtraction((report,), (), fillers=fillers, incident_types=incidents)
    kidnapping, bombing = model_templates(extraction)
    assert kidnapping.roles["Victim"] == (("two engineers",),)
    assert kidnapping.roles["Target"] == kidnapping.roles["Weapon"] == ()
    assert bombing.roles["Target"] == (("power station",),)
    assert bombing.roles["Weapon"] == (("bomb",),)
    assert bombing.roles["Victim"] == ()
    # The perpetrators are each incident's.
    assert kidnapping.roles["PerpInd"] == bombing.roles["PerpInd"] == (("guerrillas",),)
    # Where nothing of the templates' types was read, the fillers stay in the first.
    plain = replace(extraction, reports=(), fillers=fillers[:2])
    first, second = model_templates(plain)
    assert first.roles["Victim"] == (("two engineers",),)
    assert second.roles["Victim"] == ()


def test_muc4_perpetrator_roles_keep_a_collective_with_its_people(registry: Registry) -> None:
    # A collective names its people only with them; a relative clause is no part of the name.
    assert perpetrator_roles(registry, "a group of armed men, who forced him to go") == [
        ("PerpInd", "a group of armed men")
    ]
    assert perpetrator_roles(registry, "members of the FMLN") == [
        ("PerpInd", "members of the FMLN"),
        ("PerpOrg", "the FMLN"),
    ]
    # A collective alone ("the group") names nobody; other "X of Y" still split.
    assert perpetrator_roles(registry, "the group") == []
    assert perpetrator_roles(registry, "terrorists of the FMLN") == [
        ("PerpInd", "terrorists"),
        ("PerpOrg", "the FMLN"),
    ]


def test_muc4_template_of_reads_no_weapons_from_the_generic_word(registry: Registry) -> None:
    text = "Rebels attacked the post with explosive charges and seized weapons; a bomb went off."
    sentence = Evidence(0, len(text), text, "t")
    attack = EventTypeValue("Violence against civilians", "Attack", "Armed Assault", sentence)
    template = template_of(ExtractedReport(attack, sentence), registry)
    assert template is not None
    assert template.roles["Weapon"] == (("bomb",),)


def _explosion(sub_event: str) -> ExtractedReport:
    sentence = Evidence(0, 30, "Rebels fired on the barracks.", "t")
    event = EventTypeValue("Explosions/Remote violence", sub_event, "Bombing/Explosion", sentence)
    return ExtractedReport(event, sentence)


def test_muc4_incident_type_fire_from_afar_is_an_attack() -> None:
    # MUC-4 keys mortar, rocket, artillery and air attacks as attacks; bombs are bombings.
    assert incident_type(_explosion("Shelling/artillery/missile attack")) == "attack"
    assert incident_type(_explosion("Air/drone strike")) == "attack"
    assert incident_type(_explosion("Remote explosive/landmine/IED")) == "bombing"
    assert incident_type(_explosion("Grenade")) == "bombing"


def test_muc4_names_someone_tells_a_name_from_a_description() -> None:
    assert names_someone("Antonio Rodriguez Porth")
    assert names_someone("monsignor romero")
    assert not names_someone("six Jesuit priests")
    assert not names_someone("the peasants")
    # A name owning the noun identifies one person.
    assert names_someone("torrado's son")


def test_muc4_model_templates_keep_victims_named_and_one_filler_per_thing() -> None:
    fillers = (
        _filler("victim", "six jesuit priests"),
        _filler("victim", "Ignacio Ellacuria", 20),
        _filler("weapon", "a car bomb", 40),
        _filler("weapon", "the bomb", 60),
        _filler("physical_target", "vehicle", 70),
        _filler("physical_target", "the four-wheel drive vehicle", 80),
    )
    extraction = DocumentExtraction((), (), fillers=fillers, incident_types=ATTACK)
    (template,) = model_templates(extraction)
    # MUC-4's Victim is the key's HUM TGT: NAME: descriptions of people are not scored.
    assert template.roles["Victim"] == (("ignacio ellacuria",),)
    # A shorter filler inside a longer one of its role names the same thing again.
    assert template.roles["Weapon"] == (("car bomb",),)
    assert template.roles["Target"] == (("fourwheel drive vehicle",),)


def test_muc4_model_templates_add_a_kidnapping_the_rules_read() -> None:
    sentence = Evidence(0, 40, "Guerrillas kidnapped the mayor.", "t")
    kidnap = EventTypeValue(
        "Violence against civilians",
        "Abduction/forced disappearance",
        "Hostage Taking (Kidnapping)",
        Evidence(11, 20, "kidnapped", "t"),
    )
    report = ExtractedReport(kidnap, sentence)
    told = DocumentExtraction((report,), (), incident_types=ATTACK)
    assert [t.incident_type for t in model_templates(told)] == ["attack", "kidnapping"]
    # Not in a document that tells no incident.
    none = replace(told, incident_types=(("none", 0.9), ("attack", 0.1)))
    assert model_templates(none) == []
