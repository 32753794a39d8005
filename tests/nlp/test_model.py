from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.errors import ErrorCode, KhabarError
from khabar.nlp.model import armed_group_ids, entity_patterns, load_nlp

GHAZNI = (
    "Ghazni: ISIS-aligned militants fighting alongside the Taliban killed more than 100 people. "
    'An IS map shows a "Khurasan province" covering Kunar, Nuristan and Malakand.'
)


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def labels(nlp: Language, text: str) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in nlp(text).ents}


def test_model_is_loaded_once(nlp: Language) -> None:
    assert load_nlp() is nlp


def test_model_ruler_runs_before_ner(nlp: Language) -> None:
    names = nlp.pipe_names
    assert names.index("khabar_entities") < names.index("ner")


def test_model_fixes_places_the_small_model_mislabels(nlp: Language) -> None:
    found = labels(nlp, GHAZNI)
    assert found["Ghazni"] == "GPE"
    assert found["Nuristan"] == "GPE"
    assert found["Kunar"] == "GPE"
    assert found["Khurasan"] == "LOC"


def test_model_labels_armed_groups_as_org(nlp: Language) -> None:
    found = labels(nlp, "Islamic State and al-Shabaab fought ISWAP and Boko Haram near Borno.")
    assert found["Islamic State"] == "ORG"
    assert found["al-Shabaab"] == "ORG"
    assert found["ISWAP"] == "ORG"
    assert found["Boko Haram"] == "ORG"
    assert found["Borno"] == "GPE"


def test_model_matches_is_only_in_capitals(nlp: Language) -> None:
    doc = nlp("He said IS is spreading, and that is what it is.")
    assert [(e.text, e.label_) for e in doc.ents if e.text.lower() == "is"] == [("IS", "ORG")]


def test_model_keeps_head_noun_of_aligned_militants(nlp: Language) -> None:
    doc = nlp("ISIS-aligned militants killed ten people.")
    assert [t.text for t in doc].count("militants") == 1
    militants = next(t for t in doc if t.text == "militants")
    assert militants.dep_ == "nsubj"
    assert doc[0].ent_type_ == "ORG"


def test_model_longest_group_name_wins(nlp: Language) -> None:
    assert labels(nlp, "Islamic State Khorasan claimed the attack.") == {
        "Islamic State Khorasan": "ORG"
    }


def test_model_patterns_are_well_formed() -> None:
    patterns = entity_patterns()
    assert len(patterns) > 100
    assert {p["label"] for p in patterns} == {"ORG", "GPE", "LOC"}


def test_model_armed_group_ids_leave_out_a_party() -> None:
    ids = armed_group_ids()
    assert {"taliban", "sdf", "islamic-state"} <= ids
    assert "tlp" not in ids  # Tehreek-e-Labbaik Pakistan, a political party
    assert all("kind" not in p for p in entity_patterns())  # the ruler takes no such key


def test_model_missing_raises_model_missing() -> None:
    with pytest.raises(KhabarError) as info:
        load_nlp("khabar_no_such_model")
    assert info.value.code is ErrorCode.MODEL_MISSING
    assert "khabar_no_such_model" in str(info.value)


def test_model_splits_a_dateline_before_parsing(nlp: Language) -> None:
    doc = nlp("PESHAWAR, Pakistan (Reuters) — Militants killed ten people.")
    first, second = (sent.text for sent in doc.sents)
    assert first == "PESHAWAR, Pakistan (Reuters) —"
    assert second == "Militants killed ten people."
    assert next(t for t in doc if t.text == "Militants").dep_ == "nsubj"


def test_model_leaves_ordinary_openings_alone(nlp: Language) -> None:
    doc = nlp("Militants killed ten people in Kabul - police said.")
    assert len(list(doc.sents)) == 1


def test_model_starts_a_sentence_at_every_line_break(nlp: Language) -> None:
    doc = nlp("Gunmen kill four in Kaduna\nKADUNA, Nigeria (Agency) — Gunmen killed four people.")
    assert [s.text.strip() for s in doc.sents] == [
        "Gunmen kill four in Kaduna",
        "KADUNA, Nigeria (Agency) —",
        "Gunmen killed four people.",
    ]


def test_model_starts_a_sentence_after_an_ellipsis_glued_between_words(nlp: Language) -> None:
    doc = nlp("Despite talks of a truce…warplanes bomb the villages of Idlib")
    first, second = (sent.text for sent in doc.sents)
    assert first == "Despite talks of a truce…"
    assert second == "warplanes bomb the villages of Idlib"
    assert next(t for t in doc if t.text == "warplanes").dep_ == "nsubj"


def test_model_leaves_a_spaced_or_trailing_ellipsis_alone(nlp: Language) -> None:
    assert len(list(nlp("The gunmen waited … and then they opened fire").sents)) == 1
    assert len(list(nlp("After three days of shelling… the town fell silent").sents)) == 1
    assert len(list(nlp("Helicopters bomb Kabana…and more strikes hit the hills").sents)) == 1


def test_model_knows_places_the_small_model_misses(nlp: Language) -> None:
    found = labels(nlp, "An air strike hit Mellit, and a bomb exploded in Lashkar Gah.")
    assert found["Mellit"] == "GPE"
    assert found["Lashkar Gah"] == "GPE"
