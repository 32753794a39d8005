"""A report's country inferred from the groups it names, kept as a low-confidence guess."""

from __future__ import annotations

from collections.abc import Sequence

from khabar.extract.types import (
    DocumentExtraction,
    EventTypeValue,
    Evidence,
    ExtractedReport,
    PlaceMention,
)
from khabar.geo.actor_country import ActorHit, with_actor_countries
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.geocoder import INFERRED, INFERRED_CONFIDENCE, geocode

from .conftest import mention

GROUPS = {"TNLA": ("MM",), "KIA": ("MM",), "SDF": ("SY",), "Islamic State": ("IQ", "SY")}
STATES = {"Myanmar army": ("MM",), "Tatmadaw": ("MM",), "Russian warplanes": ("RU",)}
SHAN, KACHIN = "admin1:MM.11", "admin1:MM.04"
AREAS = {"TNLA": (SHAN,), "KIA": (KACHIN, SHAN)}


def _find(text: str) -> Sequence[ActorHit]:
    found = [
        ActorHit(
            text.index(name),
            text.index(name) + len(name),
            name in STATES,
            codes,
            AREAS.get(name, ()),
        )
        for name, codes in {**GROUPS, **STATES}.items()
        if name in text
    ]
    return sorted(found)


def _resolved(gazetteer: Gazetteer, doc: str, places: tuple[PlaceMention, ...] = ()) -> list[str]:
    """The gazetteer ids the places inferred for the report resolve to."""
    extraction = DocumentExtraction((_report(doc, places),), ())
    (report,) = with_actor_countries(extraction, doc, gazetteer, _find).reports
    inferred = [p for p in report.places if p.evidence.extractor == INFERRED]
    return [r.entry.gazetteer_id for r in geocode(inferred, doc, gazetteer) if r.entry]


def _report(doc: str, places: tuple[PlaceMention, ...] = ()) -> ExtractedReport:
    kind = EventTypeValue("Battles", "Armed clash", "Armed Assault", Evidence(0, 1, doc[0], "t"))
    return ExtractedReport(kind, Evidence(0, len(doc), doc, "events@1"), places=places)


def _inferred(gazetteer: Gazetteer, doc: str, places: tuple[PlaceMention, ...] = ()) -> list[str]:
    extraction = DocumentExtraction((_report(doc, places),), ())
    (report,) = with_actor_countries(extraction, doc, gazetteer, _find).reports
    return [p.text for p in report.places if p.evidence.extractor == INFERRED]


def test_actor_country_group_of_one_country_places_a_placeless_report(
    gazetteer: Gazetteer,
) -> None:
    doc = "SDF and government troops clashed again on Monday"
    extraction = DocumentExtraction((_report(doc),), ())
    (report,) = with_actor_countries(extraction, doc, gazetteer, _find).reports
    (place,) = report.places
    assert (place.text, place.role, place.evidence.extractor) == ("SDF", "mentioned", INFERRED)
    (resolved,) = geocode([place], doc, gazetteer)
    assert resolved.entry is not None
    assert resolved.entry.gazetteer_id == "country:SY"
    assert resolved.precision == 5
    assert resolved.confidence == INFERRED_CONFIDENCE
    assert resolved.extractor == INFERRED


def test_actor_country_state_forces_alone_place_nothing(gazetteer: Gazetteer) -> None:
    assert _inferred(gazetteer, "The army shells villages") == []
    assert _inferred(gazetteer, "Tatmadaw shells villages") == []
    # The country's name in the force's is a place the document names, and a nationality
    # stands for its country where the document names no place (`document_place`).
    assert _inferred(gazetteer, "Myanmar army shells villages") == ["Myanmar"]
    assert _inferred(gazetteer, "Russian warplanes kill five") == ["Russian"]


def test_actor_country_disagreeing_or_multinational_actors_place_nothing(
    gazetteer: Gazetteer,
) -> None:
    assert _inferred(gazetteer, "KIA fighters and Russian warplanes") == []
    assert _inferred(gazetteer, "Islamic State attacks a checkpoint") == []


def test_actor_country_a_named_place_wins_over_the_group(gazetteer: Gazetteer) -> None:
    doc = "KIA attacks an outpost in Kachin State"
    assert _inferred(gazetteer, doc, (mention(doc, "Kachin State"),)) == []
    unknown = "KIA attacks an outpost in Shaduzut village"
    assert _inferred(gazetteer, unknown, (mention(unknown, "Shaduzut village"),)) == ["KIA"]


def test_actor_country_unchanged_extraction_is_the_same_object(gazetteer: Gazetteer) -> None:
    doc = "Gunmen attack a convoy"
    extraction = DocumentExtraction((_report(doc),), ())
    assert with_actor_countries(extraction, doc, gazetteer, _find) is extraction


def test_actor_country_a_nationality_alone_leaves_room_for_the_group(
    gazetteer: Gazetteer,
) -> None:
    doc = "Burmese troops and KIA clash"
    burmese = mention(doc, "Burmese", role="mentioned")
    assert _inferred(gazetteer, doc, (burmese,)) == ["KIA"]


def test_actor_country_groups_place_a_fight_in_their_one_common_country(
    gazetteer: Gazetteer,
) -> None:
    assert _inferred(gazetteer, "Clashes between SDF and Islamic State continue") == ["SDF"]
    assert _inferred(gazetteer, "KIA and Islamic State fighters") == []


def test_actor_country_a_group_of_one_unit_places_the_report_in_it(gazetteer: Gazetteer) -> None:
    assert _resolved(gazetteer, "TNLA and government troops clashed again") == [SHAN]
    # The KIA fights in Kachin and Shan States: its country only, unless the TNLA narrows it.
    assert _resolved(gazetteer, "KIA and government troops clashed again") == ["country:MM"]
    assert _resolved(gazetteer, "KIA and TNLA fighters attacked an army post") == [SHAN]


def test_actor_country_a_group_narrows_a_report_that_names_only_its_country(
    gazetteer: Gazetteer,
) -> None:
    doc = "Clashes between Myanmar army and TNLA in Myanmar"
    assert _resolved(gazetteer, doc, (mention(doc, "Myanmar", role="event_site"),)) == [SHAN]
    doc = "Clashes between Myanmar army and KIA in Myanmar"
    assert _resolved(gazetteer, doc, (mention(doc, "Myanmar", role="event_site"),)) == []


def test_actor_country_a_far_namesake_leaves_room_for_the_group(gazetteer: Gazetteer) -> None:
    # "Manton" reads only as English and American villages, where the KIA does not fight.
    doc = "KIA and government forces clashed in Manton township"
    manton = mention(doc, "Manton township")
    extraction = DocumentExtraction((_report(doc, (manton,)),), ())
    (report,) = with_actor_countries(extraction, doc, gazetteer, _find).reports
    resolved = geocode(list(report.places), doc, gazetteer)
    assert [(r.mention.text, r.entry.gazetteer_id if r.entry else None) for r in resolved] == [
        ("Manton township", None),
        ("KIA", "country:MM"),
    ]


def test_actor_country_a_namesake_near_the_groups_country_stays(gazetteer: Gazetteer) -> None:
    # A name with a reading in the groups' country or next to it is the place the text gives.
    doc = "KIA attacks an outpost near Bhamo"
    assert _inferred(gazetteer, doc, (mention(doc, "Bhamo"),)) == []
    doc = "TNLA attacks an outpost near Lashio"
    assert _inferred(gazetteer, doc, (mention(doc, "Lashio"),)) == []
