"""How values read in the pages: counts with their ranges and words, places, precision codes."""

from __future__ import annotations

from typing import Any

from khabar.store.queries import CasualtyDetailItem, Count, DamageItem, PlaceInfo

PRECISION = {
    1: "exact place",
    2: "within ~25 km",
    3: "district (admin2)",
    4: "province (admin1)",
    5: "country",
    6: "region or unknown",
}
"""Geocode precision codes (DESIGN §2), as UCDP `where_prec` / GTD `specificity` use them."""


FEATURES = {
    "PPL": "populated place",
    "PPLA": "populated place, seat of its province",
    "PPLC": "capital",
    "ADM1": "province / state (admin1)",
    "ADM2": "district (admin2)",
    "PCLI": "country",
    "RGN": "informal region",
}
"""The gazetteer's feature codes (GeoNames style), in words."""


def feature_text(code: str) -> str:
    return FEATURES.get(code, code)


def count_text(count: Count) -> str:
    """`15`, `15 (12–20)`, `15 (≥15)` or `unknown`: best first, then the range if it adds to it."""
    if count.low is None and count.best is None and count.high is None:
        return "unknown"
    best = "?" if count.best is None else str(count.best)
    if count.low == count.best == count.high:
        return best
    if count.high is None:
        return f"{best} (≥{count.low})"
    if count.low is None:
        return f"{best} (≤{count.high})"
    return f"{best} ({count.low}–{count.high})"


def precision_text(code: int | None) -> str:
    if code is None:
        return "no place"
    return f"{code} · {PRECISION.get(code, 'unknown code')}"


def place_text(place: PlaceInfo | None) -> str:
    """The place with its enclosing areas, e.g. `Ghazni, Ghazni Province, Afghanistan`."""
    if place is None:
        return "unknown"
    parts = [place.name, place.admin2_name, place.admin1_name, place.country_name]
    seen: list[str] = []
    for part in parts:
        if part and part not in seen:
            seen.append(part)
    return ", ".join(seen)


def coordinates_text(place: PlaceInfo | None) -> str:
    if place is None or place.lat is None or place.lon is None:
        return ""
    return f"{place.lat:.4f}, {place.lon:.4f}"


def detail_text(detail: CasualtyDetailItem) -> str:
    """E.g. `15 beheaded (family members of police officers), included in killed`."""
    victims = f" ({detail.victims})" if detail.victims else ""
    relation = "included in" if detail.included_in_total else "in addition to"
    return f"{count_text(detail.count)} {detail.manner}{victims}, {relation} {detail.category}"


def damage_text(damage: DamageItem) -> str:
    """E.g. `3 homes burned`; without a number, `homes burned`."""
    known = damage.count.low is not None or damage.count.best is not None
    number = f"{count_text(damage.count)} " if known else ""
    return f"{number}{damage.object} {damage.action}"


def changes(before: dict[str, Any] | None, after: dict[str, Any] | None) -> list[str]:
    """An audit entry as `field: old → new` lines, listing only what differs."""
    old, new = before or {}, after or {}
    lines = []
    for key in dict.fromkeys([*old, *new]):
        if key == "note" or old.get(key) == new.get(key):
            continue
        was = "" if key not in old else f"{_shown(old[key])} → "
        lines.append(f"{key}: {was}{_shown(new.get(key))}")
    return lines


def _shown(value: Any) -> str:
    if value is None:
        return "unknown"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    return str(value)
