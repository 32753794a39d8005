from __future__ import annotations

from spacy.language import Language

from khabar.extract.places import (
    EXTRACTOR,
    find_dateline,
    find_nationalities,
    find_places,
    in_citation,
    stands_for_state,
)
from khabar.extract.types import PlaceMention

GHAZNI = (
    "Ghazni: ISIS-aligned militants fighting alongside the Taliban killed more than 100 people, "
    "CBC News reported, citing CSIS chief Michael Coulombe, who said IS is spreading to Libya, "
    'Pakistan and Afghanistan. An IS map shows a "Khurasan province" covering Kunar, Nuristan '
    "and Malakand; the leadership denies any IS presence."
)


def places(nlp: Language, text: str) -> list[PlaceMention]:
    found: list[PlaceMention] = []
    for index, sent in enumerate(nlp(text).sents):
        found.extend(find_places(sent, index == 0))
    return found


def roles(nlp: Language, text: str) -> dict[str, str]:
    return {p.text: p.role for p in places(nlp, text)}


def test_places_ghazni_roles(nlp: Language) -> None:
    assert roles(nlp, GHAZNI) == {
        "Ghazni": "event_site",
        "Libya": "mentioned",
        "Pakistan": "mentioned",
        "Afghanistan": "mentioned",
        "Khurasan province": "claimed_territory",
        "Kunar": "claimed_territory",
        "Nuristan": "claimed_territory",
        "Malakand": "claimed_territory",
    }


def test_places_wire_datelines_are_event_sites(nlp: Language) -> None:
    text = "PESHAWAR, Pakistan (Reuters) — Police said the blast was heard across the city."
    found = places(nlp, text)
    assert [(p.text, p.role, p.context) for p in found] == [
        ("PESHAWAR", "event_site", ("Pakistan",))
    ]
    sent = next(iter(nlp("KABUL — A blast hit a mosque.").sents))
    dateline = find_dateline(sent)
    assert dateline is not None
    assert dateline.text == "KABUL"


def test_places_dateline_only_at_document_start(nlp: Language) -> None:
    doc = nlp("Police said nothing. Ghazni: militants attacked a checkpoint.")
    second = list(doc.sents)[1]
    assert [p.role for p in find_places(second, False)] == ["mentioned"]
    assert find_dateline(next(iter(nlp("Taliban: we will win.").sents))) is None


def test_places_prepositions_give_site_and_origin(nlp: Language) -> None:
    text = "Militants from Waziristan ambushed a convoy near Bannu."
    assert roles(nlp, text) == {"Waziristan": "origin", "Bannu": "event_site"}
    text = "A blast hit a mosque on the outskirts of Kandahar."
    assert roles(nlp, text) == {"Kandahar": "event_site"}


def test_places_enclosing_places_become_context(nlp: Language) -> None:
    text = "Fighting continued in Pakistan's Swat valley and in Ghazni province, Afghanistan."
    found = {p.text: p.context for p in places(nlp, text)}
    assert found == {"Swat valley": ("Pakistan",), "Ghazni province": ("Afghanistan",)}
    text = "A bomb exploded in the city of Mosul in northern Iraq."
    assert {p.text: p.context for p in places(nlp, text)} == {"Mosul": ("Iraq",)}


def test_places_lists_are_not_context(nlp: Language) -> None:
    text = "Troops fought in Kunar, Nuristan and Malakand."
    found = places(nlp, text)
    assert [(p.text, p.role, p.context) for p in found] == [
        ("Kunar", "event_site", ()),
        ("Nuristan", "event_site", ()),
        ("Malakand", "event_site", ()),
    ]


def test_places_evidence_points_into_the_text(nlp: Language) -> None:
    doc = nlp(GHAZNI)
    for index, sent in enumerate(doc.sents):
        for place in find_places(sent, index == 0):
            evidence = place.evidence
            assert doc.text[evidence.start : evidence.end] == evidence.text == place.text
            assert evidence.extractor == EXTRACTOR


def test_places_the_town_of_x_is_the_place_and_the_region_its_context(nlp: Language) -> None:
    found = places(nlp, "Police said a bomb exploded in the North Kivu town of Beni.")
    assert [(p.text, p.role, p.context) for p in found] == [("Beni", "event_site", ("North Kivu",))]


def test_places_the_place_after_of_holds_the_one_before(nlp: Language) -> None:
    found = places(nlp, "Fighting raged in Jobar of Damascus.")
    assert [(p.text, p.role, p.context) for p in found] == [("Jobar", "event_site", ("Damascus",))]


def test_places_a_direction_of_a_place_is_no_hierarchy(nlp: Language) -> None:
    # The toponym pass labels "North" a place in a Title-Case headline: it is no place "of" Afrin.
    doc = nlp("Turkish Warplanes Bomb North of Afrin")
    spans = [doc.char_span(23, 28, label="GPE"), doc.char_span(32, 37, label="GPE")]
    doc.ents = [span for span in spans if span is not None]
    assert len(doc.ents) == 2
    found = find_places(next(iter(doc.sents)), True)
    assert [(p.text, p.context) for p in found] == [("North", ()), ("Afrin", ())]


def test_places_in_the_countryside_of_a_place_is_its_site(nlp: Language) -> None:
    text = "Five civilians were killed in the countryside of Idlib."
    assert roles(nlp, text) == {"Idlib": "event_site"}


def test_places_in_the_desert_of_a_place_is_its_site(nlp: Language) -> None:
    text = "Five civilians were killed in the eastern desert of Idlib."
    assert roles(nlp, text) == {"Idlib": "event_site"}
    # A place the desert is not "of" keeps its own role.
    text = "Fighters from Idlib were killed in the desert."
    assert roles(nlp, text) == {"Idlib": "origin"}


def test_places_in_the_countrysides_or_towns_of_listed_places_are_their_sites(
    nlp: Language,
) -> None:
    text = "Five civilians were killed in the countrysides of Idlib and Homs."
    assert roles(nlp, text) == {"Idlib": "event_site", "Homs": "event_site"}
    text = "Barrel bombs were dropped on the cities of Kabul and Kandahar."
    assert roles(nlp, text) == {"Kabul": "event_site", "Kandahar": "event_site"}


def test_places_dateline_after_a_headline(nlp: Language) -> None:
    doc = nlp("Blast hits market\n**QUETTA, Pakistan (Agency)** — A blast hit a market.")
    first, second, _ = doc.sents
    assert find_dateline(first) is None
    dateline = find_dateline(second)
    assert dateline is not None
    assert (dateline.text, dateline.context) == ("QUETTA", ("Pakistan",))


def test_places_nationalities_are_mentioned_places(nlp: Language) -> None:
    text = "Syrian troops fought Turkish forces on Monday."
    doc = nlp(text)
    found = find_nationalities(doc, 0, len(text))
    assert {(p.text, p.role) for p in found} >= {("Syrian", "mentioned")}
    assert all(p.evidence.extractor == EXTRACTOR for p in found)


def test_places_source_citations_name_no_place(nlp: Language) -> None:
    text = (
        "Democratic Voice of Burma, Oslo, in Burmese 1430 gmt 6 Jan 05, Burmese military "
        "reportedly attack a base near Myawaddy"
    )
    assert "Oslo" not in roles(nlp, text)
    text = 'BBC Monitoring Middle East, 2003-04-29, "Soldiers killed in raid in Boumerdes"'
    assert "Middle East" not in roles(nlp, text)
    assert "Boumerdes" in roles(nlp, text)
    assert "Oslo" in roles(nlp, "Police in Oslo arrested two men on Monday.")


def test_places_words_of_a_headline_byline_name_no_place() -> None:
    def cited(text: str, name: str) -> bool:
        start = text.rindex(name)
        return in_citation(text, start, start + len(name))

    byline = "No villagers involved in murder of teachers: KBC – Ye Mon"
    assert cited(byline, "Ye")
    assert cited(byline, "Mon")
    assert cited("Attack on a leader in Laogai – Nang Mya Nadi\nMore text", "Nadi")
    route = "Clashes on the highway of Damascus – Aleppo"
    assert not cited(route, "Aleppo")
    assert not cited(route, "Damascus")
    assert not cited("Intense fighting continues in Shan State – Phanida", "Shan State")
    assert not cited("Shelling kills eight – Syria's Idlib", "Idlib")
    assert not cited("Gunmen kill three in market attack – Kano Police", "Kano")


def test_places_struck_place_is_site_when_sentence_names_none(nlp: Language) -> None:
    assert roles(nlp, "Government forces bombed Mosul on Monday.") == {"Mosul": "event_site"}
    assert roles(nlp, "Mosul was shelled by government forces") == {"Mosul": "event_site"}
    assert roles(nlp, "Explosions rock Kabul") == {"Kabul": "event_site"}
    assert roles(nlp, "Taliban capture Kunduz") == {"Kunduz": "event_site"}
    assert roles(nlp, "The shelling of Mosul continued.") == {"Mosul": "event_site"}
    assert roles(nlp, "The US struck a deal with Iran.") == {"US": "mentioned", "Iran": "mentioned"}


def test_places_struck_place_stays_mentioned_beside_a_site(nlp: Language) -> None:
    assert roles(nlp, "Clashes in Baghdad and shells target Mosul") == {
        "Baghdad": "event_site",
        "Mosul": "mentioned",
    }


def test_places_compass_point_from_a_place_is_a_site(nlp: Language) -> None:
    assert roles(nlp, "Fighting continued northeast of Kabul on Monday.") == {"Kabul": "event_site"}
    assert roles(nlp, "A bomb damaged a pipeline west of Kirkuk on Thursday.") == {
        "Kirkuk": "event_site"
    }
    assert roles(nlp, "Gunmen attacked a checkpoint in Kandahar, 20 km south of Kabul.") == {
        "Kandahar": "event_site",
        "Kabul": "mentioned",
    }


def test_places_a_trigger_word_in_a_headline_is_no_place(nlp: Language) -> None:
    # The model reads each "Clash" below as a GPE.
    assert roles(nlp, "Two Killed in Clash in Namtu") == {"Namtu": "event_site"}
    assert roles(nlp, "Civilian Shot Dead in Clash With Soldier in Myanmar") == {
        "Myanmar": "event_site"
    }
    assert roles(nlp, "Several Burma Army Soldiers Die in a Clash with Ta'ang Troops") == {}


def test_places_on_after_a_topic_noun_is_no_site(nlp: Language) -> None:
    text = (
        "Report of the detailed findings of the Independent International Fact-Finding "
        "Mission on Myanmar"
    )
    assert roles(nlp, text) == {"Myanmar": "mentioned"}
    assert roles(nlp, "The UN adopted a report on Syria.") == {"Syria": "mentioned"}
    # "on" after an attack still places it.
    assert roles(nlp, "Militants launched an attack on Kandahar.") == {"Kandahar": "event_site"}


def test_places_meeting_place_yields_to_any_other_site(nlp: Language) -> None:
    # "talks in Paris" place the talks; the warplanes struck Mosul.
    assert roles(nlp, "After a new round of talks in Paris, warplanes bombed Mosul") == {
        "Paris": "mentioned",
        "Mosul": "event_site",
    }
    assert roles(
        nlp, "Kerry denounces war crimes after talks in Paris; 34 killed as shells hit Baghdad"
    ) == {
        "Paris": "mentioned",
        "Baghdad": "event_site",
    }
    # Where nothing else is a site, the meeting's place is.
    assert roles(nlp, "A suicide bomber killed 12 people at a peace conference in Kandahar") == {
        "Kandahar": "event_site"
    }


def test_places_dated_website_citation_names_no_place(nlp: Language) -> None:
    text = (
        "Irrawaddy website, Chiang Mai, in English 30 Oct 12-One killed in west Burma after "
        "police fire at protesters"
    )
    assert "Chiang Mai" not in roles(nlp, text)
    assert "Chiang Mai" in roles(nlp, "Police in Chiang Mai arrested two men on 30 Oct 2012.")


def test_places_a_capital_that_speaks_is_no_site(nlp: Language) -> None:
    # "Kabul says": the government seated there, whatever the parser makes of the headline.
    assert roles(nlp, "Army shells Rangoon denies") == {"Rangoon": "mentioned"}
    assert roles(nlp, "Rebels attack Damascus") == {"Damascus": "event_site"}
    assert roles(nlp, "Fresh Fighting in Hpakant Sends 100 Villagers Fleeing") == {
        "Hpakant": "event_site"
    }


def test_places_where_people_fled_is_no_site(nlp: Language) -> None:
    # Where people went is not where the violence was; the place they fled stays the site.
    found = roles(nlp, "Villagers fled into Thailand after shelling in Karen State.")
    assert found == {"Thailand": "mentioned", "Karen State": "event_site"}
    assert roles(nlp, "Thousands took refuge in Chad.") == {"Chad": "mentioned"}
    assert roles(nlp, "Rebels attacked villages in Darfur.") == {"Darfur": "event_site"}
    found = roles(nlp, "Two villagers were shot dead while fleeing in Kachin State.")
    assert found == {"Kachin State": "event_site"}


def test_places_the_agent_of_an_announcement_stands_for_its_state() -> None:
    text = "a ceasefire announced by Turkey and Russia"
    start = text.index("Turkey")
    assert stands_for_state(text, start, start + len("Turkey"))
    text = "the attack was reported by Kano police"
    start = text.index("Kano")
    assert not stands_for_state(text, start, start + len("Kano"))
    text = "a ceasefire in Idlib was broken"
    start = text.index("Idlib")
    assert not stands_for_state(text, start, start + len("Idlib"))
