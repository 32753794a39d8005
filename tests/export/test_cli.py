"""`khabar export` end to end: filters, messages on stderr, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from khabar.cli import app

from .conftest import Seeded

runner = CliRunner()


def _url(seeded: Seeded) -> str:
    return seeded.store.engine.url.render_as_string(hide_password=False)


def test_cli_export_filters_and_writes(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "battles.csv"
    args = ["--db", _url(seeded), "export", "--format", "acled", "--type", "Battles"]
    result = runner.invoke(app, [*args, "--country", "af", "--from", "2024-01-01", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "Wrote 1 events" in result.output
    (row,) = csv.DictReader(out.read_text("utf-8").splitlines())
    assert row["event_id_cnty"] == f"AFG{seeded.ids[0]}"


def test_cli_export_new_filters_match_the_event_list(seeded: Seeded, tmp_path: Path) -> None:
    """Each filter of `/events` narrows the export the same way (parsed by one function)."""
    clash, abduction, bombing = seeded.ids
    cases: dict[tuple[str, ...], list[int]] = {
        ("--actor", "taliban"): [clash],
        ("--actor", "Islamic Emirate fighters"): [clash],
        ("--admin1", "nineveh"): [bombing],
        ("--bbox", "60,29,75,38"): [clash],
        ("--bbox=-10,30,50,40",): [bombing],
        ("--min-deaths", "7"): [clash],
        ("--min-deaths", "8"): [],
        ("--status", "reviewed"): [abduction],
        ("--q", "villagers"): [abduction],
        ("--search", "army says", "--type", "Battles"): [clash],
    }
    out = tmp_path / "events.jsonl"
    for extra, expected in cases.items():
        args = ["--db", _url(seeded), "export", "-f", "jsonl", "-o", str(out), *extra]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (extra, result.output)
        lines = out.read_text("utf-8").splitlines()
        assert [json.loads(line)["event_id"] for line in lines] == expected, extra


def test_cli_export_unknown_actor_writes_nothing(seeded: Seeded, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    args = ["--db", _url(seeded), "export", "-f", "csv", "-o", str(folder / "events.csv")]
    result = runner.invoke(app, [*args, "--actor", "Talibn"])
    assert result.exit_code == 2, result.output
    assert "bad_argument" in result.output
    assert "'Talibn' is in no actor's names" in result.output
    assert list(folder.iterdir()) == [], "not even a temporary file"


def test_cli_export_geojson_counts_events_left_out(seeded: Seeded, tmp_path: Path) -> None:
    out = tmp_path / "map.geojson"
    result = runner.invoke(app, ["--db", _url(seeded), "export", "-f", "geojson", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 events without coordinates were left out" in result.output
    assert len(json.loads(out.read_text("utf-8"))["features"]) == 2


def test_cli_export_errors_are_clear(seeded: Seeded, tmp_path: Path) -> None:
    base = ["--db", _url(seeded), "export", "-o", str(tmp_path / "x")]
    cases = {
        ("-f", "xlsx"): "export_unknown_format",
        ("-f", "csv", "--from", "yesterday"): "YYYY-MM-DD",
        ("-f", "csv", "--status", "done"): "curation status",
        ("-f", "csv", "--bbox", "60,29,75"): "west,south,east,north",
        ("-f", "csv", "--min-deaths", "many"): "whole number",
        ("-f", "csv", "--from", "2024-02-01", "--to", "2024-01-01"): "swap",
        ("-f", "csv", "--type", "Battle"): "not an event type",
    }
    for extra, needle in cases.items():
        result = runner.invoke(app, [*base, *extra])
        assert result.exit_code == 2, result.output
        assert needle in result.output
    unwritable = runner.invoke(
        app, ["--db", _url(seeded), "export", "-f", "csv", "-o", str(tmp_path / "no" / "x.csv")]
    )
    assert unwritable.exit_code == 2
    assert "export_unwritable" in unwritable.output
    assert not (tmp_path / "x").exists()
