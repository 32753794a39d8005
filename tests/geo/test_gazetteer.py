"""The offline gazetteer: entries built from the packages, lookup, and names in running text."""

from __future__ import annotations

import csv

import pytest

from khabar.geo.gazetteer import DATA_DIR, Gazetteer, GazetteerEntry, fold_text, normalise

GHAZNI_CITY = "geonames:1141269"


def _ids(entries: list[GazetteerEntry]) -> set[str]:
    return {e.gazetteer_id for e in entries}


def _spans(gazetteer: Gazetteer, text: str) -> list[str]:
    return [surface for _, _, surface in gazetteer.find_in_text(text)]


def test_gazetteer_load_builds_once(gazetteer: Gazetteer) -> None:
    assert Gazetteer.load() is gazetteer
    assert len(gazetteer) > 170_000


def test_gazetteer_city_carries_geonames_id_and_admin_names(gazetteer: Gazetteer) -> None:
    ghazni = gazetteer.get(GHAZNI_CITY)
    assert ghazni is not None
    assert (ghazni.name, ghazni.feature_class, ghazni.feature_code) == ("Ghazni", "P", "PPLA")
    assert (ghazni.country_code, ghazni.country_name) == ("AF", "Afghanistan")
    assert (ghazni.admin1_code, ghazni.admin1_name) == ("08", "Ghazni")
    assert ghazni.lat == pytest.approx(33.55, abs=0.05)
    assert ghazni.lon == pytest.approx(68.42, abs=0.05)
    assert ghazni.population > 100_000


def test_gazetteer_capitals_are_pplc(gazetteer: Gazetteer) -> None:
    for name, cc in [("Kabul", "AF"), ("Mogadishu", "SO"), ("Washington", "US"), ("Tripoli", "LY")]:
        codes = {e.feature_code for e in gazetteer.lookup(name) if e.country_code == cc}
        assert "PPLC" in codes, name


def test_gazetteer_admin1_entries_are_named_and_placed(gazetteer: Gazetteer) -> None:
    zamfara = gazetteer.get("admin1:NG.57")
    assert zamfara is not None
    assert (zamfara.name, zamfara.feature_code, zamfara.country_code) == ("Zamfara", "ADM1", "NG")
    assert 10 < zamfara.lat < 14
    assert 4 < zamfara.lon < 8
    assert zamfara.population > 0


def test_gazetteer_admin1_override_names_split_units(gazetteer: Gazetteer) -> None:
    menaka = gazetteer.get("admin1:ML.12070577")
    assert menaka is not None
    assert menaka.name == "Ménaka"
    city = gazetteer.get("geonames:2453514")
    assert city is not None
    assert city.admin1_name == "Ménaka"


def test_gazetteer_admin1_affixes_become_alternates(gazetteer: Gazetteer) -> None:
    assert "admin1:IQ.13" in _ids(gazetteer.lookup("Kirkuk"))  # "Muhafazat Kirkuk"
    assert "admin1:AF.03" in _ids(gazetteer.lookup("Baghlan"))  # "Wilayat-e Baghlan"


def test_gazetteer_countries_sit_on_their_capital(gazetteer: Gazetteer) -> None:
    country = gazetteer.get("country:AF")
    kabul = next(e for e in gazetteer.lookup("Kabul") if e.feature_code == "PPLC")
    assert country is not None
    assert country.feature_code == "PCLI"
    assert (country.lat, country.lon) == (kabul.lat, kabul.lon)
    assert "country:IR" in _ids(gazetteer.lookup("Islamic Republic of Iran"))  # pycountry
    assert "country:CD" in _ids(gazetteer.lookup("DRC"))  # alternate_names.tsv


def test_gazetteer_lookup_ignores_case_and_diacritics(gazetteer: Gazetteer) -> None:
    assert _ids(gazetteer.lookup("Menaka")) == _ids(gazetteer.lookup("MÉNAKA"))
    assert "geonames:2453514" in _ids(gazetteer.lookup("ménaka"))
    assert "geonames:1133616" in _ids(gazetteer.lookup("mazar-i-sharif"))


def test_gazetteer_lookup_reads_st_as_saint(gazetteer: Gazetteer) -> None:
    florida = "geonames:4171563"  # listed as "St. Petersburg"
    assert florida in _ids(gazetteer.lookup("Saint Petersburg"))
    assert florida in _ids(gazetteer.lookup("St Petersburg"))


def test_gazetteer_lookup_unknown_name_is_empty(gazetteer: Gazetteer) -> None:
    assert gazetteer.lookup("Qwertyville") == []


def test_gazetteer_alternates_drop_codes_and_other_scripts(gazetteer: Gazetteer) -> None:
    kabul = next(e for e in gazetteer.lookup("Kabul") if e.feature_code == "PPLC")
    assert "Kabol" in kabul.alternate_names
    assert "KBL" not in kabul.alternate_names  # IATA code
    assert all(normalise(a).isascii() for a in kabul.alternate_names)


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_gazetteer_reviewed_alternate_names_all_resolve(gazetteer: Gazetteer) -> None:
    rows = _rows("alternate_names.tsv")
    assert len(rows) > 50
    for row in rows:
        found = [
            e
            for e in gazetteer.lookup(row["alternate"])
            if normalise(e.name) == normalise(row["name"]) and e.country_code == row["country"]
        ]
        assert found, f"{row['alternate']} names no {row['name']} in {row['country']}"


def test_gazetteer_reviewed_names_of_first_level_units(gazetteer: Gazetteer) -> None:
    # Short and local forms of reporting: "Agusan Norte", "Lower Jubba", "Ogaden rebels".
    for name, unit in (
        ("Agusan Norte", "admin1:PH.AGN"),
        ("Surigao Sur", "admin1:PH.SUR"),
        ("Lower Jubba", "admin1:SO.09"),
        ("Middle Jubba", "admin1:SO.08"),
        ("Ogaden", "admin1:ET.52"),
    ):
        assert _ids(gazetteer.lookup(name)) == {unit}, name
    # The cities named like a province keep their own names.
    assert "admin1:PH.DAS" not in _ids(gazetteer.lookup("Davao"))


def test_gazetteer_districts_sit_on_their_seat(gazetteer: Gazetteer) -> None:
    bajaur = gazetteer.get("admin2:PK.03.bajaur")
    khar = gazetteer.get("geonames:1174089")
    assert bajaur is not None
    assert khar is not None
    assert (bajaur.feature_code, bajaur.country_code, bajaur.admin1_name) == (
        "ADM2",
        "PK",
        "Khyber Pakhtunkhwa",
    )
    assert (bajaur.lat, bajaur.lon) == (khar.lat, khar.lon)


def test_gazetteer_reviewed_districts_and_regions_are_all_built(gazetteer: Gazetteer) -> None:
    for row in _rows("districts.tsv"):
        slug = row["name"].lower().replace(" ", "-")
        assert gazetteer.get(f"admin2:{row['country']}.{row['admin1']}.{slug}"), row["name"]
    for row in _rows("regions.tsv"):
        region = gazetteer.get(f"region:{row['slug']}")
        assert region is not None, row["slug"]
        assert region.members == tuple(row["members"].split("|"))


def test_gazetteer_regions_list_their_members(gazetteer: Gazetteer) -> None:
    khurasan = gazetteer.get("region:khurasan")
    assert khurasan is not None
    assert (khurasan.feature_class, khurasan.feature_code) == ("L", "RGN")
    assert khurasan.members == ("country:AF", "admin1:PK.03")
    assert khurasan.country_code == ""  # spans two countries
    assert "region:khurasan" in _ids(gazetteer.lookup("Khorasan"))
    tribal = gazetteer.get("region:tribal-areas")
    assert tribal is not None
    assert tribal.country_code == "PK"
    assert "region:sahel" in _ids(gazetteer.lookup("the Sahel"))


def test_gazetteer_neighbours_come_from_the_country_table(gazetteer: Gazetteer) -> None:
    assert {"PK", "IR"} <= gazetteer.neighbours_of(["AF"])


def test_gazetteer_fold_text_keeps_offsets() -> None:
    text = "Ménaka, Mazār-e Sharīf — Kunaṟ"
    assert len(fold_text(text)) == len(text)
    assert fold_text(text).startswith("menaka, mazar e sharif")


def test_gazetteer_fold_text_folds_each_character_alone() -> None:
    """A text with other characters than ASCII is folded run by run, as character by
    character: ASCII runs as an ASCII text, the others as `fold_text` folds each alone."""
    text = "“Ménaka” – al-Qa`im, İdlib’s ΣΑΣ: Straße Æ ﬁ"
    assert fold_text(text) == "".join(fold_text(c) for c in text)
    assert fold_text("Al-Bab (Aleppo)") == "al bab (aleppo)"


def test_gazetteer_normalise_reads_plain_words_as_any_name() -> None:
    """Words of ASCII letters one space apart are only lower-cased, and then read as every other
    name is: a leading "the" dropped, "St" as "Saint"."""
    assert normalise("Lakki Marwat") == normalise("Lakki-Marwat.") == "lakki marwat"
    assert normalise("The Gaza Strip") == normalise("the Gaza Strip,") == "gaza strip"
    assert normalise("St Louis") == normalise("St. Louis") == "saint louis"
    assert normalise("Lakki  Marwat") == "lakki marwat"  # two spaces: the general reading


def test_gazetteer_searching_answers_as_find_in_text_alone(gazetteer: Gazetteer) -> None:
    texts = [
        "Gunmen attacked a checkpoint in Ghazni province, Afghanistan.",
        "Clashes in Idlib and Aleppo left 12 dead.",
        "Gunmen attacked a checkpoint in Ghazni province, Afghanistan.",
    ]
    alone = [gazetteer.find_in_text(text) for text in texts]
    other = "Shelling hit Homs."
    with gazetteer.searching(texts):
        assert [gazetteer.find_in_text(text) for text in texts] == alone
        assert [surface for _, _, surface in gazetteer.find_in_text(other)] == ["Homs"]
    assert [gazetteer.find_in_text(text) for text in texts] == alone


def test_gazetteer_find_in_text_returns_offsets(gazetteer: Gazetteer) -> None:
    text = "Gunmen attacked a checkpoint in Ghazni province, Afghanistan."
    assert gazetteer.find_in_text(text) == [(32, 38, "Ghazni"), (49, 60, "Afghanistan")]


def test_gazetteer_find_in_text_offsets_survive_diacritics(gazetteer: Gazetteer) -> None:
    text = "Après l'attaque près de Ménaka, au Mali"
    found = gazetteer.find_in_text(text)
    assert (24, 30, "Ménaka") in found
    assert all(text[start:end] == surface for start, end, surface in found)


def test_gazetteer_find_in_text_matches_whole_words_only(gazetteer: Gazetteer) -> None:
    assert _spans(gazetteer, "A Kabul-based group") == ["Kabul"]
    assert _spans(gazetteer, "the Kabulis and Kandaharis") == []


def test_gazetteer_find_in_text_checks_names_edged_with_punctuation(gazetteer: Gazetteer) -> None:
    """A name that ends in a stop ("U.S.") is matched apart from the word marks, and still
    only as a whole word."""
    assert _spans(gazetteer, "U.S. troops left.") == ["U.S."]
    assert _spans(gazetteer, "The U.S.Army unit left.") == []


def test_gazetteer_find_in_text_offsets_hold_far_into_a_text(gazetteer: Gazetteer) -> None:
    """Offsets come back in the text's own terms however many words precede, and control
    characters of the text's own (the matcher marks words with one) change nothing."""
    text = "Police said " * 100 + "in Ghazni, Afghanistan."
    assert gazetteer.find_in_text(text) == [(1203, 1209, "Ghazni"), (1211, 1222, "Afghanistan")]
    assert _spans(gazetteer, "in Kabul\x01Kandahar and \x01Herat\x01") == [
        "Kabul",
        "Kandahar",
        "Herat",
    ]


def test_gazetteer_find_in_text_prefers_the_longest_name(gazetteer: Gazetteer) -> None:
    spans = _spans(gazetteer, "Troops moved into North Waziristan from Saint Petersburg.")
    assert spans == ["North Waziristan", "Saint Petersburg"]


def test_gazetteer_find_in_text_needs_a_capital_letter(gazetteer: Gazetteer) -> None:
    assert _spans(gazetteer, "the police were reading the kabul report") == []


def test_gazetteer_find_in_text_skips_stoplisted_words(gazetteer: Gazetteer) -> None:
    text = "Police said on Sunday that Ali and the Taliban met in May. Reading it, officials left."
    assert _spans(gazetteer, text) == []
    assert _spans(gazetteer, "He grew up in Reading, England.") == ["Reading", "England"]


def test_gazetteer_find_in_text_short_names_need_capitals(gazetteer: Gazetteer) -> None:
    assert _spans(gazetteer, "US forces and UK troops left.") == ["US", "UK"]
    assert _spans(gazetteer, "Let us go.") == []


def test_gazetteer_find_in_text_small_towns_match_by_main_name_only(gazetteer: Gazetteer) -> None:
    # "Minister" is listed as an alternate name of Minster, Ohio (2,845 people).
    assert _spans(gazetteer, "The Prime Minister spoke.") == []


def test_gazetteer_demonym_names_its_country(gazetteer: Gazetteer) -> None:
    assert [e.gazetteer_id for e in gazetteer.lookup("SYRIAN")] == ["country:SY"]
    assert gazetteer.is_demonym("Burmese")
    assert not gazetteer.is_demonym("Burma")


def test_gazetteer_prominent_place_is_no_demonym_or_small_town(gazetteer: Gazetteer) -> None:
    assert gazetteer.is_prominent_place("Aleppo")
    assert gazetteer.is_prominent_place("Idlib")
    assert not gazetteer.is_prominent_place("Syrian")
    assert not gazetteer.is_prominent_place("Valley")
    assert not gazetteer.is_prominent_place("Nowhereville")


def test_gazetteer_press_spellings_of_syrian_and_burmese_units(gazetteer: Gazetteer) -> None:
    def admin1(name: str) -> set[str]:
        return {e.gazetteer_id for e in gazetteer.lookup(name) if e.feature_code == "ADM1"}

    assert admin1("Deir Ezzor") == {"admin1:SY.07"}
    assert admin1("Reef Dimashq") == {"admin1:SY.08"}
    assert admin1("Hamah") == {"admin1:SY.10"}
    assert admin1("Karen") == {"admin1:MM.05"}
    assert admin1("Arakan") == {"admin1:MM.01"}


def test_gazetteer_find_in_text_small_towns_match_reviewed_spellings(
    gazetteer: Gazetteer,
) -> None:
    # Ra's al 'Ayn is listed with population 0; "Ras al-Ain" is a reviewed spelling.
    assert _spans(gazetteer, "Shelling hit Ras al-Ain on Monday.") == ["Ras al-Ain"]


def test_gazetteer_wire_spellings_of_countries(gazetteer: Gazetteer) -> None:
    assert [e.gazetteer_id for e in gazetteer.lookup("DRCongo")] == ["country:CD"]
    assert [e.gazetteer_id for e in gazetteer.lookup("S.Africa")] == ["country:ZA"]
    assert _spans(gazetteer, "Two shot dead in S.Africa region") == ["S.Africa"]


def test_gazetteer_philippine_provinces_are_the_first_level(gazetteer: Gazetteer) -> None:
    towns = [e for e in gazetteer if e.country_code == "PH" and e.feature_class == "P"]
    provinces = {
        e.admin1_code for e in gazetteer if e.feature_code == "ADM1" and e.country_code == "PH"
    }
    assert len(provinces) > 75
    assert all(t.admin1_code in provinces for t in towns)  # no town is left with its region
    jolo = gazetteer.get("geonames:1710141")
    assert jolo is not None
    assert (jolo.admin1_code, jolo.admin1_name, jolo.admin2_name) == ("SLU", "Sulu", "")
    assert "admin1:PH.SLU" in _ids(gazetteer.lookup("Sulu"))
    armm = gazetteer.lookup("ARMM")
    assert [e.feature_code for e in armm] == ["RGN"]
    assert {"admin1:PH.SLU", "admin1:PH.MAG", "admin1:PH.BAS"} <= set(armm[0].members)


def test_gazetteer_reviewed_provinces_all_exist(gazetteer: Gazetteer) -> None:
    for row in _rows("provinces.tsv"):
        province = gazetteer.get(f"admin1:{row['country']}.{row['code']}")
        assert province is not None, row["admin2"]
        assert province.name == row["province"]
    (cotabato,) = gazetteer.lookup("Cotabato City")
    assert cotabato.admin1_name == "Maguindanao"
    (davao,) = gazetteer.lookup("Davao City")  # named by its geonames id
    assert davao.admin1_name == "Davao del Sur"


def test_gazetteer_reviewed_towns_are_built_and_found_in_text(gazetteer: Gazetteer) -> None:
    rows = _rows("towns.tsv")
    assert rows
    for row in rows:
        slug = normalise(row["name"]).replace(" ", "-")
        town = gazetteer.get(f"town:{row['country']}.{slug}")
        assert town is not None, row["name"]
        assert (town.lat, town.lon, town.name_source) == (
            float(row["lat"]),
            float(row["lon"]),
            "khabar",
        )
        assert town.admin1_name
        assert gazetteer.is_prominent_place(row["name"])
    assert _spans(gazetteer, "Bombers struck in Kolofata town.") == ["Kolofata"]


def test_gazetteer_find_in_text_skips_common_words_that_name_towns(gazetteer: Gazetteer) -> None:
    text = "Man dies under torture after days of controlling the Area. They seized a Drug haul."
    assert _spans(gazetteer, text) == []
    assert "Man" in _spans(gazetteer, "Gunmen attacked a bus near Man on Sunday.")


def test_gazetteer_former_country_name_is_the_country(gazetteer: Gazetteer) -> None:
    assert "country:CD" in {e.gazetteer_id for e in gazetteer.lookup("Zaire")}


def test_gazetteer_kosovo_is_a_country_with_its_towns(gazetteer: Gazetteer) -> None:
    # ISO 3166-1 leaves Kosovo's code (XK) user-assigned, so pycountry lacks it.
    assert "country:XK" in {e.gazetteer_id for e in gazetteer.lookup("Kosovo")}
    assert {e.country_code for e in gazetteer.lookup("Pristina")} == {"XK"}


def test_gazetteer_short_names_of_countries(gazetteer: Gazetteer) -> None:
    assert [e.gazetteer_id for e in gazetteer.lookup("Bosnia")] == ["country:BA"]
    assert [e.gazetteer_id for e in gazetteer.lookup("East Timor")] == ["country:TL"]


def test_gazetteer_press_spellings_of_small_towns_are_found_in_text(gazetteer: Gazetteer) -> None:
    # Towns under TEXT_ALTERNATES_MIN_POPULATION match in text only by reviewed spellings.
    for text, name, town in (
        ("an assault near Marinka on Monday", "Marinka", "Mar'yinka"),
        ("convoy ambushed in Theinni township", "Theinni", "Hsenwi"),
        ("Attack on a leader in Laogai", "Laogai", "Laukkai"),
        ("shelling in the vicinity of Tel Rifaat", "Tel Rifaat", "Tall Rif‘at"),
    ):
        assert _spans(gazetteer, text) == [name], text
        assert town in {e.name for e in gazetteer.lookup(name) if e.feature_class == "P"}
    hassaka = {e.gazetteer_id for e in gazetteer.lookup("Hassaka")}
    assert {"admin1:SY.01", "geonames:173811"} <= hassaka  # the governorate and its seat
    # Not a loose match: a geonames alternate of a small town that no review added stays out.
    assert _spans(gazetteer, "The Prime Minister spoke.") == []
    assert _spans(gazetteer, "Marinkas of the world") == []


def test_gazetteer_reviewed_towns_and_districts_of_the_syrian_and_burmese_wars(
    gazetteer: Gazetteer,
) -> None:
    for name, admin1 in (
        ("Namtu", "Shan"),
        ("Salma", "Latakia"),
        ("Gharanij", "Deir ez-Zor"),
        ("al-Fouaa", "Idlib"),
        ("Kafriya", "Idlib"),
        ("Sheikh Maqsoud", "Aleppo"),
    ):
        (entry,) = [e for e in gazetteer.lookup(name) if e.name_source == "khabar"]
        assert entry.admin1_name == admin1, name
    sheikh = gazetteer.get("admin2:SY.09.sheikh-maqsood")
    aleppo = gazetteer.get("geonames:170063")
    assert sheikh is not None
    assert aleppo is not None
    assert (sheikh.feature_code, sheikh.lat, sheikh.lon) == ("ADM2", aleppo.lat, aleppo.lon)
    assert _spans(gazetteer, "Clashes in Namtu and shelling on Sheikh Maqsood") == [
        "Namtu",
        "Sheikh Maqsood",
    ]
    # A name in lower case is no town, reviewed or not.
    assert _spans(gazetteer, "the salma of the village") == []


REVIEWED_PLACES = (
    ("Khan Toman", "SY", "Aleppo"),
    ("Khan Tuman", "SY", "Aleppo"),
    ("Tula Toli", "MM", "Rakhine"),
    ("Min Gyi", "MM", "Rakhine"),
    ("Nanhsan", "MM", "Shan"),
    ("Mabein", "MM", "Shan"),
    ("Mong Meik", "MM", "Shan"),
    ("Kongyan", "MM", "Shan"),
    ("Tanine", "MM", "Kachin"),
    ("Muhassan", "SY", "Deir ez-Zor"),
    ("Jopar", "SY", "Dimashq"),
    ("al-Merej", "SY", "Rif-dimashq"),
    ("Dooplaya District", "MM", "Kayin"),
    ("Ein Tarma", "SY", "Rif-dimashq"),
    ("Ayn Tarma", "SY", "Rif-dimashq"),
    ("al-Yadudeh", "SY", "Daraa"),
    ("al-Rahjan", "SY", "Hama"),
    ("Kernaz", "SY", "Hama"),
    ("Sayeda Zeinab", "SY", "Rif-dimashq"),
    ("Tal Tamr", "SY", "Al-Hasakah"),
    ("al-Arima", "SY", "Aleppo"),
    ("Orayma", "SY", "Aleppo"),
    ("Winemaw", "MM", "Kachin"),
    ("Waingmaw", "MM", "Kachin"),
    ("al-Rai", "SY", "Aleppo"),
    ("Kaftakharim", "SY", "Idlib"),
    ("Khan al-Sobol", "SY", "Idlib"),
    ("Khan al-Shekh", "SY", "Rif-dimashq"),
    ("Beit Jinn", "SY", "Rif-dimashq"),
    ("Jeb al-Jarrah", "SY", "Homs"),
    ("al-Qardaha", "SY", "Latakia"),
    ("al-Asharah", "SY", "Deir ez-Zor"),
    ("Sukkari", "SY", "Aleppo"),
    ("al-Salhin", "SY", "Aleppo"),
    ("Bani Zaid", "SY", "Aleppo"),
    ("Intillit", "ML", "Gao"),
    ("Hamouriyah", "SY", "Rif-dimashq"),
    ("Hamouria", "SY", "Rif-dimashq"),
    ("Northwest", "CM", "North-West Province"),
    ("Southwest", "CM", "South-West Province"),
    ("Northwest Frontier Province", "PK", "Khyber Pakhtunkhwa"),
)
"""Names of the reviewed data files that the packaged data lacked, with the unit each is in."""


@pytest.mark.parametrize(("name", "country", "admin1"), REVIEWED_PLACES)
def test_gazetteer_reviewed_names_resolve_to_their_state_or_governorate(
    gazetteer: Gazetteer, name: str, country: str, admin1: str
) -> None:
    reviewed = [e for e in gazetteer.lookup(name) if e.country_code == country]
    assert [(e.country_code, e.admin1_name) for e in reviewed] == [(country, admin1)]


def test_gazetteer_reviewed_names_are_found_in_running_text(gazetteer: Gazetteer) -> None:
    # "Tula Toli" is the Rakhine village, not the Russian oblast that "Tula" alone names.
    assert _spans(gazetteer, "Crimes against Humanity in Tula Toli") == ["Tula Toli"]
    assert _spans(gazetteer, "Aerial bombardment on Khan Toman kills 13") == ["Khan Toman"]
    assert _spans(gazetteer, "airstrike at Muhassan") == ["Muhassan"]
    assert _spans(gazetteer, "Regime forces bomb Ein Tarma with about 15 missiles") == ["Ein Tarma"]
    assert _spans(gazetteer, "rebel factions fight in al-Yadudeh town") == ["al-Yadudeh"]
    assert _spans(gazetteer, "the tula toli of the river") == []
    # Libya's al-Marj keeps its name: the Syrian plain is one more reading, not a rename.
    assert {"geonames:88903", "admin2:SY.08.al-marj"} <= _ids(gazetteer.lookup("al-Marj"))
    assert _spans(gazetteer, "Violent clashes breakout in Dar’ a countryside") == ["Dar’ a"]
    # Kenya's Kapedo, split between Baringo and Turkana counties, stays out; a district of
    # Aleppo city is no town, but a unit placed on the city (as Sheikh Maqsood).
    assert gazetteer.lookup("Kapedo") == []
    assert [(e.feature_code, e.admin1_name) for e in gazetteer.lookup("Bab al-Nairab")] == [
        ("ADM2", "Aleppo")
    ]


def test_gazetteer_reviewed_spellings_of_small_towns_are_prominent(gazetteer: Gazetteer) -> None:
    # A reviewed press spelling means a place as surely as a reviewed town does: "Muhassan"
    # (Mūḩ Ḩasan, population 0 in geonames), "Theinni" (Hsenwi), "Ain Issa" ('Ayn 'Īsá).
    for name in ("Muhassan", "Theinni", "Ain Issa", "Ayn Issa"):
        assert gazetteer.is_prominent_place(name), name
    (ain_issa,) = gazetteer.lookup("Ain Issa")
    assert (ain_issa.country_code, ain_issa.admin1_name) == ("SY", "Ar-Raqqah")
    # A small town's own name, or a name geonames alone lists, still is not.
    assert not gazetteer.is_prominent_place("Lahe")
    assert not gazetteer.is_prominent_place("Mūḩ Ḩasan")


def test_gazetteer_major_places_are_areas_capitals_and_large_towns(gazetteer: Gazetteer) -> None:
    assert all(gazetteer.is_major_place(name) for name in ("Aleppo", "Kabul", "Idlib"))
    # Dráma has 45,000 people; "Yang" is only another name of Yangzhou.
    assert not any(gazetteer.is_major_place(name) for name in ("Drama", "Yang"))
