from __future__ import annotations

from datetime import date

import pytest

from khabar.eval.ucdp_dedupe import bcubed, headline_outlets, pairwise, parse, split_headlines

GOLD = ["a", "a", "b", "b", "b"]
PREDICTED = [1, 1, 1, 2, 2]


def test_ucdp_dedupe_bcubed_matches_hand_computation() -> None:
    # Per item, precision 2/3, 2/3, 1/3, 1, 1 and recall 1, 1, 1/3, 2/3, 2/3: both average 11/15.
    scores = bcubed(GOLD, PREDICTED)
    assert scores["precision"] == pytest.approx(11 / 15)
    assert scores["recall"] == pytest.approx(11 / 15)
    assert scores["f1"] == pytest.approx(100 * 11 / 15)


def test_ucdp_dedupe_pairwise_matches_hand_computation() -> None:
    # Gold pairs: 1 (a) + 3 (b); predicted pairs: 3 (1) + 1 (2); shared: 01 and 34.
    scores = pairwise(GOLD, PREDICTED)
    assert scores == {"precision": 0.5, "recall": 0.5, "f1": pytest.approx(50.0)}


def test_ucdp_dedupe_singletons_keep_precision_and_halve_bcubed_recall() -> None:
    assert bcubed(["a", "a"], [1, 2]) == {
        "precision": 1.0,
        "recall": 0.5,
        "f1": pytest.approx(200 / 3),
    }
    assert pairwise(["a", "a"], [1, 2]) == {"precision": 1.0, "recall": 0.0, "f1": 0.0}


def test_ucdp_dedupe_perfect_clustering_scores_100() -> None:
    assert bcubed(GOLD, ["x", "x", "y", "y", "y"])["f1"] == pytest.approx(100.0)
    assert pairwise(GOLD, ["x", "x", "y", "y", "y"])["f1"] == pytest.approx(100.0)


def test_ucdp_dedupe_splits_headlines_on_semicolons() -> None:
    assert split_headlines("One; Two ;;") == ("One", "Two")
    assert split_headlines(None) == ()
    gold = parse({"id": 7, "date_start": "2016-08-17", "source_headline": "A;B"})
    assert (gold.id, gold.reference, gold.headlines) == (7, date(2016, 8, 17), ("A", "B"))


def test_ucdp_dedupe_character_references_do_not_split_headlines() -> None:
    value = "Regime&#8217;s warplanes hit Idlib;The &quot;Islamic State&quot; shells a town"
    assert split_headlines(value) == (
        "Regime\u2019s warplanes hit Idlib",
        'The "Islamic State" shells a town',
    )


def test_ucdp_dedupe_gives_each_headline_its_outlet() -> None:
    assert headline_outlets("SOHR;Airwars", 2) == ("SOHR", "Airwars")
    assert headline_outlets("SOHR;Airwars", 3) == ("SOHR", "SOHR", "SOHR")
    assert headline_outlets(None, 2) == (None, None)
    gold = parse(
        {"id": 8, "date_start": "2016-08-17", "source_headline": "A;B", "source_office": "SOHR; "}
    )
    assert gold.outlets == ("SOHR", None)
