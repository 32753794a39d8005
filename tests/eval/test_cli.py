"""`khabar eval` end to end: the real pipeline on a few records of each set."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from khabar.cli import app

from ..conftest import ROOT

DATA = ROOT.parent / "shared" / "data"
GTD_FIXTURE = Path(__file__).parent / "data" / "gtd_invented.jsonl"
runner = CliRunner()


def _records(name: str, count: int, tmp_path: Path, **match: str) -> Path:
    """The first `count` records of a shared data file whose fields equal `match`, as a file."""
    source = DATA / name
    if not source.is_file():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{source} is missing")
        pytest.skip(f"{source} is missing (the shared data sits next to the checkout)")
    kept: list[str] = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if all(record.get(k) == v for k, v in match.items()):
                kept.append(line)
            if len(kept) == count:
                break
    path = tmp_path / name
    path.write_text("".join(kept), encoding="utf-8")
    return path


def _score(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["eval", *args, "--json"])
    assert result.exit_code == 0, result.output
    scores: dict[str, Any] = json.loads(result.stdout)
    return scores


def _check_ranges(scores: dict[str, Any]) -> None:
    for key, value in scores.items():
        if isinstance(value, float) and key != "seconds":
            top = 100 if key.endswith("f1") else 1
            assert 0 <= value <= top, key


def test_cli_eval_gtd_fixture() -> None:
    # The first three rows keep the test quick; the whole file is scored in docs/evaluation.md.
    scores = _score("gtd", str(GTD_FIXTURE), "--limit", "3")
    assert scores["n"] == 3
    # Which rows count for each measure depends only on the gold rows.
    assert scores["support"] == {
        "killed_exact": 3,
        "injured_exact": 2,
        "admin1_accuracy": 3,
        "city_within_25km": 2,
    }
    assert scores["skipped"] == scores["failed"] == 0
    _check_ranges(scores)
    table = runner.invoke(app, ["eval", "gtd", str(GTD_FIXTURE), "--limit", "3"])
    assert table.exit_code == 0, table.output
    assert "killed_exact" in table.stdout


def test_cli_eval_ucdp_first_records(tmp_path: Path) -> None:
    scores = _score("ucdp", str(_records("ucdp_dev.jsonl", 3, tmp_path)))
    assert scores["n"] == 3
    assert set(scores) >= {
        "best_within_low_high",
        "country_accuracy",
        "adm1_accuracy",
        "violence_type_accuracy",
        "side_a_accuracy",
        "seconds",
    }
    _check_ranges(scores)


def test_cli_eval_muc4_first_dev_records(tmp_path: Path) -> None:
    path = _records("muc4_dev.jsonl", 2, tmp_path, split="dev")
    scores = _score("muc4", str(path))
    assert (scores["n"], scores["split"]) == (2, "dev")
    assert set(scores["per_role"]) == {"PerpInd", "PerpOrg", "Target", "Victim", "Weapon"}
    _check_ranges(scores)
    assert _score("muc4", str(path), "--split", "train")["n"] == 0


def test_cli_eval_wikievents_first_records(tmp_path: Path) -> None:
    scores = _score("wikievents", str(_records("wikievents_dev.jsonl", 2, tmp_path)))
    assert scores["n"] == 2
    assert scores["events"]["gold"] > 0
    _check_ranges(scores)


def test_cli_eval_workers_give_the_same_figures(tmp_path: Path) -> None:
    path = _records("ucdp_dev.jsonl", 6, tmp_path)
    alone = _score("ucdp", str(path))
    pooled = _score("ucdp", str(path), "--workers", "2")
    assert {k: v for k, v in pooled.items() if k != "seconds"} == {
        k: v for k, v in alone.items() if k != "seconds"
    }


def test_cli_eval_skips_malformed_lines(tmp_path: Path) -> None:
    path = tmp_path / "gtd.jsonl"
    good = GTD_FIXTURE.read_text(encoding="utf-8").splitlines()
    path.write_text(f"{good[0]}\n{{broken\n{good[1]}\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "gtd", str(path), "--json", "--limit", "1"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["skipped"] == 1
    assert "eval_bad_record" in result.stderr
    assert "line 2" in result.stderr


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["acled", "x.jsonl"], "eval_unknown_set"),
        (["gtd", "/nonexistent/gtd.jsonl"], "not_found"),
    ],
)
def test_cli_eval_clear_errors(args: list[str], code: str) -> None:
    result = runner.invoke(app, ["eval", *args])
    assert result.exit_code == 2
    assert code in result.stderr
    assert result.stdout == ""
