from __future__ import annotations

import math

import pytest

from khabar.eval.metrics import (
    Tally,
    assignment,
    head_span,
    normalise_answer,
    one_to_one,
    within_km,
)
from khabar.geo.distance import EARTH_RADIUS_KM, haversine_km


def test_metrics_assignment_beats_greedy() -> None:
    # Row 0 fits both columns, row 1 only column 0. Greedy (row 0 → col 0) finds 1 pair; the
    # optimum is row 0 → col 1, row 1 → col 0: 2 pairs.
    assert assignment([[1, 1], [1, 0]]) == [(0, 1), (1, 0)]


def test_metrics_assignment_maximises_weight_on_rectangles() -> None:
    # 3 rows x 2 columns: best is row 1 → col 0 (5) and row 2 → col 1 (4) = 9, not 3 + 4 = 7.
    assert assignment([[3, 0], [5, 1], [0, 4]]) == [(1, 0), (2, 1)]
    # Zero-weight pairs are not pairs; empty inputs give nothing.
    assert assignment([[0, 0], [0, 0]]) == []
    assert assignment([]) == []
    assert assignment([[]]) == []


def test_metrics_one_to_one_tally_and_f1() -> None:
    tally = one_to_one(2, 3, [[True, True, False], [True, False, False]])
    # 2 matched: P = 2/2 = 1, R = 2/3, F1 = 2PR/(P+R) = (4/3)/(5/3) = 0.8 → 80.
    assert (tally.matched_predicted, tally.predicted, tally.gold) == (2, 2, 3)
    assert tally.precision == 1
    assert tally.recall == pytest.approx(2 / 3)
    assert tally.f1 == pytest.approx(80)


def test_metrics_empty_tallies_score_zero() -> None:
    assert Tally().f1 == 0
    assert one_to_one(0, 2, []).f1 == 0
    assert one_to_one(2, 0, [[], []]).precision == 0


def test_metrics_normalise_answer_drops_case_punctuation_and_articles() -> None:
    assert normalise_answer("The F.M.L.N.") == "fmln"
    assert normalise_answer("an  Urban-Commando's") == "urbancommandos"
    assert normalise_answer("theatre of the absurd") == "theatre of absurd"


def test_metrics_haversine_at_the_25_km_boundary() -> None:
    # Along a meridian, d = R·Δφ, so Δφ = 25 / R radians is 25 km.
    step = math.degrees(25 / EARTH_RADIUS_KM)
    assert haversine_km(10.0, 20.0, 10.0 + step, 20.0) == pytest.approx(25.0, abs=1e-9)
    assert within_km(25.0, 25.0)
    assert not within_km(25.0 + 1e-9, 25.0)
    assert within_km(haversine_km(10.0, 20.0, 10.0 + 0.99 * step, 20.0), 25.0)
    assert not within_km(haversine_km(10.0, 20.0, 10.0 + 1.01 * step, 20.0), 25.0)
    # A quarter of the equator.
    assert haversine_km(0, 0, 0, 90) == pytest.approx(math.pi * EARTH_RADIUS_KM / 2)


def test_metrics_head_span_is_last_word_before_post_modifier() -> None:
    text = "members of the farabundo marti front"
    assert head_span(text, 100) == (100, 107)
    assert head_span("two police officers", 10) == (21, 29)  # "officers" is at 11-19
    assert head_span("...", 0) is None
