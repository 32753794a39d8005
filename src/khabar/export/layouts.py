"""Rows in khabar's flat layout and in ACLED's and UCDP GED's column layouts.

Every derivation, and every column left empty because khabar does not know it, is listed in
docs/exports.md; keep the two in step.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pycountry

from khabar.export.rows import ROLES, EventRow, ExportActor
from khabar.extract.dates import end_of

LIST_SEPARATOR = "; "
"""How a list is joined in a CSV cell (ACLED separates associated actors the same way)."""

FLAT_COLUMNS = (
    "event_id",
    "event_type",
    "sub_event_type",
    "gtd_attack_type",
    "date",
    "date_precision",
    "place_name",
    "admin1",
    "admin2",
    "country_iso2",
    "country",
    "latitude",
    "longitude",
    "place_precision",
    *(
        f"{c}_{part}"
        for c in ("killed", "injured", "abducted")
        for part in ("low", "best", "high", "qualifier")
    ),
    "perpetrators",
    "targets",
    "allies",
    "report_count",
    "source_outlets",
    "source_urls",
    "curation_status",
    "merge_rule",
)
LIST_COLUMNS = frozenset({"perpetrators", "targets", "allies", "source_outlets", "source_urls"})
_ROLE_COLUMNS = dict(zip(ROLES, ("perpetrators", "targets", "allies"), strict=True))

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2",
    "admin3", "location", "latitude", "longitude", "geo_precision", "source", "source_scale",
    "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip
UCDP_COLUMNS = (
    "id", "relid", "year", "active_year", "type_of_violence", "conflict_name", "dyad_name",
    "side_a", "side_b", "number_of_sources", "source_article", "source_office", "source_date",
    "source_headline", "where_prec", "where_coordinates", "adm_1", "adm_2", "latitude",
    "longitude", "country", "region", "date_prec", "date_start", "date_end", "deaths_a",
    "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
)  # fmt: skip

ACLED_TIME_PRECISION = {"day": 1, "week": 2, "reported": 2, "month": 3, "year": 3}
"""ACLED: 1 the day is known, 2 the week, 3 only the month (or less). A `reported` date is
the publication date, an upper bound a few days after the event at most in news."""
ACLED_GEO_PRECISION = {1: 1, 2: 2, 3: 2, 4: 3, 5: 3, 6: 3}
"""ACLED: 1 the town, 2 near a town or within a district, 3 only the province (or larger)."""
UCDP_DATE_PRECISION = {"day": 1, "week": 3, "reported": 3, "month": 4, "year": 5}
"""UCDP: 1 exact day, 2 a 2–6 day span, 3 a week, 4 a month (8–30 days), 5 longer."""
UCDP_WHERE_PRECISION = {1: 1, 2: 2, 3: 3, 4: 4, 5: 6, 6: 5}
"""khabar 1–4 are UCDP's 1–4; khabar 5 (country) is UCDP 6; khabar 6 (a region spanning
units) is UCDP 5 (a larger area within the country)."""

ACLED_DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
ACLED_INTER = {
    "state_force": 1,
    "government": 1,
    "armed_group": 2,
    "political_party": 3,
    "civilians": 7,
    "person": 7,
}
"""ACLED's actor-type codes: 1 state forces, 2 rebel groups, 3 political militias,
7 civilians; other kinds (`generic`) get no code."""
STATE_KINDS = frozenset({"state_force", "government"})


def flat(row: EventRow) -> dict[str, Any]:
    """khabar's own layout: one value per column, lists kept as lists, dates as dates."""
    values: dict[str, Any] = {
        "event_id": row.id,
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "gtd_attack_type": row.gtd_attack_type,
        "date": row.date,
        "date_precision": row.date_precision,
        "place_name": row.place_name,
        "admin1": row.admin1,
        "admin2": row.admin2,
        "country_iso2": row.country_code,
        "country": row.country_name,
        "latitude": row.lat,
        "longitude": row.lon,
        "place_precision": row.place_precision,
        "report_count": row.report_count,
        "source_outlets": _distinct(s.outlet for s in row.sources),
        "source_urls": _distinct(s.url for s in row.sources),
        "curation_status": row.curation_status,
        "merge_rule": row.merge_rule,
    }
    for category in ("killed", "injured", "abducted"):
        count = getattr(row, category)
        for part in ("low", "best", "high", "qualifier"):
            values[f"{category}_{part}"] = getattr(count, part)
    for role, column in _ROLE_COLUMNS.items():
        values[column] = [actor.name for actor in row.actors[role]]
    return {column: values[column] for column in FLAT_COLUMNS}


def acled(row: EventRow) -> dict[str, Any]:
    """ACLED's columns; what khabar does not know stays empty (docs/exports.md)."""
    first, *others = row.actors["perpetrator"] or (None,)
    second, *targets = row.actors["target"] or (None,)
    inter1, inter2 = _inter(first), _inter(second)
    country = _country(row.country_code)
    return {
        "event_id_cnty": f"{country.alpha_3 if country else 'XXX'}{row.id}",
        "event_date": row.date,
        "year": row.date.year if row.date else None,
        "time_precision": ACLED_TIME_PRECISION.get(row.date_precision or ""),
        "disorder_type": ACLED_DISORDER.get(row.event_type),
        "event_type": row.event_type,
        "sub_event_type": row.sub_event_type,
        "actor1": first.name if first else None,
        "assoc_actor_1": _join([a.name for a in (*others, *row.actors["ally"])]),
        "inter1": inter1,
        "actor2": second.name if second else None,
        "assoc_actor_2": _join([a.name for a in targets]),
        "inter2": inter2,
        "interaction": _interaction(inter1, inter2),
        "civilian_targeting": "Civilian targeting" if _targets_civilians(row) else None,
        "iso": int(country.numeric) if country else None,
        "region": None,
        "country": row.country_name,
        "admin1": row.admin1,
        "admin2": row.admin2,
        "admin3": None,
        "location": row.place_name,
        "latitude": row.lat,
        "longitude": row.lon,
        "geo_precision": ACLED_GEO_PRECISION.get(row.place_precision or 0),
        "source": _join(_distinct(s.outlet for s in row.sources)),
        "source_scale": None,
        "notes": row.notes,
        "fatalities": _conservative(row),
        "tags": None,
        "timestamp": _unix(row.created_at),
    }


def ucdp(row: EventRow) -> dict[str, Any]:
    """UCDP GED's columns; what khabar does not know stays empty (docs/exports.md)."""
    violence = _type_of_violence(row)
    side_a, side_b = _sides(row, violence)
    start, end = _date_span(row.date, row.date_precision)
    best = row.killed.best
    return {
        "id": row.id,
        "relid": f"khabar-{row.id}",
        "year": row.date.year if row.date else None,
        "active_year": None,
        "type_of_violence": violence,
        "conflict_name": None,
        "dyad_name": f"{side_a} - {side_b}" if side_a and side_b else None,
        "side_a": side_a,
        "side_b": side_b,
        "number_of_sources": len(row.sources),
        "source_article": _join(_distinct(s.url for s in row.sources)),
        "source_office": _join(_distinct(s.outlet for s in row.sources)),
        "source_date": _join(
            _distinct(s.published.isoformat() if s.published else None for s in row.sources)
        ),
        "source_headline": _join(_distinct(s.title for s in row.sources)),
        "where_prec": UCDP_WHERE_PRECISION.get(row.place_precision or 0),
        "where_coordinates": _join([n for n in (row.place_name, row.admin1) if n], ", "),
        "adm_1": row.admin1,
        "adm_2": row.admin2,
        "latitude": row.lat,
        "longitude": row.lon,
        "country": row.country_name,
        "region": None,
        "date_prec": UCDP_DATE_PRECISION.get(row.date_precision or ""),
        "date_start": start,
        "date_end": end,
        "deaths_a": None,
        "deaths_b": None,
        "deaths_civilians": best if violence == 3 else None,
        "deaths_unknown": best if violence != 3 else None,
        "best": best,
        "high": row.killed.high,
        "low": row.killed.low,
    }


def _distinct(values: Any) -> list[str]:
    return list(dict.fromkeys(value for value in values if value))


def _join(values: list[str], separator: str = LIST_SEPARATOR) -> str | None:
    return separator.join(values) if values else None


def _country(code: str | None) -> Any:
    return pycountry.countries.get(alpha_2=code) if code else None


def _unix(moment: dt.datetime) -> int:
    """Seconds since 1970; SQLite returns stored UTC times without their zone."""
    return int((moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)).timestamp())


def _inter(actor: ExportActor | None) -> int | None:
    return ACLED_INTER.get(actor.kind) if actor else None


def _interaction(inter1: int | None, inter2: int | None) -> int | None:
    """ACLED's two-digit code: the lower actor code first (state vs rebels = 12), a lone
    actor's code times ten (rebels alone = 20)."""
    if inter1 is None:
        return None
    if inter2 is None:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _targets_civilians(row: EventRow) -> bool:
    return row.event_type == "Violence against civilians" or any(
        actor.kind == "civilians" for actor in row.actors["target"]
    )


def _conservative(row: EventRow) -> int:
    """ACLED records the lowest credible figure, and 0 where no death is reported."""
    count = row.killed
    value = count.low if count.low is not None else count.best
    return value or 0


def _type_of_violence(row: EventRow) -> int | None:
    """1 state-based, 2 non-state, 3 one-sided; protests, riots and strategic developments are
    outside UCDP's scope (empty)."""
    if row.event_type not in (
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
    ):
        return None
    if _targets_civilians(row):
        return 3
    actors = (*row.actors["perpetrator"], *row.actors["target"])
    return 1 if any(actor.kind in STATE_KINDS for actor in actors) else 2


def _sides(row: EventRow, violence: int | None) -> tuple[str | None, str | None]:
    """UCDP puts the government on side A of state-based violence, and no side B on
    one-sided violence (its victims are civilians)."""
    perpetrator = row.actors["perpetrator"][0] if row.actors["perpetrator"] else None
    target = row.actors["target"][0] if row.actors["target"] else None
    if violence == 3:
        return (perpetrator.name if perpetrator else None), "Civilians"
    if violence == 1 and target and target.kind in STATE_KINDS:
        perpetrator, target = target, perpetrator
    return (perpetrator.name if perpetrator else None), (target.name if target else None)


def _date_span(day: dt.date | None, precision: str | None) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the event may have happened on, given khabar's date precision."""
    if day is None:
        return None, None
    if precision == "reported":
        return day - dt.timedelta(days=6), day
    return day, end_of(day, precision)
