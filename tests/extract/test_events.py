from __future__ import annotations

from datetime import date

from spacy.language import Language

from khabar.extract.events import extract_document
from khabar.extract.types import DocumentExtraction, ExtractedReport

GHAZNI = (
    "Ghazni: ISIS-aligned militants fighting alongside the Taliban killed more than 100 people, "
    "beheaded 15 family members of police officers and burned at least 60 homes, CBC News "
    "reported, citing CSIS chief Michael Coulombe, who said IS is spreading to Libya, Pakistan "
    'and Afghanistan. An IS map shows a "Khurasan province" covering Kunar, Nuristan and '
    "Malakand; the leadership denies any IS presence."
)
SUICIDE_BOMBING = (
    "PESHAWAR, Pakistan (Reuters) — A suicide bomber blew himself up at a market in Bajaur "
    "district on Friday, police said. At least 15 people were killed and dozens injured.\n"
    "Tehrik-i-Taliban Pakistan denied involvement."
)
TWO_INCIDENTS = (
    "KABUL — A roadside bomb killed three soldiers in Helmand province on Monday, officials "
    "said. In Kandahar, gunmen shot and killed two policemen at a checkpoint on Tuesday."
)
POLITICAL = (
    "ISLAMABAD — Prime Minister Shehbaz Sharif met the Chinese ambassador in Islamabad on "
    "Monday to discuss trade and investment. The two sides agreed to expand cooperation on "
    "energy projects, the foreign ministry said."
)
WEDNESDAY = date(2026, 5, 13)


def extract(nlp: Language, text: str, published: date | None) -> DocumentExtraction:
    return extract_document(nlp(text), published)


def places(report: ExtractedReport) -> dict[str, str]:
    return {p.text: p.role for p in report.places}


def test_events_ghazni_is_one_report(nlp: Language) -> None:
    result = extract(nlp, GHAZNI, date(2026, 5, 12))
    assert len(result.reports) == 1
    report = result.reports[0]
    assert report.event_type.event_type == "Violence against civilians"
    assert report.event_type.sub_event_type == "Attack"
    assert places(report) == {
        "Ghazni": "event_site",
        "Libya": "mentioned",
        "Pakistan": "mentioned",
        "Afghanistan": "mentioned",
        "Khurasan province": "claimed_territory",
        "Kunar": "claimed_territory",
        "Nuristan": "claimed_territory",
        "Malakand": "claimed_territory",
    }
    killed = report.casualties.killed
    assert killed is not None
    assert (killed.low, killed.best, killed.high, killed.qualifier) == (
        101,
        101,
        None,
        "more than 100",
    )
    [detail] = report.casualties.details
    assert (detail.manner, detail.count.best, detail.included_in_total) == ("beheaded", 15, True)
    [damage] = report.damage
    assert (damage.action, damage.object) == ("burned", "homes")
    assert damage.count is not None
    assert damage.count.best == 60
    actors = {(a.role, a.text) for a in report.actors}
    assert ("perpetrator", "ISIS-aligned militants") in actors
    assert ("ally", "the Taliban") in actors
    assert report.date is None
    assert report.sentence.start == 0
    assert report.sentence.end == len(GHAZNI)
    assert 0 <= report.confidence <= 1


def test_events_follow_up_sentence_joins_the_report(nlp: Language) -> None:
    result = extract(nlp, SUICIDE_BOMBING, WEDNESDAY)
    [report] = result.reports
    assert report.event_type.sub_event_type == "Suicide bomb"
    assert report.event_type.gtd_attack_type == "Bombing/Explosion"
    assert report.date is not None
    assert (report.date.value, report.date.precision) == (date(2026, 5, 8), "day")
    assert places(report) == {"PESHAWAR": "mentioned", "Bajaur district": "event_site"}
    killed, injured = report.casualties.killed, report.casualties.injured
    assert killed is not None
    assert killed.best == 15
    assert injured is not None
    assert injured.qualifier == "dozens"
    assert report.sentence.text.endswith("dozens injured.")
    assert report.confidence == 1.0


def test_events_two_places_make_two_reports(nlp: Language) -> None:
    first, second = extract(nlp, TWO_INCIDENTS, WEDNESDAY).reports
    assert first.event_type.sub_event_type == "Remote explosive/landmine/IED"
    assert places(first) == {"KABUL": "mentioned", "Helmand province": "event_site"}
    assert first.date is not None
    assert first.date.value == date(2026, 5, 11)
    assert second.event_type.event_type == "Battles"
    assert places(second) == {"Kandahar": "event_site"}
    assert second.date is not None
    assert second.date.value == date(2026, 5, 12)
    assert first.sentence.end < second.sentence.start


def test_events_dateline_is_the_site_when_the_text_names_none(nlp: Language) -> None:
    text = "KABUL — A suicide bomber struck a wedding hall on Friday, killing 20 guests."
    [report] = extract(nlp, text, WEDNESDAY).reports
    assert places(report) == {"KABUL": "event_site"}


def test_events_separately_starts_a_new_report(nlp: Language) -> None:
    text = "Militants attacked a police station in Bannu. Separately, gunmen abducted 12 villagers."
    first, second = extract(nlp, text, WEDNESDAY).reports
    assert first.event_type.event_type == "Battles"
    assert second.event_type.sub_event_type == "Abduction/forced disappearance"


def test_events_political_text_has_no_report(nlp: Language) -> None:
    result = extract(nlp, POLITICAL, WEDNESDAY)
    assert result.reports == ()
    assert result.mentions == ()


def test_events_mentions_cover_the_evidence_once(nlp: Language) -> None:
    doc = nlp(GHAZNI)
    result = extract_document(doc, date(2026, 5, 12))
    keys = [(m.kind, m.start, m.end) for m in result.mentions]
    assert len(keys) == len(set(keys))
    assert {m.kind for m in result.mentions} == {"actor", "place", "number", "trigger"}
    for mention in result.mentions:
        assert doc.text[mention.start : mention.end] == mention.text
    [report] = result.reports
    assert ("trigger", report.event_type.evidence.start, report.event_type.evidence.end) in keys
    for place in report.places:
        assert ("place", place.evidence.start, place.evidence.end) in keys
