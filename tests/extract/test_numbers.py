from __future__ import annotations

import pytest
from spacy.language import Language

from khabar.extract.numbers import Quantity, find_quantities, parse_quantity
from khabar.nlp.model import load_nlp


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def found(nlp: Language, text: str) -> list[tuple[str, int | None, int | None, int | None]]:
    doc = nlp(text)
    return [
        (m.span.text, m.quantity.low, m.quantity.best, m.quantity.high)
        for m in find_quantities(doc[:])
    ]


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("15", 15, 15, 15),
        ("1,200", 1200, 1200, 1200),
        ("fifteen", 15, 15, 15),
        ("twenty-three", 23, 23, 23),
        ("twenty three", 23, 23, 23),
        ("a hundred", 100, 100, 100),
        ("one hundred and five", 105, 105, 105),
        ("two", 2, 2, 2),
        ("1.5 million", 1_500_000, 1_500_000, 1_500_000),
        ("a total of 15", 15, 15, 15),
        ("both", 2, 2, 2),
    ],
)
def test_numbers_reads_exact_numbers(
    text: str, low: int | None, best: int | None, high: int | None
) -> None:
    assert parse_quantity(text) == Quantity(low, best, high, text)


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("a dozen", 12, 12, 12),
        ("half a dozen", 6, 6, 6),
        ("2 dozen", 24, 24, 24),
        ("two dozen", 24, 24, 24),
        ("dozens", 12, 12, None),
        ("several", 3, 3, None),
        ("a few", 3, 3, None),
        ("a couple of", 2, 2, None),
        ("scores", 24, 24, None),
        ("tens", 10, 10, None),
        ("hundreds", 100, 100, None),
        ("thousands", 1000, 1000, None),
        ("several hundred", 300, 300, None),
        ("a few dozen", 36, 36, None),
        ("tens of thousands", 10_000, 10_000, None),
        ("hundreds of thousands", 100_000, 100_000, None),
    ],
)
def test_numbers_reads_vague_quantities_as_conservative_floors(
    text: str, low: int | None, best: int | None, high: int | None
) -> None:
    assert parse_quantity(text) == Quantity(low, best, high, text)


@pytest.mark.parametrize(
    "text", ["many", "some", "numerous", "a number of", "an unknown number of", "a lot of"]
)
def test_numbers_keeps_words_of_unknown_pluralities(text: str) -> None:
    assert parse_quantity(text) == Quantity(None, None, None, text)


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("more than 100", 101, 101, None),
        ("over 100", 101, 101, None),
        ("upwards of 100", 101, 101, None),
        ("at least 15", 15, 15, None),
        ("no fewer than 15", 15, 15, None),
        ("two or more", 2, 2, None),
        ("up to 30", None, 30, 30),
        ("as many as 30", None, 30, 30),
        ("at most 30", None, 30, 30),
        ("fewer than 10", None, 9, 9),
        ("about 40", None, 40, None),
        ("around 40", None, 40, None),
        ("nearly 40", None, 40, None),
        ("some 40", None, 40, None),
        ("an estimated 2,000", None, 2000, None),
        ("at least a dozen", 12, 12, None),
        ("more than a dozen", 13, 13, None),
        ("at least dozens", 12, 12, None),
    ],
)
def test_numbers_applies_qualifiers(
    text: str, low: int | None, best: int | None, high: int | None
) -> None:
    assert parse_quantity(text) == Quantity(low, best, high, text)


@pytest.mark.parametrize(
    "text", ["between 5 and 7", "5 to 7", "5-7", "5 – 7", "five or seven", "from 5 to 7"]
)
def test_numbers_reads_ranges_as_low_best_high(text: str) -> None:
    assert parse_quantity(text) == Quantity(5, 5, 7, text)


@pytest.mark.parametrize("text", ["no", "none", "nobody", "no one", "No one"])
def test_numbers_reads_none_as_zero(text: str) -> None:
    assert parse_quantity(text) == Quantity(0, 0, 0, text)


@pytest.mark.parametrize(
    "text", ["", "a", "people", "and", "five and six", "7-5", "1.5", "the first", "dozen of"]
)
def test_numbers_rejects_what_is_no_quantity(text: str) -> None:
    assert parse_quantity(text) is None


def test_numbers_keeps_original_words_and_normalises_spaces() -> None:
    quantity = parse_quantity("More  than\n100")
    assert quantity == Quantity(101, 101, None, "More than 100")


def test_numbers_finds_quantities_in_a_sentence(nlp: Language) -> None:
    text = "Militants killed more than 100 people and burned at least 60 homes."
    assert found(nlp, text) == [("more than 100", 101, 101, None), ("at least 60", 60, 60, None)]


def test_numbers_finds_word_and_vague_quantities(nlp: Language) -> None:
    text = "Twenty-three soldiers were killed and dozens of civilians wounded."
    assert found(nlp, text) == [("Twenty-three", 23, 23, 23), ("dozens", 12, 12, None)]


def test_numbers_finds_ranges_in_a_sentence(nlp: Language) -> None:
    assert found(nlp, "Between 5 and 7 people were killed.") == [("Between 5 and 7", 5, 5, 7)]
    assert found(nlp, "Police said 5-7 people were killed.") == [("5-7", 5, 5, 7)]


def test_numbers_skips_ages_dates_units_and_money(nlp: Language) -> None:
    text = (
        "On 5 March 2015 a 15-year-old boy walked 20 km and paid $300 for a 2-day pass "
        "during the 30-member delegation's visit in 2016."
    )
    assert found(nlp, text) == []


def test_numbers_splits_changes_from_one_count_to_another(nlp: Language) -> None:
    text = "The death toll rose from 15 to 23."
    assert [q[0] for q in found(nlp, text)] == ["15", "23"]


def test_numbers_finds_zero_quantities(nlp: Language) -> None:
    assert found(nlp, "No one was hurt.") == [("No one", 0, 0, 0)]
    assert found(nlp, "There were no casualties.") == [("no", 0, 0, 0)]


def test_numbers_match_spans_are_doc_tokens(nlp: Language) -> None:
    doc = nlp("Officials gave no figures. Later, at least 15 people were reported dead.")
    second = list(doc.sents)[1]
    (match,) = find_quantities(second)
    assert match.span.text == "at least 15"
    assert doc.text[match.span.start_char : match.span.end_char] == "at least 15"


def test_numbers_reads_a_headline_dozen_without_its_article(nlp: Language) -> None:
    assert found(nlp, "Airstrikes kill dozen rebels") == [("dozen", 12, 12, 12)]


def test_numbers_skips_the_parts_of_a_written_date(nlp: Language) -> None:
    assert found(nlp, 'AFP 2001-03-28 "Officer killed in landmine explosion') == []
    assert found(nlp, "30 Oct 12-One killed in west Burma") == [("One", 1, 1, 1)]
