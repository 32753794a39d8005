"""An event's merged numbers with the words of the report that gave them, read alike by the
event's page and by exports.

The merge (`dedupe.rules.merge`) takes an event's best from the most credible report that gives
one; the words to show with it are that report's, found by ranking the reports the same way.
The store may not import `dedupe` (it is upstream), so the ranking is restated here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from khabar.store import models as m
from khabar.store.queries.reports import Count


def most_credible_first(reports: Iterable[m.Report]) -> list[m.Report]:
    """As `dedupe.rules.credibility` ranks them: highest extraction confidence, then the most
    recent document, then the latest stored. The reports' documents must be loaded."""

    def credibility(report: m.Report) -> tuple[float, datetime, int]:
        published = report.document.published_at
        return (
            report.confidence,
            published.replace(tzinfo=None) if published else datetime.min,
            report.id,
        )

    return sorted(reports, key=credibility, reverse=True)


def merged_count(event: m.Event, ranked: list[m.Report], category: str) -> Count:
    """The event's `category` (`killed`, `injured`, `abducted`) low/best/high, with the
    qualifier of the first of `ranked` (most credible first) that gives the same best."""
    best: int | None = getattr(event, f"{category}_best")
    qualifier = next(
        (
            getattr(report, f"{category}_qualifier")
            for report in ranked
            if best is not None and getattr(report, f"{category}_best") == best
        ),
        None,
    )
    return Count(
        getattr(event, f"{category}_low"), best, getattr(event, f"{category}_high"), qualifier
    )
