"""The pure rules of `cluster@13`: when a report fits an event, and how an event's fields are
merged from its reports. No database here, so every rule is tested on hand-made values.

A report fits an event when all of these hold (any unknown that cannot be checked blocks a
merge, except casualties and actors, which are often missing from one telling):

- documents: the event has no report from the report's document (a document's separate
  incidents stay apart, whatever they share);
- date: their windows overlap, or touch within `SLACK_DAYS` when both dates are told (time
  zones, "yesterday"); a day is itself, a publication date standing in for a missing one
  (`reported`) covers the day before it (news of a happening is out within a day; a later
  telling names its day), a week or month its whole span; a year, or no date, is too vague to
  merge on. The report's date must fit the event's merged date and each of its reports' dates,
  so undated reports a day apart do not chain an event along day after day. Two reports of
  one outlet, both dated to the day or both by publication, fit only on the same day
  (`same_news_day`);
- place: same country, and either both within `FINE_KM` of each other (by the coarser of the
  two precisions) when both are precise to a district or better, or the same first-level
  region when one is a province, or is a town written by its province's name (`Site.namesake`:
  "More human losses in Idlib" may mean Idlib city or Idlib province); a country alone, a
  region or an unresolved place is no site (`located`). A report telling one happening at
  several sites ("clashes in Homs and Idlib") fits by any of them, against any site of the
  event's reports;
- type: the same ACLED event type, or two violent types where one side is the generic
  sub-event ("Armed clash", "Attack") another outlet may tell as a specific one, or a change of
  territory, the outcome of fighting whose acts another outlet tells ("SDF advances on Hajin"
  and "French artillery shells Hajin"); a riot counts as violent here, since a mob's violence
  is told by one outlet as a riot and by another as clashes or an attack ("Violent riots mar
  presidential visit" and "Five Muslims killed in Myanmar clashes"), but not as a specific act
  such as an air strike, nor as a change of territory (`RIOT_TELLINGS`);
- casualties: for killed, injured and abducted, one count unknown, the two within
  `COUNT_SLACK` people or `COUNT_RATIO` of the larger (tolls grow as news comes in), or one
  count's range holding the other (rival reports: "at least 2", "dozens" and victims told with
  no number are open above, so they fit any larger toll); the event's merged count or any of
  its reports' counts may fit (a toll revised from 26 to 65 to 128 is one happening). Counts
  are not compared where both sites are towns or districts that fit (`same_town`): a town's toll
  is told in parts and grows for days ("Shells kill four children in govt-held Aleppo" and "12
  civilians killed by shells in Aleppo"; 82 killed in an attack's first 48 hours, 400 in a later
  count), so there the date, type and actors decide, as ACLED keeps one event per place, day,
  type and actors; between a province and anything, or where one side has no site, the counts
  still tell happenings apart, except that a report with no site finer than its country may
  be a tally of the day's happenings there ("74 were killed yesterday, including 20 members of
  the regime forces"), so its count fits every smaller one (`tolls_fit`);
- actors: no contradiction, i.e. the named perpetrators (registry actors, with their parents)
  of the two sides share one, or one side names none.

Among several fitting events the closest in date, then in distance, wins.

A report with no site (a headline naming no place, or only its country), or an event with
none, cannot be checked on place, so it fits only as the one event the rest allows
(`fits_unplaced`): everything above but the place holds, with no slack between two told dates
when neither side has a site, no country either side points to contradicts the other's,
something stands in for the place (`corroborates`), and no other event of those dates fits as
well. Of two or more such events it joins the one that shares clearly most with it
(`clearest`: told of the same day and, of the event type, the sub-event type, a killed figure
told on both sides, the very same figure and a named perpetrator, at least three in common, more
than any other); otherwise they are ambiguous and the report starts its own. The kind of
violence alone (type and sub-event type) is not enough: on a busy day many of a country's events
are air strikes or clashes, and a report telling neither a toll nor a perpetrator ("Violent
clashes in the southern banks of Euphrates") tells none of them apart.

A country is no site: in a country at war most days see several events, and a report that
names only the country ("Myanmar says 47 soldiers killed") tells none of them apart, so it
joins only the one event of its dates that fits it, like a report naming no place; a report
may be placed by several countries ("clashes near the China border"), any of which may be the
event's.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from khabar.geo.distance import haversine_km

MERGE_RULE = "ucdp-style@2"
"""An event merged from several reports: low = max of lows, high = max of highs, best = the
most credible report's best; date and place the most precise told, ties to the most credible.
An event sited below its country counts its dead (injured, abducted) from the reports sited
below their country where any of them tells a count (`local_counts`)."""

WINDOW_DAYS: dict[str, tuple[int, int]] = {
    "day": (0, 0),
    "reported": (-1, 0),
    "week": (0, 6),
    "month": (0, 30),
}
"""Days before and after a date that it may stand for, by precision (month: its last day at
most 30 days after its first, the actual end is computed)."""
SLACK_DAYS = 1
"""Added between two told dates only: a publication date standing in for a missing one
(`STAND_IN`) already covers the day before it."""
STAND_IN = "reported"
FINE_KM = {1: 25.0, 2: 50.0, 3: 75.0}
"""How far apart two sites of a precision (exact place, near a place, district) may be."""
ADMIN1_PRECISION = 4
COUNTRY_PRECISION = 5
TOLLS = ("killed", "injured", "abducted")
COUNT_SLACK = 3
COUNT_RATIO = 0.5
GENERIC_SUB_TYPES = frozenset(
    {"Armed clash", "Attack", "Government regains territory", "Non-state actor overtakes territory"}
)
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
RIOT = "Riots"
RIOT_TELLINGS = frozenset({"Armed clash", "Attack"})
"""The violent sub-events another outlet may tell a riot as: a mob's violence is clashes or an
attack to one outlet, never a specific act (an air strike, a bombing) nor a change of territory."""
CLEAR_AFFINITY = (True, 3)
"""The least `affinity` that picks one of several events a report with no site fits: the same
day and three things in common (a type, its sub-event type and a toll both tell; a type and
the very same toll; or a named perpetrator in place of one of them)."""
_DAILY = frozenset({"day", STAND_IN})
"""Date precisions that name one day (a publication date stands in for the day it tells)."""
DATE_RANK = {"day": 0, "week": 1, "month": 2, "reported": 3, "year": 4}
"""Most precise first; a `reported` date is only an upper bound, so it ranks below a month."""


@dataclass(frozen=True, slots=True)
class Count:
    low: int | None = None
    best: int | None = None
    high: int | None = None

    @property
    def point(self) -> int | None:
        """The single figure compared across reports: best, else low, else high."""
        for value in (self.best, self.low, self.high):
            if value is not None:
                return value
        return None


@dataclass(frozen=True, slots=True)
class Site:
    country: str
    admin1: str | None
    lat: float
    lon: float
    precision: int
    namesake: bool = False
    """A town told by a name that is also its first-level region's ("in Idlib", "Hama"; not
    "Idlib city"): the geocoder reads the town, but reporting means the province as often, so
    such a site fits any site of that region."""


@dataclass(frozen=True, slots=True)
class Facts:
    """What matching reads of a report, or of an event (merged fields, all its reports' documents
    and named perpetrators)."""

    documents: frozenset[int]
    event_type: str
    sub_event_type: str
    day: date | None
    date_precision: str | None
    site: Site | None
    killed: Count = Count()
    injured: Count = Count()
    abducted: Count = Count()
    perpetrators: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()
    """The countries of all its places, sites or not (a group's country, a nationality)."""
    sites: tuple[Site, ...] = ()
    """Every event site told, when a report tells one happening at several (an event: all of
    its reports')."""
    tellings: tuple[Facts, ...] = ()
    """An event's reports: a new report must fit each one's date, and may fit any one's counts."""
    outlets: frozenset[str] = frozenset()
    """The outlets that published it (an event: all of its reports')."""


def window(day: date | None, precision: str | None) -> tuple[date, date] | None:
    """The days a date may stand for; None when too vague to merge on."""
    if day is None or precision not in WINDOW_DAYS:
        return None
    before, after = WINDOW_DAYS[precision]
    if precision == "month":
        after = calendar.monthrange(day.year, day.month)[1] - day.day
    return day + timedelta(days=before), day + timedelta(days=after)


def candidate_dates(span: tuple[date, date]) -> tuple[date, date]:
    """The range of stored event dates whose window can overlap `span` (the blocking key)."""
    earliest = min(before for before, _ in WINDOW_DAYS.values())
    latest = max(after for _, after in WINDOW_DAYS.values())
    slack = timedelta(days=SLACK_DAYS)
    return span[0] - timedelta(days=latest) - slack, span[1] - timedelta(days=earliest) + slack


def dates_fit(a: Facts, b: Facts, *, slack_allowed: bool = True) -> bool:
    """Whether their windows overlap; `SLACK_DAYS` is added only between two told dates and where
    `slack_allowed` (one side has a site: without one, the day is all that tells two tolls of
    consecutive days apart)."""
    first, second = window(a.day, a.date_precision), window(b.day, b.date_precision)
    if first is None or second is None:
        return False
    told = slack_allowed and STAND_IN not in (a.date_precision, b.date_precision)
    slack = timedelta(days=SLACK_DAYS if told else 0)
    return first[0] <= second[1] + slack and second[0] <= first[1] + slack


def same_news_day(a: Facts, b: Facts) -> bool:
    """False for two reports of one outlet dated to different days at the same precision, a
    told day or a publication date standing in: an outlet reckons its days one way (no time
    zones between its reports, so no slack), and one that tells yesterday's happening again says
    "yesterday", so its undated story of the next day is the next day's news (the same town
    shelled again, the next daily toll), however much the two windows overlap."""
    return not (
        a.date_precision == b.date_precision
        and a.date_precision in (STAND_IN, "day")
        and a.day != b.day
        and a.outlets & b.outlets
    )


def distance_km(a: Site, b: Site) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)


def places_fit(a: Site | None, b: Site | None) -> bool:
    """Whether two sites may be one place; a country alone never is (see the module docstring)."""
    if a is None or b is None or a.country != b.country:
        return False
    coarse = max(a.precision, b.precision)
    same_region = a.admin1 is not None and a.admin1 == b.admin1
    if coarse in FINE_KM:
        near = distance_km(a, b) <= FINE_KM[coarse]
        return near or ((a.namesake or b.namesake) and same_region)
    return coarse == ADMIN1_PRECISION and same_region


def located(facts: Facts) -> bool:
    """Whether its site is finer than a country, i.e. one that `places_fit` can place."""
    return facts.site is not None and facts.site.precision < COUNTRY_PRECISION


def types_fit(a: Facts, b: Facts) -> bool:
    if a.event_type == b.event_type:
        return True
    if RIOT in (a.event_type, b.event_type):
        other = b if a.event_type == RIOT else a
        return other.event_type in VIOLENT_TYPES and other.sub_event_type in RIOT_TELLINGS
    return (
        a.event_type in VIOLENT_TYPES
        and b.event_type in VIOLENT_TYPES
        and (a.sub_event_type in GENERIC_SUB_TYPES or b.sub_event_type in GENERIC_SUB_TYPES)
    )


def counts_fit(a: Count, b: Count) -> bool:
    x, y = a.point, b.point
    if x is None or y is None:
        return True
    close = abs(x - y) <= max(COUNT_SLACK, COUNT_RATIO * max(x, y))
    return close or covers(a, y) or covers(b, x)


def covers(count: Count, value: int) -> bool:
    """Whether `value` lies within `count`'s range: from its low (else its point) up to its
    high, or without end when it has none ("at least 2", "dozens" say nothing against 40)."""
    low = count.low if count.low is not None else count.point
    if low is None or value < low:
        return False
    return count.high is None or value <= count.high


def actors_fit(a: Facts, b: Facts) -> bool:
    return not a.perpetrators or not b.perpetrators or bool(a.perpetrators & b.perpetrators)


def agrees(report: Facts, event: Facts, *, slack_allowed: bool = True, tolls: bool = True) -> bool:
    """Every check of `fits` but the place; the casualty counts only where `tolls`."""
    return (
        not report.documents & event.documents
        and dates_fit(report, event, slack_allowed=slack_allowed)
        and all(dates_fit(report, told, slack_allowed=slack_allowed) for told in event.tellings)
        and all(same_news_day(report, told) for told in event.tellings or (event,))
        and types_fit(report, event)
        and (not tolls or all(tolls_fit(report, event, name) for name in TOLLS))
        and actors_fit(report, event)
    )


def tolls_fit(report: Facts, event: Facts, name: str) -> bool:
    """Whether the report's count fits the event's merged one, or any one its reports told; a
    count told for a whole country bounds the event's instead (see the module docstring)."""
    mine = getattr(report, name)
    theirs = [getattr(told, name) for told in (event, *event.tellings)]
    if any(counts_fit(mine, count) for count in theirs):
        return True
    total = mine.point
    return (
        total is not None
        and not located(report)
        and all(count.point is None or count.point <= total for count in theirs)
    )


def same_town(a: Facts, b: Facts) -> bool:
    """Whether both sites are a town or district (`FINE_KM`), close enough to be one place: there
    the casualty counts are not compared (see the module docstring)."""
    if a.site is None or b.site is None:
        return False
    return max(a.site.precision, b.site.precision) in FINE_KM and places_fit(a.site, b.site)


def fits(report: Facts, event: Facts) -> bool:
    """Whether `report` tells the happening `event` stands for (see the module docstring)."""
    return agrees(report, event, tolls=not same_town(report, event)) and (
        places_fit(report.site, event.site)
        or any(places_fit(a, b) for a in report.sites for b in event.sites)
    )


def countries(facts: Facts) -> frozenset[str]:
    """Its site's country where it is `located`, else every country it names or points to."""
    if facts.site is not None and located(facts):
        return frozenset({facts.site.country})
    named = {facts.site.country} if facts.site is not None else set()
    return facts.countries | named


def corroborates(report: Facts, event: Facts) -> bool:
    """Whether something stands in for the place one side does not tell: the same named
    perpetrator, a shared country, the same event type (hence also the same sub-event type), or
    a toll told on both sides (which `agrees` has found to fit)."""
    return bool(
        report.perpetrators & event.perpetrators
        or countries(report) & countries(event)
        or report.event_type == event.event_type
        or (report.killed.point and event.killed.point)
    )


def fits_unplaced(report: Facts, event: Facts) -> bool:
    """Whether `report` may tell `event` though one side has no site (see the module docstring;
    `choose` adds that no other event may fit so)."""
    here, there = countries(report), countries(event)
    return (
        not (located(report) and located(event))
        and (not here or not there or bool(here & there))
        and agrees(report, event, slack_allowed=located(report) or located(event))
        and corroborates(report, event)
    )


def choose(report: Facts, events: Sequence[Facts]) -> int | None:
    """The index of the event `report` joins, or None when it starts one: the closest that
    `fits`, else the only one that `fits_unplaced`, else the one of those it clearly shares
    most with (`clearest`)."""
    fitting = [i for i, event in enumerate(events) if fits(report, event)]
    if fitting:
        return min(fitting, key=lambda index: closeness(report, events[index]))
    unplaced = [i for i, event in enumerate(events) if fits_unplaced(report, event)]
    if len(unplaced) == 1:
        return unplaced[0]
    return clearest(report, events, unplaced)


def clearest(report: Facts, events: Sequence[Facts], among: Sequence[int]) -> int | None:
    """The index, in `among`, of the event whose `affinity` with `report` beats every other's
    and reaches `CLEAR_AFFINITY`; None when no one stands out that way. On a busy day several
    events of a country fit a report that names no place; one told of the same day, as the same
    kind of violence, with the same toll or perpetrator, is the one it tells, while a report
    sharing no more than the day and the kind of violence with any of them stays apart."""
    if not among:
        return None
    ranked = sorted(among, key=lambda index: affinity(report, events[index]), reverse=True)
    best = affinity(report, events[ranked[0]])
    if len(ranked) > 1 and best <= affinity(report, events[ranked[1]]):
        return None
    return ranked[0] if best >= CLEAR_AFFINITY else None


def affinity(report: Facts, event: Facts) -> tuple[bool, int]:
    """What a report shares with an event beyond fitting it: told of the same day (both dates
    to the day or a publication's: two dates of one month or week stand for no day), then how
    many of these it has in common with the event: the event type, the sub-event type, a
    killed figure told on both sides (`agrees` has found the two to fit: a toll is what sets one
    air strike of the day apart from another), the very same figure, a named perpetrator."""
    toll = report.killed.point
    tellings = event.tellings or (event,)
    daily = {report.date_precision, event.date_precision} <= _DAILY
    return daily and report.day == event.day, sum(
        (
            report.event_type == event.event_type,
            report.sub_event_type == event.sub_event_type,
            toll is not None and any(told.killed.point is not None for told in tellings),
            toll is not None and any(told.killed.point == toll for told in tellings),
            bool(report.perpetrators & event.perpetrators),
        )
    )


def closeness(a: Facts, b: Facts) -> tuple[int, float]:
    """Days apart, then kilometres apart (0 where unknown; `fits` requires both)."""
    days = abs((a.day - b.day).days) if a.day and b.day else 0
    km = distance_km(a.site, b.site) if a.site and b.site else 0.0
    return days, km


@dataclass(frozen=True, slots=True)
class Told:
    """One report as the merge sees it; `place` is its place's id."""

    event_type: str
    sub_event_type: str
    gtd_attack_type: str
    day: date | None
    date_precision: str | None
    place: int | None
    place_precision: int | None
    killed: Count
    injured: Count
    abducted: Count
    confidence: float
    published: datetime | None
    order: int
    """Later reports win ties (the report's id)."""


@dataclass(frozen=True, slots=True)
class Merged:
    event_type: str
    sub_event_type: str
    gtd_attack_type: str
    day: date | None
    date_precision: str | None
    place: int | None
    place_precision: int | None
    killed: Count
    injured: Count
    abducted: Count


def credibility(told: Told) -> tuple[float, datetime, int]:
    """Highest extraction confidence first, then the most recent document (later tellings carry
    revised tolls), then the latest stored report."""
    published = told.published.replace(tzinfo=None) if told.published else datetime.min
    return told.confidence, published, told.order


def merged_count(reports: Sequence[Told], name: str) -> Count:
    """UCDP-style: low = max of lows, high = max of highs, best = the best of the most credible
    report that gives one (`reports` ordered most credible first)."""
    counts: list[Count] = [getattr(told, name) for told in reports]
    lows = [c.low for c in counts if c.low is not None]
    highs = [c.high for c in counts if c.high is not None]
    best = next((c.best for c in counts if c.best is not None), None)
    return Count(max(lows, default=None), best, max(highs, default=None))


def merge(reports: Sequence[Told]) -> Merged:
    """An event's fields from all its reports (see `MERGE_RULE`)."""
    ranked = sorted(reports, key=credibility, reverse=True)
    top = ranked[0]
    dated = min(ranked, key=lambda t: DATE_RANK.get(t.date_precision or "", len(DATE_RANK)))
    placed = [t for t in ranked if t.place is not None and t.place_precision is not None]
    site = min(placed, key=lambda t: t.place_precision or 0) if placed else None
    return Merged(
        event_type=top.event_type,
        sub_event_type=top.sub_event_type,
        gtd_attack_type=top.gtd_attack_type,
        day=dated.day,
        date_precision=dated.date_precision,
        place=site.place if site else None,
        place_precision=site.place_precision if site else None,
        killed=merged_count(local_counts(ranked, "killed"), "killed"),
        injured=merged_count(local_counts(ranked, "injured"), "injured"),
        abducted=merged_count(local_counts(ranked, "abducted"), "abducted"),
    )


def local_counts(ranked: Sequence[Told], name: str) -> Sequence[Told]:
    """The reports whose `name` count the event takes: those sited below their country when
    one of them tells it. A nationwide daily toll that joined a town's event ("115 were killed
    yesterday", no place or only the country) tells the country's dead, not the town's: its
    count stands only where no local report gives one."""
    local = [
        t for t in ranked if t.place_precision is not None and t.place_precision < COUNTRY_PRECISION
    ]
    told = any(getattr(t, name).point is not None for t in local)
    return local if told else ranked
