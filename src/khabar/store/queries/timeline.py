"""The timeline: matching events and deaths per day, week or month, with no gaps between
bars."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from khabar.store import models as m
from khabar.store.queries.common import _refuse
from khabar.store.queries.filters import EventFilters, filter_events

BUCKETS = ("day", "week", "month")
MAX_BARS = 4_000
"""A timeline has at most this many bars (eleven years of days)."""


@dataclass(frozen=True, slots=True)
class TimelineBar:
    start: dt.date
    end: dt.date
    """The bar's last day, inclusive."""
    events: int
    deaths: int
    """Sum of the events' best killed figures (an unknown figure counts as 0)."""


@dataclass(frozen=True, slots=True)
class Timeline:
    """Events and deaths per day, week (from Monday) or month, with no gaps between bars."""

    bucket: str
    bars: list[TimelineBar]
    events: int
    deaths: int
    undated: int
    """Matching events without a date, in the totals but in no bar."""


def timeline(session: Session, filters: EventFilters, bucket: str | None = None) -> Timeline:
    """Matching events and deaths per `bucket`; by default the bucket fits the dates found
    (days up to three months, weeks up to three years, months beyond)."""
    if bucket is not None and bucket not in BUCKETS:
        _refuse(f"bucket={bucket!r}: choose one of {', '.join(BUCKETS)}.")
    deaths = func.coalesce(func.sum(m.Event.killed_best), 0)
    query = select(m.Event.date, func.count(m.Event.id), deaths).select_from(m.Event)
    if filters.country or filters.admin1 or filters.bbox:
        # Joined only when a filter reads the place: a million lookups otherwise.
        query = query.outerjoin(m.Place, m.Event.place_id == m.Place.id)
    query = filter_events(query, filters).group_by(m.Event.date)
    days: dict[dt.date | None, tuple[int, int]] = {
        day: (n, int(dead or 0)) for day, n, dead in session.execute(query)
    }
    undated, undated_deaths = days.pop(None, (0, 0))
    total = sum(n for n, _ in days.values()) + undated
    dead_total = sum(d for _, d in days.values()) + undated_deaths
    dated = sorted(day for day in days if day is not None)
    if not dated:
        return Timeline(bucket or "day", [], total, dead_total, undated)
    first, last = dated[0], dated[-1]
    if bucket is None:
        span = (last - first).days
        bucket = "day" if span <= 92 else "week" if span <= 3 * 366 else "month"
    count = _bar_count(first, last, bucket)
    if count > MAX_BARS:
        _refuse(
            f"bucket={bucket} gives {count} bars from {first} to {last}; at most {MAX_BARS} "
            "fit: choose a longer bucket or a shorter range."
        )
    sums: dict[dt.date, tuple[int, int]] = {}
    for day in dated:
        start = _bar_start(day, bucket)
        n, dead = sums.get(start, (0, 0))
        sums[start] = (n + days[day][0], dead + days[day][1])
    bars = []
    start = _bar_start(first, bucket)
    for _ in range(count):
        following = _next_bar(start, bucket)
        n, dead = sums.get(start, (0, 0))
        bars.append(TimelineBar(start, following - dt.timedelta(days=1), n, dead))
        start = following
    return Timeline(bucket, bars, total, dead_total, undated)


def _bar_start(day: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return day - dt.timedelta(days=day.weekday())
    if bucket == "month":
        return day.replace(day=1)
    return day


def _next_bar(start: dt.date, bucket: str) -> dt.date:
    if bucket == "week":
        return start + dt.timedelta(days=7)
    if bucket == "month":
        return (start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return start + dt.timedelta(days=1)


def _bar_count(first: dt.date, last: dt.date, bucket: str) -> int:
    if bucket == "month":
        return (last.year - first.year) * 12 + last.month - first.month + 1
    if bucket == "week":
        return (_bar_start(last, "week") - _bar_start(first, "week")).days // 7 + 1
    return (last - first).days + 1
