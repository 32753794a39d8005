from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from khabar.extract import casualties
from khabar.extract.casualties import EXTRACTOR, extract_casualties, tells_toll
from khabar.extract.house_style import PLAIN, HouseStyle, keep_style
from khabar.extract.types import Casualties, Count, Evidence
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


def read(nlp: Language, text: str) -> Casualties:
    """Casualties of the whole text read as one sentence, with every evidence checked."""
    doc = nlp(text)
    found = extract_casualties(doc[:])
    check_evidence(doc, found)
    return found


def best(count: Count | None) -> int | None:
    return count.best if count is not None else None


def check_evidence(doc: Doc, found: Casualties) -> None:
    counts = [found.killed, found.injured, found.abducted, *(d.count for d in found.details)]
    for count in counts:
        if count is not None:
            assert doc.text[count.evidence.start : count.evidence.end] == count.evidence.text
            assert count.evidence.extractor == EXTRACTOR


def bounds(count: Count | None) -> tuple[int | None, int | None, int | None] | None:
    return None if count is None else (count.low, count.best, count.high)


def test_casualties_reads_the_ghazni_sentence(nlp: Language) -> None:
    found = read(nlp, GHAZNI)
    assert found.killed is not None
    assert bounds(found.killed) == (101, 101, None)
    assert found.killed.qualifier == "more than 100"
    assert found.killed.evidence.text == "more than 100 people"
    assert found.injured is None
    assert found.abducted is None
    (detail,) = found.details
    assert detail.category == "killed"
    assert detail.manner == "beheaded"
    assert detail.victims == "family members of police officers"
    assert bounds(detail.count) == (15, 15, 15)
    assert detail.count.evidence.text == "15 family members"
    assert detail.included_in_total


def test_casualties_evidence_uses_document_offsets(nlp: Language) -> None:
    doc = nlp("Officials gave no further details. At least 15 people were killed in Kabul.")
    sent = list(doc.sents)[1]
    found = extract_casualties(sent)
    assert found.killed is not None
    evidence = found.killed.evidence
    assert evidence == Evidence(
        doc.text.index("At least"), doc.text.index(" were"), "At least 15 people", EXTRACTOR
    )
    assert doc.text[evidence.start : evidence.end] == "At least 15 people"


@pytest.mark.parametrize(
    ("text", "killed", "qualifier", "evidence"),
    [
        ("Gunmen killed more than 100 people in the raid.", (101, 101, None), "more than 100",
         "more than 100 people"),
        ("15 people were killed when a car bomb exploded.", (15, 15, 15), "15", "15 people"),
        ("Fifteen people died in the attack.", (15, 15, 15), "Fifteen", "Fifteen people"),
        ("Gunmen opened fire on worshippers, killing 27.", (27, 27, 27), "27", "27"),
        ("The clashes left at least 40 people dead.", (40, 40, None), "at least 40",
         "at least 40 people"),
        ("Taliban kill 12 in Kabul attack.", (12, 12, 12), "12", "12"),
        ("An air strike killed about 40 civilians.", (None, 40, None), "about 40",
         "about 40 civilians"),
        ("Between 5 and 7 people were killed.", (5, 5, 7), "Between 5 and 7",
         "Between 5 and 7 people"),
        ("Up to 30 people were feared killed.", (None, 30, 30), "Up to 30", "Up to 30 people"),
        ("Scores of people were killed.", (24, 24, None), "Scores", "Scores of people"),
        ("At least 70 people have been killed in clashes since January.", (70, 70, None),
         "At least 70", "At least 70 people"),
        ("Two policemen were among the dead.", (2, 2, 2), "Two", "Two policemen"),
        ("Police said 12 people were shot dead.", (12, 12, 12), "12", "12 people"),
        ("A 15-year-old boy was killed in the crossfire.", (1, 1, 1), "A", "A 15-year-old boy"),
    ],
)  # fmt: skip
def test_casualties_reads_killed_counts(
    nlp: Language,
    text: str,
    killed: tuple[int | None, int | None, int | None],
    qualifier: str,
    evidence: str,
) -> None:
    found = read(nlp, text)
    assert found.killed is not None
    assert bounds(found.killed) == killed
    assert found.killed.qualifier == qualifier
    assert found.killed.evidence.text == evidence


def test_casualties_reads_killed_and_injured_together(nlp: Language) -> None:
    found = read(nlp, "At least 15 people were killed and dozens injured in the blast.")
    assert bounds(found.killed) == (15, 15, None)
    assert found.killed is not None
    assert found.killed.qualifier == "At least 15"
    assert bounds(found.injured) == (12, 12, None)
    assert found.injured is not None
    assert found.injured.qualifier == "dozens"


def test_casualties_reads_headline_style_reduced_passives(nlp: Language) -> None:
    found = read(nlp, "At least 15 killed and dozens injured in Kabul blast.")
    assert bounds(found.killed) == (15, 15, None)
    assert bounds(found.injured) == (12, 12, None)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Gunmen killed Mohammed Ali in Kandahar on Monday", 1),
        ("Unknown gunmen assassinated Sheikh Hassan in Mogadishu", 1),
        ("Malik Khan was shot dead in Peshawar", 1),
        ("Issam Zahruddin was killed, a brigadier said", 1),
        ("Gunmen killed attorney general Roberto Garcia Alvarado", 1),
        ("Gunmen killed Malik Khan and his son in Peshawar", 2),
        ("Gunmen killed Malik Khan and Ahmed Shah in Peshawar", 2),
        ("Police arrested Malik Khan and Ahmed Shah", None),
        ("Mohammed Ali killed three soldiers", 3),
        ("Police arrested Mohammed Ali", None),
        ("Gunmen did not kill Mohammed Ali", None),
    ],
)
def test_casualties_counts_a_named_victim_once(
    nlp: Language, text: str, killed: int | None
) -> None:
    assert best(read(nlp, text).killed) == killed


def test_casualties_reads_a_headline_die_the_tagger_took_for_a_noun(nlp: Language) -> None:
    assert best(read(nlp, "Three die, over 1,000 flee fresh army offensive").killed) == 3
    assert read(nlp, "The die is cast for the talks, officials said.") == Casualties()


def test_casualties_reads_soldiers_killed_and_eleven_wounded(nlp: Language) -> None:
    found = read(nlp, "Seven soldiers were killed and eleven wounded in the ambush.")
    assert bounds(found.killed) == (7, 7, 7)
    assert found.killed is not None
    assert found.killed.evidence.text == "Seven soldiers"
    assert bounds(found.injured) == (11, 11, 11)
    assert found.injured is not None
    assert found.injured.qualifier == "eleven"


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("The attack left 15 dead and 30 wounded.", 15, 30),
        ("The explosion killed 15 and wounded 30 others.", 15, 30),
        ("A suicide bomber killed 15 people, injuring 40.", 15, 40),
        ("Five soldiers were killed and 12 others were wounded.", 5, 12),
        ("A bomb killed four people and wounded at least 20 others in Mogadishu.", 4, 20),
        ("Two people died and 14 were injured.", 2, 14),
        ("The blast left two people dead and 17 injured.", 2, 17),
        ("The bomb killed a policeman and wounded two others.", 1, 2),
        ("A soldier was killed and two others were wounded.", 1, 2),
        ("One person was killed and seven were wounded.", 1, 7),
    ],
)
def test_casualties_reads_killed_and_wounded(
    nlp: Language, text: str, killed: int, injured: int
) -> None:
    found = read(nlp, text)
    assert found.killed is not None
    assert found.killed.best == killed
    assert found.injured is not None
    assert found.injured.best == injured


def test_casualties_keeps_others_in_the_injured_evidence(nlp: Language) -> None:
    found = read(nlp, "The explosion killed 15 and wounded 30 others.")
    assert found.injured is not None
    assert found.injured.evidence.text == "30 others"


@pytest.mark.parametrize(
    ("text", "abducted", "evidence"),
    [
        ("Gunmen abducted 20 students from a school in Kaduna state.", 20, "20 students"),
        ("Militants kidnapped two aid workers on Tuesday.", 2, "two aid workers"),
        ("Boko Haram kidnapped 276 schoolgirls from Chibok in April 2014.", 276,
         "276 schoolgirls"),
        ("The rebels took 20 aid workers hostage.", 20, "20 aid workers"),
        ("Some 200 people were abducted by Boko Haram fighters.", 200, "Some 200 people"),
    ],
)  # fmt: skip
def test_casualties_reads_abductions(
    nlp: Language, text: str, abducted: int, evidence: str
) -> None:
    found = read(nlp, text)
    assert found.killed is None
    assert found.abducted is not None
    assert found.abducted.best == abducted
    assert found.abducted.evidence.text == evidence


def test_casualties_reads_a_rising_death_toll(nlp: Language) -> None:
    found = read(nlp, "The death toll rose to 23, officials said.")
    assert bounds(found.killed) == (23, 23, 23)
    assert found.killed is not None
    assert found.killed.evidence.text == "23"


@pytest.mark.parametrize(
    "text",
    [
        "The death toll from Monday's bombing has climbed to 23.",
        "The death toll from the attack rose from 15 to 23.",
        "Officials put the death toll at 23.",
    ],
)
def test_casualties_reads_other_toll_wordings(nlp: Language, text: str) -> None:
    assert bounds(read(nlp, text).killed) == (23, 23, 23)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("The number of dead in the bombing in Damascus rose to 74 on Tuesday.", 74, None),
        ("The blast raised to 53 the number of victims of the attack in Hama.", 53, None),
        ("Rescuers found more bodies, bringing the number of people killed to 74.", 74, None),
        ("The number killed in the attack on the market rose to 9.", 9, None),
        ("The number of wounded in the bombing rose to 30, hospital officials said.", None, 30),
        ("The number of casualties in the bombing rose to 30.", None, None),
        ("Police fear the number of dead in the bombing could rise to 40.", None, None),
        ("The number of people displaced by the fighting in Idlib rose to 4,000.", None, None),
    ],
)
def test_casualties_reads_a_tally_of_the_dead_or_injured_as_a_toll(
    nlp: Language, text: str, killed: int | None, injured: int | None
) -> None:
    """ "the number of dead rose to 74" is a toll; "casualties" says neither the dead nor
    the injured, and a tally of the displaced is no one's harm."""
    found = read(nlp, text)
    assert (best(found.killed), best(found.injured)) == (killed, injured)
    if killed or injured:
        assert found.tolls == ("killed" if killed else "injured",)


def test_casualties_tells_a_tally_as_a_toll(nlp: Language) -> None:
    assert tells_toll(nlp("Later the number of people killed rose to 5.")[:])
    assert not tells_toll(nlp("A number of civilians were killed in the shelling.")[:])


def test_casualties_reads_included_children_as_a_detail(nlp: Language) -> None:
    found = read(nlp, "Gunmen killed 9 people including 4 children.")
    assert bounds(found.killed) == (9, 9, 9)
    (detail,) = found.details
    assert (detail.category, detail.manner, detail.victims) == ("killed", "killed", "children")
    assert bounds(detail.count) == (4, 4, 4)
    assert detail.count.evidence.text == "4 children"
    assert detail.included_in_total


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        ("Six people, including two children, were killed.", "children"),
        ("Insurgents killed 6 people, 2 of them civilians.", "civilians"),
        ("Gunmen killed 6 people, among them 2 children.", "children"),
    ],
)
def test_casualties_reads_parts_of_a_total(nlp: Language, text: str, victims: str) -> None:
    found = read(nlp, text)
    assert found.killed is not None
    assert found.killed.best == 6
    (detail,) = found.details
    assert detail.count.best == 2
    assert detail.victims == victims
    assert detail.included_in_total


def test_casualties_reads_a_part_of_the_injured(nlp: Language) -> None:
    found = read(nlp, "The attack killed 9 people and injured 15, including 4 children.")
    assert bounds(found.killed) == (9, 9, 9)
    assert bounds(found.injured) == (15, 15, 15)
    (detail,) = found.details
    assert detail.category == "injured"
    assert detail.count.best == 4


@pytest.mark.parametrize(
    ("text", "manner", "victims", "killed"),
    [
        ("Militants beheaded 15 villagers.", "beheaded", "villagers", 15),
        ("Soldiers shot dead three protesters.", "shot dead", "protesters", 3),
        ("Al-Shabaab executed five men accused of spying.", "executed", "men", 5),
        ("Militants hacked 12 villagers to death.", "hacked to death", "villagers", 12),
        ("Gunmen gunned down four policemen.", "gunned down", "policemen", 4),
        ("A policeman was stabbed to death in Kabul.", "stabbed to death", "policeman", 1),
    ],
)
def test_casualties_makes_manner_counts_the_total_when_alone(
    nlp: Language, text: str, manner: str, victims: str, killed: int
) -> None:
    found = read(nlp, text)
    assert found.killed is not None
    assert found.killed.best == killed
    (detail,) = found.details
    assert (detail.category, detail.manner, detail.victims) == ("killed", manner, victims)
    assert detail.count == found.killed
    assert detail.included_in_total


def test_casualties_does_not_add_a_smaller_manner_count_to_the_total(nlp: Language) -> None:
    found = read(nlp, "Militants killed 40 people and beheaded 15 of the captives.")
    assert found.killed is not None
    assert found.killed.best == 40


def test_casualties_adds_a_larger_manner_count_to_the_total(nlp: Language) -> None:
    found = read(nlp, "Militants killed 5 soldiers and beheaded 15 villagers.")
    assert bounds(found.killed) == (20, 20, 20)
    (detail,) = found.details
    assert detail.manner == "beheaded"
    assert detail.count.best == 15


def test_casualties_adds_joined_counts(nlp: Language) -> None:
    found = read(nlp, "The militants killed 15 soldiers and 3 civilians.")
    assert bounds(found.killed) == (18, 18, 18)
    assert found.killed is not None
    assert found.killed.qualifier == "15 + 3"
    assert found.killed.evidence.text == "15 soldiers and 3 civilians"


def test_casualties_adds_counts_told_in_separate_clauses(nlp: Language) -> None:
    text = (
        "Insurgents killed 14 policemen at a checkpoint, a spokesman said, adding that 6 "
        "attackers were also killed."
    )
    found = read(nlp, text)
    assert found.killed is not None
    assert found.killed.best == 20


def test_casualties_reads_rival_reports_as_a_range(nlp: Language) -> None:
    found = read(nlp, "Officials said 12 people were killed, while local media reported 20 dead.")
    assert bounds(found.killed) == (12, 12, 20)
    assert found.killed is not None
    assert found.killed.qualifier == "12 or 20"


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("No casualties were reported.", 0, 0),
        ("There were no casualties.", 0, 0),
        ("No one was hurt in the attack.", None, 0),
        ("No injuries were reported in the attack.", None, 0),
        ("Nobody was killed, police said.", 0, None),
        ("The attack killed no one.", 0, None),
    ],
)
def test_casualties_reads_negations_as_zero(
    nlp: Language, text: str, killed: int | None, injured: int | None
) -> None:
    found = read(nlp, text)
    assert (found.killed.best if found.killed else None) == killed
    assert (found.injured.best if found.injured else None) == injured
    assert found.abducted is None
    for count in (found.killed, found.injured):
        if count is not None:
            assert bounds(count) == (0, 0, 0)
            assert count.evidence.text.lower().startswith("no")


def test_casualties_reads_zero_killed_with_injured(nlp: Language) -> None:
    found = read(nlp, "No one was killed but 3 people were injured.")
    assert bounds(found.killed) == (0, 0, 0)
    assert bounds(found.injured) == (3, 3, 3)


@pytest.mark.parametrize(
    "text",
    [
        "The group threatened to kill 100 hostages.",
        "The group threatened to kill 100.",
        "Militants vowed to kill dozens of soldiers.",
        "Officials warned the militants could kill dozens of people.",
        "The bombing could kill as many as 50 people, experts said.",
        "If the dam breaks, it would kill thousands.",
        "A plot to kill 20 officials was foiled.",
        "Taliban denied killing 12 civilians.",
        "Militants attempted to kidnap three engineers.",
        "The attack did not kill anyone, officials said.",
        "The gunmen were about to kill 12 hostages when troops stormed the building.",
        "The commander ordered his men to kill the 20 prisoners.",
        "Militants could leave 3 soldiers, 2 civilians dead.",
    ],
)
def test_casualties_ignores_threats_plans_and_negated_actions(nlp: Language, text: str) -> None:
    assert read(nlp, text) == Casualties()


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested 12 suspects.",
        "About 3,000 troops were deployed.",
        "The 15-member council met on Monday.",
        "He was born in 1975 and has 3 children.",
        "About 2,000 people have fled the fighting.",
        "The rebels blew up a bridge and burnt down two schools.",
        "Police shot down a drone.",
    ],
)
def test_casualties_ignores_counts_of_other_things(nlp: Language, text: str) -> None:
    assert read(nlp, text) == Casualties()


def test_casualties_keeps_unknown_pluralities_with_their_words(nlp: Language) -> None:
    found = read(nlp, "Many people were killed in the clashes.")
    assert found.killed is not None
    assert bounds(found.killed) == (1, 1, None)
    assert found.killed.qualifier == "Many"
    assert found.killed.evidence.text == "Many people"


def test_casualties_counts_victims_not_perpetrators_of_active_verbs(nlp: Language) -> None:
    found = read(nlp, "Five militants killed three soldiers in an ambush.")
    assert found.killed is not None
    assert found.killed.best == 3
    assert found.killed.evidence.text == "three soldiers"


def test_casualties_martyred_soldiers_are_killed(nlp: Language) -> None:
    found = read(nlp, "Five soldiers were martyred and two others wounded.")
    assert bounds(found.killed) == (5, 5, 5)
    assert bounds(found.injured) == (2, 2, 2)


def test_casualties_a_part_without_a_number_is_no_detail(nlp: Language) -> None:
    found = read(nlp, "More than 20 people were injured, some of them with severe burns.")
    assert bounds(found.injured) == (21, 21, None)
    assert found.details == ()


def test_casualties_property_and_animals_are_not_counted(nlp: Language) -> None:
    found = read(nlp, "Dozens of market stalls were burned and livestock had been killed.")
    assert found.killed is None


def test_casualties_tolls_are_marked(nlp: Language) -> None:
    found = read(nlp, "The death toll rose to 23, officials said.")
    assert bounds(found.killed) == (23, 23, 23)
    assert found.tolls == ("killed",)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Militia Accused of Abducting, Killing Four Village Elders", 4),
        ("12 DIE IN BORDER CLASH WITH RAIDERS.", 12),
    ],
)
def test_casualties_headline_verbs_in_capitals_count(nlp: Language, text: str, killed: int) -> None:
    assert bounds(read(nlp, text).killed) == (killed, killed, killed)


@pytest.mark.parametrize(
    "text",
    [
        "Policeman killed in roadside blast near Kandahar",
        "Civilian dies of wounds after shelling on the village",
        "Gunmen shot dead the district governor on Friday.",
    ],
)
def test_casualties_singular_victim_without_article_counts_one(nlp: Language, text: str) -> None:
    assert bounds(read(nlp, text).killed) == (1, 1, 1)


def test_casualties_unnumbered_victims_count_at_least_one(nlp: Language) -> None:
    found = read(nlp, "Government airstrikes killed civilians in the town on Tuesday.")
    assert bounds(found.killed) == (1, 1, None)


def test_casualties_unnumbered_victims_give_way_to_a_number(nlp: Language) -> None:
    found = read(nlp, "Raiders killed villagers and 3 guards at the mine.")
    assert bounds(found.killed) == (3, 3, 3)


def test_casualties_count_shared_by_killed_and_injured_is_a_range(nlp: Language) -> None:
    found = read(nlp, "Airstrikes killed and wounded 14 people in the market.")
    assert bounds(found.killed) == (1, 1, 14)
    assert bounds(found.injured) == (1, 1, 14)


def test_casualties_semicolon_headlines_are_not_added_up(nlp: Language) -> None:
    found = read(nlp, "Car bomb kills 6 in Mogadishu; Mogadishu car bomb kills 9, police say")
    assert bounds(found.killed) == (9, 9, 9)


def test_casualties_count_after_including_is_a_part(nlp: Language) -> None:
    found = read(
        nlp, "40 were killed on Monday, including 12 soldiers, and 9 civilians died in air raids."
    )
    assert bounds(found.killed) == (40, 40, 40)


def test_casualties_martyrs_are_killed(nlp: Language) -> None:
    assert bounds(read(nlp, "Seven martyrs in shelling on the town of Douma").killed) == (7, 7, 7)


def test_casualties_habits_in_the_present_are_no_victims(nlp: Language) -> None:
    found = read(nlp, "Officials blame gangs who raid villages and kidnap residents for ransom.")
    assert found.abducted is None


def test_casualties_object_of_another_verb_is_no_victim(nlp: Language) -> None:
    found = read(nlp, "A police constable escorting the team was injured.")
    assert bounds(found.injured) == (1, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "Three civilians were also killed in the shelling.",
        "Two bystanders were killed as well.",
    ],
)
def test_casualties_victims_told_as_more_are_additional(nlp: Language, text: str) -> None:
    assert read(nlp, text).additional == ("killed",)


def test_casualties_a_sum_within_the_sentence_is_not_additional(nlp: Language) -> None:
    found = read(nlp, "Ten soldiers were killed and four attackers were also killed.")
    assert bounds(found.killed) == (14, 14, 14)
    assert found.additional == ()


def test_casualties_also_on_an_act_against_objects_is_not_additional(nlp: Language) -> None:
    assert read(nlp, "The attackers also killed two guards at the gate.").additional == ()


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Thirty Burma Army soldiers killed in clashes with the SSPP", (30, 30, 30)),
        ("11 members from the regime forces killed in the countryside of Aleppo", (11, 11, 11)),
        ("A landmine explosion kills a family of 6 persons near Hama", (6, 6, 6)),
        ("Al-Hamidiyyeh massacre claims the lives of 22 citizens in Deir Ezzor", (22, 22, 22)),
        ("Shelling on the capital claimed 87 lives in a month", (87, 87, 87)),
        ("Remnants of war explode claiming the life of a citizen in Deir Ezzor", (1, 1, 1)),
        ("Warplanes cause a massacre of 16 civilians, mostly children", (16, 16, 16)),
        ("A military court jailed soldiers for the murder of 3 villagers", (3, 3, 3)),
        ("Fighting in Shan State Reportedly Kills 5 Soldiers, 2 Rebels", (7, 7, 7)),
        ("Husband, wife and baby killed by government forces in a raid", (3, 3, 3)),
        ("Saudi-led airstrikes kill dozen Houthi rebels in Marib", (12, 12, 12)),
        ("Fighting worsens in Kachin State, dozens reported killed", (12, 12, None)),
        ("Two Girls Dead after Landmine Blast in Shan State Village", (2, 2, 2)),
        ("Warplanes target hospitals and kill the first woman in Idlib in months", (1, 1, 1)),
        ("Improvised Mines Kill, Injure Hundreds in Manbij", (1, 1, None)),
    ],
)
def test_casualties_reads_headline_and_report_phrasings(
    nlp: Language, text: str, killed: tuple[int, int, int | None]
) -> None:
    assert bounds(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    "text",
    [
        "Regime forces bombed the countryside, leaving martyrs and wounded",
        "Renewed shelling leaves people killed and injured in the countryside of Idlib",
        "Dead and injuries in targeting a village in the countryside of Homs",
        "Casualties and injuries in airstrikes on the countryside of Idlib",
        "The warplanes bomb the countryside leaving casualties and wounded",
    ],
)
def test_casualties_dead_and_wounded_told_without_numbers(nlp: Language, text: str) -> None:
    found = read(nlp, text)
    assert bounds(found.killed) == (1, 1, None)
    assert bounds(found.injured) == (1, 1, None)


def test_casualties_told_apart_from_the_wounded_are_the_dead(nlp: Language) -> None:
    found = read(nlp, "The aerial and ground attack today leaves 21 casualties and tens of wounded")
    assert bounds(found.killed) == (21, 21, 21)
    shared = read(nlp, "More than 11 casualties and injuries in an airstrike at Muhassan")
    assert bounds(shared.killed) == (1, 1, None)
    assert bounds(shared.injured) == (1, 1, None)


@pytest.mark.parametrize(
    ("text", "high"),
    [
        ("More than 11 martyrs and wounded in aerial shelling in Kaftakharim", None),
        ("Shelling on Douma leaves 20 martyrs and injured", 20),
        ("Five fatalities and injuries were reported in Kabul", 5),
    ],
)
def test_casualties_dead_and_injured_sharing_one_count_are_a_range(
    nlp: Language, text: str, high: int | None
) -> None:
    found = read(nlp, text)
    assert bounds(found.killed) == (1, 1, high)
    assert bounds(found.injured) == (1, 1, high)


@pytest.mark.parametrize(
    "text",
    [
        "The attack left dozens of wounded.",
        "Shelling on Douma leaves 20 dead and dozens of wounded.",
    ],
)
def test_casualties_dozens_of_wounded_are_injured_people(nlp: Language, text: str) -> None:
    # The tagger reads this "wounded" as the verb "wound"; the word stands for the people.
    assert bounds(read(nlp, text).injured) == (12, 12, None)


def test_casualties_dead_with_a_count_of_their_own_stay_apart(nlp: Language) -> None:
    found = read(nlp, "Shelling on Douma leaves 20 martyrs and 30 injured")
    assert bounds(found.killed) == (20, 20, 20)
    assert bounds(found.injured) == (30, 30, 30)


@pytest.mark.parametrize(
    "text", ["The attack caused 20 casualties.", "The shelling caused casualties in the town."]
)
def test_casualties_alone_may_be_the_injured_so_count_no_dead(nlp: Language, text: str) -> None:
    assert read(nlp, text).killed is None


def test_casualties_human_losses_are_at_least_one_dead(nlp: Language) -> None:
    assert bounds(read(nlp, "Human losses in Aleppo city after aerial bombardment").killed) == (
        1,
        1,
        None,
    )


def test_casualties_verb_misread_as_a_noun_shares_the_count(nlp: Language) -> None:
    found = read(nlp, "Targeting to the capital Damascus kills and injures 7 persons at least")
    assert bounds(found.killed) == (1, 1, 7)
    assert bounds(found.injured) == (1, 1, 7)


@pytest.mark.parametrize(
    "text",
    [
        "The bomb did not kill or wound anyone.",
        "The militants threatened to kill and wound civilians.",
        "The rebels vowed to claim the lives of 20 soldiers.",
    ],
)
def test_casualties_new_phrasings_stay_unread_when_not_asserted(nlp: Language, text: str) -> None:
    found = read(nlp, text)
    assert (found.killed, found.injured) == (None, None)


READINGS = [
    GHAZNI,
    "The death toll rose to 23, officials said.",
    "Gunmen killed 9 people including 4 children.",
    "Human losses in Aleppo city after aerial bombardment",
    "Two Girls Dead in Shelling",
    "Martyrs and Wounded in Idlib",
    "The massacre of 16 civilians shocked the town.",
    "The blast claimed the lives of 22 citizens.",
    "A policeman was shot dead; 20 hostages were taken.",
    "No casualties were reported.",
    "The rebels met the envoy in Geneva on Monday.",
    "Some 40 delegates attended the talks.",
]


def test_casualties_skips_only_sentences_that_tell_none(
    nlp: Language, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sentence with no word the readings start from is not read; reading it all the same
    changes nothing, here or for those that tell casualties."""
    assert not casualties._may_tell(nlp(READINGS[-1])[:])
    skipping = [read(nlp, text) for text in READINGS]
    assert skipping[-1] == skipping[-2] == Casualties()
    assert sum(found != Casualties() for found in skipping) == len(READINGS) - 2
    monkeypatch.setattr(casualties, "_may_tell", lambda sent: True)
    assert [read(nlp, text) for text in READINGS] == skipping


def test_casualties_tells_toll_only_of_a_stated_toll(nlp: Language) -> None:
    assert tells_toll(nlp("By Saturday morning the toll rose to 23.")[:])
    assert not tells_toll(nlp("Police said 23 people were killed.")[:])
    assert not tells_toll(nlp("The toll road to the 3 villages was closed.")[:])


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Clashes leave 18 soldiers and 5 militants dead", 23, None),
        ("18 soldiers, 5 militants dead in clashes in Dera Bugti", 23, None),
        ("Two soldiers, one civilian wounded in Kunar clash", None, 3),
        ("A policeman and 3 civilians dead in Quetta blast", 4, None),
        ("Philippine clash leaves 18 soldiers, 5 militants dead", 23, None),
        ("Two toddlers, five men shot dead in the region", 7, None),
        ("Clashes leave 4 soldiers, 3 rebels, 2 civilians dead", 9, None),
        ("Gunmen killed 3 soldiers, 2 civilians were wounded", 3, 2),
        ("The farmer, 45, was killed in the raid", 1, None),
    ],
)
def test_casualties_shares_a_last_predicate_across_coordinated_counts(
    nlp: Language, text: str, killed: int | None, injured: int | None
) -> None:
    found = read(nlp, text)
    assert (best(found.killed), best(found.injured)) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("The officer reported 17 casualties, including 9 wounded soldiers.", None, 9),
        ("Troops evacuated three wounded policemen to the capital", None, 3),
        ("The army said 12 dead militants were left behind", 12, None),
        ("Two dead and seven wounded civilians after the explosions", 2, 7),
        ("The clash resulted in one dead terrorist and the seizure of rifles", 1, None),
    ],
)
def test_casualties_reads_a_harm_word_between_the_count_and_the_people(
    nlp: Language, text: str, killed: int | None, injured: int | None
) -> None:
    found = read(nlp, text)
    assert (best(found.killed), best(found.injured)) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("12 people, including 4 children, dead after airstrike", 12, None),
        ("Five soldiers were found dead in Helmand", 5, None),
        ("Two policemen were reported wounded in the attack", None, 2),
    ],
)
def test_casualties_reads_a_state_after_the_counted_people(
    nlp: Language, text: str, killed: int | None, injured: int | None
) -> None:
    found = read(nlp, text)
    assert (best(found.killed), best(found.injured)) == (killed, injured)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ('EFE 16 Sep 2009 "24 People murdered in northern Mexico', 24),
        ("AF,P Three dead in fresh Myanmar violence: official, 23 October 2012", 3),
    ],
)
def test_casualties_counts_no_byline_among_the_victims(
    nlp: Language, text: str, killed: int
) -> None:
    assert best(read(nlp, text).killed) == killed


def test_casualties_keeps_a_denied_state_unread(nlp: Language) -> None:
    assert read(nlp, "The five soldiers are not dead, officials said.").killed is None


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "The death of 4 civilians by a mine explosion raises the death toll to about 60 in "
            "about 40 days",
            4,
        ),
        ("Shelling raised the death toll to about 205 since the beginning of the year", None),
        ("135, including 32 civilians, were killed in 7 days of military operations", None),
        ("After the death of more than 310 civilians during 20 days, the truce holds", None),
        ("Airstrikes raise the toll to 290 civilians killed in about 7 weeks", None),
        (
            "Airstrikes raise the death toll to 290 people killed by the coalition since the "
            "start of the offensive",
            None,
        ),
        (
            "More human losses raise the death toll of civilian Syrians to 640 in about 6 weeks "
            "of the grand battle of Al-Bab; Three children die in shelling on the city",
            3,
        ),
        ("Three weeks of fighting brought the death toll to 140", None),
        ("On the 9th day of the offensive, the death toll rises to 210", None),
        ("As the campaign completes its 9th day, the death toll rises to 210 civilians", None),
    ],
)
def test_casualties_leaves_a_count_summed_over_days_to_no_event(
    nlp: Language, text: str, killed: int | None
) -> None:
    found = read(nlp, text)
    assert best(found.killed) == killed
    assert not found.tolls


def test_casualties_takes_the_highest_count_of_headlines_a_citation_date_sets_apart(
    nlp: Language,
) -> None:
    found = read(
        nlp,
        'AFP, 2000-11-15, "Israeli troops kill two Palestinians in West Bank clashes", Reuters, '
        '2000-11-15, "Four Palestinians killed in West Bank, Gaza."',
    )
    assert best(found.killed) == 4


@pytest.mark.parametrize(
    "text",
    [
        "127 were killed yesterday including 20 members of the regime forces and militiamen loyal "
        "to them and 54 other persons",
        "119 killed yesterday including 24 regime forces",
        "180 were killed yesterday, including 59 members of the regime forces, and 41 were "
        "martyred in aerial bombardment and the fall of shells",
        "20 people were killed yesterday in different circumstances in several areas in Syria",
    ],
)
def test_casualties_leaves_a_days_roundup_to_no_event(nlp: Language, text: str) -> None:
    """A day's dead with no place, cause or agent, broken down by who they were, are a monitor's
    tally of the whole country's day, and so is the breakdown that follows."""
    found = read(nlp, text)
    assert found.killed is None
    assert not found.details


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("12 people were killed yesterday in an airstrike on Idlib, including 4 children", 12),
        ("Two were killed yesterday when a bomb exploded, including a child", 2),
        ("15 people were killed yesterday by shelling, including 3 women", 15),
        ("9 people were killed yesterday", 9),
        ("Three people were killed yesterday, including a child", 3),
    ],
)
def test_casualties_keeps_a_days_count_told_with_its_event(
    nlp: Language, text: str, killed: int
) -> None:
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("The death toll from the bombing rose to 23 on Friday.", 23),
        ("At least 40 people were killed in the past 24 hours in Aleppo.", 40),
        ("Fighting in a three-day battle killed 30 militants.", 30),
        ("The death of 171 persons in the bombing shocked the city.", 171),
        ("The massacre of 16 civilians during the night was condemned.", 16),
    ],
)
def test_casualties_keeps_a_day_or_one_battle_count(nlp: Language, text: str, killed: int) -> None:
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [("The death of three soldiers in Kunar was confirmed.", 3), ("A death was reported.", 1)],
)
def test_casualties_counts_the_victims_of_a_death_not_the_death(
    nlp: Language, text: str, killed: int
) -> None:
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Badly burned bodies of four Kachin villagers uncovered", 4),
        ("Police found the bodies of 12 men in Ciudad Juarez", 12),
        ("The body of a man was found in Kunar", 1),
        ("At least 7 casualties and several wounded of the regime forces", 7),
        ("21 casualties and tens of wounded in Idlib", 21),
    ],
)
def test_casualties_reads_the_dead_counted_by_bodies_and_told_apart(
    nlp: Language, text: str, killed: int
) -> None:
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    "text",
    [
        "Dead end for peace talks in Yemen",
        "The talks reached a dead end in Geneva",
        "Martyrs' Day celebrated in Lahore",
        "Martyrs Day marked in Algiers",
    ],
)
def test_casualties_harm_word_naming_a_thing_counts_no_one(nlp: Language, text: str) -> None:
    """A harm word that modifies a thing's name ("dead end", "Martyrs' Day") tells no victim."""
    assert read(nlp, text) == Casualties()


def test_casualties_harm_word_on_people_still_counts(nlp: Language) -> None:
    """ "Dead soldiers" are victims: only a thing's name is excluded."""
    assert best(read(nlp, "Dead soldiers found in Kunar").killed) == 1


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Russian Armed Forces in Kupyansk direction destroyed 100 Ukrainian soldiers", 100),
        ("The army eliminated 30 militants in Idlib", 30),
        ("20 terrorists were eliminated in an operation in Waziristan", 20),
    ],
)
def test_casualties_military_statement_wiping_out_people_counts_killed(
    nlp: Language, text: str, killed: int
) -> None:
    """Military statements write "destroyed" or "eliminated" for people killed."""
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    "text",
    [
        "Rebels destroyed the homes of 100 soldiers in Homs",
        "The army eliminated the threat in Idlib",
        "The reform eliminated 300 jobs in Cairo",
    ],
)
def test_casualties_wiping_out_things_counts_no_one(nlp: Language, text: str) -> None:
    """Only people wiped out are killed: homes, threats and jobs are not."""
    assert read(nlp, text).killed is None


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Soldiers shot dead a Palestinian near Nablus", (1, 1, 1)),
        ("An Afghan was killed in the blast", (1, 1, 1)),
        ("Gunmen kill Catholic in Belfast", (1, 1, None)),
        ("Palestinian gunmen killed a soldier", (1, 1, 1)),
        ("A Palestinian killed two settlers", (2, 2, 2)),
        ("Troops did not kill a Palestinian", None),
        ("Gunmen could kill an American", None),
        ("Police arrested a Palestinian near Nablus", None),
    ],
)
def test_casualties_reads_a_peoples_name_as_one_of_them(
    nlp: Language, text: str, killed: tuple[int, int, int | None] | None
) -> None:
    """A demonym standing as a noun is a person; without an article (a headline's, or a name
    like "Taliban" that stands for many) at least one. Modifying another noun it is none."""
    assert bounds(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ('AFP 12 Mar 2004 "Nepali policeman killed in Maoist ambush', 1),
        ('Reuters 2004-03-12 "Nepali policeman killed in Maoist ambush', 1),
        ('AFP 12 Mar 2004 "Nepali policeman arrested in Kathmandu', None),
    ],
)
def test_casualties_a_citations_date_is_no_count_of_the_victim(
    nlp: Language, text: str, killed: int | None
) -> None:
    """The small model hangs a citation's date digits on the headline's noun as counts."""
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Terrorist said killed in police raid", 1),
        ("Mercenary Killed In Ambush", 1),
        ("Terrorist said arrested in police raid", None),
    ],
)
def test_casualties_reads_a_capitalised_combatant_as_one_person(
    nlp: Language, text: str, killed: int | None
) -> None:
    assert best(read(nlp, text).killed) == killed


def test_casualties_reads_a_headline_list_of_bare_person_words(nlp: Language) -> None:
    """ "Farmer, teacher killed": two people, not one and an apposition."""
    assert bounds(read(nlp, "Farmer, teacher killed in Kunar").killed) == (2, 2, 2)
    found = read(nlp, "Soldier, civilian wounded in Kunar shelling")
    assert bounds(found.injured) == (2, 2, 2)
    assert found.killed is None


@pytest.mark.parametrize(
    "text",
    [
        "Police officer, father of two, killed in attack",
        "The farmer, a father of three, was killed",
    ],
)
def test_casualties_an_apposition_describing_a_victim_is_no_second_one(
    nlp: Language, text: str
) -> None:
    assert bounds(read(nlp, text).killed) == (1, 1, 1)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Villagers buried four slain herders", 4),
        ("Rebels paraded five executed prisoners in the square", 5),
        ("Police recovered an executed man near the river", 1),
        ("Medics treated three dying soldiers", None),
        ("Police said 20 abducted students were freed", None),
        ("The widow of a slain journalist spoke to reporters", None),
        ("Lawyers filed the executed contract with the court", None),
    ],
)
def test_casualties_reads_a_participle_of_killing_on_people(
    nlp: Language, text: str, killed: int | None
) -> None:
    """ "four slain herders", "an executed man" were killed; "dying" is no state yet, abducted
    people are often named long after, and a thing is no victim."""
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Three Police Officers Confirmed Dead After Attack", 3),
        ("Ten Reported Dead In Clashes", 10),
        ("Soldier Found Dead In Kano", 1),
        ("Two Policemen Are Dead", 2),
    ],
)
def test_casualties_a_capitalised_state_is_no_victim_of_its_own(
    nlp: Language, text: str, killed: int
) -> None:
    """A headline's "Dead" after "Confirmed", "Reported" or "Found", tagged as a proper noun,
    is the state of the verb's subject, not one more dead person."""
    assert best(read(nlp, text).killed) == killed


def test_casualties_capitalised_dead_left_by_an_attack_still_counts(nlp: Language) -> None:
    found = read(nlp, "Attack Leaves Dead and Injured")
    assert bounds(found.killed) == (1, 1, 1)
    assert bounds(found.injured) == (1, 1, None)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Police recovered an executed man near the river", (1, 1, None)),
        ("Five people were killed and the dead man was a teacher", (5, 5, 5)),
        ("Gunmen killed three soldiers, and a slain soldier's brother said so", (3, 3, 3)),
    ],
)
def test_casualties_a_harm_word_on_one_person_adds_no_victim(
    nlp: Language, text: str, killed: tuple[int, int, int | None]
) -> None:
    """Without a count, "an executed man" is at least one, and no one more where the sentence
    counts the dead: he is most often one of them told again."""
    assert bounds(read(nlp, text).killed) == killed


def test_casualties_reads_states_joined_after_were(nlp: Language) -> None:
    """ "were missing, killed and injured": one count shared by the killed and the injured
    (and the missing), so at least one of each and at most all."""
    found = read(nlp, "At least 10 persons were missing, killed and injured in the strike")
    assert bounds(found.killed) == (1, 1, None)
    assert bounds(found.injured) == (1, 1, None)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Ten gunmen were fleeing and killed a guard", (1, 1, 1)),
        ("Five protesters were marching and two were killed", (2, 2, 2)),
        ("Six villagers were missing, not killed", None),
    ],
)
def test_casualties_a_joined_verb_with_its_own_object_or_subject_keeps_them(
    nlp: Language, text: str, killed: tuple[int, int, int] | None
) -> None:
    """The subject of "were fleeing" is not who "killed a guard" killed, nor are the five
    marchers the two killed."""
    assert bounds(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Three Fatalities In Kano Attack", 3, None),
        ("Several Fatalities For Troops In Offensive", 3, None),
        ("Four Injuries In Kano Blast", None, 4),
        ("Two Casualties In Kano Attack", None, None),
    ],
)
def test_casualties_reads_a_capitalised_plural_in_ies(
    nlp: Language, text: str, killed: int | None, injured: int | None
) -> None:
    """A Title-Case "Fatalities" is tagged a proper noun and left unlemmatized: it is still the
    plural of "fatality". "Casualties" stays the killed and the injured alike."""
    found = read(nlp, text)
    assert best(found.killed) == killed
    assert best(found.injured) == injured


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Regime soldier killed | Exchange of fire and clashes cut off the highway", (1, 1, 1)),
        ("Troops killed the commander | Clashes continue near the border", (1, 1, 1)),
        ("Two soldiers killed | Rebels seize the town", (2, 2, 2)),
    ],
)
def test_casualties_an_object_past_a_headline_separator_is_not_the_verbs(
    nlp: Language, text: str, killed: tuple[int, int, int]
) -> None:
    """The small model parses headlines joined by "|" as one sentence and makes the next one's
    first noun the object of "killed"; an object in the verb's own part still is one."""
    assert bounds(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Warplanes kill 3 civilians in Deir Ezzor and its western countryside", (3, 3, 3)),
        ("More people killed in the massacres of Idlib province", (1, 1, None)),
        ("Two killed in the shelling of the camp and the neighbourhood", (2, 2, 2)),
        ("Police found the body of a teacher in the village", (1, 1, 1)),
    ],
)
def test_casualties_ground_named_after_a_killing_is_no_victim(
    nlp: Language, text: str, killed: tuple[int, int | None, int | None]
) -> None:
    """The ground a killing happened on ("the massacres of Idlib province", "its western
    countryside") is no one killed; a person in the same place still is."""
    assert bounds(read(nlp, text).killed) == killed


def test_casualties_reads_a_present_tense_verb_hung_across_a_separator_as_news(
    nlp: Language,
) -> None:
    # The small model hangs "kill" on the next headline's verb, which read it as a habit.
    found = read(
        nlp,
        "Gov't attacks kill civilians in northern Myanmar; "
        "Ongoing Fighting in Tanai Leaves Mine Workers Trapped",
    )
    assert bounds(found.killed) == (1, 1, None)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("The Islamic State execute a Syrian leader's wife and her relative in Aleppo", 2),
        ("Gunmen executed a man and his son near the border", 2),
        ("Gunmen killed the journalist's wife in her home", 1),
        ("Death toll rises to more than 125 fighters including 40 executed by the group", 126),
    ],
)
def test_casualties_counts_each_victim_of_one_act_and_no_possessor(
    nlp: Language, text: str, killed: int
) -> None:
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("18 dead in Iraq attacks including wedding bombing", 18, None),
        ("Raqqa: Two dead and seven wounded civilians after the explosions", 2, 7),
        ('BBC 2/15/1994 TWO "TERRORISTS" KILLED IN CLASHES WITH SECURITY FORCES.', 2, None),
        ("327 including 117 women and children killed by bombardment on Aleppo", 327, None),
    ],
)
def test_casualties_reads_the_count_a_misparse_hangs_elsewhere(
    nlp: Language, text: str, killed: int, injured: int | None
) -> None:
    found = read(nlp, text)
    assert (best(found.killed), best(found.injured)) == (killed, injured)


@pytest.mark.parametrize("style", [PLAIN, HouseStyle(casualties_are_dead=True)])
def test_casualties_told_apart_from_a_count_of_wounded_hung_on_the_verb(
    nlp: Language, style: HouseStyle
) -> None:
    # The small model hangs "of wounded" on the verb, and reads "wounded" as what the verb
    # "leave" left the casualties in.
    doc = nlp(
        "Airstrikes on the market leave 17 casualties and tens of wounded and raise to 300 "
        "the number of people killed and injured"
    )
    keep_style(doc, style)
    found = extract_casualties(doc[:])
    check_evidence(doc, found)
    assert bounds(found.killed) == (17, 17, 17)
    assert bounds(found.injured) == (10, 10, None)


def test_casualties_beside_a_count_of_wounded_are_the_dead(nlp: Language) -> None:
    found = read(nlp, "About 40 civilian casualties and more than 150 wounded in the bombardment")
    assert bounds(found.killed) == (None, 40, None)
    assert bounds(found.injured) == (151, 151, None)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("3 casualties of one family killed in a landmine blast near the village", 3),
        ("Five members of one family were killed in an airstrike on their home", 5),
    ],
)
def test_casualties_a_count_of_families_counts_no_people(
    nlp: Language, text: str, killed: int
) -> None:
    doc = nlp(text)
    keep_style(doc, HouseStyle(casualties_are_dead=True))
    assert best(extract_casualties(doc[:]).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "A soldier killed in fighting near the border on the third day of the ceasefire and "
            "an exchange of fire in the city between the army and the rebels",
            1,
        ),
        (
            "12 members of the army killed in clashes near the dam, and 9 members from the "
            "rebel group killed during the same clashes",
            21,
        ),
    ],
)
def test_casualties_a_participle_on_a_noun_tells_nothing_of_a_later_conjunct(
    nlp: Language, text: str, killed: int
) -> None:
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    "text",
    [
        "A farmer was killed by gunfire of the border police near the crossing, raising to about "
        "210 the number of people killed by the border police",
        "A shepherd was shot dead by border guards near the fence and raises to about 120 persons "
        "killed by the guards",
    ],
)
def test_casualties_keeps_a_running_total_apart_from_the_incident_it_includes(
    nlp: Language, text: str
) -> None:
    found = read(nlp, text)
    assert bounds(found.killed) == (1, 1, 1)
    assert not found.tolls


def test_casualties_a_toll_raised_by_more_victims_is_the_total(nlp: Language) -> None:
    found = read(nlp, "Two more people died of their wounds, raising the death toll to 23")
    assert bounds(found.killed) == (23, 23, 23)
    assert found.tolls == ("killed",)


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("A car bomb killed a policeman, raising the death toll to 231 since August 2019", 1),
        ("About 300 people were killed in June 2016, the monitor said", None),
        ("Nearly 90 civilians were killed across the province during February", None),
        ("The death toll since the start of the year rises to 90", None),
        ("Gunmen killed 4 villagers on Sunday, bringing the toll to 61 since March", 4),
        ("Three soldiers were killed in an ambush in May 2016", 3),
        ("Twelve people died in a bus bombing in Quetta in January", 12),
    ],
)
def test_casualties_leaves_a_count_summed_over_a_named_period_to_no_event(
    nlp: Language, text: str, killed: int | None
) -> None:
    found = read(nlp, text)
    assert best(found.killed) == killed
    assert not found.tolls


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("On the first day of the offensive, the death toll rose to 40", 40),
        ("12 people were killed on the 9th day of the offensive", 12),
        (
            "Shelling brings the number of civilians killed today to 16, on the 75th day of the "
            "campaign",
            16,
        ),
    ],
)
def test_casualties_keeps_a_count_of_one_day_of_a_campaign(
    nlp: Language, text: str, killed: int
) -> None:
    """A toll on a campaign's later day is summed over its days; the first day's, a count of
    people killed that day, or a tally of today's dead is one day's."""
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed", "tolls"),
    [
        ("Car bomb kills 40 in Baghdad market; Death toll in Mosul clashes rises to 12", 40, ()),
        (
            "Car bomb kills 4 in Baghdad; Death toll from Baghdad car bomb rises to 12",
            12,
            ("killed",),
        ),
    ],
)
def test_casualties_a_toll_overrides_only_the_counts_of_its_own_headline(
    nlp: Language, text: str, killed: int, tolls: tuple[str, ...]
) -> None:
    """Headlines joined by ";" are read apart: a toll in one replaces that headline's counts,
    and the highest headline's count stands."""
    found = read(nlp, text)
    assert best(found.killed) == killed
    assert found.tolls == tolls


@pytest.mark.parametrize(
    ("text", "killed", "injured"),
    [
        ("Government Lithuania firings KIA soldier kills 2 3 injured", 2, 3),
        ("Bomb kills 5, 12 injured", 5, 12),
        ("Israeli troops kill 3 wounded Palestinians", 3, None),
        ("Rebels overrun army camp, 30 dead - Thai army", 30, None),
        ("2 injured Thai soldiers were flown to Bangkok", None, 2),
    ],
)
def test_casualties_reads_a_bare_count_by_the_harm_word_after_it(
    nlp: Language, text: str, killed: int, injured: int | None
) -> None:
    """ "3 injured", "30 dead - source" are told by their own word even where the small model
    hangs the count on the verb before it (a headline's missing comma) or on the source after a
    dash; a word that modifies a noun after it does not."""
    found = read(nlp, text)
    assert best(found.killed) == killed
    assert best(found.injured) == injured


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        (
            "After cutting his head and setting his body on fire, continued escalated discontent "
            "over the execution of an ISIS prisoner in al-Suwaidaa",
            1,
        ),
        ("Gunmen abducted a journalist and police later found his body in a river", 1),
    ],
)
def test_casualties_counts_remains_owned_by_a_pronoun_only_where_nothing_else_is(
    nlp: Language, text: str, killed: int
) -> None:
    """ "his body" is the body of someone the text names: no second victim beside them."""
    assert best(read(nlp, text).killed) == killed


@pytest.mark.parametrize(
    ("text", "killed"),
    [
        ("Police killed and arrested 12 suspects in a raid", (1, 1, 12)),
        ("The security forces kill and arrest 3 persons who were planting IEDs", (1, 1, 3)),
        ("The militants captured and killed 10 soldiers", (10, 10, 10)),
    ],
)
def test_casualties_a_count_shared_with_a_capture_is_partly_killed(
    nlp: Language, text: str, killed: tuple[int, int, int]
) -> None:
    """No one is both killed and arrested: "killed and arrested 12" kills at least one and at
    most twelve; "captured and killed 10" kills all ten."""
    assert bounds(read(nlp, text).killed) == killed


def test_casualties_reads_a_person_parsed_as_subject_of_dead(nlp: Language) -> None:
    """ "[person] dead" read by the small model as a clause of its own ("farmer" the subject of
    "dead") still says the person died; a negated "dead" says nothing."""
    text = "Tatmadaw shoots farmer dead, provides rare compensation: Shan rights group"
    assert bounds(read(nlp, text).killed) == (1, 1, 1)
    assert read(nlp, "The farmer is not dead, officials said").killed is None
