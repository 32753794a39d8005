from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from khabar.cli import app

from .conftest import EXAMPLES

runner = CliRunner()


def test_cli_runs_as_python_dash_m(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    done = subprocess.run(
        [sys.executable, "-m", "khabar", "--db", url, "db", "upgrade"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "up to date" in done.stdout


def test_cli_db_upgrade_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'k.db'}"
    for _ in range(2):
        result = runner.invoke(app, ["--db", url, "db", "upgrade"])
        assert result.exit_code == 0, result.output
        assert "up to date" in result.output


def test_cli_ingest_then_list_and_show(store_url: str) -> None:
    result = runner.invoke(app, ["--db", store_url, "ingest", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    assert "Ingest summary" in result.output
    assert "corrupt.html" in result.output
    listed = runner.invoke(app, ["--db", store_url, "events", "--json"])
    assert listed.exit_code == 0, listed.output
    events = json.loads(listed.output)
    assert len(events) >= 10
    assert any((event["killed_low"] or 0) >= 101 for event in events)
    table = runner.invoke(app, ["--db", store_url, "events"])
    assert table.exit_code == 0
    assert "Events" in table.output
    shown = runner.invoke(app, ["--db", store_url, "show-document", "1"])
    assert shown.exit_code == 0, shown.output
    assert "Evidence" in shown.output
    assert "@" in shown.output


def test_cli_show_document_unknown_id_is_a_clear_error(sqlite_url: str) -> None:
    result = runner.invoke(app, ["--db", sqlite_url, "show-document", "999"])
    assert result.exit_code == 2
    assert "not_found" in result.output


def test_cli_error_keeps_a_long_path_on_one_line(tmp_path: Path) -> None:
    missing = tmp_path / ("deeply-nested-folder-" * 6) / "missing.jsonl"
    result = runner.invoke(app, ["train", "roles", str(missing)])
    assert result.exit_code == 2
    assert str(missing) in result.output


def test_cli_refuses_unmigrated_database(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path / 'new.db'}", "events"])
    assert result.exit_code == 2
    assert "khabar db upgrade" in result.output


@pytest.mark.parametrize(
    "url", ["mysql://root@127.0.0.1/test", "not a url", "postgresql://nobody@127.0.0.1:1/x"]
)
def test_cli_bad_database_url_is_a_clear_error(url: str) -> None:
    result = runner.invoke(app, ["--db", url, "db", "upgrade"])
    assert result.exit_code == 2
    assert "error" in result.output
    assert "Traceback" not in result.output


def test_cli_ingest_missing_path_is_stored_as_failed(sqlite_url: str) -> None:
    result = runner.invoke(app, ["--db", sqlite_url, "ingest", "/nonexistent/article.html"])
    assert result.exit_code == 0, result.output
    assert "failed" in result.output
    assert "does not exist" in result.output


def test_cli_ingest_counts_documents_not_extracted(sqlite_url: str, tmp_path: Path) -> None:
    path = tmp_path / "fr.txt"
    path.write_text(
        "Des hommes armés ont attaqué un poste de police dans la province de Kunar mardi soir, "
        "tuant trois policiers et en blessant deux autres, selon les autorités locales.",
        "utf-8",
    )
    result = runner.invoke(app, ["--db", sqlite_url, "ingest", str(path)])
    assert result.exit_code == 0, result.output
    assert "not extracted" in result.output
    assert "extraction supports English only" in result.output
