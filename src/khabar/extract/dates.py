"""When an event happened, resolved against the document's publication date.

Rules (wire style):
- A weekday ("on Tuesday", "late Friday", "Tuesday night") is the most recent such day on or
  before publication: AP style writes the weekday instead of "today", so an article published on
  a Tuesday that says "on Tuesday" means that day; "last Tuesday" is strictly before it.
- "today", "yesterday", "last night", "two days ago", "on March 3" and "3 March 2026" have
  precision `day`; "last week", "this week", "three weeks ago" `week` (value: the Monday);
  "earlier this month", "last month", "in March" `month` (value: the 1st); "in 2019", "last year"
  `year` (value: 1 January). Other phrasings go to dateparser 1.5.0 with
  RELATIVE_BASE = publication date and PREFER_DATES_FROM = "past" (a year alone or with its
  month, "2017", "March 2017", is read as dateparser reads it, without its cost).
- A month and day without a year ("on March 19") is in the publication year, as wire style writes
  the year only for another one: one still to come is no event date, except at the turn of the
  year ("December 30" in a story of 5 January is last year's).
- A range of dates ("November 1st – November 14th, 2021", "3-9 March", "between January and
  March", "from Monday to Wednesday") is its first day when it spans at most three days, else the
  week, month or year that holds it: a long range is a period an event lies somewhere in (a
  bulletin's "period of November 1st – November 14th"), and one across years tells no date.
- "the same day", "that day", "later that night" refer back: they are the day of the incident
  told before (`resolve_date`'s `earlier`, day precision only), and nothing without one.
- Durations ("for 20 years", "since 2001", "the past decade", "in about a year", "three times in
  a day", "a 32-year-old"), a date inside a phrase a span's bound governs ("since the start of
  the escalation in late December"), deadlines ("no group had claimed it by Sunday morning"), a
  day counted within a campaign ("on the 71st day of the offensive") and a bare number the model
  labels a date ("rises to 54") are not dates.
- Numeric dates: "2021-03-14", and "03/14/2021" read month first (as GTD and US outlets
  write them) unless the first number cannot be a month ("14/03/2021").
- A date after publication is discarded (reports tell the past); without a publication date only
  text with a written year is resolved, since a relative date would depend on today's clock.
- No date in the sentence gives None: khabar does not invent one here, and the store falls back to
  the document's publication date.
"""

from __future__ import annotations

import calendar
import functools
import re
from datetime import date, datetime, timedelta

from dateparser.date import DateDataParser
from spacy.tokens import Span

from khabar.extract.types import DateValue, Evidence
from khabar.nlp.memo import ents_in, lowers, remembered, span_text

EXTRACTOR = "dates@7"

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
PRECISIONS = ("day", "week", "month", "year")
"""Finest first."""
Bound = tuple[date, str]
"""A resolved date and its precision."""
_PERIODS = {"time": "day", "part_of_day": "day"} | {p: p for p in PRECISIONS}
"""dateparser's periods as khabar precisions."""
_COUNT_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    "several|few|many|some"
)
"""Counts of days or years told in words: "after four days of attacks" is a span, not "four days
ago" (dateparser's reading)."""
_DURATION = re.compile(
    r"\b(since|for|over|during|past|until|till|decades?|centur(y|ies)|old|age|aged)\b"
    r"|\b(\d+|" + _COUNT_WORDS + r")\s*-?\s*(years?|months?|weeks?|days?)\b(?!\s+ago)"
    r"|\b(years?|months?|weeks?|days?)\s*-\s*long\b"
    r"|\b(an?|one)\s+(years?|months?|weeks?|days?|decades?)\b(?!\s+ago)",
    re.IGNORECASE,
)
_COUNTED = re.compile(
    r"^\W*\d{1,3}\W*$|\b(\d+(st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|"
    r"ninth|tenth)\s+(day|night|week|month|year)\b",
    re.IGNORECASE,
)
"""A day counted within a period ("the 71st day of the campaign", "the second day of
escalation"), or a bare number, which dateparser would read as a year ("54" as 1954)."""
_TWO_DAYS = re.compile(r"\b(\d{1,2})(st|nd|rd|th)?\s*/\s*\d{1,2}(st|nd|rd|th)?\b(?!\s*/)")
"""A night told by its two days ("July 23rd/24th"): the first is the date (dateparser reads the
second as a year, 1924)."""
_ORDINAL_DAY = re.compile(r"^(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)$", re.IGNORECASE)
"""A day of the month told by its ordinal alone ("on the 14th"): the publication month's, or the
month before's when that day is still to come (dateparser read "the 1st" as January)."""
_DURATION_PREPOSITIONS = frozenset({"since", "for", "until", "till", "through", "throughout", "by"})
"""Prepositions before a date that make it a span or a deadline ("by Sunday morning"), not the
day something happened."""
_SPAN_BOUNDS = frozenset({"since", "until", "till"})
"""Words that make a date further down their phrase the bound of a span: "since the start of the
escalation in late December 2017" dates a cumulative toll's count, "the worst attack since the
bombing of the market in May" an earlier attack. A span that began on the publication day ("since
the dawn of today") lies within that day, which it still tells."""
_CLAUSE_HEADS = frozenset({"VERB", "AUX"})
_RANGE_JOINS = frozenset({"-", "–", "—", "to", "through", "until", "till"})
"""What joins a range's two dates ("November 1st – November 14th, 2021"); "and" does too after
"between" ("between March 3 and March 20"), and otherwise joins two dates of their own."""
_RANGE = re.compile(
    r"^(?:(?P<between>between)\s+|from\s+)?(?P<a>.+?)(?:st|nd|rd|th)?"
    r"(?:\s*[-–—]\s*|\s+(?P<join>to|through|until|till|and)\s+)(?P<b>.+)$",
    re.IGNORECASE,
)
_SHORT_RANGE = timedelta(days=3)
"""A range of at most this many days tells one happening by its first day ("July 18th-19th",
"from Monday to Wednesday"); a longer one is a period the event lies somewhere in (a report
"covering November 1st – November 14th")."""
_MONTH = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b", re.IGNORECASE)
_YEAR_TURN = timedelta(days=92)
"""How far back a month and day told without a year may lie in the year before publication.
Wire style writes the year only for another year than the current one, so "on March 19" in a
story of 15 February is a date to come, not last March; writers still omit it at the turn of
the year ("on December 30" in a story of 5 January)."""
_THIS = re.compile(r"\b(earlier|later)?\s*this\s+(week|month|year)\b", re.IGNORECASE)
_LAST = re.compile(r"\blast\s+(week|month|year)\b", re.IGNORECASE)
_WEEKDAY = re.compile(r"\b(last\s+)?(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMERIC = re.compile(
    r"\b(?:(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)"
    r"|(?P<iy>(?:19|20)\d\d)-(?P<im>\d\d)-(?P<id>\d\d))\b"
)
_SAME_DAY = re.compile(
    r"\b(?:the\s+same|that)\s+(?:day|night|morning|afternoon|evening)\b", re.IGNORECASE
)
_SIMPLE_WORDS = frozenset({"today", "yesterday", "tonight"} | set(WEEKDAYS))
_MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_NUMBERS = {
    name: number for number, month in enumerate(_MONTHS, 1) for name in (month, month[:3])
}
_PLAIN = re.compile(r"(?:(?P<month>[a-z]{3,9}) +)?(?P<year>1[89]\d\d|20\d\d)", re.A | re.I)
"""A year alone ("2017") or after a month ("March 2017", "DEC 2017"): the phrases dateparser is
most often asked, which it reads as the year's or the month's first day (`_plain`)."""


def resolve_date(
    sent: Span, published: date | None, earlier: DateValue | None = None
) -> DateValue | None:
    """The finest-grained date told in `sent`, first in text on a tie; None when there is none.
    `earlier` is the date of the incident told before, which "the same day" refers back to."""
    if isinstance(published, datetime):
        published = published.date()
    best: DateValue | None = None
    forms = lowers(sent.doc)
    for span in _date_spans(sent):
        before = forms[span.start - 1] if span.start > sent.start else ""
        if before in _DURATION_PREPOSITIONS:
            continue
        text = span_text(span)
        if _ORDINAL_DAY.match(text) and span.root.head.i >= span.end:
            continue  # an ordinal that counts what follows: "the 1st bombing", "the 3rd brigade"
        # A document repeats its dates ("in 2017" in a headline and the lead), and dateparser
        # costs about a millisecond a phrase: each is resolved once per document.
        told = f"{before} {text}" if before == "between" else text
        value = remembered(sent.doc, (_resolve, told, published), _resolve, told, published)
        if value is None:
            continue
        day, precision = value
        if (day, precision) != (published, "day") and _bounds_span(span):
            continue  # "since the dawn of today" still tells today
        if best is None or PRECISIONS.index(precision) < PRECISIONS.index(best.precision):
            evidence = Evidence(
                start=span.start_char,
                end=span.end_char,
                text=text,
                extractor=EXTRACTOR,
            )
            best = DateValue(value=day, precision=precision, evidence=evidence)
    return best or _same_day(sent, earlier)


def _bounds_span(span: Span) -> bool:
    """Whether a span bound (`_SPAN_BOUNDS`) governs the date's phrase: its heads are walked up
    to the first verb, so a bound in another clause of the sentence does not count."""
    token = span.root
    while token.head.i != token.i and token.head.pos_ not in _CLAUSE_HEADS:
        token = token.head
        if token.lower_ in _SPAN_BOUNDS:
            return True
    return False


def _same_day(sent: Span, earlier: DateValue | None) -> DateValue | None:
    """ "In a separate incident the same day, ...": `earlier`'s day, when it has one."""
    if earlier is None or earlier.precision != "day":
        return None
    match = _SAME_DAY.search(span_text(sent))
    if match is None:
        return None
    start = sent.start_char + match.start()
    evidence = Evidence(start, start + len(match.group()), match.group(), EXTRACTOR)
    return DateValue(value=earlier.value, precision="day", evidence=evidence)


def _date_spans(sent: Span) -> list[Span]:
    """spaCy DATE entities, plus bare "yesterday"/weekday tokens the model left unlabelled."""
    spans = [ent for ent in ents_in(sent) if ent.label_ == "DATE"]
    for match in _NUMERIC.finditer(span_text(sent)):
        span = sent.doc.char_span(
            sent.start_char + match.start(), sent.start_char + match.end(), alignment_mode="expand"
        )
        if span is not None and not any(s.start < span.end and span.start < s.end for s in spans):
            spans.append(span)
    forms = lowers(sent.doc)
    spans += [
        sent.doc[i : i + 1]
        for i in range(sent.start, sent.end)
        if forms[i] in _SIMPLE_WORDS and sent.doc[i].ent_type_ != "DATE"
    ]
    return _joined_ranges(sorted(spans, key=lambda span: span.start), forms)


def _joined_ranges(spans: list[Span], forms: tuple[str, ...]) -> list[Span]:
    """`spans` with two dates that one word joins into a range (`_RANGE_JOINS`) made one span,
    since the model often labels each end apart ("November 2020 – September 2021")."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last is not None and span.start == last.end + 1:
            join = forms[last.end]
            between = "between" in forms[max(last.start - 1, 0) : last.start + 1]
            if join in _RANGE_JOINS or (join == "and" and between):
                joined[-1] = span.doc[last.start : span.end]
                continue
        joined.append(span)
    return joined


def _resolve(text: str, published: date | None) -> tuple[date, str] | None:
    if (bounds := _range_bounds(text, published)) is not None:
        return _spanned(*bounds)
    if _DURATION.search(text) or _COUNTED.search(text):
        return None
    if published is None:
        if not _YEAR.search(text):
            return None
        return _numeric(text) or _with_dateparser(text, None)
    lowered = text.lower()
    resolved = _numeric(text) or _relative(lowered, published) or _with_dateparser(text, published)
    if resolved is None or resolved[0] > published or _to_come(text, resolved, published):
        return None
    return resolved


def _to_come(text: str, resolved: Bound, published: date) -> bool:
    """A month and day without a year that would still be to come this year (`_YEAR_TURN`),
    which dateparser puts in the year before."""
    day, precision = resolved
    return (
        precision == "day"
        and day.year < published.year
        and published - day > _YEAR_TURN
        and _MONTH.search(text) is not None
        and _YEAR.search(text) is None
    )


def _range_bounds(text: str, published: date | None) -> tuple[Bound, Bound] | None:
    """The two ends of a range of dates, or None when `text` is not one. Each end takes what
    it leaves out from the other: the first the second's month and year ("3-9 March 2021") or
    year ("November 1st – November 14th, 2021"), the second the first's month ("March 3-4",
    "July 18th-19th 2017")."""
    match = _RANGE.match(text.strip())
    if match is None or _NUMERIC.search(text):
        return None  # "2021-03-14" is one date
    if (match.group("join") or "").lower() == "and" and not match.group("between"):
        return None
    first, second = match.group("a"), match.group("b")
    if _MONTH.search(second) is None and (month := _MONTH.search(first)) is not None:
        second = f"{month.group()} {second}"
    last = _resolve(second, published)
    if last is None:
        return None
    if first.isdigit():
        try:
            return (last[0].replace(day=int(first)), "day"), last
        except ValueError:
            return None
    if _YEAR.search(first) is None and (year := _YEAR.search(second)) is not None:
        first = f"{first} {year.group()}"
    start = _resolve(first, published)
    return (start, last) if start is not None else None


def _spanned(first: Bound, last: Bound) -> Bound | None:
    """What a range tells: its first day when it is short (`_SHORT_RANGE`), else the week,
    month or year holding both ends, and nothing when they lie in different years."""
    start, end = first[0], end_of(*last)
    if start > end:
        return None
    if end - start <= _SHORT_RANGE:
        return first
    for precision in PRECISIONS[1:]:
        if start_of(start, precision) == start_of(end, precision):
            return start_of(start, precision), precision
    return None


def _numeric(text: str) -> tuple[date, str] | None:
    match = _NUMERIC.fullmatch(text.strip())
    if match is None:
        return None
    if match.group("iy"):
        year, month, day = (int(match.group(g)) for g in ("iy", "im", "id"))
    else:
        first, second, year = (int(match.group(g)) for g in ("a", "b", "y"))
        month, day = (second, first) if first > 12 else (first, second)
    try:
        return date(year, month, day), "day"
    except ValueError:
        return None


def _relative(text: str, published: date) -> tuple[date, str] | None:
    """The wire-style relative phrases dateparser gets wrong or does not read."""
    if match := _ORDINAL_DAY.match(text.strip()):
        return _day_of_month(int(match.group(1)), published)
    if "yesterday" in text or "last night" in text:
        return published - timedelta(days=1), "day"
    if "today" in text or "tonight" in text or "this morning" in text:
        return published, "day"
    if match := _THIS.search(text):
        return start_of(published, match.group(2)), match.group(2)
    if match := _LAST.search(text):
        unit = match.group(1)
        if unit == "week":
            return start_of(published - timedelta(days=7), "week"), "week"
        if unit == "month":
            return start_of(published.replace(day=1) - timedelta(days=1), "month"), "month"
        return date(published.year - 1, 1, 1), "year"
    match = _WEEKDAY.search(text)
    if match and not re.search(r"\d", text):
        back = (published.weekday() - WEEKDAYS.index(match.group(2).lower())) % 7
        if match.group(1) and back == 0:
            back = 7
        return published - timedelta(days=back), "day"
    return None


def _day_of_month(day: int, published: date) -> tuple[date, str] | None:
    """The latest `day` of a month on or before `published`, if it is within the two months."""
    month_start = published.replace(day=1)
    for start in (month_start, (month_start - timedelta(days=1)).replace(day=1)):
        try:
            told = start.replace(day=day)
        except ValueError:
            continue
        if told <= published:
            return told, "day"
    return None


def _with_dateparser(text: str, published: date | None) -> tuple[date, str] | None:
    stripped = re.sub(
        r"^(on|in|at|by|from|early|late|earlier|later)\s+", "", text.strip(), flags=re.I
    )
    stripped = _TWO_DAYS.sub(r"\1\2", stripped)
    if (plain := _plain(stripped)) is not None:
        return plain
    data = _parser(published).get_date_data(stripped)
    if data.date_obj is None or data.period not in _PERIODS:
        return None
    precision = _PERIODS[data.period]
    return start_of(data.date_obj.date(), precision), precision


def _plain(text: str) -> Bound | None:
    """A year or a month of a year (`_PLAIN`) read without dateparser, as it reads them: it
    costs about a millisecond a phrase."""
    match = _PLAIN.fullmatch(text)
    if match is None:
        return None
    year = int(match.group("year"))
    if match.group("month") is None:
        return date(year, 1, 1), "year"
    month = _MONTH_NUMBERS.get(match.group("month").lower())
    return (date(year, month, 1), "month") if month is not None else None


@functools.lru_cache(maxsize=32)
def _parser(published: date | None) -> DateDataParser:
    """One parser per publication date (building one costs more than parsing with it)."""
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True}
    if published is not None:
        settings["RELATIVE_BASE"] = datetime(published.year, published.month, published.day)
    return DateDataParser(languages=["en"], settings=settings)


def end_of(day: date, precision: str | None) -> date:
    """The last day of the week, month or year that starts on `day` (a date of that precision
    stands for its first day); `day` itself for any other precision."""
    if precision == "week":
        return day + timedelta(days=6)
    if precision == "month":
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    if precision == "year":
        return date(day.year, 12, 31)
    return day


def start_of(day: date, precision: str) -> date:
    """The first day of the week (Monday), month or year containing `day`."""
    if precision == "week":
        return day - timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return date(day.year, 1, 1)
    return day
