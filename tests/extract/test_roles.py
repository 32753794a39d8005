from khabar.extract.roles import attach_roles, report_of
from khabar.extract.types import DocumentExtraction, EventTypeValue, Evidence, ExtractedReport
from khabar.nlp.roles import RoleReading, RoleSpan

TEXT = "Intro. Gunmen attacked a bus. The bomb was hidden. Later, rebels burned a school."


def _report(sentence: str) -> ExtractedReport:
    start = TEXT.index(sentence)
    evidence = Evidence(start, start + len(sentence), sentence, "events@1")
    kind = EventTypeValue("Violence against civilians", "Attack", "Armed Assault", evidence)
    return ExtractedReport(kind, evidence)


REPORTS = (_report("Gunmen attacked a bus."), _report("Later, rebels burned a school."))


def test_roles_phrase_goes_to_the_report_of_its_sentence_or_the_one_before() -> None:
    assert report_of(TEXT.index("bus"), REPORTS) == 0
    assert report_of(TEXT.index("bomb"), REPORTS) == 0
    assert report_of(TEXT.index("school"), REPORTS) == 1
    assert report_of(TEXT.index("Intro"), REPORTS) == 0
    assert report_of(TEXT.index("bus"), ()) is None


def test_roles_attach_keeps_spans_and_sorts_incident_types() -> None:
    start = TEXT.index("bomb")
    reading = RoleReading(
        (
            RoleSpan("WEAPON", start, start + 4, "bomb"),
            RoleSpan("PERP_IND", 7, 13, "Gunmen"),
            RoleSpan("UNKNOWN", 0, 5, "Intro"),
        ),
        {"none": 0.2, "attack": 0.7, "bombing": 0.4},
    )
    extraction = attach_roles(DocumentExtraction(REPORTS, ()), reading)
    assert [
        (f.role, f.evidence.text, f.report, f.evidence.extractor) for f in extraction.fillers
    ] == [
        ("weapon", "bomb", 0, "roles@1"),
        ("perpetrator_individual", "Gunmen", 0, "roles@1"),
    ]
    assert extraction.incident_types == (("attack", 0.7), ("bombing", 0.4), ("none", 0.2))
    assert extraction.reports == REPORTS


def test_roles_no_phrase_is_kept_when_the_document_tells_no_incident() -> None:
    reading = RoleReading((RoleSpan("VICTIM", 7, 13, "Gunmen"),), {"none": 0.9, "attack": 0.2})
    extraction = attach_roles(DocumentExtraction(REPORTS, ()), reading)
    assert extraction.fillers == ()
    assert extraction.incident_types == (("none", 0.9), ("attack", 0.2))
