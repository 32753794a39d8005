"""Claims are written with their document, linked to reports, events, actors and places."""

from __future__ import annotations

from sqlalchemy import select

from khabar.pipeline import Pipeline
from khabar.settings import Settings
from khabar.store import models as m
from khabar.store.repository import Store

from ..conftest import EXAMPLES


def _ingest(store: Store, name: str) -> None:
    Pipeline(store, Settings(database_url=str(store.engine.url))).run([str(EXAMPLES / name)])


def test_claims_are_stored_with_spans_into_the_document(store: Store) -> None:
    _ingest(store, "ghazni-blog.html")
    with store.session() as session:
        document = session.scalars(select(m.Document)).one()
        claims = session.scalars(select(m.Claim).order_by(m.Claim.quote_start)).all()
        assert {c.stance for c in claims} >= {"assert", "deny", "territorial"}
        for claim in claims:
            assert claim.document_id == document.id
            assert document.text[claim.quote_start : claim.quote_end] == claim.quote_text
            start, end = claim.spans["speaker"]
            assert document.text[start:end] == claim.speaker_text
        territory = next(c for c in claims if c.stance == "territorial")
        assert territory.subject_actor is not None
        assert territory.subject_actor.name == "Islamic State"
        assert {p.text for p in territory.places} >= {"Kunar", "Nuristan", "Malakand"}
        assert all(p.place is not None for p in territory.places)
        told = next(c for c in claims if c.object_kind == "event")
        assert told.report is not None
        assert told.object_event_id == told.report.event_id


def test_claims_set_report_responsibility_and_keep_disagreement(store: Store) -> None:
    _ingest(store, "denial.md")
    with store.session() as session:
        report = session.scalars(select(m.Report)).one()
        assert report.responsibility == "attributed"
        stances = {c.stance for c in session.scalars(select(m.Claim)) if c.report_id == report.id}
        assert {"attribute", "deny"} <= stances


def test_claims_go_with_their_document_when_it_is_deleted(store: Store) -> None:
    _ingest(store, "claim-of-responsibility.html")
    with store.session() as session, session.begin():
        assert session.scalars(select(m.Report)).one().responsibility == "claimed"
        session.delete(session.scalars(select(m.Document)).one())
    with store.session() as session:
        assert session.scalars(select(m.Claim)).all() == []
        assert session.scalars(select(m.ClaimPlace)).all() == []
