from __future__ import annotations

import pytest

from khabar.actors.registry import (
    UNIDENTIFIED,
    DocumentResolver,
    Registry,
    clean_name,
    match_key,
    skeleton,
)


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.mark.parametrize(
    "alias", ["IS", "ISIS", "ISIL", "Daesh", "the Islamic State", "islamic state"]
)
def test_registry_resolves_is_aliases_to_one_entry(registry: Registry, alias: str) -> None:
    resolved = registry.resolve(alias)
    assert resolved.name == "Islamic State"
    assert not resolved.provisional


def test_registry_keeps_hierarchy(registry: Registry) -> None:
    iskp = registry.resolve("ISKP")
    assert iskp.entry is not None
    assert iskp.entry.parent == "Islamic State"
    assert registry.resolve("Haqqani network").entry is not None
    assert registry.entries["Haqqani Network"].parent == "Taliban"


def test_registry_does_not_match_short_acronyms_case_insensitively(registry: Registry) -> None:
    assert registry.resolve("is").provisional
    assert registry.resolve("bla").provisional


def test_registry_keeps_unknown_groups_provisional(registry: Registry) -> None:
    resolved = registry.resolve("the ISIS-aligned militants")
    assert resolved.provisional
    assert resolved.name == "ISIS-aligned militants"
    assert resolved.kind == "unknown"


def test_registry_resolves_gtd_names(registry: Registry) -> None:
    assert registry.resolve("Tehrik-i-Taliban Pakistan (TTP)").name == "Tehrik-i-Taliban Pakistan"
    assert (
        registry.resolve("Khorasan Chapter of the Islamic State").name
        == "Islamic State Khorasan Province"
    )


def test_registry_clean_name_strips_article_and_possessive() -> None:
    assert clean_name("the  Taliban's") == "Taliban"
    assert clean_name("An armed group") == "armed group"


def test_registry_contains_alias_as_provisional_affiliate(registry: Registry) -> None:
    resolved = registry.resolve("ISIS-aligned militants")
    assert resolved.provisional
    assert resolved.affiliate is not None
    assert resolved.affiliate.name == "Islamic State"


def test_registry_contains_alias_with_generic_words_as_the_entry(registry: Registry) -> None:
    assert registry.resolve("suspected Boko Haram fighters").name == "Boko Haram"
    assert registry.resolve("members of the Haqqani network").name == "Haqqani Network"


def test_registry_fuzzy_matches_spelling_variants_of_groups_only(registry: Registry) -> None:
    resolved = registry.resolve("Tehreek-i-Taliban Pakistan")
    assert (resolved.name, resolved.method) == ("Tehrik-i-Taliban Pakistan", "fuzzy")
    assert registry.resolve("Tehreek-e-Taliban").name == "Tehrik-i-Taliban Pakistan"
    assert registry.resolve("Government of Malawi").provisional


def test_registry_resolves_original_script_and_ucdp_names(registry: Registry) -> None:
    assert registry.resolve("داعش").name == "Islamic State"
    assert registry.resolve("Government of Myanmar (Burma)").kind == "government"
    assert registry.resolve("Tatmadaw").entry is not None


def test_document_resolver_generic_reference_needs_exactly_one_group(registry: Registry) -> None:
    one = DocumentResolver(registry).resolve_all([(0, "ISKP"), (20, "the militants")])
    assert one[(20, "the militants")].name == "Islamic State Khorasan Province"
    assert one[(20, "the militants")].method == "context"
    two = DocumentResolver(registry).resolve_all(
        [(0, "ISKP"), (10, "the Taliban"), (20, "the group")]
    )
    assert two[(20, "the group")].name == UNIDENTIFIED
    none = DocumentResolver(registry).resolve_all([(5, "the militants")])
    assert none[(5, "the militants")].kind == "generic"


def test_registry_skeleton_reads_transliterations_alike() -> None:
    assert skeleton("hizbullah") == skeleton("hezbollah") == skeleton("hizballah")
    assert skeleton("hayat tahrir ash sham") == skeleton("hayat tahrir al sham")
    assert skeleton("jamaa nusrat") == skeleton("jamaat nusrat")
    assert skeleton("islamic state in libya") == skeleton("islamic state libya")
    assert skeleton("garo national liberation army") != skeleton("karen national liberation army")


def test_registry_match_key_drops_apostrophes_and_ayn() -> None:
    assert match_key("Jamāʿat Nuṣrat") == match_key("Jama'at Nusrat") == "jamaat nusrat"
    assert match_key("Lord’s Resistance Army") == "lords resistance army"


def test_registry_fuzzy_refuses_a_variant_shared_by_two_entries(registry: Registry) -> None:
    assert registry.resolve("Ansar al-Islam").name == "Ansar al-Islam"
    assert registry.resolve("Ansarul Islam").name == "Ansarul Islam"
    assert registry.resolve("Ansar ul-Islaam").provisional


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("Fateh al-Sham Front", "Jabhat Fateh al-Sham"),
        ("Syria Democratic Forces", "Syrian Democratic Forces"),
        ("the Turkestan Party", "Turkistan Islamic Party"),
        ("Jaysh Khaled Ibn Al-Waleed", "Jaysh Khalid ibn al-Walid"),
        ("Jaish al-Izza", "Jaysh al-Izza"),
    ],
)
def test_registry_resolves_the_observatorys_name_forms(
    registry: Registry, written: str, meant: str
) -> None:
    assert registry.resolve(written).name == meant


def test_registry_keeps_fatah_apart_from_fateh_al_sham(registry: Registry) -> None:
    assert registry.resolve("Fateh").name == "Fatah"
    assert registry.resolve("Fateh al-Sham Front").name != "Fatah"
    assert registry.resolve("Jaysh Khalid ibn al-Walid").entry.parent == "Islamic State"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("FARC dissidents", "FARC dissidents"),
        ("the FARC", "Revolutionary Armed Forces of Colombia"),
        ("ELN", "National Liberation Army (Colombia)"),
        ("Autodefensas Gaitanistas de Colombia", "Clan del Golfo"),
        ("EMC", "Estado Mayor Central"),
        ("CJNG", "Jalisco New Generation Cartel"),
        ("Jalisco Cartel New Generation", "Jalisco New Generation Cartel"),
        ("Beltran Leyva Cartel", "Beltrán-Leyva Organization"),
        ("Sendero Luminoso", "Shining Path"),
        ("Ukrainian forces", "Military Forces of Ukraine"),
        ("DPR", "Donetsk People's Republic"),
        ("LPR", "Luhansk People's Republic"),
        ("Serbian Republic of Bosnia-Herzegovina", "Army of Republika Srpska"),
        ("HVO", "Croatian Defence Council"),
        ("UCK", "Kosovo Liberation Army"),
        ("Republic of Croatia", "Government of Croatia"),
        ("G9", "Revolutionary Forces of the G9 Family and Allies"),
    ],
)
def test_registry_resolves_actors_of_the_americas_ukraine_and_the_balkans(
    registry: Registry, written: str, meant: str
) -> None:
    resolved = registry.resolve(written)
    assert not resolved.provisional
    assert resolved.name == meant


def test_registry_keeps_ambiguous_national_guard_provisional(registry: Registry) -> None:
    """Mexico, Ukraine and the United States each have a National Guard."""
    assert registry.resolve("National Guard troops").provisional
    assert registry.resolve("Mexican National Guard").name == "National Guard (Mexico)"


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("FARC guerrillas", "Revolutionary Armed Forces of Colombia"),
        ("Sinaloa Cartel hitmen", "Sinaloa Cartel"),
        ("MS-13 gang members", "MS-13"),
        ("AUC paramilitaries", "United Self-Defense Forces of Colombia"),
    ],
)
def test_registry_reads_guerrillas_gangs_and_hitmen_as_generic_words(
    registry: Registry, written: str, meant: str
) -> None:
    resolved = registry.resolve(written)
    assert not resolved.provisional
    assert resolved.name == meant
