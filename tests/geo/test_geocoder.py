"""Geocoding place mentions: hierarchy, document context, role, prior, and what stays unknown."""

from __future__ import annotations

import pytest

from khabar.extract.types import PlaceMention
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import (
    EXTRACTOR,
    ResolvedPlace,
    geocode,
    names_a_border,
    names_below_country,
)
from khabar.geo.outlets import Outlets

from .conftest import mention

GHAZNI_CITY = "geonames:1141269"
EASTERN_GHOUTA = "admin2:SY.08.eastern-ghouta"


def _one(gazetteer: Gazetteer, place: PlaceMention, doc: str) -> ResolvedPlace:
    (resolved,) = geocode([place], doc, gazetteer)
    return resolved


def _resolve(
    gazetteer: Gazetteer,
    doc: str,
    text: str,
    role: str = "event_site",
    context: tuple[str, ...] = (),
) -> ResolvedPlace:
    return _one(gazetteer, mention(doc, text, role, context), doc)


def _id(resolved: ResolvedPlace) -> str | None:
    return None if resolved.entry is None else resolved.entry.gazetteer_id


def test_geocoder_bare_ghazni_in_an_afghan_story_is_the_city(gazetteer: Gazetteer) -> None:
    doc = "Taliban fighters stormed a checkpoint in Ghazni, Afghanistan, on Sunday."
    resolved = _resolve(gazetteer, doc, "Ghazni")
    assert _id(resolved) == GHAZNI_CITY
    assert resolved.precision == 1
    assert resolved.extractor == EXTRACTOR == "geocode@28"
    assert 0.5 < resolved.confidence <= 0.95


def test_geocoder_ghazni_province_is_the_admin1_unit(gazetteer: Gazetteer) -> None:
    doc = "Clashes were reported in Ghazni province, Afghanistan."
    resolved = _resolve(gazetteer, doc, "Ghazni province", context=("Afghanistan",))
    assert _id(resolved) == "admin1:AF.08"
    assert resolved.precision == 4


def test_geocoder_ghazni_city_is_the_city(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "Rockets hit Ghazni city overnight.", "Ghazni city")
    assert _id(resolved) == GHAZNI_CITY
    assert resolved.precision == 1


def test_geocoder_type_word_after_the_span_counts(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "A bomb exploded in Ghazni province on Sunday.", "Ghazni")
    assert _id(resolved) == "admin1:AF.08"
    assert resolved.precision == 4


@pytest.mark.parametrize("spelling", ["Kunar", "Konar"])
def test_geocoder_kunar_spellings_are_the_province(gazetteer: Gazetteer, spelling: str) -> None:
    resolved = _resolve(gazetteer, f"An airstrike hit {spelling} on Monday.", spelling)
    assert _id(resolved) == "admin1:AF.34"
    assert resolved.precision == 4


def test_geocoder_nuristan_is_the_afghan_province(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "Militants crossed into Nuristan.", "Nuristan")
    assert resolved.entry is not None
    assert (resolved.entry.feature_code, resolved.entry.country_code) == ("ADM1", "AF")


def test_geocoder_malakand_is_the_district(gazetteer: Gazetteer) -> None:
    resolved = _resolve(
        gazetteer, "Police in Malakand, Pakistan, said.", "Malakand", context=("Pakistan",)
    )
    assert _id(resolved) == "admin2:PK.03.malakand"
    assert resolved.precision == 3


def test_geocoder_bajaur_is_in_pakistan(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "Gunmen killed two polio workers in Bajaur.", "Bajaur")
    assert resolved.entry is not None
    assert resolved.entry.country_code == "PK"
    assert resolved.precision == 3


@pytest.mark.parametrize(
    ("name", "feature_code", "country", "precision"),
    [
        ("Mogadishu", "PPLC", "SO", 1),
        ("Zamfara", "ADM1", "NG", 4),
        ("Idlib", "PPLA", "SY", 1),
        ("Menaka", "PPLA", "ML", 1),
        ("Libya", "PCLI", "LY", 5),
        ("Pakistan", "PCLI", "PK", 5),
        ("Afghanistan", "PCLI", "AF", 5),
    ],
)
def test_geocoder_resolves_places_in_conflict_reporting(
    gazetteer: Gazetteer, name: str, feature_code: str, country: str, precision: int
) -> None:
    resolved = _resolve(gazetteer, f"Fighting was reported in {name} on Friday.", name)
    assert resolved.entry is not None
    assert (resolved.entry.feature_code, resolved.entry.country_code) == (feature_code, country)
    assert resolved.precision == precision


def test_geocoder_claimed_khorasan_is_the_region(gazetteer: Gazetteer) -> None:
    doc = "The group published a map of its Khorasan, spanning Afghanistan and Pakistan."
    resolved = _resolve(gazetteer, doc, "Khorasan", role="claimed_territory")
    assert _id(resolved) == "region:khurasan"
    assert resolved.precision == 6


def test_geocoder_khorasan_province_as_a_group_name_is_the_region(gazetteer: Gazetteer) -> None:
    doc = "Islamic State Khorasan Province claimed the attack in Kabul."
    resolved = _resolve(gazetteer, doc, "Khorasan Province", role="mentioned")
    assert _id(resolved) == "region:khurasan"


def test_geocoder_khorasan_in_an_iranian_story_is_the_province(gazetteer: Gazetteer) -> None:
    doc = "Police in Iran's Khorasan arrested three men near Mashhad."
    resolved = _resolve(gazetteer, doc, "Khorasan", context=("Iran",))
    assert resolved.entry is not None
    assert (resolved.entry.feature_code, resolved.entry.country_code) == ("ADM1", "IR")
    assert resolved.precision == 4


# Ambiguous names: the written hierarchy or the rest of the story decides.
@pytest.mark.parametrize(
    ("doc", "text", "context", "country"),
    [
        ("Hyderabad police in Sindh arrested two suspects.", "Hyderabad", (), "PK"),
        ("Hyderabad police in Telangana arrested two suspects.", "Hyderabad", (), "IN"),
        ("A blast in Hyderabad, Pakistan, killed three.", "Hyderabad", ("Pakistan",), "PK"),
        ("A blast in Hyderabad, India, killed three.", "Hyderabad", ("India",), "IN"),
        ("Militias clashed in Tripoli overnight.", "Tripoli", (), "LY"),
        ("Militias clashed in Tripoli, Lebanon.", "Tripoli", ("Lebanon",), "LB"),
        ("Militias clashed in Tripoli, Libya.", "Tripoli", ("Libya",), "LY"),
        ("Clashes in Tripoli spread across northern Lebanon.", "Tripoli", (), "LB"),
        ("Protesters gathered in Saint Petersburg, Russia.", "Saint Petersburg", ("Russia",), "RU"),
        ("A shooting in St. Petersburg, Florida.", "St. Petersburg", ("Florida",), "US"),
        ("Saint Petersburg police in Florida said.", "Saint Petersburg", (), "US"),
        ("Police in Peshawar said the bomber came from Afghanistan.", "Peshawar", (), "PK"),
        ("Police in Punjab, Pakistan, said.", "Punjab", ("Pakistan",), "PK"),
        ("Police in Punjab, India, said.", "Punjab", ("India",), "IN"),
        ("Bandits attacked a village in Niger State, Nigeria.", "Niger State", ("Nigeria",), "NG"),
        ("Soldiers were killed in Niger, near the Malian border.", "Niger", (), "NE"),
        ("A protest in Atlanta, Georgia.", "Atlanta", ("Georgia",), "US"),
        ("Shelling near Gori, Georgia.", "Gori", ("Georgia",), "GE"),
        ("Jihadists attacked an army camp near Menaka, by the Niger border.", "Menaka", (), "ML"),
    ],
)
def test_geocoder_disambiguates_by_context(
    gazetteer: Gazetteer, doc: str, text: str, context: tuple[str, ...], country: str
) -> None:
    resolved = _resolve(gazetteer, doc, text, context=context)
    assert resolved.entry is not None
    assert resolved.entry.country_code == country


def test_geocoder_ambiguous_name_is_less_confident(gazetteer: Gazetteer) -> None:
    bare = _resolve(gazetteer, "Militias clashed in Tripoli overnight.", "Tripoli")
    placed = _resolve(
        gazetteer, "Militias clashed in Tripoli, Libya.", "Tripoli", context=("Libya",)
    )
    assert bare.confidence < placed.confidence


def test_geocoder_main_name_beats_an_old_alternate(gazetteer: Gazetteer) -> None:
    # Sylhet (Bangladesh) is also listed as "Jalalabad".
    resolved = _resolve(gazetteer, "A rally in Jalalabad on Friday.", "Jalalabad")
    assert resolved.entry is not None
    assert resolved.entry.country_code != "BD"


def test_geocoder_near_a_place_is_precision_2(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "A bomb exploded on the outskirts of Kabul.", "Kabul")
    assert resolved.entry is not None
    assert resolved.entry.feature_code == "PPLC"
    assert resolved.precision == 2


def test_geocoder_district_word_on_a_town_is_precision_3(gazetteer: Gazetteer) -> None:
    doc = "Fighting in Sharan district of Paktika."
    resolved = _resolve(gazetteer, doc, "Sharan district", context=("Paktika",))
    assert resolved.entry is not None
    assert resolved.entry.country_code == "AF"
    assert resolved.precision == 3


def test_geocoder_regions_have_precision_6(gazetteer: Gazetteer) -> None:
    for doc, text in [
        ("Jihadists are spreading across the Sahel.", "Sahel"),
        ("Refugees from the Levant.", "Levant"),
        ("Operations in the tribal areas of Pakistan.", "tribal areas"),
    ]:
        resolved = _resolve(gazetteer, doc, text)
        assert resolved.entry is not None, text
        assert resolved.entry.feature_code == "RGN", text
        assert resolved.precision == 6


def test_geocoder_unknown_name_is_kept_unresolved(gazetteer: Gazetteer) -> None:
    doc = "Gunmen attacked Qwertyville on Monday."
    resolved = _resolve(gazetteer, doc, "Qwertyville")
    assert resolved.entry is None
    assert (resolved.precision, resolved.confidence) == (6, 0.0)
    assert resolved.mention.text == "Qwertyville"


def test_geocoder_small_namesake_abroad_is_unresolved(gazetteer: Gazetteer) -> None:
    # The only "Andar" in the gazetteer is a French village.
    doc = "Taliban fighters attacked Andar in Ghazni, Afghanistan."
    assert _resolve(gazetteer, doc, "Andar").entry is None


def test_geocoder_namesake_outside_the_written_context_falls_back_to_it(
    gazetteer: Gazetteer,
) -> None:
    doc = "Taliban fighters attacked Andar district of Ghazni province."
    resolved = _resolve(gazetteer, doc, "Andar district", context=("Ghazni province",))
    assert _id(resolved) == "admin1:AF.08"
    assert resolved.precision == 4
    assert resolved.confidence < 0.5


def test_geocoder_keeps_mentions_in_order(gazetteer: Gazetteer) -> None:
    doc = "Attacks in Kunar and Qwertyville, and in Mogadishu."
    mentions = [mention(doc, "Kunar"), mention(doc, "Qwertyville"), mention(doc, "Mogadishu")]
    resolved = geocode(mentions, doc, gazetteer)
    assert [r.mention for r in resolved] == mentions
    assert [r.entry is not None for r in resolved] == [True, False, True]


def test_geocoder_loads_the_gazetteer_itself(gazetteer: Gazetteer) -> None:
    doc = "Shelling in Idlib."
    assert geocode([mention(doc, "Idlib")], doc) == geocode([mention(doc, "Idlib")], doc, gazetteer)


def test_geocoder_empty_input_is_empty(gazetteer: Gazetteer) -> None:
    assert geocode([], "Nothing here.", gazetteer) == []


@pytest.mark.parametrize(
    ("doc", "text"),
    [
        ("Floods along the Kunar river destroyed homes.", "Kunar river"),
        ("The Kunar River burst its banks.", "Kunar"),
        ("Snow closed roads in the Hindu Kush mountains.", "Hindu Kush mountains"),
    ],
)
def test_geocoder_river_or_mountain_named_after_a_place_is_unresolved(
    gazetteer: Gazetteer, doc: str, text: str
) -> None:
    resolved = _resolve(gazetteer, doc, text, role="mentioned")
    assert (resolved.entry, resolved.precision) == (None, 6)


@pytest.mark.parametrize(
    ("doc", "text", "expected"),
    [
        ("Pirates seized a tanker in the Gulf of Aden on Monday.", "Gulf", None),
        ("A cyclone in the Bay of Bengal killed fishermen.", "Bay", None),
        ("Floods cut roads across Gulf Province on Monday.", "Gulf Province", "admin1:PG.02"),
        ("Al-Shabaab attacked a base in Bay on Monday.", "Bay", "admin1:SO.04"),
        ("Al-Shabaab attacked a base in Bay of all places.", "Bay", "admin1:SO.04"),
    ],
)
def test_geocoder_a_sea_head_word_before_of_a_name_is_unresolved(
    gazetteer: Gazetteer, doc: str, text: str, expected: str | None
) -> None:
    """ "Gulf" of "the Gulf of Aden" is the sea; "Gulf" or "Bay" without a capitalised name
    after "of" stays the province or region of that name."""
    resolved = _resolve(gazetteer, doc, text, role="mentioned")
    assert _id(resolved) == expected


def test_geocoder_name_written_before_picks_the_area_holding_it(gazetteer: Gazetteer) -> None:
    """Written as "Atlanta, Georgia": the Georgia that holds Atlanta, not the country."""
    doc = "A storm hit Atlanta, Georgia, on Sunday."
    assert _id(_resolve(gazetteer, doc, "Georgia", role="mentioned")) == "admin1:US.GA"
    alone = "A storm hit Georgia on Sunday."
    assert _id(_resolve(gazetteer, alone, "Georgia", role="mentioned")) == "country:GE"


def test_geocoder_a_direction_before_a_unit_name_is_dropped(gazetteer: Gazetteer) -> None:
    doc = "Fighting broke out between the army and rebels in Northern Shan on Monday."
    resolved = _resolve(gazetteer, doc, "Northern Shan")
    assert _id(resolved) == "admin1:MM.11"
    assert resolved.precision == 4


def test_geocoder_a_press_named_area_is_a_district(gazetteer: Gazetteer) -> None:
    doc = "Shells fell on the Eastern Ghouta on Monday."
    resolved = _resolve(gazetteer, doc, "the Eastern Ghouta")
    assert _id(resolved) == "admin2:SY.08.eastern-ghouta"
    assert resolved.precision == 3


@pytest.mark.parametrize(
    ("doc", "text", "expected"),
    [
        ("Clashes in Jabal al-Akrad and shelling", "Jabal al-Akrad", "admin2:SY.02.jabal-al-akrad"),
        ("Jabal al-Kurds witness renewed clashes", "Jabal al-Kurds", "admin2:SY.02.jabal-al-akrad"),
        ("Airstrikes on Jabal al-Turkman", "Jabal al-Turkman", "admin2:SY.02.jabal-al-turkman"),
        ("Rockets fell in Sahl al-Ghab", "Sahl al-Ghab", "admin2:SY.10.sahl-al-ghab"),
        ("Raids on Jabal al-Zawiyah villages", "Jabal al-Zawiyah", "admin2:SY.12.jabal-al-zawiya"),
        ("Clashes continue in Barada valley", "Barada valley", "admin2:SY.08.wadi-barada"),
        ("Shelling hit the Lajat area", "Lajat", "admin2:SY.06.lajat"),
        ("Fighting in eastern Qalamoun", "eastern Qalamoun", "admin2:SY.08.qalamoun"),
        ("Clashes in Eastern Damascus Ghouta", "Eastern Damascus Ghouta", EASTERN_GHOUTA),
    ],
)
def test_geocoder_press_named_areas_of_syria_are_districts(
    gazetteer: Gazetteer, doc: str, text: str, expected: str
) -> None:
    resolved = _resolve(gazetteer, doc, text)
    assert _id(resolved) == expected
    assert resolved.precision == 3


def test_geocoder_a_type_word_in_a_name_the_gazetteer_has_is_part_of_it(
    gazetteer: Gazetteer,
) -> None:
    # Not the Qalamoun river or mountain (precision 6, unresolved): the area, a district.
    doc = "Shelling on the Eastern Qalamoun Mountains"
    resolved = _resolve(gazetteer, doc, "the Eastern Qalamoun Mountains")
    assert (_id(resolved), resolved.precision) == ("admin2:SY.08.qalamoun", 3)
    doc = "Clashes in the Latakia Mountains"
    assert _id(_resolve(gazetteer, doc, "Latakia Mountains")) == "admin2:SY.02.latakia-mountains"


@pytest.mark.parametrize(
    ("doc", "text"),
    [
        ("Raids on the northern countryside of Idlib", "Idlib"),
        ("Warplanes bomb the Idlib countryside", "Idlib"),
        ("Clashes in rural Idlib kill four", "Idlib"),
        ("Shelling in rural south Idlib", "Idlib"),
    ],
)
def test_geocoder_the_countryside_of_a_governorate_seat_is_the_governorate(
    gazetteer: Gazetteer, doc: str, text: str
) -> None:
    resolved = _resolve(gazetteer, doc, text)
    assert (_id(resolved), resolved.precision) == ("admin1:SY.12", 4)


@pytest.mark.parametrize(
    "doc",
    [
        "Bombardment targets Idlib and Hama countrysides",
        "Clashes in Aleppo, Idlib and Hama countrysides",
        "Raids on the countrysides of Idlib and Hama",
        "Raids on the countrysides of Aleppo and Idlib",
    ],
)
def test_geocoder_a_plural_countryside_is_each_listed_names(gazetteer: Gazetteer, doc: str) -> None:
    resolved = _resolve(gazetteer, doc, "Idlib")
    assert (_id(resolved), resolved.precision) == ("admin1:SY.12", 4)


def test_geocoder_a_list_without_a_shared_type_word_keeps_each_name_its_own(
    gazetteer: Gazetteer,
) -> None:
    for doc in ("Bombardment targets Idlib and Hama", "Idlib and Hama countryside shelled"):
        resolved = _resolve(gazetteer, doc, "Idlib")
        assert resolved.precision == 1, doc


def test_geocoder_the_countryside_of_a_city_unit_is_the_unit_named_for_it(
    gazetteer: Gazetteer,
) -> None:
    # Damascus governorate is the city; its countryside is Rif Dimashq ("Damascus Countryside").
    for doc in ("Shells hit the western countryside of Damascus", "Raids on rural Damascus"):
        resolved = _resolve(gazetteer, doc, "Damascus")
        assert (_id(resolved), resolved.precision) == ("admin1:SY.08", 4), doc
    # The city itself, or its outskirts, stay the city.
    assert _id(_resolve(gazetteer, "Shells hit Damascus", "Damascus")) == "geonames:170654"
    resolved = _resolve(gazetteer, "Shells hit the outskirts of Damascus", "Damascus")
    assert (_id(resolved), resolved.precision) == ("geonames:170654", 2)


def test_geocoder_the_countryside_of_a_town_is_around_it(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "Raids on the northern countryside of Manbij", "Manbij")
    assert (_id(resolved), resolved.precision) == ("geonames:167357", 2)


@pytest.mark.parametrize(
    ("doc", "text"),
    [
        ("Clashes continue in the eastern desert of Homs", "Homs"),
        ("Aerial bombardment on the desert of Homs", "Homs"),
        ("Clashes in the eastern Homs desert kill four", "Homs"),
    ],
)
def test_geocoder_the_desert_of_a_governorate_seat_is_the_governorate(
    gazetteer: Gazetteer, doc: str, text: str
) -> None:
    resolved = _resolve(gazetteer, doc, text)
    assert (_id(resolved), resolved.precision) == ("admin1:SY.11", 4)


def test_geocoder_the_desert_of_a_town_is_no_finer_than_its_unit(gazetteer: Gazetteer) -> None:
    # The Palmyra desert stretches far beyond the town: in Homs governorate, not at Tadmur.
    resolved = _resolve(gazetteer, "Clashes in the Palmyra desert", "Palmyra")
    assert resolved.entry is not None
    assert (resolved.entry.country_code, resolved.entry.admin1_code) == ("SY", "11")
    assert resolved.precision == 4
    resolved = _resolve(
        gazetteer, "Regime forces advance in Al-Sukhnah Desert", "Al-Sukhnah Desert"
    )
    assert (_id(resolved), resolved.precision) == ("geonames:172425", 4)
    # The town itself, and a governorate's countryside, are read as before.
    assert _resolve(gazetteer, "Clashes in Palmyra", "Palmyra").precision == 1
    resolved = _resolve(gazetteer, "Raids on the northern countryside of Manbij", "Manbij")
    assert resolved.precision == 2


def test_geocoder_a_desert_named_by_a_nationality_is_no_place(gazetteer: Gazetteer) -> None:
    # The Syrian Desert spans Syria, Iraq and Jordan: a natural region, not Syria's land.
    for doc, text in (
        ("ISIS attacks in the Syrian Desert", "the Syrian Desert"),
        ("ISIS attacks in the Syrian desert", "Syrian"),
    ):
        assert _resolve(gazetteer, doc, text).entry is None, doc
    assert _id(_resolve(gazetteer, "Syrian warplanes bomb Idlib", "Syrian")) == "country:SY"


def test_geocoder_a_nationality_alone_makes_a_stray_of_a_village_only(
    gazetteer: Gazetteer,
) -> None:
    # "Russian" tells who: Saraqib (34,000 people) is the Syrian town, not a namesake abroad.
    doc = "Russian airstrikes kill seven in Saraqib"
    assert _id(_resolve(gazetteer, doc, "Saraqib")) == "geonames:164816"
    # The only Andar is a French village: a namesake of the Afghan district the text means.
    assert _resolve(gazetteer, "Afghan troops attacked Andar", "Andar").entry is None


def test_geocoder_a_capitalised_direction_before_a_name_can_make_a_unit(
    gazetteer: Gazetteer,
) -> None:
    # The toponym pass keeps "Darfur" in "North Darfur"; the state is meant, not the region.
    resolved = _resolve(gazetteer, "Rebels attacked an army post in North Darfur", "Darfur")
    assert (_id(resolved), resolved.precision) == ("admin1:SD.55", 4)
    resolved = _resolve(gazetteer, "Fighting spread across northern Darfur", "Darfur")
    assert (_id(resolved), resolved.precision) == ("region:darfur", 6)


def test_geocoder_reviewed_spelling_beats_a_namesake(gazetteer: Gazetteer) -> None:
    # "Palmyra" is a reviewed spelling of Tadmur, and the main name of small American towns.
    resolved = _resolve(gazetteer, "Clashes near Palmyra city on Sunday.", "Palmyra")
    assert resolved.entry is not None
    assert resolved.entry.country_code == "SY"


def test_geocoder_towns_named_elsewhere_pick_the_country(gazetteer: Gazetteer) -> None:
    doc = "Jets struck Kafr Zita, and protesters rallied in Dana."
    resolved = _resolve(gazetteer, doc, "Dana")
    assert resolved.entry is not None
    assert (resolved.entry.country_code, resolved.entry.admin1_name) == ("SY", "Idlib")


def test_geocoder_town_hints_do_not_make_a_stray(gazetteer: Gazetteer) -> None:
    # "Officer" (a town in Australia) must not make the Syrian Hajin a namesake abroad.
    doc = "Officer wounded in clashes on the outskirts of Hajin"
    resolved = _resolve(gazetteer, doc, "Hajin")
    assert resolved.entry is not None
    assert resolved.entry.country_code == "SY"


@pytest.mark.parametrize(
    ("doc", "text", "region"),
    [
        ("Fighters were killed near the occupied Golan.", "Golan", "region:golan"),
        ("A volunteer was killed in Donbass.", "Donbass", "region:donbas"),
    ],
)
def test_geocoder_conflict_regions_resolve(
    gazetteer: Gazetteer, doc: str, text: str, region: str
) -> None:
    resolved = _resolve(gazetteer, doc, text)
    assert (_id(resolved), resolved.precision) == (region, 6)


def test_geocoder_a_list_of_places_is_no_hierarchy(gazetteer: Gazetteer) -> None:
    text = "Fighting spread across Kunar, Nuristan and Nangarhar provinces."
    (resolved,) = geocode([mention(text, "Kunar")], text, gazetteer)
    assert _id(resolved) == "admin1:AF.34"


def test_geocoder_unit_written_after_a_town_picks_the_namesake_inside(
    gazetteer: Gazetteer,
) -> None:
    text = "A bomb went off in Hyderabad city, Sindh province, on Friday."
    (resolved,) = geocode([mention(text, "Hyderabad city")], text, gazetteer)
    assert _id(resolved) == "geonames:1176734"


def test_geocoder_a_list_with_a_plural_type_word_is_no_hierarchy(gazetteer: Gazetteer) -> None:
    text = "Myanmar army air strikes reported in Kachin, Shan states"
    (resolved,) = geocode([mention(text, "Kachin")], text, gazetteer)
    assert _id(resolved) == "admin1:MM.04"


def test_geocoder_township_stands_for_its_town(gazetteer: Gazetteer) -> None:
    text = "KIA and government forces clashed in Hpakant township"
    (resolved,) = geocode([mention(text, "Hpakant township")], text, gazetteer)
    assert _id(resolved) == "geonames:1323815"
    assert resolved.precision == 3


def test_geocoder_unknown_town_in_a_named_state_is_placed_in_the_state(
    gazetteer: Gazetteer,
) -> None:
    doc = "Troops and rebels clashed in Kun Hing township, Shan State, on Monday."
    resolved = _resolve(gazetteer, doc, "Kun Hing township")
    assert _id(resolved) == "admin1:MM.11"
    assert resolved.precision == 4
    assert resolved.confidence < 0.5


def test_geocoder_unknown_name_without_context_stays_unresolved(gazetteer: Gazetteer) -> None:
    resolved = _resolve(gazetteer, "Clashes in Kun Hing township on Monday.", "Kun Hing township")
    assert resolved.entry is None
    assert resolved.precision == 6


@pytest.mark.parametrize(
    ("doc", "text", "expected"),
    [
        ("Violent clashes in Sheikh Meskin and raids", "Sheikh Meskin", "geonames:164328"),
        ("Air strikes target Sokhna and clashes", "Sokhna", "geonames:172425"),
        ("Shelling in al-Waer neighbourhood of Homs", "al-Waer", "admin2:SY.11.al-waer"),
        ("Clashes in Muse township near the border", "Muse", "geonames:1308318"),
        ("Burma Army shelling in Kachin State kills two", "Kachin State", "admin1:MM.04"),
    ],
)
def test_geocoder_press_spellings_of_syria_and_myanmar(
    gazetteer: Gazetteer, doc: str, text: str, expected: str
) -> None:
    assert _id(_resolve(gazetteer, doc, text)) == expected


def test_geocoder_nationality_names_its_country_only_where_no_place_lies_elsewhere(
    gazetteer: Gazetteer,
) -> None:
    alone = "Russian warplanes kill five"
    (resolved,) = geocode([mention(alone, "Russian", role="mentioned")], alone, gazetteer)
    assert resolved.entry is not None
    assert resolved.entry.gazetteer_id == "country:RU"
    abroad = "Russian warplanes kill five in Idlib province"
    (resolved,) = geocode([mention(abroad, "Russian", role="mentioned")], abroad, gazetteer)
    assert resolved.entry is None
    home = "Syrian warplanes kill five in Idlib province"
    (resolved,) = geocode([mention(home, "Syrian", role="mentioned")], home, gazetteer)
    assert resolved.entry is not None
    assert resolved.entry.gazetteer_id == "country:SY"


def test_geocoder_reads_a_headline_abbreviation_of_central(gazetteer: Gazetteer) -> None:
    doc = "Witnesses: 9 more killed in C. African Republic"
    assert _id(_resolve(gazetteer, doc, "C. African Republic")) == "country:CF"


def test_geocoder_a_plural_nationality_stands_for_its_country(gazetteer: Gazetteer) -> None:
    doc = "More than 60 Syrians were killed today"
    resolved = _resolve(gazetteer, doc, "Syrians", role="mentioned")
    assert _id(resolved) == "country:SY"
    assert gazetteer.is_demonym("Syrians")
    assert not gazetteer.is_prominent_place("Syrians")
    assert not gazetteer.is_demonym("Philippines")


@pytest.mark.parametrize("name", ["Nepal", "Sweden", "Nepalese"])
def test_geocoder_a_name_starting_with_compass_letters_keeps_them(
    gazetteer: Gazetteer, name: str
) -> None:
    # "Ne" and "Se" once stripped as if "NE"/"SE": "Nepal" read as Pāl, "Sweden" as Eden.
    assert not names_below_country(gazetteer, name)


def test_geocoder_a_direction_word_before_a_name_is_stripped(gazetteer: Gazetteer) -> None:
    assert names_below_country(gazetteer, "Northern Shan")
    assert names_below_country(gazetteer, "NE Idlib")


@pytest.mark.parametrize(
    ("doc", "text"),
    [
        ("Fighting in Central Shan State reportedly kills five soldiers.", "Central"),
        ("Fighting flares in Northeast as high-level peace meeting nears.", "Northeast"),
    ],
)
def test_geocoder_a_bare_direction_is_no_foreign_unit(
    gazetteer: Gazetteer, doc: str, text: str
) -> None:
    # Paraguay's Central and Iceland's Northeast are units; here they are directions.
    assert _resolve(gazetteer, doc, text).entry is None


def test_geocoder_a_bare_direction_is_the_unit_of_a_country_the_text_names(
    gazetteer: Gazetteer,
) -> None:
    doc = "Gunmen killed four people in Northern region, Ghana's police said."
    resolved = _resolve(gazetteer, doc, "Northern")
    assert resolved.entry is not None
    assert (resolved.entry.country_code, resolved.entry.feature_code) == ("GH", "ADM1")


def test_geocoder_a_lower_case_word_after_a_direction_is_no_place(gazetteer: Gazetteer) -> None:
    doc = "SDF fighters were killed near the east bank of the Euphrates River."
    assert _resolve(gazetteer, doc, "the east bank").entry is None  # not Portsmouth ("Bank")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("South-West Cameroon", "admin1:CM.09"),
        ("Southwest Cameroon", "admin1:CM.09"),
        ("Northwest Cameroon", "admin1:CM.07"),
        ("North West Cameroon", "admin1:CM.07"),
        ("Far North Cameroon", "admin1:CM.12"),
    ],
)
def test_geocoder_a_unit_before_its_country_is_that_unit(
    gazetteer: Gazetteer, text: str, unit: str
) -> None:
    # The model reads a region written before its country's name as one name.
    resolved = _resolve(gazetteer, f"Separatists killed two gendarmes in {text}.", text)
    assert (_id(resolved), resolved.precision) == (unit, 4)


def test_geocoder_a_town_before_its_country_is_that_town(gazetteer: Gazetteer) -> None:
    # "Kano Nigeria" read as "Kano, Nigeria": the city, as "in Kano" would be, not the state.
    resolved = _resolve(gazetteer, "A bomb exploded in Kano Nigeria on Friday.", "Kano Nigeria")
    assert resolved.entry is not None
    assert (resolved.entry.name, resolved.entry.country_code, resolved.precision) == (
        "Kano",
        "NG",
        1,
    )


def test_geocoder_a_hyphenated_direction_before_a_country_can_make_a_unit(
    gazetteer: Gazetteer,
) -> None:
    # The toponym pass may keep the country alone, the direction written before it.
    resolved = _resolve(gazetteer, "Separatists killed two in South-West Cameroon.", "Cameroon")
    assert (_id(resolved), resolved.precision) == ("admin1:CM.09", 4)


@pytest.mark.parametrize(
    ("doc", "text", "place", "precision"),
    [
        ("Clashes in northwest Syria killed five.", "Syria", "country:SY", 5),
        ("Fighting in Northwest Syria killed five.", "Northwest Syria", "country:SY", 5),
        # Nigeria's North-East is a geopolitical zone, no first-level unit.
        ("Gunmen kill 3 in North-East Nigeria.", "North-East Nigeria", "country:NG", 5),
        ("Rebels attacked a village in North Darfur.", "North Darfur", "admin1:SD.55", 4),
        ("A bomb exploded in Northern Ireland.", "Northern Ireland", "admin1:GB.NIR", 4),
        ("Fighting in South Sudan killed ten.", "South Sudan", "country:SS", 5),
        ("Troops killed two in East Timor.", "East Timor", "country:TL", 5),
        ("A drone hit North Waziristan.", "North Waziristan", "admin2:PK.03.north-waziristan", 3),
        ("Clashes in Western Sahara killed two.", "Western Sahara", "country:EH", 5),
    ],
)
def test_geocoder_a_direction_before_a_country_names_no_unit_of_it(
    gazetteer: Gazetteer, doc: str, text: str, place: str, precision: int
) -> None:
    resolved = _resolve(gazetteer, doc, text)
    assert (_id(resolved), resolved.precision) == (place, precision)


def test_geocoder_a_direction_before_a_country_names_no_town_of_it(gazetteer: Gazetteer) -> None:
    # "central america" is no town called Central in the United States ("America").
    doc = "death squads operate across central america."
    assert _resolve(gazetteer, doc, "central america").entry is None


def test_geocoder_middle_east_is_the_region(gazetteer: Gazetteer) -> None:
    doc = 'BBC Monitoring Middle East, 29 April: "Terrorist said killed in military raid."'
    resolved = _resolve(gazetteer, doc, "Middle East")
    assert _id(resolved) == "region:middle-east"  # not the town in Maryland
    assert resolved.precision == 6


def _country(resolved: ResolvedPlace) -> str | None:
    return None if resolved.entry is None else resolved.entry.country_code


def test_geocoder_outlet_country_resolves_a_namesake(gazetteer: Gazetteer) -> None:
    doc = "Gunmen kill five in Hyderabad"
    place = mention(doc, "Hyderabad")
    outlets = Outlets.load()
    (from_dawn,) = geocode([place], doc, gazetteer, outlets.find("Dawn"))
    (from_reuters,) = geocode([place], doc, gazetteer, outlets.find("Reuters"))
    assert _country(from_dawn) == "PK"
    assert _country(from_reuters) == "IN"
    assert _id(from_reuters) == _id(_one(gazetteer, place, doc))


def test_geocoder_a_place_in_the_text_wins_over_the_outlet(gazetteer: Gazetteer) -> None:
    dawn = Outlets.load().find("Dawn")
    for doc in (
        "Gunmen kill five in Hyderabad, Telangana",
        "Police in India say gunmen killed five in Hyderabad",
    ):
        (resolved,) = geocode([mention(doc, "Hyderabad")], doc, gazetteer, dawn)
        assert _country(resolved) == "IN", doc


def test_geocoder_monitor_country_makes_a_foreign_nationality_give_way(
    gazetteer: Gazetteer,
) -> None:
    doc = "Russian warplanes kill 12 civilians"
    place = mention(doc, "Russian", "mentioned")
    assert _id(_one(gazetteer, place, doc)) == "country:RU"
    (resolved,) = geocode([place], doc, gazetteer, Outlets.load().find("SOHR"))
    assert resolved.entry is None


def test_geocoder_a_country_border_is_the_far_side_where_the_text_places_the_story(
    gazetteer: Gazetteer,
) -> None:
    """ "Near the China border" in a Myanmar story is Myanmar's side: the border tells whose
    border, not where, like a nationality."""
    doc = "Myanmar says 24 rebels killed in clashes near China border"
    assert _resolve(gazetteer, doc, "China border").entry is None
    alone = "Clashes near the China border killed four soldiers"
    assert _id(_resolve(gazetteer, alone, "China border")) == "country:CN"
    inside = "Clashes near the China border in Yunnan killed four soldiers"
    assert _id(_resolve(gazetteer, inside, "China border")) == "country:CN"


def test_geocoder_names_a_border_only_of_a_country(gazetteer: Gazetteer) -> None:
    assert names_a_border(gazetteer, "China border")
    assert names_a_border(gazetteer, "the Thai border")
    assert not names_a_border(gazetteer, "KACHIN STATE BORDER")  # a unit's border is in it
    assert not names_a_border(gazetteer, "Mae Sot border")
    assert not names_a_border(gazetteer, "China")


def test_geocoder_a_nationality_agrees_with_its_own_country_named_elsewhere(
    gazetteer: Gazetteer,
) -> None:
    doc = (
        "Four killed in clashes between Somali government forces and Islamists; "
        "Heavy fighting rocks parts of Southern Somalia"
    )
    assert _id(_resolve(gazetteer, doc, "Somali", role="mentioned")) == "country:SO"
    foreign = "Four killed in clashes between Kenyan forces and Islamists in Southern Somalia"
    assert _resolve(gazetteer, foreign, "Kenyan", role="mentioned").entry is None


def test_geocoder_naga_in_a_burmese_story_is_the_sagaing_zone(gazetteer: Gazetteer) -> None:
    # The Naga people's zone of Sagaing (districts.tsv), not the Philippine city, where the
    # story is Burmese; a Philippine story keeps the city.
    doc = "Burmese army operation reportedly unites Naga insurgent factions"
    resolved = _resolve(gazetteer, doc, "Naga", role="mentioned")
    assert resolved.entry is not None
    assert (resolved.entry.country_code, resolved.entry.admin1_name) == ("MM", "Sagain")
    assert resolved.precision == 3
    doc = "Eight Naga rebels killed in India-Myanmar offensive"
    assert _id(_resolve(gazetteer, doc, "Naga", role="mentioned")) == "admin2:MM.10.naga"
    doc = "NPA rebels killed two soldiers in Naga, the Philippines"
    philippine = _resolve(gazetteer, doc, "Naga")
    assert philippine.entry is not None
    assert philippine.entry.country_code == "PH"


def test_geocoder_a_capital_that_speaks_is_its_country(gazetteer: Gazetteer) -> None:
    # Metonymy: "Moscow says" is Russia's government, which tells who, not where.
    doc = "Moscow says rebels shelled a convoy; MOSCOW WARNS OF REPRISALS"
    moscow, caps = mention(doc, "Moscow", "mentioned"), mention(doc, "MOSCOW", "mentioned")
    found = geocode([moscow, caps], doc, gazetteer)
    assert [(p.entry.name if p.entry else None, p.precision) for p in found] == [
        ("Russia", 5),
        ("Russia", 5),
    ]
    bombing = "Kabul bombing kills 20"
    (kabul,) = geocode([mention(bombing, "Kabul")], bombing, gazetteer)
    assert (kabul.entry.name if kabul.entry else None, kabul.precision) == ("Kabul", 1)


def test_geocoder_a_country_that_speaks_yields_to_places_elsewhere(gazetteer: Gazetteer) -> None:
    # "announced by Turkey" tells who spoke; a text naming Idlib happened in Syria.
    doc = "A truce announced by Turkey; shelling kills 8 in Idlib"
    turkey, idlib = mention(doc, "Turkey", "mentioned"), mention(doc, "Idlib")
    found = geocode([turkey, idlib], doc, gazetteer)
    assert [p.entry.country_code if p.entry else None for p in found] == [None, "SY"]
    # Another country named is as often a party as a site: Turkey stays.
    alone = "A truce announced by Turkey with Russia collapsed"
    (found_alone,) = geocode([mention(alone, "Turkey", "mentioned")], alone, gazetteer)
    assert found_alone.entry is not None
    assert found_alone.entry.country_code == "TR"


def test_geocoder_a_route_abroad_lies_at_neither_end(gazetteer: Gazetteer) -> None:
    # A road named for far ends that lie in other countries is not at them.
    doc = "ISIS attacks the Tehran – Beirut road in the desert"
    (tehran,) = geocode([mention(doc, "Tehran")], doc, gazetteer)
    assert tehran.entry is None
    home = "Gunmen kill four on the Damascus – Aleppo highway"
    (damascus,) = geocode([mention(home, "Damascus")], home, gazetteer)
    assert damascus.entry is not None
    assert damascus.entry.country_code == "SY"


def test_geocoder_a_frontier_crossing_yields_to_places_elsewhere(gazetteer: Gazetteer) -> None:
    doc = "Fighting closes Mae Sot border post; Myanmar soldier injured"
    crossing = mention(doc, "Mae Sot border", "mentioned")
    (found,) = geocode([crossing], doc, gazetteer)
    assert found.entry is None
    alone = "Clashes near the Mae Sot border kill three"
    (found_alone,) = geocode([mention(alone, "Mae Sot border")], alone, gazetteer)
    assert found_alone.entry is not None
    assert found_alone.entry.country_code == "TH"
