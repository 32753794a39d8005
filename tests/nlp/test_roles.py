from spacy.tokens import Doc

from khabar.nlp.model import load_nlp
from khabar.nlp.roles import (
    INCIDENT_TYPES,
    LABELS,
    NO_INCIDENT,
    fold_case,
    load_roles,
    read_many,
    read_roles,
    tells_incident,
)


def test_roles_fold_case_keeps_every_offset() -> None:
    text = "İstanbul: Guerrillas ATTACKED"
    folded = fold_case(text)
    assert len(folded) == len(text)
    assert folded.endswith("guerrillas attacked")
    assert folded[0] == "İ"


def test_roles_fold_case_lowers_each_character_alone() -> None:
    """A capital sigma folds as it does alone (σ), never as a word's final ς, like the rest."""
    text = "ΟΔΟΣ ΣΑΣ: Attack"
    assert fold_case(text) == "οδοσ σασ: attack"
    assert fold_case("Plain ASCII text") == "plain ascii text"


def test_roles_shipped_model_loads_with_its_labels() -> None:
    nlp = load_roles()
    assert set(nlp.get_pipe("ner").labels) == set(LABELS.values())
    assert set(nlp.get_pipe("textcat_multilabel").labels) == {*INCIDENT_TYPES, NO_INCIDENT}


def test_roles_spans_index_the_original_text() -> None:
    text = (
        "SAN SALVADOR, 12 JAN 90 -- Urban guerrillas of the FMLN today attacked the Soyapango "
        "power substation with dynamite and machineguns, destroying two transformers."
    )
    reading = read_roles(text)
    assert reading.spans
    for span in reading.spans:
        assert text[span.start : span.end] == span.text
        assert span.label in LABELS.values()
    assert {"PERP_IND", "PERP_ORG"} & {span.label for span in reading.spans}
    assert max(reading.incidents, key=lambda k: reading.incidents[k]) != NO_INCIDENT


def test_roles_tells_incident_when_a_type_beats_none() -> None:
    assert tells_incident({"none": 0.3, "attack": 0.4})
    assert not tells_incident({"none": 0.4, "attack": 0.4})
    assert not tells_incident({"none": 0.1})
    assert not tells_incident({})


def test_roles_read_many_reads_as_the_whole_model_does() -> None:
    texts = [
        "Urban guerrillas of the FMLN today attacked the Soyapango power substation with "
        "dynamite, destroying two transformers.",
        "The central bank kept interest rates unchanged on Tuesday, citing steady prices.",
    ]
    model = load_roles()
    readings = read_many([load_nlp()(text) for text in texts], model)
    told = [tells_incident(reading.incidents) for reading in readings]
    assert told == [True, False]
    for text, reading, incident in zip(texts, readings, told, strict=True):
        doc = model(fold_case(text))
        assert reading.incidents == {kind: float(p) for kind, p in doc.cats.items()}
        whole = [(ent.label_, ent.start_char, ent.end_char) for ent in doc.ents]
        assert [(s.label, s.start, s.end) for s in reading.spans] == (whole if incident else [])
    assert read_roles(texts[0], model) == readings[0]


def test_roles_read_many_reads_the_tokens_it_is_given() -> None:
    """The analysis hands over spaCy's Docs; their tokens are read, not the text retokenized."""
    model = load_roles()
    text = (
        "Urban guerrillas of the FMLN today attacked the Soyapango power substation with "
        "dynamite and machineguns, destroying two transformers."
    )
    assert "FMLN" in [span.text for span in read_roles(text, model).spans]
    fused = text.replace("FMLN today", "FMLN\u00a0today")
    words = [*fused.removesuffix(".").split(" "), "."]
    doc = Doc(load_nlp().vocab, words=words, spaces=[True] * (len(words) - 2) + [False, False])
    assert doc.text == fused
    spans = read_many([doc], model)[0].spans
    bounds = {token.idx for token in doc} | {token.idx + len(token) for token in doc}
    assert all(span.start in bounds and span.end in bounds for span in spans)
    assert "FMLN" not in [span.text for span in spans]


def test_roles_read_many_folds_a_text_that_does_not_lower_alone() -> None:
    """Where `str.lower` would move characters ("İ" lowers to two), each token is cut from
    `fold_case`'s text, as elsewhere it is its `lower_`: both read as the model reads them."""
    model = load_roles()
    for text in (
        "Urban guerrillas of the FMLN today attacked the Soyapango power substation.",
        "Urban guerrillas of the FMLN today attacked the İlopango power substation.",
    ):
        doc = load_nlp()(text)
        folded = fold_case(text)
        words = [folded[token.idx : token.idx + len(token)] for token in doc]
        alone = model(Doc(model.vocab, words=words, spaces=[bool(t.whitespace_) for t in doc]))
        reading = read_many([doc], model)[0]
        assert reading.incidents == {kind: float(p) for kind, p in alone.cats.items()}
        whole = [(ent.label_, ent.start_char, ent.end_char) for ent in alone.ents]
        spans = [(s.label, s.start, s.end) for s in reading.spans]
        assert spans == (whole if tells_incident(reading.incidents) else [])
