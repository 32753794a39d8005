"""Seeding, merge, split and alias on both backends; every change is in the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from khabar.actors import curation
from khabar.actors.registry import Registry
from khabar.cli import app
from khabar.errors import KhabarError
from khabar.store import models as m
from khabar.store.repository import Store

runner = CliRunner()


def test_curation_seed_is_idempotent_and_audited(store: Store) -> None:
    registry = Registry.load()
    with store.session() as session, session.begin():
        first = curation.seed(session, registry)
    with store.session() as session, session.begin():
        second = curation.seed(session, registry)
    assert first.created == len(registry.entries)
    assert (second.created, second.updated) == (0, 0)
    with store.session() as session:
        assert curation.find(session, "uçk").name == "Kosovo Liberation Army"
    with store.session() as session:
        iskp = session.scalar(
            select(m.Actor).where(m.Actor.name == "Islamic State Khorasan Province")
        )
        assert iskp is not None
        assert iskp.parent is not None
        assert iskp.parent.name == "Islamic State"
        logged = session.scalars(select(m.AuditLog)).all()
    assert len(logged) == len(registry.entries)


def test_curation_seed_is_idempotent_with_non_ascii_capitals(store: Store) -> None:
    registry = Registry.from_json(
        [{"name": "Kosovo Liberation Army", "kind": "armed_group", "aliases": ["UÇK", "KLA"]}]
    )
    with store.session() as session, session.begin():
        curation.seed(session, registry)
    with store.session() as session, session.begin():
        second = curation.seed(session, registry)
    assert (second.created, second.updated) == (0, 0)


def test_curation_audit_log_refuses_update_and_delete(store: Store) -> None:
    with store.session() as session, session.begin():
        curation.seed(session, Registry.load())
    with store.session() as session:
        entry = session.scalars(select(m.AuditLog)).first()
        assert entry is not None
        entry.who = "someone else"
        with pytest.raises(PermissionError):
            session.flush()
        session.rollback()
        session.delete(session.scalars(select(m.AuditLog)).first())
        with pytest.raises(PermissionError):
            session.flush()


def test_curation_code_has_no_audit_update_or_delete_path() -> None:
    src = Path(__file__).resolve().parents[2] / "src"
    for path in src.rglob("*.py"):
        text = path.read_text("utf-8")
        assert "update(m.AuditLog" not in text, path
        assert "delete(m.AuditLog" not in text, path


def test_curation_cli_merge_split_alias_and_errors(store_url: str) -> None:
    def run(*args: str) -> str:
        result = runner.invoke(app, ["--db", store_url, "actors", *args])
        assert result.exit_code == 0, result.output
        return result.output

    run("seed")
    run("alias", "Taliban", "Talibs", "--by", "analyst")
    run("merge", "Tehrik-i-Taliban Pakistan", "Jamaat-ul-Ahrar", "--by", "analyst")
    shown = run("show", "TTP", "--json")
    assert "Jamaat-ul-Ahrar" in shown
    assert "JuA" in shown
    run("split", "Taliban", "Talibs", "Talibs group", "--by", "analyst")
    listed = run("list", "--json", "--query", "talibs")
    assert "Talibs group" in listed
    assert '"Taliban"' not in listed
    assert "Jamaat-ul-Ahrar" not in run("list", "--kind", "armed_group")
    opened = Store.open(store_url)
    with opened.session() as session:
        by_analyst = select(m.AuditLog.action).where(m.AuditLog.who == "analyst")
        actions = list(session.scalars(by_analyst.order_by(m.AuditLog.id)))
    opened.engine.dispose()
    assert actions == ["alias", "merge", "merged_into", "split", "split:create"]
    unknown = runner.invoke(app, ["--db", store_url, "actors", "show", "No Such Group"])
    assert unknown.exit_code == 2
    assert "not_found" in unknown.output
    taken = runner.invoke(app, ["--db", store_url, "actors", "alias", "Hamas", "ISIS"])
    assert taken.exit_code == 2
    assert "already an alias" in taken.output


def test_curation_find_rejects_unknown_actor(store: Store) -> None:
    with store.session() as session, pytest.raises(KhabarError):
        curation.find(session, "42")


def test_curation_remove_alias_is_audited_and_refuses_unknown_or_merged(store: Store) -> None:
    """Removing a name keeps the report links (only split moves them) and, like every other
    change, is refused on an actor merged away, whose names live at the actor kept."""
    with store.session() as session, session.begin():
        group = m.Actor(name="Group A", kind="armed_group")
        other = m.Actor(name="Group B", kind="armed_group")
        session.add_all([group, other])
        session.flush()
        curation.add_alias(session, group, "GA", "analyst")
        curation.remove_alias(session, group, " ga ", "analyst")
        with pytest.raises(KhabarError, match="does not exist"):
            curation.remove_alias(session, group, "GA", "analyst")
        curation.merge(session, other, group, "analyst")
        for change in (
            lambda: curation.add_alias(session, group, "GA", "analyst"),
            lambda: curation.remove_alias(session, group, "Group A", "analyst"),
            lambda: curation.split(session, group, "Group A", "Group C", "analyst"),
        ):
            with pytest.raises(KhabarError, match="already merged into actor"):
                change()
    with store.session() as session:
        entry = session.scalars(select(m.AuditLog).where(m.AuditLog.action == "unalias")).one()
        assert (entry.who, entry.entity_id) == ("analyst", group.id)
        assert (entry.before, entry.after) == (
            {**entry.before, "aliases": ["GA"]},
            {**entry.before, "aliases": []},
        )
