from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from khabar.extract.dates import EXTRACTOR, _parser, _plain, resolve_date, start_of

WEDNESDAY = date(2026, 5, 13)


def resolve(nlp: Language, text: str, published: date | None = WEDNESDAY) -> tuple[date, str]:
    value = resolve_date(next(iter(nlp(text).sents)), published)
    assert value is not None
    return value.value, value.precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A bomb exploded on Tuesday.", (date(2026, 5, 12), "day")),
        ("A bomb exploded on Wednesday.", (date(2026, 5, 13), "day")),
        ("A bomb exploded on Friday.", (date(2026, 5, 8), "day")),
        ("Militants attacked last Wednesday.", (date(2026, 5, 6), "day")),
        ("Gunmen attacked late Friday.", (date(2026, 5, 8), "day")),
        ("The attack happened yesterday.", (date(2026, 5, 12), "day")),
        ("The clash was on March 3.", (date(2026, 3, 3), "day")),
        ("The clash was on 3 March 2026.", (date(2026, 3, 3), "day")),
        ("Fighting raged last week.", (date(2026, 5, 4), "week")),
        ("Earlier this month, gunmen killed three people.", (date(2026, 5, 1), "month")),
        ("Attacks rose last month.", (date(2026, 4, 1), "month")),
        ("The group was founded in 2019.", (date(2019, 1, 1), "year")),
        ("Attacks in June killed many.", (date(2025, 6, 1), "month")),
        ("Gunmen attacked the village four days ago.", (date(2026, 5, 9), "day")),
    ],
)
def test_dates_resolve_against_publication(
    nlp: Language, text: str, expected: tuple[date, str]
) -> None:
    assert resolve(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Militants killed ten people.",
        "He has fought for 20 years.",
        "A 32-year-old man was killed.",
        "Fighting since 2001 has killed thousands.",
    ],
)
def test_dates_without_a_date_give_none(nlp: Language, text: str) -> None:
    assert resolve_date(next(iter(nlp(text).sents)), WEDNESDAY) is None


def test_dates_without_publication_need_a_written_year(nlp: Language) -> None:
    sent = next(iter(nlp("A bomb exploded on Tuesday.").sents))
    assert resolve_date(sent, None) is None
    assert resolve(nlp, "The clash was on 3 March 2026.", None) == (date(2026, 3, 3), "day")


def test_dates_prefer_the_finest_precision(nlp: Language) -> None:
    assert resolve(nlp, "Last month's campaign peaked on Friday.") == (date(2026, 5, 8), "day")


def test_dates_evidence_points_into_the_text(nlp: Language) -> None:
    doc = nlp("Police said gunmen attacked a checkpoint on Monday night.")
    value = resolve_date(next(iter(doc.sents)), WEDNESDAY)
    assert value is not None
    assert value.value == date(2026, 5, 11)
    assert doc.text[value.evidence.start : value.evidence.end] == value.evidence.text
    assert "Monday" in value.evidence.text
    assert value.evidence.extractor == EXTRACTOR


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Shelling raised the toll to more than 390 since the start of the escalation in late "
            "December 2025.",
            None,
        ),
        ("The toll has risen to 500 since the beginning of the offensive on March 3.", None),
        ("Clashes continued until the end of the truce on Friday.", None),
        (
            "Gunmen killed five people on Tuesday, the worst attack since the bombing of the "
            "market in March.",
            (date(2026, 5, 12), "day"),
        ),
        ("Since the talks failed, gunmen attacked the town on Monday.", (date(2026, 5, 11), "day")),
        ("Shelling has killed 13 since the dawn of today.", (WEDNESDAY, "day")),
    ],
)
def test_dates_a_date_a_span_bound_governs_is_not_the_event_date(
    nlp: Language, text: str, expected: tuple[date, str] | None
) -> None:
    value = resolve_date(next(iter(nlp(text).sents)), WEDNESDAY)
    assert (value.value, value.precision) == expected if value else expected is None


def test_dates_a_deadline_is_not_the_event_date(nlp: Language) -> None:
    sent = next(iter(nlp("No group had claimed the attack by Thursday morning.").sents))
    assert resolve_date(sent, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("05/11/2026: Gunmen attacked a checkpoint.", date(2026, 5, 11)),
        ("04/05/2026: Gunmen attacked a checkpoint.", date(2026, 4, 5)),
        ("13/05/2026: Gunmen attacked a checkpoint.", date(2026, 5, 13)),
        ("On 2026-05-10 gunmen attacked a checkpoint.", date(2026, 5, 10)),
    ],
)
def test_dates_numeric_dates_read_month_first_unless_impossible(
    nlp: Language, text: str, expected: date
) -> None:
    assert resolve(nlp, text) == (expected, "day")
    assert resolve(nlp, text, None) == (expected, "day")


def test_dates_numeric_dates_that_are_no_day_or_in_the_future_give_none(nlp: Language) -> None:
    sent = next(iter(nlp("13/13/2026: Gunmen attacked a checkpoint.").sents))
    assert resolve_date(sent, WEDNESDAY) is None
    later = next(iter(nlp("05/20/2026: Gunmen attacked a checkpoint.").sents))
    assert resolve_date(later, WEDNESDAY) is None


def test_dates_the_same_day_is_the_earlier_incidents_day(nlp: Language) -> None:
    sent = next(iter(nlp("Later that day, gunmen attacked a convoy near Kidal.").sents))
    earlier = resolve_date(next(iter(nlp("A bomb exploded on Monday.").sents)), WEDNESDAY)
    assert earlier is not None
    same = resolve_date(sent, WEDNESDAY, earlier)
    assert same is not None
    assert (same.value, same.precision, same.evidence.text) == (
        date(2026, 5, 11),
        "day",
        "that day",
    )
    assert resolve_date(sent, WEDNESDAY) is None


@pytest.mark.parametrize(
    "text",
    [
        "Dozens were killed on the 71st day of the campaign.",
        "Clashes went on for the second day of the offensive.",
        "The warplanes bombed Daraa for the first time in about a year.",
        "The number of casualties rises to 54.",
        "After four days of intense attacks, the group holds the city.",
        "Several months of shelling have emptied the town.",
    ],
)
def test_dates_counted_days_durations_and_bare_numbers_are_no_dates(
    nlp: Language, text: str
) -> None:
    assert resolve_date(next(iter(nlp(text).sents)), WEDNESDAY) is None


def test_dates_a_night_told_by_two_days_is_the_first(nlp: Language) -> None:
    assert resolve(nlp, "Airstrikes hit Raqqa on the night of May 3rd/4th.") == (
        date(2026, 5, 3),
        "day",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Clashes broke out on the 1st, killing 4.", (date(2026, 5, 1), "day")),
        ("Fighting erupted again on the 13th in Homs.", (date(2026, 5, 13), "day")),
        ("Gunmen stormed the village on the 20th.", (date(2026, 4, 20), "day")),
    ],
)
def test_dates_an_ordinal_day_alone_is_the_latest_such_day(
    nlp: Language, text: str, expected: tuple[date, str]
) -> None:
    assert resolve(nlp, text) == expected


def test_dates_an_ordinal_that_counts_what_follows_is_no_date(nlp: Language) -> None:
    sentence = next(iter(nlp("Syria: the 1st bombing of Aleppo kills 12").sents))
    assert resolve_date(sentence, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Fighting on May 3-4 killed 20 people.", (date(2026, 5, 3), "day")),
        ("Airstrikes on July 18th-19th 2025 killed ten.", (date(2025, 7, 18), "day")),
        ("Clashes from Monday to Wednesday killed 20 people.", (date(2026, 5, 11), "day")),
        ("Clashes on 1-20 March 2026 killed 20.", (date(2026, 3, 1), "month")),
        ("Clashes from 1 to 20 March 2026 killed 20.", (date(2026, 3, 1), "month")),
        (
            "Brief for the period of November 1st – November 14th, 2025: attacks in Somalia",
            (date(2025, 11, 1), "month"),
        ),
        ("Fighting between March 3 and March 20 killed 20 people.", (date(2026, 3, 1), "month")),
        ("Clashes between January and March killed 20.", (date(2026, 1, 1), "year")),
    ],
)
def test_dates_a_range_is_its_first_day_or_the_period_holding_it(
    nlp: Language, text: str, expected: tuple[date, str]
) -> None:
    assert resolve(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Massacres in the Tigray War (November 2024 – September 2025)",
        "Attacks between 2014 and 2016 killed 200.",
        "Clashes from March 2024 to May 2025 killed 20.",
    ],
)
def test_dates_a_range_across_years_gives_none(nlp: Language, text: str) -> None:
    assert resolve_date(next(iter(nlp(text).sents)), WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Attacks on Monday and Tuesday killed 20.", (date(2026, 5, 11), "day")),
        ("Clashes on the night of 2026-03-14 killed 20.", (date(2026, 3, 14), "day")),
        ("A bomb exploded on Tuesday, to the horror of residents.", (date(2026, 5, 12), "day")),
    ],
)
def test_dates_two_dates_that_no_range_word_joins_stay_apart(
    nlp: Language, text: str, expected: tuple[date, str]
) -> None:
    assert resolve(nlp, text) == expected


def test_dates_a_month_and_day_without_a_year_still_to_come_is_no_date(nlp: Language) -> None:
    sent = next(iter(nlp("March 19, Irrawaddy: villagers flee fresh army offensive").sents))
    assert resolve_date(sent, date(2007, 2, 15)) is None
    assert resolve_date(next(iter(nlp("The clash was on June 3.").sents)), WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("The clash was on December 30.", date(2026, 1, 5), date(2025, 12, 30)),
        ("The clash was on November 20.", date(2026, 2, 10), date(2025, 11, 20)),
        ("The clash was on January 3.", WEDNESDAY, date(2026, 1, 3)),
    ],
)
def test_dates_a_month_and_day_without_a_year_is_this_year_or_at_the_year_turn(
    nlp: Language, text: str, published: date, expected: date
) -> None:
    assert resolve(nlp, text, published) == (expected, "day")


@pytest.mark.parametrize(
    "text",
    ["Burma Army attacked three times in a day.", "One day after the attack, gunmen returned."],
)
def test_dates_a_day_told_as_a_span_is_no_date(nlp: Language, text: str) -> None:
    assert resolve_date(next(iter(nlp(text).sents)), WEDNESDAY) is None


def test_dates_a_day_ago_is_still_a_date(nlp: Language) -> None:
    assert resolve(nlp, "Gunmen attacked the village a day ago.") == (date(2026, 5, 12), "day")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Militants seized the town in March 2019.", (date(2019, 3, 1), "month")),
        ("Gunmen attacked the base in Dec 2025.", (date(2025, 12, 1), "month")),
        ("The group was formed in 1850.", (date(1850, 1, 1), "year")),
    ],
)
def test_dates_a_year_or_a_month_of_a_year(
    nlp: Language, text: str, expected: tuple[date, str]
) -> None:
    assert resolve(nlp, text) == expected


@pytest.mark.parametrize("published", [None, WEDNESDAY, date(2017, 1, 1)])
def test_dates_a_year_or_a_month_is_read_as_dateparser_reads_it(published: date | None) -> None:
    """A year, or a month of a year, is read without dateparser (`_plain`), which costs about a
    millisecond a phrase, exactly as dateparser reads it."""
    months = ["March", "mar", "DEC", "September", "sep", "May", "jUNE"]
    for text in ["1850", "2017", "2026", "2027", *(f"{month} 2019" for month in months)]:
        data = _parser(published).get_date_data(text)
        assert data.date_obj is not None
        assert _plain(text) == (start_of(data.date_obj.date(), data.period), data.period)


@pytest.mark.parametrize("text", ["Sept 2017", "21 March 2017", "Mayo 2017", "1799", "2017 "])
def test_dates_other_phrases_with_a_year_are_left_to_dateparser(text: str) -> None:
    assert _plain(text) is None
