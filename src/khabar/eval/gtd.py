"""Scoring on files in the Global Terrorism Database layout (shared/data/README.md).

Each row is one incident and its `summary` the text read (reference date: `date` when GTD knows
the day, else none). The main report (`common.main_report`) stands for khabar's reading:

- `killed_exact` / `injured_exact`: its best killed (injured) count equals `nkill` (`nwound`),
  over rows where GTD knows the number; no report, or no count, reads as 0.
- `attack_type_accuracy`: its GTD attack type equals `attacktype`; no report reads as "Unknown".
- `perpetrator_accuracy`: its first named perpetrator and `gname` resolve to the same registry
  entry (or read the same when the registry knows neither); gold "Unknown" is right only when
  khabar names no perpetrator or only generic ones ("gunmen"). A group that claims the attack
  is the report's perpetrator when the text names no group as one (`events._with_claimant`),
  which is where GTD's `gname` usually comes from.
- `admin1_accuracy`: over rows whose `provstate` is known, the region of its place
  (`common.report_place`) is `provstate` (`common.admin1_keys`, kept to the row's country).
- `city_within_25km`: over rows with `specificity` 1 and coordinates, its place lies within
  25 km of them (haversine); no place is a miss.
- `date_exact`: its date equals `date` at GTD's precision (a day, a month or a year).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from khabar.eval.common import (
    admin1_keys,
    country_codes,
    entry_admin1_keys,
    is_generic,
    main_report,
    report_place,
    same_actor,
)
from khabar.eval.metrics import ratio, within_km
from khabar.eval.records import BadRecord, Record, field, iso_date, optional
from khabar.geo.distance import haversine_km

if TYPE_CHECKING:
    from khabar.pipeline import Analyser, Analysis

UNKNOWN = "Unknown"
CITY_KM = 25.0


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    text: str
    when: date
    date_precision: str
    country: str
    provstate: str | None
    """None when GTD does not know it."""
    latitude: float | None
    longitude: float | None
    specificity: int | None
    attacktype: str
    gname: str
    nkill: int | None
    nwound: int | None

    @property
    def reference(self) -> date | None:
        return self.when if self.date_precision == "day" else None


def parse(record: Record) -> Gold:
    when, precision = iso_date(field(record, "date", str), "date")
    provstate = optional(record, "provstate", str)
    return Gold(
        id=str(field(record, "id", str)),
        text=field(record, "summary", str),
        when=when,
        date_precision=precision,
        country=optional(record, "country", str) or UNKNOWN,
        provstate=None if provstate in (None, "", UNKNOWN) else provstate,
        latitude=optional(record, "latitude", float),
        longitude=optional(record, "longitude", float),
        specificity=optional(record, "specificity", int),
        attacktype=field(record, "attacktype", str),
        gname=optional(record, "gname", str) or UNKNOWN,
        nkill=_count(record, "nkill"),
        nwound=_count(record, "nwound"),
    )


def _count(record: Record, name: str) -> int | None:
    """GTD counts are whole numbers, sometimes written as floats (5.0)."""
    value = optional(record, name, float)
    if value is not None and not value.is_integer():
        raise BadRecord(f"field {name!r} is not a whole number")
    return None if value is None else int(value)


@dataclass(frozen=True, slots=True)
class Prediction:
    """What khabar's main report says, reduced to the fields GTD codes."""

    killed: int
    injured: int
    attack_type: str
    perpetrators: tuple[str, ...]
    """Perpetrator mentions as written, generic ones left out."""
    admin1: frozenset[str]
    """Keys of the region of its place (`common.entry_admin1_keys`)."""
    point: tuple[float, float] | None
    when: date | None


@dataclass(frozen=True, slots=True)
class Judgement:
    """One row's outcome per measure; None where the row does not count for that measure."""

    killed: bool | None
    injured: bool | None
    attack_type: bool
    perpetrator: bool
    admin1: bool | None
    city: bool | None
    date: bool


def predict(analysis: Analysis, analyser: Analyser) -> Prediction:
    report = main_report(analysis.extraction.reports)
    if report is None:
        return Prediction(0, 0, UNKNOWN, (), frozenset(), None, None)
    casualties = report.casualties
    place = report_place(analysis, report)
    entry = place.entry if place is not None else None
    return Prediction(
        killed=(casualties.killed.best or 0) if casualties.killed else 0,
        injured=(casualties.injured.best or 0) if casualties.injured else 0,
        attack_type=report.event_type.gtd_attack_type,
        perpetrators=tuple(
            a.text
            for a in report.actors
            if a.role == "perpetrator" and not is_generic(analyser.registry, a.text)
        ),
        admin1=entry_admin1_keys(entry) if entry is not None else frozenset(),
        point=(entry.lat, entry.lon) if entry is not None else None,
        when=report.date.value if report.date is not None else None,
    )


def judge(analysis: Analysis, gold: Gold, analyser: Analyser) -> Judgement:
    prediction = predict(analysis, analyser)
    gold_admin1 = (
        admin1_keys(
            analyser.gazetteer, gold.provstate, country_codes(analyser.gazetteer, gold.country)
        )
        if gold.provstate is not None
        else None
    )
    return compare(prediction, gold, gold_admin1, lambda p, g: same_actor(analyser.registry, p, g))


def compare(
    prediction: Prediction,
    gold: Gold,
    gold_admin1: frozenset[str] | None,
    same: Callable[[str, str], bool],
) -> Judgement:
    """One row's outcome; `gold_admin1` are `provstate`'s keys (None when unknown) and `same`
    says whether a predicted perpetrator and `gname` are the same actor."""
    city: bool | None = None
    if gold.specificity == 1 and gold.latitude is not None and gold.longitude is not None:
        city = prediction.point is not None and within_km(
            haversine_km(*prediction.point, gold.latitude, gold.longitude), CITY_KM
        )
    if gold.gname == UNKNOWN:
        perpetrator = not prediction.perpetrators
    else:
        perpetrator = bool(prediction.perpetrators) and same(prediction.perpetrators[0], gold.gname)
    return Judgement(
        killed=None if gold.nkill is None else prediction.killed == gold.nkill,
        injured=None if gold.nwound is None else prediction.injured == gold.nwound,
        attack_type=prediction.attack_type == gold.attacktype,
        perpetrator=perpetrator,
        admin1=None if gold_admin1 is None else bool(prediction.admin1 & gold_admin1),
        city=city,
        date=prediction.when is not None and _same_date(prediction.when, gold),
    )


def _same_date(predicted: date, gold: Gold) -> bool:
    width = {"day": 10, "month": 7, "year": 4}[gold.date_precision]
    return predicted.isoformat()[:width] == gold.when.isoformat()[:width]


def summarise(judgements: Sequence[Judgement]) -> dict[str, Any]:
    def rate(values: Sequence[bool | None]) -> float | None:
        counted = [v for v in values if v is not None]
        return ratio(sum(counted), len(counted))

    return {
        "n": len(judgements),
        "killed_exact": rate([j.killed for j in judgements]),
        "injured_exact": rate([j.injured for j in judgements]),
        "attack_type_accuracy": rate([j.attack_type for j in judgements]),
        "perpetrator_accuracy": rate([j.perpetrator for j in judgements]),
        "admin1_accuracy": rate([j.admin1 for j in judgements]),
        "city_within_25km": rate([j.city for j in judgements]),
        "date_exact": rate([j.date for j in judgements]),
        "support": {
            "killed_exact": sum(j.killed is not None for j in judgements),
            "injured_exact": sum(j.injured is not None for j in judgements),
            "admin1_accuracy": sum(j.admin1 is not None for j in judgements),
            "city_within_25km": sum(j.city is not None for j in judgements),
        },
    }
