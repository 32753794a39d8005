import spacy

from khabar.nlp.roles import INCIDENT_TYPES, NO_INCIDENT
from khabar.train.muc4 import docbin, example, examples, in_holdout

TEXT = (
    "urban guerrillas of the farabundo marti national liberation front attacked the power "
    "station with dynamite. the front later said the station was a military target."
)
RECORD = {
    "id": "DEV-MUC3-9001",
    "split": "train",
    "text": TEXT,
    "templates": [
        {
            "incident_type": "attack / bombing",
            "PerpInd": [["urban guerrillas"]],
            "PerpOrg": [["farabundo marti national liberation front", "front"]],
            "Target": [["power station", "station"]],
            "Victim": [],
            "Weapon": [["dynamite"]],
        }
    ],
}


def labelled(text: str, spans: tuple[tuple[int, int, str], ...]) -> list[tuple[str, str]]:
    return [(text[start:end], label) for start, end, label in spans]


def test_muc4_every_occurrence_is_labelled_longest_mention_first() -> None:
    item = example(RECORD)
    assert labelled(item.text, item.spans) == [
        ("urban guerrillas", "PERP_IND"),
        ("farabundo marti national liberation front", "PERP_ORG"),
        ("power station", "TARGET"),
        ("dynamite", "WEAPON"),
        ("front", "PERP_ORG"),
        ("station", "TARGET"),
    ]
    assert item.incidents == frozenset({"attack", "bombing"})


def test_muc4_document_without_templates_is_a_negative_example() -> None:
    item = example({**RECORD, "templates": []})
    assert item.spans == ()
    assert item.incidents == frozenset({NO_INCIDENT})


def test_muc4_holdout_is_a_stable_tenth_of_the_train_split() -> None:
    ids = [f"DEV-MUC3-{n:04d}" for n in range(1, 1301)]
    held = [i for i in ids if in_holdout(i)]
    assert held == [i for i in ids if in_holdout(i)]
    assert 0.07 < len(held) / len(ids) < 0.13
    records = [{**RECORD, "id": i} for i in ids[:40]] + [{**RECORD, "split": "dev"}]
    kept = {e.id for e in examples(records, holdout=False)}
    assert kept == {i for i in ids[:40] if not in_holdout(i)}


def test_muc4_docbin_carries_entities_and_categories() -> None:
    nlp = spacy.blank("en")
    (doc,) = docbin(nlp, [example(RECORD)]).get_docs(nlp.vocab)
    assert [(e.text, e.label_) for e in doc.ents][:2] == [
        ("urban guerrillas", "PERP_IND"),
        ("farabundo marti national liberation front", "PERP_ORG"),
    ]
    assert set(doc.cats) == {*INCIDENT_TYPES, NO_INCIDENT}
    assert doc.cats["bombing"] == 1.0
    assert doc.cats[NO_INCIDENT] == 0.0
