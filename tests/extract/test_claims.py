"""Claims: speaker, via, stance, subject and places, read from the parse."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from khabar.extract.claims import extract_claims, is_unnamed, responsibility
from khabar.extract.events import extract_document
from khabar.extract.types import Claim

PUBLISHED = date(2026, 3, 10)


def _claims(nlp: Language, text: str) -> tuple[Claim, ...]:
    return extract_document(nlp(text), PUBLISHED).claims


def _only(nlp: Language, text: str) -> Claim:
    (claim,) = _claims(nlp, text)
    return claim


def test_claims_nested_attribution_names_speaker_role_organisation_and_outlet(
    nlp: Language,
) -> None:
    text = (
        "Militants killed 12 people in Ghazni, CBC News reported, citing CSIS chief Michael "
        "Coulombe, who said IS is spreading to Libya, Pakistan and Afghanistan."
    )
    event, presence = _claims(nlp, text)
    for claim in (event, presence):
        assert claim.speaker_name == "Michael Coulombe"
        assert claim.role is not None
        assert claim.role.text == "CSIS chief"
        assert claim.organisation is not None
        assert claim.organisation.text == "CSIS"
        assert claim.via is not None
        assert claim.via.text == "CBC News"
        assert text[claim.speaker.start : claim.speaker.end] == claim.speaker.text
    assert (event.object_kind, event.report) == ("event", 0)
    assert presence.predicate == "presence"
    assert [p.text for p in presence.places] == ["Libya", "Pakistan", "Afghanistan"]


@pytest.mark.parametrize(
    ("text", "speaker", "stance", "subject"),
    [
        ("Gunmen killed four farmers, police said.", "police", "assert", "Gunmen"),
        ("According to local officials, gunmen burned 40 houses.", "local officials", "assert",
         "gunmen"),
        ("The attack was claimed by al-Shabaab.", "al-Shabaab", "claim_responsibility",
         "al-Shabaab"),
        ("Officials blamed the bombing on the Pakistani Taliban.", "Officials", "attribute",
         "the Pakistani Taliban"),
        ("The TTP denied involvement in the attack.", "TTP", "deny", "The TTP"),
        ("The group said it had no connection with the incident.", "group", "deny", "The group"),
        ("Boko Haram threatened to kill the hostages.", "Boko Haram", "threaten", "Boko Haram"),
        ("The ministry warned that further attacks were likely.", "ministry", "warn",
         "further attacks"),
    ],
)  # fmt: skip
def test_claims_read_each_construction(
    nlp: Language, text: str, speaker: str, stance: str, subject: str
) -> None:
    claim = _only(nlp, text)
    assert (claim.speaker_name, claim.stance) == (speaker, stance)
    assert claim.subject is not None
    assert claim.subject.text == subject


@pytest.mark.parametrize(
    "text",
    [
        "No group claimed responsibility for the blast.",
        "The Pakistani Taliban did not claim the attack.",
        "Police may say more on Friday.",
    ],
)
def test_claims_negated_or_speakerless_cues_are_no_claims(nlp: Language, text: str) -> None:
    assert _claims(nlp, text) == ()


def test_claims_amaq_is_the_outlet_of_a_responsibility_claim(nlp: Language) -> None:
    claim = _only(nlp, "The Islamic State claimed the attack through its Amaq news agency.")
    assert claim.stance == "claim_responsibility"
    assert claim.via is not None
    assert "Amaq" in claim.via.text


def test_claims_map_and_denied_presence_are_presence_claims(nlp: Language) -> None:
    text = (
        'An IS map shows a "Khurasan province" covering Kunar, Nuristan and Malakand; the '
        "leadership denies any IS presence."
    )
    stances = {c.stance: c for c in extract_claims(nlp(text), PUBLISHED)}
    territory, denial = stances["territorial"], stances["deny"]
    assert {"Kunar", "Nuristan", "Malakand"} <= {p.text for p in territory.places}
    assert all(p.role == "claimed_territory" for p in territory.places)
    assert denial.predicate == "presence"
    assert denial.subject is not None
    assert denial.subject.text == "IS"


def test_claims_claimant_becomes_perpetrator_of_a_report_without_one(nlp: Language) -> None:
    text = (
        "A roadside bomb killed five soldiers in Gao on Monday. The Islamic State claimed "
        "responsibility for the attack. Officials blamed the JNIM."
    )
    extraction = extract_document(nlp(text), PUBLISHED)
    (report,) = extraction.reports
    perpetrators = [a.text for a in report.actors if a.role == "perpetrator"]
    assert perpetrators == ["The Islamic State"]
    assert responsibility(extraction.claims, 0) == "claimed"
    assert {c.stance for c in extraction.claims if c.report == 0} == {
        "claim_responsibility",
        "attribute",
    }, "a claim and a disagreeing attribution are both kept"


def test_claims_is_unnamed_knows_generic_perpetrators() -> None:
    assert is_unnamed("Unidentified gunmen")
    assert is_unnamed("A suicide bomber")
    assert is_unnamed("Two suicide bombers")
    assert is_unnamed("3 attackers")
    assert not is_unnamed("Taliban fighters")
    assert not is_unnamed("Suspected Boko Haram militants")


def test_claims_claimant_keeps_its_bracketed_acronym(nlp: Language) -> None:
    """ "Jaish-e-Mohammad (JeM)" whole: the parse alone reads the claimant as "Jaish"."""
    doc = nlp("A bomb exploded. Jaish-e-Mohammad (JeM) claimed responsibility for the attack.")
    [claim] = extract_claims(doc, None)
    assert claim.stance == "claim_responsibility"
    assert claim.speaker.text == "Jaish-e-Mohammad (JeM)"


def test_claims_a_lead_retelling_a_headline_report_is_about_it(nlp: Language) -> None:
    text = (
        "Bomb kills two policemen in Lakki Marwat\n"
        "A roadside bomb killed two policemen in Lakki Marwat on Monday, police said."
    )
    extraction = extract_document(nlp(text), date(2026, 1, 13))
    [report] = extraction.reports
    assert report.event_type.evidence.text == "Bomb"
    [claim] = extraction.claims
    assert (claim.stance, claim.report, claim.object_kind) == ("assert", 0, "event")
