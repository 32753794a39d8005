from __future__ import annotations

import pytest

from khabar.actors.registry import Registry
from khabar.eval.common import (
    admin1_keys,
    country_codes,
    entry_admin1_keys,
    is_generic,
    is_state,
    main_report,
    resolve_actor,
    same_actor,
)
from khabar.extract.types import Casualties, Count, EventTypeValue, Evidence, ExtractedReport
from khabar.geo.gazetteer import Gazetteer

EVIDENCE = Evidence(0, 1, "x", "test")


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _report(killed: int | None, injured: int | None, confidence: float) -> ExtractedReport:
    def count(n: int | None) -> Count | None:
        return None if n is None else Count(n, n, n, str(n), EVIDENCE)

    kind = EventTypeValue("Battles", "Armed clash", "Armed Assault", EVIDENCE)
    return ExtractedReport(
        kind, EVIDENCE, casualties=Casualties(count(killed), count(injured)), confidence=confidence
    )


def test_common_main_report_ranks_harm_then_confidence_then_order() -> None:
    first, second, third = _report(2, 1, 0.5), _report(None, 3, 0.9), _report(3, None, 0.9)
    # Harm 3, 3, 3: the higher confidence wins, then the earlier report.
    assert main_report([first, second, third]) is second
    assert main_report([first, _report(10, None, 0.1)]).casualties.killed.best == 10  # type: ignore[union-attr]
    assert main_report([]) is None


def test_common_resolve_actor_tries_ngrams(registry: Registry) -> None:
    found = resolve_actor(registry, "suspected Boko Haram fighters")
    assert found is not None
    assert found.name == "Boko Haram"
    assert resolve_actor(registry, "unidentified gunmen") is None
    assert same_actor(registry, "the Taleban", "Taliban")
    assert same_actor(registry, "Mujahideen Shura Council", "mujahideen shura council")
    assert not same_actor(registry, "ISKP", "Islamic State")


def test_common_generic_and_state_actors(registry: Registry) -> None:
    assert is_generic(registry, "unidentified gunmen")
    assert is_generic(registry, "a suicide bomber")
    assert not is_generic(registry, "Taliban militants")
    assert not is_generic(registry, "the Mujahideen Shura Council")
    assert is_state(registry, "Syrian government forces")
    assert not is_state(registry, "opposition forces")
    assert not is_state(registry, "ISIS")


def test_common_gold_regions_and_countries(gazetteer: Gazetteer) -> None:
    assert country_codes(gazetteer, "Myanmar (Burma)") == {"MM"}
    assert "SY.12" in admin1_keys(gazetteer, "Idlib governorate", {"SY"})
    punjab = admin1_keys(gazetteer, "Punjab", {"PK"})
    assert "PK.04" in punjab
    assert "IN.23" not in punjab


def test_common_a_gold_region_that_is_a_country_holds_all_of_it(gazetteer: Gazetteer) -> None:
    # UCDP's "Kosovo province" of Serbia (Yugoslavia), whose ground held Kosovo until 2008.
    kosovo = admin1_keys(gazetteer, "Kosovo province", {"RS", "XK"})
    assert kosovo == {"country:XK", "kosovo"}
    pristina = gazetteer.get("geonames:786714")
    belgrade = gazetteer.get("geonames:792680")
    country = gazetteer.get("country:XK")
    assert pristina is not None
    assert belgrade is not None
    assert country is not None
    assert entry_admin1_keys(pristina) == {"XK.10097360", "pristina", "country:XK"}
    assert entry_admin1_keys(pristina) & kosovo
    assert entry_admin1_keys(country) == {"country:XK"}
    assert not entry_admin1_keys(belgrade) & kosovo
    # Only a country the row's ground holds counts: Kosovo after 2008, Georgia in a US row.
    assert admin1_keys(gazetteer, "Kosovo province", {"RS"}) == {"kosovo"}
    assert admin1_keys(gazetteer, "Georgia", {"US"}) == {"US.GA", "georgia"}
    # A first-level unit's keys are unchanged: Hama's are met by the city, not by Syria alone.
    hama = admin1_keys(gazetteer, "Hamah Governorate", {"SY"})
    assert hama == {"SY.10", "hamah"}
    syria = gazetteer.get("country:SY")
    assert syria is not None
    assert not entry_admin1_keys(syria) & hama
