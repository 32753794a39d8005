"""What several scorers read off an `Analysis`: the main report, its place, and who did it.

Definitions (documented here because every figure depends on them):

- main report: the report with the most people killed plus injured (best estimates), then the
  highest confidence, then the first told. A GTD or UCDP row is one event, so it is compared
  with this one report.
- a report's place: its most precise geocoded `event_site`, else its most precise geocoded place
  of any other role (headlines often name only a country); ties go to the first in the text.
- a named actor: one the registry knows, directly or through a word n-gram of the mention
  ("suspected Boko Haram fighters" → Boko Haram). A generic one is an unknown mention whose
  words are all generic people words ("unidentified gunmen", "a suicide bomber").
- a state actor: a mention with a state word (army, troops, police, government, regime …) and
  no word of a non-state armed group (rebel, militia, opposition …).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from khabar.actors.registry import Registry, ResolvedActor
from khabar.extract.types import ExtractedReport
from khabar.geo.gazetteer import COUNTRY_FEATURE, Gazetteer, GazetteerEntry, country_id, normalise
from khabar.geo.geocoder import ResolvedPlace
from khabar.pipeline import Analysis

GENERIC_PEOPLE = frozenset(
    {
        "gunman", "gunmen", "militant", "militants", "assailant", "assailants", "attacker",
        "attackers", "insurgent", "insurgents", "terrorist", "terrorists", "guerrilla",
        "guerrillas", "rebel", "rebels", "fighter", "fighters", "bomber", "bombers", "man", "men",
        "individual", "individuals", "subversive", "subversives", "criminal", "criminals",
        "member", "members", "commando", "commandos", "suspect", "suspects", "group", "groups",
        "people", "persons", "person", "perpetrators", "perpetrator", "extremists", "jihadists",
        "kidnappers", "abductors", "hitmen", "killers", "bandits", "youths", "mob",
    }
)  # fmt: skip
_GENERIC_MODIFIERS = frozenset(
    {
        "unidentified", "unknown", "armed", "suspected", "masked", "alleged", "suicide",
        "heavily", "several", "some", "two", "three", "four", "five", "a", "an", "the", "urban",
        "of", "other", "heavily-armed", "motorcycle-borne",
    }
)  # fmt: skip
STATE_WORDS = frozenset(
    {
        "army", "troops", "troop", "soldier", "soldiers", "military", "police", "policemen",
        "policeman", "government", "regime", "tatmadaw", "navy", "gendarmes", "gendarmerie",
        "junta", "authorities", "warplanes", "warplane", "jets", "helicopters", "airstrikes",
        "forces", "security", "paramilitary", "paramilitaries", "marines", "state",
    }
)  # fmt: skip
NON_STATE_WORDS = frozenset(
    {
        "rebel", "rebels", "insurgent", "insurgents", "militia", "militias", "militant",
        "militants", "opposition", "guerrilla", "guerrillas", "jihadist", "jihadists",
        "islamist", "islamists", "separatist", "separatists", "terrorist", "terrorists",
    }
)  # fmt: skip
_TOKEN = re.compile(r"[\w'’-]+")
_ADMIN_WORDS = re.compile(
    r"\s+(?:governorate|province|state|region|department|division|oblast|prefecture|"
    r"district|county|municipality|autonomous region|territory|wilayat)$|^(?:state|province) of\s+",
    re.I,
)


def words(text: str) -> list[str]:
    return [w.lower() for w in _TOKEN.findall(text)]


def main_report(reports: Sequence[ExtractedReport]) -> ExtractedReport | None:
    """The report a one-event record is compared with (see the module docstring)."""

    def harm(report: ExtractedReport) -> int:
        casualties = report.casualties
        return sum(
            count.best or 0
            for count in (casualties.killed, casualties.injured)
            if count is not None
        )

    ranked = sorted(enumerate(reports), key=lambda item: (-harm(item[1]), -item[1].confidence))
    return ranked[0][1] if ranked else None


def places_by_report(analysis: Analysis) -> list[list[ResolvedPlace]]:
    """Each report's resolved places: the pipeline geocodes all reports' place mentions in one
    list, report after report, so they are cut back in that order."""
    found: list[list[ResolvedPlace]] = []
    position = 0
    for report in analysis.extraction.reports:
        found.append(analysis.places[position : position + len(report.places)])
        position += len(report.places)
    return found


def report_place(analysis: Analysis, report: ExtractedReport) -> ResolvedPlace | None:
    """The place of `report` (see the module docstring)."""
    index = next(i for i, r in enumerate(analysis.extraction.reports) if r is report)
    resolved = [p for p in places_by_report(analysis)[index] if p.entry is not None]
    for group in (
        [p for p in resolved if p.mention.role == "event_site"],
        [p for p in resolved if p.mention.role != "event_site"],
    ):
        if group:
            return min(group, key=lambda p: p.precision)
    return None


def resolve_actor(registry: Registry, text: str) -> ResolvedActor | None:
    """The registry entry a mention names, trying the whole text then its word n-grams, longest
    (then leftmost) first; None when it names none."""
    whole = registry.resolve(text)
    if not whole.provisional:
        return whole
    tokens = text.split()
    for size in range(len(tokens) - 1, 0, -1):
        for first in range(len(tokens) - size + 1):
            gram = " ".join(tokens[first : first + size]).strip(".,;:()\"'")
            found = registry.resolve(gram) if gram else None
            if found is not None and not found.provisional:
                return found
    return None


def is_generic(registry: Registry, text: str) -> bool:
    """Whether a mention names nobody in particular ("gunmen", "unidentified assailants")."""
    if resolve_actor(registry, text) is not None:
        return False
    tokens = words(text)
    return bool(tokens) and all(w in GENERIC_PEOPLE or w in _GENERIC_MODIFIERS for w in tokens)


def is_state(registry: Registry, text: str) -> bool:
    """Whether a mention is a state actor (see the module docstring)."""
    resolved = resolve_actor(registry, text)
    if resolved is not None:
        return resolved.kind in ("state_force", "government")
    tokens = set(words(text))
    return bool(tokens & STATE_WORDS) and not tokens & NON_STATE_WORDS


def same_actor(registry: Registry, predicted: str, gold: str) -> bool:
    """Both resolve to one registry entry, or, both unknown to it, read the same."""
    mine, theirs = resolve_actor(registry, predicted), resolve_actor(registry, gold)
    if mine is not None or theirs is not None:
        return mine is not None and theirs is not None and mine.name == theirs.name
    return normalise(predicted) == normalise(gold)


def country_codes(gazetteer: Gazetteer, name: str) -> frozenset[str]:
    """ISO codes a gold country name stands for; UCDP writes former names in brackets
    ("Myanmar (Burma)", "DR Congo (Zaire)") and joins some with hyphens ("Bosnia-Herzegovina")."""
    outer = re.sub(r"\s*\(.*?\)", "", name).strip()
    inner = re.findall(r"\((.*?)\)", name)
    names = [name, outer, *inner, outer.replace("-", " and ")]
    return frozenset(
        e.country_code
        for n in names
        for e in gazetteer.lookup(n)
        if e.feature_code == COUNTRY_FEATURE
    )


def admin1_keys(gazetteer: Gazetteer, name: str, countries: Iterable[str] = ()) -> frozenset[str]:
    """Keys of a gold first-level region: `CC.code` of every ADM1 entry its name (without a type
    word: "Idlib governorate" → "Idlib") looks up to, kept to `countries` when given, and the
    normalised bare name, so a region the gazetteer spells differently still matches by name. A
    region that is a country in the gazetteer (UCDP's "Kosovo province" of Serbia (Yugoslavia))
    adds `country:CC`: all of that country lies in it."""
    bare = _ADMIN_WORDS.sub("", name.strip()).strip() or name
    allowed = set(countries)
    entries = [
        e
        for n in {name, bare}
        for e in gazetteer.lookup(n)
        if e.feature_code in ("ADM1", COUNTRY_FEATURE)
        and (not allowed or e.country_code in allowed)
    ]
    return frozenset(
        {
            f"{e.country_code}.{e.admin1_code}"
            if e.feature_code == "ADM1"
            else country_id(e.country_code)
            for e in entries
        }
        | {normalise(bare)}
    )


def entry_admin1_keys(entry: GazetteerEntry) -> frozenset[str]:
    """Keys of the first-level region a predicted place lies in (none for a country or region),
    and `country:CC` of its country, which a gold region that is a country matches."""
    keys = {country_id(entry.country_code)} if entry.country_code else set()
    if entry.feature_code in (COUNTRY_FEATURE, "RGN") or not entry.admin1_code:
        return frozenset(keys)
    keys.add(f"{entry.country_code}.{entry.admin1_code}")
    if entry.admin1_name:
        keys.add(normalise(_ADMIN_WORDS.sub("", entry.admin1_name).strip() or entry.admin1_name))
    return frozenset(keys)
