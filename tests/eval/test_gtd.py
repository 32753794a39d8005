from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from khabar.eval.gtd import Gold, Judgement, Prediction, compare, parse, summarise
from khabar.eval.records import BadRecord

GOLD = Gold(
    id="1",
    text="…",
    when=date(2021, 3, 14),
    date_precision="day",
    country="Afghanistan",
    provstate="Ghazni",
    latitude=33.55,
    longitude=68.42,
    specificity=1,
    attacktype="Armed Assault",
    gname="Taliban",
    nkill=2,
    nwound=None,
)
PREDICTION = Prediction(
    killed=2,
    injured=0,
    attack_type="Armed Assault",
    perpetrators=("the Taliban",),
    admin1=frozenset({"AF.08", "ghazni"}),
    point=(33.55, 68.42),
    when=date(2021, 3, 14),
)


def _same(predicted: str, gold: str) -> bool:
    return predicted.removeprefix("the ").lower() == gold.lower()


def test_gtd_compare_counts_only_known_fields() -> None:
    judgement = compare(PREDICTION, GOLD, frozenset({"AF.08"}), _same)
    assert judgement == Judgement(
        killed=True,
        injured=None,  # nwound unknown: the row does not count for injured_exact
        attack_type=True,
        perpetrator=True,
        admin1=True,
        city=True,
        date=True,
    )


def test_gtd_unknown_perpetrator_is_right_only_without_a_named_one() -> None:
    unknown = replace(GOLD, gname="Unknown")
    # Generic perpetrators ("gunmen") are dropped from `perpetrators` before comparing.
    nobody = replace(PREDICTION, perpetrators=())
    assert compare(nobody, unknown, None, _same).perpetrator
    assert not compare(PREDICTION, unknown, None, _same).perpetrator
    # A named gold group needs a named prediction.
    assert not compare(nobody, GOLD, None, _same).perpetrator


def test_gtd_city_and_region_need_a_place() -> None:
    nowhere = replace(PREDICTION, point=None, admin1=frozenset())
    judgement = compare(nowhere, GOLD, frozenset({"AF.08"}), _same)
    assert judgement.city is False
    assert judgement.admin1 is False
    # specificity 4 rows and unknown regions do not count.
    coarse = compare(nowhere, replace(GOLD, specificity=4), None, _same)
    assert coarse.city is None
    assert coarse.admin1 is None


def test_gtd_date_is_compared_at_gtd_precision() -> None:
    month = replace(GOLD, when=date(2021, 3, 1), date_precision="month")
    assert compare(PREDICTION, month, None, _same).date
    assert not compare(PREDICTION, replace(GOLD, when=date(2021, 3, 15)), None, _same).date


def test_gtd_summarise_divides_by_rows_that_count() -> None:
    right = compare(PREDICTION, GOLD, frozenset({"AF.08"}), _same)
    wrong = compare(replace(PREDICTION, killed=3), replace(GOLD, nwound=1), None, _same)
    result = summarise([right, wrong])
    # killed: 1 of 2 rows; injured: 0 of 1 (only the second row knows nwound: 0 ≠ 1);
    # admin1: only the first row has keys: 1 of 1.
    assert result["killed_exact"] == 0.5
    assert result["injured_exact"] == 0
    assert result["admin1_accuracy"] == 1
    assert result["support"]["injured_exact"] == 1


def test_gtd_parse_reads_partial_dates_and_rejects_bad_counts() -> None:
    record = {
        "id": "202109110003",
        "date": "2021-09",
        "summary": "09/2021: …",
        "attacktype": "Unknown",
        "provstate": "Unknown",
        "nkill": 3.0,
        "nwound": None,
    }
    gold = parse(record)
    assert (gold.when, gold.date_precision, gold.reference) == (date(2021, 9, 1), "month", None)
    assert gold.provstate is None
    assert gold.nkill == 3
    assert gold.gname == "Unknown"
    with pytest.raises(BadRecord, match="nkill"):
        parse({**record, "nkill": 2.5})
    with pytest.raises(BadRecord, match="date"):
        parse({**record, "date": "14/03/2021"})
