"""Random argument lists into the `khabar` command line: a result or a clear message, never a
traceback.

The argument lists are built from the real command tree (commands, their options and flags)
mixed with hostile values, so most of them get past the parser into the commands themselves.
Commands that serve, poll or build for minutes (`serve`, `watch`, `gazetteer build`) and the
feed commands (another engineer's work in progress) are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

from khabar.cli import app

from .conftest import Budget

SKIPPED = {("serve",), ("watch",), ("gazetteer", "build"), ("feeds",)}
runner = CliRunner()


def _commands(command: Any, path: tuple[str, ...] = ()) -> dict[tuple[str, ...], Any]:
    """Every leaf command by its path of names, skipping `SKIPPED` and everything under it."""
    if any(path[: len(skip)] == skip for skip in SKIPPED):
        return {}
    if hasattr(command, "commands"):
        found: dict[tuple[str, ...], Any] = {}
        for name, sub in command.commands.items():
            found |= _commands(sub, (*path, name))
        return found
    return {path: command}


COMMANDS = _commands(typer.main.get_command(app))


@pytest.fixture
def files(tmp_path: Path, sqlite_url: str) -> dict[str, str]:
    """Values that name real things: the migrated store, files of every kind, a folder."""
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "binary.html").write_bytes(bytes(range(256)))
    (tmp_path / "page.html").write_text("<p>Gunmen killed 15 people in Ghazni.</p>", "utf-8")
    (tmp_path / "lines.jsonl").write_text('{"id": 1}\nnot json\n', "utf-8")
    (tmp_path / "folder").mkdir()
    return {
        "db": sqlite_url,
        "unmigrated": f"sqlite:///{tmp_path / 'new.db'}",
        "no_folder": f"sqlite:///{tmp_path / 'missing' / 'x.db'}",
        **{
            name: str(tmp_path / name)
            for name in (
                "empty.html",
                "binary.html",
                "page.html",
                "lines.jsonl",
                "folder",
                "missing.html",
            )
        },
    }


def _arguments(files: dict[str, str]) -> st.SearchStrategy[list[str]]:
    value = st.one_of(
        st.sampled_from(
            [
                "",
                "-",
                "--",
                "0",
                "-1",
                "1",
                "2",
                "99999999999999999999",
                "nan",
                "1e308",
                "ucdp",
                "gtd",
                "csv",
                "parquet",
                "admin",
                "moderator",
                "1",
                "Taliban",
                "Kabul",
                "2024-01-01",
                "2024-13-45",
                "%s",
                "{detail}",
                "[red]x[/]",
                "\u202e",
                "é" * 300,
                "postgresql://127.0.0.1:1/none",
                "mysql://x/y",
                "sqlite:///",
                "not a url",
                *files.values(),
            ]
        ),
        st.text(max_size=12),
    )

    @st.composite
    def arguments(draw: st.DrawFn) -> list[str]:
        path = draw(st.sampled_from(sorted(COMMANDS)))
        command = COMMANDS[path]
        options = [
            opt
            for param in command.params
            for opt in getattr(param, "opts", [])
            if opt.startswith("-")
        ]
        pieces: list[str] = []
        for _ in range(draw(st.integers(0, 6))):
            kind = draw(st.sampled_from(["option", "option", "value", "value", "junk"]))
            if kind == "option" and options:
                pieces.append(draw(st.sampled_from(options)))
                if draw(st.booleans()):
                    pieces.append(draw(value))
            elif kind == "value":
                pieces.append(draw(value))
            else:
                pieces.append(draw(st.sampled_from(["--help", "--nope", "-x", "--db"])))
        db = draw(st.sampled_from(["db", "db", "db", "unmigrated", "no_folder", None]))
        head = ["--db", files[db]] if db else []
        return [*head, *path, *pieces]

    return arguments()


def test_cli_random_arguments_exit_with_a_message_not_a_traceback(
    budget: Budget, files: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # whatever a command writes (an export) lands here

    @budget.settings("cli")
    @given(_arguments(files))
    def check(arguments: list[str]) -> None:
        budget.seen("cli")
        result = runner.invoke(app, arguments, input="")
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            arguments,
            result.output,
            result.exception,
        )
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            assert result.output.strip(), arguments

    check()
