"""A small, hand-made store for the web tests: every kind of row the pages show, on both backends.

Rows are written through the ORM with offsets computed from the text, so the fixture exercises
the same highlighting paths as ingested documents: nested spans (an actor inside a casualty
detail), partly overlapping spans (a number mention across the killed evidence), a failed
document, and a title with markup in it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from khabar.store import models as m
from khabar.store.repository import Store

GHAZNI_TEXT = (
    "GHAZNI, Afghanistan - Taliban fighters stormed a police checkpoint in Andar district of "
    "Ghazni province on Friday, killing at least 15 people, officials said. Fifteen of the dead "
    "were family members of police officers who were beheaded. The attackers burned 3 homes "
    "before withdrawing."
)
MOSUL_TEXT = (
    "A car bomb exploded in Mosul on 2 April 2024, killing 4 civilians and wounding 9. "
    "Residents later protested. <b>Not markup</b> & more."
)
EVIL_TITLE = "<script>alert('x')</script> Car bomb in Mosul"
NOW = datetime(2024, 5, 4, 12, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Sample:
    ghazni_doc: int
    mosul_doc: int
    failed_doc: int
    ghazni_event: int
    mosul_event: int
    protest_event: int
    killed_evidence: int
    detail_evidence: int


def span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def evidence(text: str, field: str, phrase: str, extractor: str) -> m.Evidence:
    start, end = span(text, phrase)
    return m.Evidence(field=field, start=start, end=end, text=phrase, extractor=extractor)


def mention(text: str, kind: str, phrase: str, value: str | None = None) -> m.Mention:
    start, end = span(text, phrase)
    return m.Mention(
        start=start, end=end, kind=kind, text=phrase, value=value, extractor="patterns@1"
    )


def event_from(report: m.Report, place: m.Place | None) -> m.Event:
    return m.Event(
        event_type=report.event_type,
        sub_event_type=report.sub_event_type,
        gtd_attack_type=report.gtd_attack_type,
        date=report.date,
        date_precision=report.date_precision,
        place=place,
        place_precision=report.place_precision,
        killed_low=report.killed_low,
        killed_best=report.killed_best,
        killed_high=report.killed_high,
        injured_low=report.injured_low,
        injured_best=report.injured_best,
        injured_high=report.injured_high,
        merge_rule="single-report",
        curation_status="machine",
        created_at=NOW,
    )


def document(title: str | None, text: str, sha: str, **extra: object) -> m.Document:
    fields: dict[str, object] = {
        "source": f"examples/{sha}.html",
        "source_kind": "file",
        "url": f"https://news.example.org/{sha}",
        "outlet": "Example News",
        "title": title,
        "published_at": NOW,
        "fetched_at": NOW,
        "language": "en",
        "text": text,
        "raw_sha256": sha * 8,
        "status": "extracted",
    }
    fields.update(extra)
    return m.Document(**fields)


def add_sample(store: Store) -> Sample:
    """Write the sample rows in one transaction and return the ids the tests look for."""
    t = GHAZNI_TEXT
    with store.session() as session, session.begin():
        ghazni = m.Place(
            gazetteer_id="geonames:1141269",
            name="Ghazni",
            feature_class="P",
            feature_code="PPLA",
            country_code="AF",
            country_name="Afghanistan",
            admin1_name="Ghazni",
            admin2_name="Andar",
            lat=33.5536,
            lon=68.4269,
        )
        mosul = m.Place(
            gazetteer_id="geonames:99072",
            name="Mosul",
            feature_class="P",
            feature_code="PPLA",
            country_code="IQ",
            country_name="Iraq",
            admin1_name="Nineveh",
            lat=36.335,
            lon=43.1189,
        )
        taliban = m.Actor(name="Taliban", kind="armed group")
        police = m.Actor(name="Afghan National Police", kind="state force")

        ghazni_doc = document(
            "Taliban storm checkpoint in Ghazni",
            t,
            "a",
            mentions=[
                mention(t, "actor", "Taliban fighters", "Taliban"),
                mention(t, "trigger", "stormed"),
                mention(t, "place", "Andar district"),
                mention(t, "place", "Ghazni province"),
                mention(t, "date", "Friday", "2024-05-03"),
                mention(t, "number", "at least 15 people", "15"),
                mention(t, "actor", "police officers", "Afghan National Police"),
                mention(t, "number", "3 homes", "3"),
            ],
        )
        killed = evidence(t, "killed", "killing at least 15", "numbers@1")
        detail_phrase = (
            "Fifteen of the dead were family members of police officers who were beheaded"
        )
        detail = evidence(t, "detail:killed", detail_phrase, "numbers@1")
        actor_start, actor_end = span(t, "Taliban fighters")
        target_start, target_end = span(t, "police officers")
        site_start, site_end = span(t, "Andar district")
        other_start, other_end = span(t, "Ghazni province")
        detail_start, detail_end = span(t, detail_phrase)
        damage_start, damage_end = span(t, "burned 3 homes")
        sentence_end = t.index(". Fifteen") + 1
        report = m.Report(
            event_type="Violence against civilians",
            sub_event_type="Attack",
            gtd_attack_type="Armed Assault",
            date=date(2024, 5, 3),
            date_precision="day",
            place=ghazni,
            place_text="Andar district",
            place_precision=3,
            place_role="event_site",
            killed_low=15,
            killed_best=15,
            killed_high=None,
            killed_qualifier="at least 15",
            responsibility="attributed",
            confidence=0.82,
            extractor="events@1",
            sentence_start=0,
            sentence_end=sentence_end,
            evidence=[
                evidence(t, "event_type", "stormed", "triggers@1"),
                evidence(t, "date", "Friday", "dates@1"),
                killed,
                evidence(t, "place:event_site", "Andar district", "gazetteer@1"),
                evidence(t, "place:mentioned", "Ghazni province", "gazetteer@1"),
                evidence(t, "actor:perpetrator", "Taliban fighters", "actors@1"),
                evidence(t, "actor:target", "police officers", "actors@1"),
                detail,
                evidence(t, "damage", "burned 3 homes", "damage@1"),
            ],
            actors=[
                m.ReportActor(
                    actor=taliban,
                    role="perpetrator",
                    text="Taliban fighters",
                    start=actor_start,
                    end=actor_end,
                    extractor="actors@1",
                ),
                m.ReportActor(
                    actor=police,
                    role="target",
                    text="police officers",
                    start=target_start,
                    end=target_end,
                    extractor="actors@1",
                ),
            ],
            places=[
                m.ReportPlace(
                    place=ghazni,
                    text="Andar district",
                    role="event_site",
                    precision=3,
                    confidence=0.9,
                    start=site_start,
                    end=site_end,
                    extractor="gazetteer@1",
                ),
                m.ReportPlace(
                    place=None,
                    text="Ghazni province",
                    role="mentioned",
                    precision=4,
                    confidence=0.6,
                    start=other_start,
                    end=other_end,
                    extractor="gazetteer@1",
                ),
            ],
            details=[
                m.CasualtyDetail(
                    category="killed",
                    manner="beheaded",
                    victims="family members of police officers",
                    low=15,
                    best=15,
                    high=15,
                    qualifier="Fifteen",
                    included_in_total=True,
                    start=detail_start,
                    end=detail_end,
                    extractor="numbers@1",
                )
            ],
            damage=[
                m.PropertyDamage(
                    action="burned",
                    object="homes",
                    low=3,
                    best=3,
                    high=3,
                    qualifier="3",
                    start=damage_start,
                    end=damage_end,
                    extractor="damage@1",
                )
            ],
        )
        ghazni_doc.reports.append(report)
        report.event = event_from(report, ghazni)

        u = MOSUL_TEXT
        mosul_doc = document(
            EVIL_TITLE,
            u,
            "b",
            mentions=[mention(u, "place", "Mosul"), mention(u, "number", "4 civilians", "4")],
        )
        bomb = m.Report(
            event_type="Explosions/Remote violence",
            sub_event_type="Remote explosive/landmine/IED",
            gtd_attack_type="Bombing/Explosion",
            date=date(2024, 4, 2),
            date_precision="day",
            place=mosul,
            place_text="Mosul",
            place_precision=1,
            place_role="event_site",
            killed_low=4,
            killed_best=4,
            killed_high=4,
            killed_qualifier="4",
            injured_low=9,
            injured_best=9,
            injured_high=9,
            injured_qualifier="9",
            confidence=0.7,
            extractor="events@1",
            sentence_start=0,
            sentence_end=u.index(" Residents"),
            evidence=[
                evidence(u, "event_type", "exploded", "triggers@1"),
                evidence(u, "place:event_site", "Mosul", "gazetteer@1"),
                evidence(u, "killed", "killing 4 civilians", "numbers@1"),
                evidence(u, "injured", "wounding 9", "numbers@1"),
                evidence(u, "role:weapon", "car bomb", "roles@1"),
            ],
        )
        protest = m.Report(
            event_type="Protests",
            sub_event_type="Peaceful protest",
            gtd_attack_type="Unknown",
            date=None,
            date_precision=None,
            confidence=0.4,
            extractor="events@1",
            sentence_start=u.index("Residents"),
            sentence_end=len(u),
            evidence=[evidence(u, "event_type", "protested", "triggers@1")],
        )
        mosul_doc.reports.extend([bomb, protest])
        bomb.event = event_from(bomb, mosul)
        protest.event = event_from(protest, None)

        failed_doc = document(
            None,
            "",
            "c",
            url="https://news.example.org/gone",
            status="failed",
            error_code="http_status",
            error="The server answered 404 Not Found.",
        )
        session.add_all([ghazni_doc, mosul_doc, failed_doc])
        session.flush()
        return Sample(
            ghazni_doc=ghazni_doc.id,
            mosul_doc=mosul_doc.id,
            failed_doc=failed_doc.id,
            ghazni_event=report.event.id,
            mosul_event=bomb.event.id,
            protest_event=protest.event.id,
            killed_evidence=killed.id,
            detail_evidence=detail.id,
        )
