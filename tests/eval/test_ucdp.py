from __future__ import annotations

from dataclasses import replace
from datetime import date

from khabar.eval import runner
from khabar.eval.ucdp import (
    Gold,
    Prediction,
    compare,
    is_side_a,
    parse,
    summarise,
    ucdp_countries,
    violence_type,
)
from khabar.geo.gazetteer import Gazetteer

GOLD = Gold(
    id="1",
    text="…",
    reference=date(2016, 5, 1),
    country="Syria",
    adm_1="Idlib governorate",
    type_of_violence=1,
    side_a="Government of Syria",
    low=3,
    high=5,
)
PREDICTION = Prediction(
    deaths=3,
    country="SY",
    admin1=frozenset({"SY.12", "idlib"}),
    violence=1,
    perpetrators=("rebels",),
    parties=("rebels", "Syrian troops"),
)


def _is_side(text: str) -> bool:
    return "troops" in text


def test_ucdp_deaths_bounds_are_inclusive() -> None:
    for deaths, inside in ((2, False), (3, True), (4, True), (5, True), (6, False)):
        judgement = compare(
            replace(PREDICTION, deaths=deaths), GOLD, frozenset({"SY"}), None, _is_side
        )
        assert judgement.deaths is inside, deaths


def test_ucdp_side_a_by_perpetrator_or_by_any_party() -> None:
    judgement = compare(PREDICTION, GOLD, frozenset({"SY"}), frozenset({"SY.12"}), _is_side)
    # The perpetrator (rebels) is not side_a, but a party (Syrian troops) is.
    assert not judgement.side_a
    assert judgement.side_a_party
    assert judgement.country
    assert judgement.adm1


def test_ucdp_is_side_a_reads_governments_and_group_lists() -> None:
    def state(text: str) -> bool:
        return text == "army"

    def same(a: str, b: str) -> bool:
        return a.lower() == b.lower()

    assert is_side_a("army", "Government of Syria", state, same)
    assert not is_side_a("IS", "Government of Syria", state, same)
    assert is_side_a("sna", "23rd Division, Jaysh al Nasr, SNA", state, same)
    assert not is_side_a("army", "IS", state, same)


def test_ucdp_violence_type_mapping() -> None:
    assert violence_type("Violence against civilians", [True], []) == 3
    assert violence_type("Battles", [False], [False]) == 2
    assert violence_type("Battles", [False], [True]) == 1
    assert violence_type("Battles", [False], []) == 1  # one side unknown: state-based
    assert violence_type("Explosions/Remote violence", [False], [False]) == 1


def test_ucdp_summarise_counts_adm1_only_where_known() -> None:
    right = compare(PREDICTION, GOLD, frozenset({"SY"}), frozenset({"SY.12"}), _is_side)
    no_adm1 = compare(replace(PREDICTION, deaths=0), GOLD, frozenset({"SY"}), None, _is_side)
    result = summarise([right, no_adm1])
    # deaths: 3 ∈ [3, 5] yes, 0 no → 0.5; adm1 over 1 row → 1.0.
    assert result["best_within_low_high"] == 0.5
    assert result["adm1_accuracy"] == 1
    assert result["support"]["adm1_accuracy"] == 1
    assert summarise([])["country_accuracy"] is None


def test_ucdp_parse_spans_inconsistent_estimates() -> None:
    record = {
        "id": 7,
        "text": "TROOPS KILL 71 UNITA REBELS",
        "date_start": "1989-03-22",
        "country": "Angola",
        "adm_1": None,
        "type_of_violence": 1,
        "side_a": "Government of Angola",
        "low": 3,
        "best": 2,
        "high": 2,
    }
    gold = parse(record)
    assert (gold.low, gold.high) == (2, 3)
    assert gold.adm_1 is None
    assert gold.reference == date(1989, 3, 22)


def test_ucdp_countries_cover_the_ground_their_state_held() -> None:
    gazetteer = Gazetteer.load()
    assert ucdp_countries(gazetteer, "Macedonia, FYR", date(2001, 3, 28)) == {"MK"}
    assert ucdp_countries(gazetteer, "Israel", date(2000, 11, 15)) == {"IL", "PS"}
    # Vukovar in 1991 was Yugoslavia's; Kosovo stayed Serbia's in UCDP's coding until 2008.
    assert "HR" in ucdp_countries(gazetteer, "Serbia (Yugoslavia)", date(1991, 11, 5))
    assert ucdp_countries(gazetteer, "Serbia (Yugoslavia)", date(1999, 4, 1)) == {"RS", "ME", "XK"}
    assert ucdp_countries(gazetteer, "Russia (Soviet Union)", date(2002, 4, 24)) == {"RU"}
    assert "UA" in ucdp_countries(gazetteer, "Russia (Soviet Union)", date(1990, 1, 1))


def test_ucdp_parse_reads_the_first_outlet_of_the_source_office() -> None:
    record = {
        "id": 8,
        "text": "Warplanes kill 12 civilians",
        "date_start": "2016-05-01",
        "country": "Syria",
        "type_of_violence": 1,
        "side_a": "Government of Syria",
        "low": 12,
        "best": 12,
        "high": 12,
    }
    assert parse(record).outlet is None
    assert parse(record | {"source_office": None}).outlet is None
    gold = parse(record | {"source_office": "SOHR;Airwars;SOHR"})
    assert gold.outlet == "SOHR"
    # A real ingest reads the outlet from the page's metadata; the scorer hands it over the same.
    assert runner._parsed(gold).outlet == "SOHR"
    assert runner._parsed(GOLD).outlet is None
