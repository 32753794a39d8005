"""The curation service on both backends: corrections beside machine values, review and
rejection, merge and split, each in the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from khabar.curate import service
from khabar.errors import ErrorCode, KhabarError
from khabar.store import models as m
from khabar.store import queries
from khabar.store.repository import Store

from ..web.web_sample import Sample, add_sample


@pytest.fixture
def sample(store: Store) -> Sample:
    return add_sample(store)


def _history(store: Store, event_id: int) -> list[m.AuditLog]:
    with store.session() as session:
        return list(
            session.scalars(
                select(m.AuditLog)
                .where(m.AuditLog.entity == "event", m.AuditLog.entity_id == event_id)
                .order_by(m.AuditLog.id)
            )
        )


def test_service_correction_keeps_the_machine_value(store: Store, sample: Sample) -> None:
    with store.session() as session, session.begin():
        after = service.correct(
            session,
            sample.ghazni_event,
            {"killed_low": "4", "killed_best": "4", "event_type": "Violence against civilians"},
            "amira",
            "Ministry figure",
        )
    assert after == {"killed_low": 4, "killed_best": 4, "curation_status": "corrected"}
    with store.session() as session:
        event = queries.get_event(session, sample.ghazni_event)
    assert event is not None
    assert (event.killed.low, event.killed.best, event.curation_status) == (4, 4, "corrected")
    killed = event.correction("killed_best")
    assert killed is not None
    assert (killed.machine_value, killed.corrected_value, killed.who) == (15, 4, "amira")
    assert killed.note == "Ministry figure"
    assert event.correction("event_type") is None
    [entry] = _history(store, sample.ghazni_event)
    assert (entry.who, entry.action) == ("amira", "correct")
    assert entry.before == {"killed_low": 15, "killed_best": 15, "curation_status": "machine"}
    assert entry.after == {**after, "note": "Ministry figure"}


def test_service_second_correction_keeps_the_first_machine_value(
    store: Store, sample: Sample
) -> None:
    for value in ("16", "17"):
        with store.session() as session, session.begin():
            service.correct(session, sample.ghazni_event, {"killed_best": value}, "amira")
    with store.session() as session:
        event = queries.get_event(session, sample.ghazni_event)
    assert event is not None
    [correction] = event.corrections
    assert (correction.machine_value, correction.corrected_value) == (15, 17)
    assert [e.before for e in _history(store, sample.ghazni_event)][1] == {"killed_best": 16}


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"killed_best": "-3"}, "whole number 0 or more"),
        ({"killed_best": "many"}, "whole number"),
        ({"killed_low": "20"}, "low ≤ best ≤ high"),
        ({"event_type": "Picnic"}, "is not one of"),
        ({"sub_event_type": "Peaceful protest"}, "is not a sub type of"),
        ({"date": "03/05/2024"}, "YYYY-MM-DD"),
        ({"date_precision": "decade"}, "is not one of"),
        ({"place_id": "999999"}, "names no place"),
        ({"place_precision": "9"}, "from 1 to 6"),
        ({"colour": "red"}, "cannot be corrected"),
        ({"killed_best": "15"}, "nothing was corrected"),
    ],
)
def test_service_bad_values_are_refused_with_a_reason(
    store: Store, sample: Sample, values: dict[str, str], words: str
) -> None:
    with store.session() as session, pytest.raises(KhabarError) as raised:
        service.correct(session, sample.ghazni_event, values, "amira")
    assert raised.value.code is ErrorCode.BAD_ARGUMENT
    assert words in raised.value.message
    assert _history(store, sample.ghazni_event) == []


def test_service_reject_hides_the_event_but_keeps_it(store: Store, sample: Sample) -> None:
    with store.session() as session, session.begin():
        assert service.set_status(session, sample.mosul_event, "reject", "amira") == "rejected"
    with store.session() as session:
        listed = [e.id for e in queries.list_events(session).items]
        rejected = [e.id for e in queries.list_events(session, status="rejected").items]
        mapped = [f["id"] for f in queries.map_events(session)["features"]]
        event = queries.get_event(session, sample.mosul_event)
    assert sample.mosul_event not in listed
    assert sample.ghazni_event in listed
    assert rejected == [sample.mosul_event]
    assert sample.mosul_event not in mapped
    assert event is not None
    assert event.curation_status == "rejected"
    with store.session() as session, session.begin():
        service.correct(session, sample.mosul_event, {"killed_high": "5"}, "amira")
        assert service.set_status(session, sample.mosul_event, "review", "amira") == "corrected"
    actions = [(e.action, e.after) for e in _history(store, sample.mosul_event)]
    assert actions[0] == ("reject", {"curation_status": "rejected"})
    assert actions[-1] == ("review", {"curation_status": "corrected"})


def test_service_merge_moves_reports_and_keeps_corrections(store: Store, sample: Sample) -> None:
    with store.session() as session, session.begin():
        service.correct(session, sample.ghazni_event, {"killed_best": "16"}, "amira")
    with store.session() as session, session.begin():
        service.merge_events(session, sample.ghazni_event, sample.mosul_event, "amira", "Same")
    with store.session() as session:
        kept = queries.get_event(session, sample.ghazni_event)
        other = queries.get_event(session, sample.mosul_event)
    assert kept is not None
    assert other is not None
    assert sorted(r.document_id for r in kept.reports) == [sample.ghazni_doc, sample.mosul_doc]
    assert {e.field for r in kept.reports for e in r.evidence} >= {"killed", "injured"}
    assert kept.killed.best == 16
    assert kept.injured.best == 9
    assert kept.merge_rule == "ucdp-style@2"
    assert (other.curation_status, other.merged_into_id, other.reports) == (
        "merged",
        sample.ghazni_event,
        [],
    )
    [merge] = [e for e in kept.history if e.action == "merge"]
    assert merge.after is not None
    assert merge.before is not None
    assert merge.after["merged"] == sample.mosul_event
    assert len(merge.after["reports"]) == 2
    assert len(merge.before["reports"]) == 1
    assert [e.action for e in other.history] == ["merged_into"]
    with store.session() as session:
        assert sample.mosul_event not in [e.id for e in queries.list_events(session).items]
        with pytest.raises(KhabarError, match="was merged into"):
            service.correct(session, sample.mosul_event, {"killed_best": "1"}, "amira")


def test_service_split_moves_a_report_into_a_new_event(store: Store, sample: Sample) -> None:
    with store.session() as session, session.begin():
        service.merge_events(session, sample.ghazni_event, sample.mosul_event, "amira")
    with store.session() as session:
        kept = queries.get_event(session, sample.ghazni_event)
    assert kept is not None
    bomb = next(r for r in kept.reports if r.document_id == sample.mosul_doc)
    with store.session() as session, session.begin():
        new_id = service.split_report(session, sample.ghazni_event, bomb.id, "amira").id
    with store.session() as session:
        kept = queries.get_event(session, sample.ghazni_event)
        new = queries.get_event(session, new_id)
    assert kept is not None
    assert new is not None
    assert [r.document_id for r in kept.reports] == [sample.ghazni_doc]
    assert [r.id for r in new.reports] == [bomb.id]
    assert (new.killed.best, new.injured.best, new.event_type) == (4, 9, bomb.event_type)
    assert (kept.injured.best, kept.merge_rule, new.merge_rule) == (
        None,
        "single-report",
        "single-report",
    )
    assert [e.action for e in new.history] == ["split_from"]
    with store.session() as session, pytest.raises(KhabarError, match="only this report"):
        service.split_report(session, new_id, bomb.id, "amira")


def _report_id(store: Store, event_id: int, document_id: int) -> int:
    with store.session() as session:
        event = queries.get_event(session, event_id)
    assert event is not None
    return next(r.id for r in event.reports if r.document_id == document_id)


def test_service_report_correction_recomputes_its_event(store: Store, sample: Sample) -> None:
    report_id = _report_id(store, sample.ghazni_event, sample.ghazni_doc)
    with store.session() as session, session.begin():
        values = {"killed_low": "4", "killed_best": "4"}
        event = service.correct_report(session, report_id, values, "amira", "Ministry")
        assert event.id == sample.ghazni_event
    with store.session() as session:
        event = queries.get_event(session, sample.ghazni_event)
    assert event is not None
    [report] = event.reports
    assert (report.killed.low, report.killed.best, report.killed.high) == (4, 4, None)
    killed = report.correction("killed_best")
    assert killed is not None
    assert (killed.machine_value, killed.corrected_value, killed.note) == (15, 4, "Ministry")
    assert (event.killed.low, event.killed.best, event.curation_status) == (4, 4, "machine")
    assert event.corrections == []
    recompute, correct = event.history
    assert (correct.entity, correct.entity_id, correct.action) == ("report", report_id, "correct")
    assert correct.before == {"killed_low": 15, "killed_best": 15}
    assert correct.after == {"killed_low": 4, "killed_best": 4, "note": "Ministry"}
    assert (recompute.entity, recompute.action) == ("event", "recompute")
    assert recompute.before is not None
    assert recompute.after is not None
    assert (recompute.before["killed_best"], recompute.after["killed_best"]) == (15, 4)
    assert recompute.after["report"] == report_id


def test_service_report_correction_keeps_the_event_corrections(
    store: Store, sample: Sample
) -> None:
    """The event is recomputed as after a merge: fields corrected on the event stay, and get
    the new machine value beside them."""
    with store.session() as session, session.begin():
        service.correct(session, sample.ghazni_event, {"killed_best": "16"}, "amira")
        service.merge_events(session, sample.ghazni_event, sample.mosul_event, "amira")
    bomb = _report_id(store, sample.ghazni_event, sample.mosul_doc)
    with store.session() as session, session.begin():
        values = {"injured_low": "2", "injured_best": "2", "injured_high": "2"}
        service.correct_report(session, bomb, values, "amira")
    with store.session() as session:
        event = queries.get_event(session, sample.ghazni_event)
    assert event is not None
    assert (event.injured.best, event.killed.best, event.curation_status) == (2, 16, "corrected")
    killed = event.correction("killed_best")
    assert killed is not None
    assert (killed.machine_value, killed.corrected_value) == (15, 16)
    assert event.merge_rule == "ucdp-style@2"
    assert [e.action for e in event.history][:2] == ["recompute", "correct"]


@pytest.mark.parametrize(
    ("values", "words"),
    [
        ({"killed_best": "many"}, "whole number"),
        ({"killed_high": "3"}, "low ≤ best ≤ high"),
        ({"colour": "red"}, "cannot be corrected"),
        ({"killed_best": "15"}, "already the report's"),
    ],
)
def test_service_report_bad_values_are_refused(
    store: Store, sample: Sample, values: dict[str, str], words: str
) -> None:
    report_id = _report_id(store, sample.ghazni_event, sample.ghazni_doc)
    with store.session() as session, pytest.raises(KhabarError) as raised:
        service.correct_report(session, report_id, values, "amira")
    assert raised.value.code is ErrorCode.BAD_ARGUMENT
    assert words in raised.value.message


def test_service_unknown_report_is_not_found(store: Store, sample: Sample) -> None:
    for report_id in (0, 999_999, 2**40):
        with store.session() as session, pytest.raises(KhabarError) as raised:
            service.correct_report(session, report_id, {"killed_best": "1"}, "amira")
        assert raised.value.code is ErrorCode.NOT_FOUND
