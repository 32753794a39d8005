"""Numbers and dates in hostile text: a clean reading or none, never a crash or a wild value.

Counts end up in the store's integer columns and dates are resolved against a publication date,
so a count must be a non-negative integer the store can hold with low ≤ best ≤ high, a date must
not lie after publication, and every evidence span must point at the text it quotes.
"""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.language import Language

from khabar.extract.dates import PRECISIONS, resolve_date
from khabar.extract.events import extract_document
from khabar.extract.numbers import MAX_COUNT, Quantity, parse_quantity
from khabar.extract.types import Count, Evidence
from khabar.nlp.model import load_nlp

from .conftest import Budget


def _vocabulary(words: str) -> list[str]:
    return words.split()


QUANTITY_WORDS = _vocabulary(
    "a an the at least most more than fewer less no not none nobody one two three twelve "
    "fifteen twenty hundred thousand million billion dozen dozens scores tens hundreds "
    "thousands millions several few couple handful of and or to between from up as many over "
    "under about around nearly some estimated just well in excess upwards minus zero half "
    "score 0 1 5 7 15 -1 1,200 1.5 0.5 2,147,483,647 2147483648 99999999999 "
    "1e9 3-5 5-3 10,00 ,000 1,000,000,000,000 ½ ٣ ５"
)
SENTENCE_WORDS = _vocabulary(
    "Gunmen Taliban militants police soldiers killed wounded injured abducted kidnapped "
    "bombing attack stormed a checkpoint in Ghazni Mosul Kabul Syria on Monday Tuesday "
    "yesterday today last week month year ago days weeks since for 2019 2024 1800 10000 "
    "March 3 32 February 0 the night at least more than 15 dozens hundreds 99999999999 "
    "billion people civilians said officials , . ; - — ( ) \" '"
)
PUBLISHED = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def _phrases(words: list[str], size: int) -> st.SearchStrategy[str]:
    word = st.one_of(st.sampled_from(words), st.text(max_size=8))
    return st.lists(word, max_size=size).map(" ".join)


def _check_count(count: Quantity | Count) -> None:
    values = [count.low, count.best, count.high]
    assert all(value is None or 0 <= value <= MAX_COUNT for value in values), count
    known = [value for value in values if value is not None]
    assert known == sorted(known), count


def _check_evidence(evidence: Evidence, text: str) -> None:
    assert 0 <= evidence.start <= evidence.end <= len(text)
    assert text[evidence.start : evidence.end] == evidence.text


def test_numbers_quantities_are_storable_ranges_or_none(budget: Budget) -> None:
    @budget.settings("numbers")
    @given(_phrases(QUANTITY_WORDS, 7))
    def check(words: str) -> None:
        budget.seen("numbers")
        quantity = parse_quantity(words)
        if quantity is not None:
            _check_count(quantity)
            assert quantity.qualifier == " ".join(words.split())

    check()


def test_dates_resolve_on_or_before_publication(budget: Budget, nlp: Language) -> None:
    @budget.settings("dates")
    @given(_phrases(SENTENCE_WORDS, 14), PUBLISHED)
    def check(sentence: str, published: date | None) -> None:
        budget.seen("dates")
        doc = nlp(sentence)
        for sent in doc.sents:
            resolved = resolve_date(sent, published)
            if resolved is None:
                continue
            assert resolved.precision in PRECISIONS
            assert published is None or resolved.value <= published
            _check_evidence(resolved.evidence, doc.text)

    check()


def test_extract_reports_have_storable_counts_and_true_spans(budget: Budget, nlp: Language) -> None:
    @budget.settings("extract")
    @given(st.lists(_phrases(SENTENCE_WORDS, 16), min_size=1, max_size=4), PUBLISHED)
    def check(sentences: list[str], published: date | None) -> None:
        budget.seen("extract")
        doc = nlp(". ".join(sentences))
        extraction = extract_document(doc, published)
        for mention in extraction.mentions:
            assert doc.text[mention.start : mention.end] == mention.text
        for report in extraction.reports:
            _check_evidence(report.sentence, doc.text)
            if report.date is not None:
                _check_evidence(report.date.evidence, doc.text)
                assert published is None or report.date.value <= published
            for count in (
                report.casualties.killed,
                report.casualties.injured,
                report.casualties.abducted,
            ):
                if count is not None:
                    _check_count(count)

    check()
