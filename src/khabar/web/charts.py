"""The timeline as SVG geometry, computed on the server so the page draws it without JavaScript
(and without inline styles, which the Content-Security-Policy forbids)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from khabar.store.queries import Timeline

WIDTH = 960
HEIGHT = 160
TOP = 12
BOTTOM = 22
"""Room under the bars for the date labels."""
LABELS = 6


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    start: dt.date
    end: dt.date
    events: int
    deaths: int
    href: str
    """The same page filtered to the bar's dates."""


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    baseline: float
    bars: list[Bar]
    deaths: str
    """The deaths line as SVG `points`, scaled to its own maximum."""
    max_events: int
    max_deaths: int
    labels: list[Label]


def timeline_chart(timeline: Timeline, link: Callable[[dt.date, dt.date], str]) -> Chart | None:
    """Bars of events per bucket and a line of deaths, each scaled to its own maximum;
    `link(start, end)` gives the URL a bar leads to. `None` when no event has a date."""
    if not timeline.bars:
        return None
    plot = HEIGHT - TOP - BOTTOM
    baseline = TOP + plot
    step = WIDTH / len(timeline.bars)
    max_events = max(bar.events for bar in timeline.bars)
    max_deaths = max(bar.deaths for bar in timeline.bars)
    bars: list[Bar] = []
    points: list[str] = []
    for i, item in enumerate(timeline.bars):
        height = plot * item.events / max_events if max_events else 0.0
        x = i * step
        bars.append(
            Bar(
                x=round(x + step * 0.1, 2),
                y=round(baseline - height, 2),
                width=round(max(step * 0.8, 0.5), 2),
                height=round(height, 2),
                start=item.start,
                end=item.end,
                events=item.events,
                deaths=item.deaths,
                href=link(item.start, item.end),
            )
        )
        level = plot * item.deaths / max_deaths if max_deaths else 0.0
        points.append(f"{x + step / 2:.2f},{baseline - level:.2f}")
    every = max(1, -(-len(bars) // LABELS))
    shown = [*range(0, len(bars), every)]
    text = (lambda d: d.strftime("%Y-%m")) if timeline.bucket == "month" else dt.date.isoformat
    labels = [Label(round(bars[i].x, 2), text(bars[i].start)) for i in shown]
    return Chart(WIDTH, HEIGHT, baseline, bars, " ".join(points), max_events, max_deaths, labels)
