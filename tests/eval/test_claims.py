"""The claims set: parsing and the held-out split, matching, and the figures per half."""

from __future__ import annotations

from datetime import date

import pytest
from typer.testing import CliRunner

from khabar.cli import app
from khabar.eval.claims import Gold, GoldClaim, Predicted, compare, parse, summarise
from khabar.eval.records import BadRecord

from ..conftest import ROOT

CLAIMS = ROOT / "tests" / "extract" / "data" / "claims.jsonl"


def _gold(*claims: GoldClaim, split: str = "dev") -> Gold:
    return Gold("1", "text", date(2026, 3, 10), claims, split)


def _same(a: str, b: str) -> bool:
    words = {w.casefold() for w in a.split()} - {"the"}
    other = {w.casefold() for w in b.split()} - {"the"}
    return words <= other or other <= words


def test_claims_parse_holds_out_every_third_line() -> None:
    record = {"id": 6, "text": "x", "published": "2026-03-10", "claims": []}
    assert parse(record).split == "heldout"
    assert parse({**record, "id": 7}).split == "dev"
    with pytest.raises(BadRecord):
        parse({**record, "claims": [{"speaker": "police", "stance": "gossip"}]})


def test_claims_compare_needs_stance_speaker_and_subject() -> None:
    gold = _gold(GoldClaim("police", "assert", "gunmen", None))
    right = Predicted("the police", "assert", "The gunmen", None)
    wrong_stance = Predicted("police", "deny", "gunmen", None)
    wrong_subject = Predicted("police", "assert", "soldiers", None)
    assert compare([right], gold, _same).tally.matched_gold == 1
    for prediction in (wrong_stance, wrong_subject):
        assert compare([prediction], gold, _same).tally.matched_gold == 0
    judged = compare([wrong_subject], gold, _same)
    assert judged.speaker_stance == 1, "speaker and stance right, subject aside"


def test_claims_summarise_reports_both_halves() -> None:
    gold = GoldClaim("army", "deny", None, "BBC")
    dev = compare([Predicted("army", "deny", None, "BBC")], _gold(gold), _same)
    held = compare([], _gold(gold, split="heldout"), _same)
    result = summarise([dev, held])
    assert result["dev"]["f1"] == 100.0
    assert result["dev"]["via_accuracy"] == 1.0
    assert result["heldout"]["recall"] == 0.0
    assert (result["dev"]["n"], result["heldout"]["n"]) == (1, 1)


def test_claims_set_has_enough_lines_and_scores_from_the_cli() -> None:
    lines = CLAIMS.read_text(encoding="utf-8").splitlines()
    assert sum(1 for line in lines if line.strip()) >= 150
    result = CliRunner().invoke(app, ["eval", "claims", str(CLAIMS), "--json", "--limit", "9"])
    assert result.exit_code == 0, result.output
    assert '"heldout": {"n": 3' in result.stdout
