import json
from pathlib import Path

from typer.testing import CliRunner

from khabar.cli import app
from khabar.nlp.roles import LABELS, load_roles, read_roles
from khabar.train.muc4 import in_holdout

runner = CliRunner()


def _records() -> list[dict[str, object]]:
    """Enough invented reports for both the training part and the held-out tenth."""
    records = []
    for n in range(40):
        text = (
            f"guerrillas of the people's front attacked bridge number {n} with dynamite, "
            "killing engineer luis gomez. "
            "the army said the bridge was damaged."
        )
        records.append(
            {
                "id": f"TRAIN-{n:04d}",
                "split": "train",
                "text": text,
                "templates": [
                    {
                        "incident_type": "bombing",
                        "PerpInd": [["guerrillas"]],
                        "PerpOrg": [["people's front"]],
                        "Target": [[f"bridge number {n}"]],
                        "Victim": [["luis gomez"]],
                        "Weapon": [["dynamite"]],
                    }
                ],
            }
        )
    return records


def test_cli_train_roles_writes_a_model_khabar_can_load(tmp_path: Path) -> None:
    records = _records()
    assert any(in_holdout(str(r["id"])) for r in records)
    data = tmp_path / "muc.jsonl"
    data.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    out = tmp_path / "roles"
    result = runner.invoke(
        app, ["train", "roles", str(data), "--output", str(out), "--max-steps", "2"]
    )
    assert result.exit_code == 0, result.output
    nlp = load_roles(out)
    assert set(nlp.get_pipe("ner").labels) == set(LABELS.values())
    reading = read_roles("Guerrillas attacked a bridge.", nlp)
    assert set(reading.incidents) == {
        "attack", "bombing", "kidnapping", "arson", "robbery", "forced work stoppage", "none"
    }  # fmt: skip
    assert all(0.0 <= p <= 1.0 for p in reading.incidents.values())


def test_cli_train_roles_refuses_a_file_without_train_split(tmp_path: Path) -> None:
    data = tmp_path / "dev.jsonl"
    data.write_text(json.dumps({"id": "X", "split": "dev", "text": "a", "templates": []}))
    result = runner.invoke(app, ["train", "roles", str(data), "--output", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "no record with split=train" in result.output
    assert not (tmp_path / "m").exists()


def test_cli_train_roles_reports_a_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["train", "roles", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2
    assert "missing.jsonl" in result.output
