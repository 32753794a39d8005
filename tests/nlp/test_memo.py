from __future__ import annotations

from spacy.tokens import Span

from khabar.nlp.memo import (
    doc_ents,
    doc_span,
    doc_text,
    ents_in,
    forget,
    lemmas,
    per_span,
    remembered,
    span_text,
    token_tags,
)
from khabar.nlp.model import load_nlp


def test_memo_reads_what_the_doc_gives() -> None:
    doc = load_nlp()("Gunmen killed 5 soldiers in Kabul on Monday.\nThe Taliban denied it.")
    assert doc_text(doc) == doc.text
    assert doc_ents(doc) == tuple(doc.ents)
    for sent in doc.sents:
        assert ents_in(sent) == list(sent.ents)
    first = next(iter(doc.sents))
    assert {"kill", "soldier", "gunman"} <= lemmas(first)


def test_memo_computes_once_per_doc_and_span() -> None:
    nlp = load_nlp()
    doc, other = nlp("One two three."), nlp("One two three.")
    calls: list[int] = []

    @per_span
    def length(span: Span) -> int:
        calls.append(1)
        return len(span)

    assert length(doc[0:2]) == length(doc[0:2]) == 2
    assert len(calls) == 1
    length(doc[1:2])
    length(other[0:2])
    assert len(calls) == 3
    assert remembered(doc, "key", lambda: 1) == remembered(doc, "key", lambda: 2) == 1
    forget(doc)
    assert remembered(doc, "key", lambda: 2) == 2
    assert remembered(doc, "sum", lambda a, b: a + b, 1, 2) == 3  # arguments passed on


def test_memo_span_text_is_the_spans_text() -> None:
    doc = load_nlp()("KABUL —\nGunmen killed 5 soldiers  in Kabul.\n\nThe Taliban denied it. ")
    spans = [*doc.sents, doc[0:0], doc[2:5], doc[len(doc) - 1 :], doc[:]]
    for span in spans:
        assert span_text(span) == span.text


def test_memo_doc_span_is_the_docs_slice() -> None:
    doc = load_nlp()("Gunmen killed 5 soldiers in Kabul on Monday.")
    n = len(doc)
    for start, end in [(0, 0), (2, 5), (0, n), (n, n), (5, 2), (-3, n), (2, -1), (-20, 3), (3, 99)]:
        span, sliced = doc_span(doc, start, end), doc[start:end]
        assert (span.start, span.end) == (sliced.start, sliced.end)
        assert span.text == sliced.text


def test_memo_reads_tags_and_the_text_the_nlp_stage_kept() -> None:
    text = "KABUL —\nGunmen killed 5 soldiers."
    doc = load_nlp()(text)
    assert token_tags(doc) == tuple(token.tag_ for token in doc)
    assert "text" in doc.user_data["khabar.memo"]  # the dateline component kept it
    assert doc_text(doc) == text


def test_memo_ents_in_holds_only_entities_wholly_inside() -> None:
    doc = load_nlp()("Gunmen killed 5 soldiers in New York City on Monday morning, police said.")
    assert any(len(ent) > 1 for ent in doc.ents)
    for start in range(len(doc) + 1):
        for end in range(start, len(doc) + 1):
            assert ents_in(doc[start:end]) == list(doc[start:end].ents)
