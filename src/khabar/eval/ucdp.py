"""Scoring on UCDP GED rows (shared/data/README.md): the text is the row's headlines or
citations, read with `date_start` as the reference date and the first outlet of `source_office`
("SOHR;Airwars" → SOHR) as the document's outlet, metadata a real ingest has too.

- `best_within_low_high`: khabar's deaths for the text (best killed summed over all its reports,
  a missing count read as 0) lie within [`low`, `high`], bounds included.
- `country_accuracy`: the main report's place (`common.main_report`, `common.report_place`) is
  in the row's country (`ucdp_countries`: the ground its state held then); no place is a miss.
- `adm1_accuracy`: over rows with `adm_1`, that place lies in `adm_1` ("Idlib governorate" is
  read as Idlib: `common.admin1_keys`, kept to the row's country; an `adm_1` that is a country of
  the row's ground, "Kosovo province" of Serbia (Yugoslavia), holds all of it).
- `violence_type_accuracy`: the main report's type read as UCDP's: Violence against civilians →
  3 (one-sided); Battles whose perpetrators and targets are all non-state (none a state actor,
  `common.is_state`) and both named → 2 (non-state); any other report → 1 (state-based).
  No report is a miss.
- `side_a_accuracy`: the main report's first perpetrator is `side_a`: "Government of X" is met
  by any state actor (the country is not checked: khabar's actors carry none); any other side_a
  (a comma-separated list of groups counts if one of them does) by `common.same_actor`.
- `side_a_party_accuracy`: the same test passed by any perpetrator or target of the main report.
  UCDP puts the government first whoever attacked, so "rebels killed 32 soldiers" has
  side_a = the government although khabar rightly reads the rebels as perpetrators.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from khabar.eval.common import (
    admin1_keys,
    country_codes,
    entry_admin1_keys,
    is_state,
    main_report,
    report_place,
    same_actor,
)
from khabar.eval.metrics import ratio
from khabar.eval.records import BadRecord, Record, field, iso_date, optional

if TYPE_CHECKING:
    from khabar.geo.gazetteer import Gazetteer
    from khabar.pipeline import Analyser, Analysis

GOVERNMENT = "Government of "
CIVILIANS = "Civilians"
_USSR_END = date(1991, 12, 26)
HELD_GROUND: dict[str, dict[str, date | None]] = {
    "Yugoslavia": {
        "SI": date(1992, 1, 15),
        "HR": date(1992, 1, 15),
        "BA": date(1992, 4, 6),
        "MK": date(1993, 4, 8),
        "ME": date(2006, 6, 3),
        "XK": date(2008, 2, 17),
    },
    "Soviet Union": dict.fromkeys(
        ("UA", "BY", "MD", "EE", "LV", "LT", "GE", "AM", "AZ", "KZ", "UZ", "TM", "KG", "TJ"),
        _USSR_END,
    ),
    "Israel": {"PS": None},
}
"""Ground a UCDP country name covers besides its own ISO code, until the date its holder lost
it (None: still): UCDP GED codes an event with the Gleditsch and Ward state that held the
ground, so Vukovar in 1991 and Kosovo in 1999 are "Serbia (Yugoslavia)", a Soviet republic
before 26 December 1991 "Russia (Soviet Union)", and the Palestinian territories "Israel".
Dates: EC recognition of Slovenia, Croatia and Bosnia, UN admission of Macedonia, Montenegro's
and Kosovo's declarations of independence, the USSR's dissolution."""


@dataclass(frozen=True, slots=True)
class Gold:
    id: str
    text: str
    reference: date
    country: str
    adm_1: str | None
    type_of_violence: int
    side_a: str
    low: int
    high: int
    """The lowest and highest of UCDP's low, best and high: 21 rows of the dev file have
    low > high or best outside [low, high], and all three are UCDP's estimates."""
    outlet: str | None = None
    """The first outlet of `source_office`, which lists a row's sources separated by ";"."""


def source_outlets(value: str | None) -> list[str | None]:
    """The outlets `source_office` lists, separated by ";" (None for an empty one), at least one."""
    return [outlet.strip() or None for outlet in (value or "").split(";")]


def parse(record: Record) -> Gold:
    violence = field(record, "type_of_violence", int)
    if violence not in (1, 2, 3):
        raise BadRecord(f"type_of_violence is {violence}, not 1, 2 or 3")
    estimates = [field(record, name, int) for name in ("low", "best", "high")]
    return Gold(
        id=str(record.get("id", "")),
        # Some rows carry their web sources' character references ("regime&#8217;s").
        text=html.unescape(field(record, "text", str)),
        reference=iso_date(field(record, "date_start", str), "date_start")[0],
        country=field(record, "country", str),
        adm_1=optional(record, "adm_1", str) or None,
        type_of_violence=violence,
        side_a=field(record, "side_a", str),
        low=min(estimates),
        high=max(estimates),
        outlet=source_outlets(optional(record, "source_office", str))[0],
    )


@dataclass(frozen=True, slots=True)
class Prediction:
    deaths: int
    country: str | None
    """ISO code of the main report's place."""
    admin1: frozenset[str]
    violence: int | None
    perpetrators: tuple[str, ...]
    parties: tuple[str, ...]
    """Perpetrators, then targets, civilians left out."""


@dataclass(frozen=True, slots=True)
class Judgement:
    deaths: bool
    country: bool
    adm1: bool | None
    violence: bool
    side_a: bool
    side_a_party: bool


def violence_type(event_type: str, perpetrators: Sequence[bool], targets: Sequence[bool]) -> int:
    """UCDP's type of violence for a report, given whether each perpetrator and each target is a
    state actor (see the module docstring)."""
    if event_type == "Violence against civilians":
        return 3
    if (
        event_type == "Battles"
        and perpetrators
        and targets
        and not any(perpetrators)
        and not any(targets)
    ):
        return 2
    return 1


def predict(analysis: Analysis, analyser: Analyser) -> Prediction:
    reports = analysis.extraction.reports
    deaths = sum((r.casualties.killed.best or 0) for r in reports if r.casualties.killed)
    report = main_report(reports)
    if report is None:
        return Prediction(deaths, None, frozenset(), None, (), ())
    place = report_place(analysis, report)
    entry = place.entry if place is not None else None
    registry = analyser.registry
    perpetrators = tuple(a.text for a in report.actors if a.role == "perpetrator")
    targets = tuple(
        a.text
        for a in report.actors
        if a.role == "target" and registry.resolve(a.text).kind != "civilians"
    )
    return Prediction(
        deaths=deaths,
        country=(entry.country_code or None) if entry is not None else None,
        admin1=entry_admin1_keys(entry) if entry is not None else frozenset(),
        violence=violence_type(
            report.event_type.event_type,
            [is_state(registry, t) for t in perpetrators],
            [is_state(registry, t) for t in targets],
        ),
        perpetrators=perpetrators,
        parties=perpetrators + targets,
    )


def judge(analysis: Analysis, gold: Gold, analyser: Analyser) -> Judgement:
    gazetteer, registry = analyser.gazetteer, analyser.registry
    countries = ucdp_countries(gazetteer, gold.country, gold.reference)
    gold_admin1 = admin1_keys(gazetteer, gold.adm_1, countries) if gold.adm_1 else None
    return compare(
        predict(analysis, analyser),
        gold,
        countries,
        gold_admin1,
        is_side=lambda text: is_side_a(
            text,
            gold.side_a,
            lambda t: is_state(registry, t),
            lambda a, b: same_actor(registry, a, b),
        ),
    )


def ucdp_countries(gazetteer: Gazetteer, name: str, when: date) -> frozenset[str]:
    """ISO codes of the ground a UCDP country name covers on `when` (see `HELD_GROUND`); UCDP
    also writes some names inverted ("Macedonia, FYR")."""
    codes = country_codes(gazetteer, name) | country_codes(gazetteer, name.split(",")[0])
    held = {
        code
        for key, ground in HELD_GROUND.items()
        if key in name
        for code, until in ground.items()
        if until is None or when < until
    }
    return codes | held


def is_side_a(
    text: str, side_a: str, state: Callable[[str], bool], same: Callable[[str, str], bool]
) -> bool:
    """Whether an actor mention is UCDP's `side_a` (see the module docstring)."""
    if side_a.startswith(GOVERNMENT):
        return state(text)
    return any(same(text, group.strip()) for group in side_a.split(",") if group.strip())


def compare(
    prediction: Prediction,
    gold: Gold,
    countries: frozenset[str],
    gold_admin1: frozenset[str] | None,
    is_side: Callable[[str], bool],
) -> Judgement:
    """One row's outcome; `countries` are the row's ISO codes, `gold_admin1` the keys of `adm_1`
    (None when the row has none) and `is_side` tells a mention that is `side_a`."""
    return Judgement(
        deaths=gold.low <= prediction.deaths <= gold.high,
        country=prediction.country is not None and prediction.country in countries,
        adm1=None if gold_admin1 is None else bool(prediction.admin1 & gold_admin1),
        violence=prediction.violence == gold.type_of_violence,
        side_a=bool(prediction.perpetrators) and is_side(prediction.perpetrators[0]),
        side_a_party=any(is_side(text) for text in prediction.parties),
    )


def summarise(judgements: Sequence[Judgement]) -> dict[str, Any]:
    n = len(judgements)
    adm1 = [j.adm1 for j in judgements if j.adm1 is not None]
    return {
        "n": n,
        "best_within_low_high": ratio(sum(j.deaths for j in judgements), n),
        "country_accuracy": ratio(sum(j.country for j in judgements), n),
        "adm1_accuracy": ratio(sum(adm1), len(adm1)),
        "violence_type_accuracy": ratio(sum(j.violence for j in judgements), n),
        "side_a_accuracy": ratio(sum(j.side_a for j in judgements), n),
        "side_a_party_accuracy": ratio(sum(j.side_a_party for j in judgements), n),
        "support": {"adm1_accuracy": len(adm1)},
    }
