"""Resolve place mentions to gazetteer entries with a precision code (DESIGN §2 "place").

Each mention's candidates (`Gazetteer.lookup` of its text, with and without a type word such as
"province") are scored by evidence, strongest first:

1. the hierarchy written with it: `mention.context` ("Ghazni province, Afghanistan"), the place
   written just before it ("Atlanta, Georgia": the Georgia that holds Atlanta), and a type word
   in or right after the mention ("Ghazni province" wants an admin1 unit, "Ghazni city" a city,
   "the countryside of Idlib", "rural Idlib" or "the desert of Homs" the governorate, not the
   city), and a first-level unit written before its country's name, which the model reads into
   one name ("South-West Cameroon" is the region: `unit_of_country`);
2. the rest of the document: countries, admin units, regions and capitals named anywhere in the
   text favour candidates inside them (Hyderabad in a text naming Sindh is the Pakistani one),
   and so, by their country, do the large towns it names ("Dana" in a text naming Kafr Zita is
   the Syrian town);
3. the mention's role: a territory a group claims is read as an informal region (Khurasan);
4. a prior: countries, then capitals and the cities named like their province (a bare "Ghazni"
   means the city, as in reporting), then population; admin units and regions sit between. The
   document's outlet adds a weak one (`outlets.py`): a single-country monitor's country, or a
   national outlet's home, favours its namesakes ("Hyderabad" in Dawn is the Pakistani city)
   by less than any place the text names favours its own (`OUTLET` < `DOCUMENT`). A monitor's
   country also counts as a place inferred for the document (below).
   A town goes by its own names (its main name, with or without an Arabic article, and the
   reviewed spellings of reporting) before the names geonames lists for others: "Palmyra" is
   Tadmur, a reviewed spelling, before the American towns of that name.

Nothing is forced onto a wrong place. A name with no candidate is kept unresolved (no entry,
precision 6, confidence 0), and so is one whose best reading is a small town outside every
country the document names or that is inferred for its reports (`INFERRED`: their groups',
or the one its outlet monitors), and their neighbours (a namesake of a village the gazetteer lacks).
When every reading lies outside the places written around the mention, it is placed by that
context instead ("Andar district, Ghazni" → Ghazni province, precision 4). A river, lake or
mountain named after a place ("the Kunar river"), a desert named by a nationality ("the
Syrian Desert"), or a sea's head word before the name it belongs to ("Gulf" of "the Gulf of
Aden"), is not that place, and the gazetteer has no natural features, so such a mention stays
unresolved too. A nationality ("Russian warplanes")
stands for its country only when neither the areas the document names nor the places inferred
for its reports (`INFERRED`) all lie in other countries: it then tells who, not where (the
country itself named elsewhere agrees with it: "Somali forces" in a text naming Somalia). So
does a country's border ("clashes near the China border" in a text naming Myanmar), which
tells whose border, not on which side (`tells_whose`). A town that speaks or acts ("Moscow
says", "Rangoon seizes big base": `extract.places.stands_for_state`) is the government seated
there, and is read as its country: it tells who, not where the event was, and yields as a
nationality does to the towns and units the document names, or the places it infers, elsewhere
("a truce announced by Turkey" in a SOHR report). So does a frontier town's crossing ("Mae Sot
border post" in a text naming Myanmar). The ends of a route that crosses borders ("the Tehran
– Beirut road") are not where it lies, and stay unresolved.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from khabar.extract.places import stands_for_state
from khabar.extract.types import PlaceMention
from khabar.geo.gazetteer import (
    COUNTRY_FEATURE,
    MIN_CITY_POPULATION,
    TEXT_ALTERNATES_MIN_POPULATION,
    Gazetteer,
    GazetteerEntry,
    country_id,
    normalise,
)
from khabar.geo.outlets import Outlet
from khabar.nlp.compass import DIRECTIONS, alternation, is_direction

EXTRACTOR = "geocode@28"
INFERRED = "inferred_place@10"
"""The extractor of a mention that stands for a place inferred for a report that names none of
its own: the unit holding the document's places (`document_place.py`), the one country, or
first-level unit, of the groups it names, or the country its outlet monitors
(`actor_country.py`). Its context is the entry's gazetteer id, not a name."""
INFERRED_CONFIDENCE = 0.3
"""An inferred place's confidence, below a name match's: a group sometimes fights abroad, and a
document may tell of several places."""

PRECISION = {"PPL": 1, "PPLA": 1, "PPLC": 1, "ADM2": 3, "ADM1": 4, COUNTRY_FEATURE: 5, "RGN": 6}
"""Precision of a geocode to each feature code (1 exact place … 6 region / unknown)."""

_CITY_CODES = frozenset({"PPL", "PPLA", "PPLC"})
_AREA_CODES = frozenset({"ADM1", "ADM2", "RGN"})
_TYPE_WORDS: dict[str, tuple[frozenset[str], int]] = {
    **dict.fromkeys(
        ("province", "state", "governorate", "oblast", "prefecture", "wilayat", "wilayah"),
        (frozenset({"ADM1", "RGN"}), 4),
    ),
    **dict.fromkeys(("region", "department"), (frozenset({"ADM1", "RGN"}), 4)),
    "county": (frozenset({"ADM1", "ADM2"}), 3),
    **dict.fromkeys(
        ("district", "agency", "tehsil", "division", "subdivision", "commune"),
        (frozenset({"ADM2"}), 3),
    ),
    **dict.fromkeys(("city", "town", "village", "municipality"), (_CITY_CODES, 1)),
    **dict.fromkeys(
        (
            "area",
            "outskirts",
            "suburbs",
            "valley",
            "camp",
            "border",
            "neighborhood",
            "neighbourhood",
        ),
        (frozenset(), 2),
    ),
    "township": (frozenset(), 3),  # named after its main town, which stands for it
    # "the countryside of Idlib" is the governorate's rural land, not the city; of a town
    # without a unit of its name ("Manbij countryside"), the land around it.
    "countryside": (frozenset({"ADM1"}), 2),
    # "the eastern desert of Homs" is the governorate's steppe; "the Palmyra desert" stretches
    # far beyond its town, no finer than the unit that holds it.
    "desert": (frozenset({"ADM1"}), 4),
    **dict.fromkeys(
        ("river", "lake", "dam", "mountain", "mountains", "hills"), (frozenset({"natural"}), 6)
    ),
}
"""Type word → (feature codes it asks for, the least precision code the geocode can claim)."""
_NATURAL = _TYPE_WORDS["river"][0]
"""The "codes" of a natural feature: none the gazetteer has."""
_FEATURE_HEAD = re.compile(r"(?:the\s+)?(?:gulf|bay|sea|straits?|horn|cape|lake)", re.I)
_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
"""A sea's, a strait's or a cape's head word before "of" and a name ("the Gulf of Aden", "the
Horn of Africa"): a natural feature, not the place the head word also names (Papua New
Guinea's Gulf province)."""
_ROUTE_END = r"[A-Z][\w'’-]*(?:[ \t]+[A-Z][\w'’-]*){0,2}?"
_ROUTE = re.compile(
    rf"(?P<lead>\b(?i:road|highway|route)[ \t]+(?:of|from|between)[ \t]+(?:the[ \t]+)?)?"
    rf"\b(?P<a>{_ROUTE_END})[ \t]*[–—-][ \t]*(?P<b>{_ROUTE_END})"
    rf"(?P<trail>[ \t]+(?i:road|highway|route)\b)?"
)
"""A route written by its two ends, with "road", "highway" or "route" before or after them ("the
Tehran – Beirut road", "the road of Damascus – Aleppo")."""
_COUNTRYSIDE = _TYPE_WORDS["countryside"]
_DESERT_OF = _TYPE_WORDS["desert"]
_DESERT = re.compile(r"(?:the\s+)?(.+?)\s+desert", re.I)
_WORDS = "|".join(_TYPE_WORDS)
_TYPE_AFTER = re.compile(rf"\s+(?:tribal\s+)?({_WORDS})s?$", re.I)
_TYPE_BEFORE = re.compile(rf"^(?:the\s+)?({_WORDS})\s+of\s+", re.I)
_FOLLOWING_TYPE = re.compile(rf"^\s+(?:tribal\s+)?({_WORDS})s?\b", re.I)
_ONLY_TYPE = re.compile(rf"(?:the\s+)?(?:{_WORDS})s?", re.I)
"""A mention that is nothing but a type word ("River", "the Province"): no name to look up,
though geonames lists "River" among a Canadian city's other names."""
_NEAR = re.compile(
    r"\b(?:near|outside|close to|outskirts of|suburbs of|vicinity of|(?:north|south|east|west)"
    r"(?:east|west)?\s+of)\s+(?:the\s+)?$",
    re.I,
)
"""Words before a name that place the event around it, not in it (precision 2)."""
_RURAL = re.compile(
    r"\b(?:(countryside|desert)s?\s+of\s+(?:the\s+)?"
    r"|(countryside|desert)s\s+of\s+(?:the\s+)?[^.;:!?]{1,30}?,?\s+and\s+(?:the\s+)?"
    r"|rural\s+(?:(?:north|south)?(?:east|west)?(?:ern)?\s+)?)$",
    re.I,
)
"""Words before a name that make it the land around a place ("the northern countryside of
Hama", "the eastern desert of Homs", "rural Idlib", "rural south Aleppo", each name of "the
countrysides of Aleppo and Idlib"), as "countryside" or "desert" after it does ("Homs
countryside")."""
_NAME = r"(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
_SHARED_TYPE = re.compile(
    rf"(?:\s*,\s*{_NAME})*\s*,?\s+and\s+{_NAME}\s+(?i:(?:tribal\s+)?({_WORDS})s)\b"
)
"""A plural type word after a list of names, which each name shares ("Aleppo and Hama
countrysides", "Kunar and Nuristan provinces")."""
_RURAL_NAMES = ("{} countryside", "rural {}")
"""The names a unit may have as the countryside of a city: "Damascus Countryside" and "Rural
Damascus" are Rif Dimashq, which surrounds the Damascus governorate (the city)."""
_COMPASS = re.compile(
    rf"^(?:the\s+)?(?:(?:{alternation(DIRECTIONS - {'middle'})}|[NS][EW])\b|[NSEW]\.|[NS][EW]\.)"
    r"\s*(?=\S)",
    re.I,
)
"""A direction before a name that the gazetteer lacks with it ("Northern Shan", "North-East
Nigeria"), also as a headline abbreviation ("S. Philippines", "NE Nigeria"); a whole word, so
that "Nepal", "Senegal" and "Northampton" keep their first letters. Not "Middle", which
begins names whole ("Middle East")."""
_WORD = re.compile(r"[^\W\d_]+")
_ABBREVIATED = re.compile(r"^([NSEWC])\.\s*(?=\S)")
"""A headline's "N.", "S.", "E.", "W." or "C.", which may be part of the name ("N. Samar" is
Northern Samar, "C. African Republic" the Central African Republic)."""
_ABBREVIATIONS = {
    "N": "Northern ",
    "S": "Southern ",
    "E": "Eastern ",
    "W": "Western ",
    "C": "Central ",
}
_BORDER = re.compile(r"(?:the\s+)?(.+?)\s+borders?", re.I)
"""A name with "border" after it ("the China border"), whose name `names_a_border` reads."""
_ARTICLE = re.compile(r"^(?:a[dlnrstz]|ash|el) ")
"""The Arabic article as geonames transliterates it ("Ad Dānā", "As Safirah", "Al Bab")."""

# Score weights, in the prior's units (log10 of population).
CONTEXT = 6.0
KIND = 4.0
EXACT = 4.0
DOCUMENT = 3.5
ROLE = 3.0
ALIAS = 2.0
OUTLET = 2.0
"""The outlet's country (`Outlet.prior`): a hundredfold population, less than any place
named in the text (`DOCUMENT`), so that the text always wins over where the outlet reports."""
STRAY_POPULATION = 100_000
CONFIDENCE_CAP = 0.95
"""A name match is never certain: the same spelling may name a place the gazetteer lacks."""


@dataclass(frozen=True, slots=True)
class ResolvedPlace:
    mention: PlaceMention
    entry: GazetteerEntry | None
    """None when no gazetteer entry carries the name."""
    precision: int
    """1 exact place, 2 within ~25 km, 3 admin2, 4 admin1, 5 country, 6 region / unknown."""
    confidence: float
    """The chosen candidate's share of the evidence among all candidates (softmax), capped."""
    extractor: str = EXTRACTOR


def geocode(
    mentions: Sequence[PlaceMention],
    text: str,
    gazetteer: Gazetteer | None = None,
    outlet: Outlet | None = None,
) -> list[ResolvedPlace]:
    """Resolve each mention in `text` (the document the mentions' offsets point into), from
    `outlet` when it is known (`outlets.py`)."""
    gaz = gazetteer if gazetteer is not None else Gazetteer.load()
    found = gaz.find_in_text(text)
    named: list[tuple[str, list[tuple[GazetteerEntry, float]]]] = []
    towns: list[tuple[str, list[tuple[GazetteerEntry, float]]]] = []
    for _, _, surface in found:
        if areas := _areas(gaz.lookup(surface)):
            named.append((normalise(surface), areas))
        elif countries := _town_countries(gaz, surface):
            towns.append((normalise(surface), countries))
    ends = {end: surface for _, end, surface in found}
    starts = {start: (end, surface) for start, end, surface in found}
    inferred = {m: _inferred(gaz, m) for m in mentions if m.evidence.extractor == INFERRED}
    # A place inferred for a report is the document's evidence too, for its nationalities.
    places = [(normalise(m.text), [(p.entry, 1.0)]) for m, p in inferred.items() if p.entry]
    # So is the country its outlet monitors.
    monitored = outlet.monitored if outlet is not None else None
    if outlet is not None and monitored and (country := gaz.get(country_id(monitored))):
        places.append((normalise(outlet.name), [(country, 1.0)]))
    prior = outlet.prior if outlet is not None else None
    return [
        inferred[mention]
        if mention in inferred
        else _Resolver(gaz, mention, text, named, towns, ends, starts, places, prior).resolve()
        for mention in mentions
    ]


def names_a_place(gazetteer: Gazetteer, text: str) -> bool:
    """Whether the gazetteer has an entry for a mention's name, with or without its type word
    or a direction before it ("Namhsan township" has none, "northern Shan State" has)."""
    name = _split_type(text)[0]
    return any(gazetteer.lookup(n) for n in {text, name, _COMPASS.sub("", name)} if n)


def names_below_country(gazetteer: Gazetteer, text: str) -> bool:
    """Whether a reading of a mention's name (as `names_a_place` looks it up) is a town, a unit
    or a region, not only a country or a nationality."""
    return any(e.feature_code != COUNTRY_FEATURE for e in lookup_readings(gazetteer, text))


def _border_owners(gazetteer: Gazetteer, text: str) -> list[GazetteerEntry]:
    """The readings of the name whose border a mention is ("the China border": China)."""
    border = _BORDER.fullmatch(text.strip())
    return gazetteer.lookup(border.group(1)) if border is not None else []


def names_a_border(gazetteer: Gazetteer, text: str) -> bool:
    """Whether a mention is a country's border ("near the China border", "the Iraq border"): it
    tells whose border, and the event lies on either side of it, as often on the far one."""
    return any(e.feature_code == COUNTRY_FEATURE for e in _border_owners(gazetteer, text))


def names_a_crossing(gazetteer: Gazetteer, text: str) -> bool:
    """Whether a mention is a town's border ("Fighting closes Mae Sot border post"): the
    crossing at a frontier town, where what happened often lies on the far side."""
    return any(e.feature_class == "P" for e in _border_owners(gazetteer, text))


def tells_whose(gazetteer: Gazetteer, text: str) -> bool:
    """Whether a mention names a country only as whose people or border it is: a nationality
    ("Russian warplanes") or a country's border ("near the China border")."""
    return gazetteer.is_demonym(text) or names_a_border(gazetteer, text)


def lookup_readings(gazetteer: Gazetteer, text: str) -> list[GazetteerEntry]:
    """Every entry a mention's name may stand for, as `names_a_place` looks it up, and the unit
    of its country that it names (`unit_of_country`)."""
    name = _split_type(text)[0]
    found = [e for n in {text, name, _COMPASS.sub("", name)} if n for e in gazetteer.lookup(n)]
    return found + unit_of_country(gazetteer, name)


def unit_of_country(gazetteer: Gazetteer, name: str) -> list[GazetteerEntry]:
    """The places of a country a name written as "<place> <country>" stands for ("South-West
    Cameroon", "Northwest Cameroon", "Far North Cameroon", "Kano Nigeria"): the press writes a
    place before its country's name with no comma, and the model reads the two as one name, to
    be read as "Kano, Nigeria" is. Words that are a direction name only a first-level unit
    ("Central America" is no town called Central in the United States). None when no run of the
    name's last words names a country, or the words before it name no place of that country:
    "Northwest Syria" is a direction in Syria, and "North-East Nigeria" a zone, no unit."""
    words = name.split()
    for cut in range(1, len(words)):
        countries = {
            e.country_code
            for e in gazetteer.lookup(" ".join(words[cut:]))
            if e.feature_code == COUNTRY_FEATURE
        }
        if countries:
            place = " ".join(words[:cut])
            kept = ("ADM1",) if is_direction(place) else None
            return [
                e
                for e in gazetteer.lookup(place)
                if e.feature_code != COUNTRY_FEATURE
                and e.country_code in countries
                and (kept is None or e.feature_code in kept)
            ]
    return []


def _inferred(gaz: Gazetteer, mention: PlaceMention) -> ResolvedPlace:
    """A place inferred for a report (its context is the entry's id), at that entry's precision."""
    entry = gaz.get(mention.context[0]) if mention.context else None
    if entry is None:
        return ResolvedPlace(mention, None, 6, 0.0, INFERRED)
    precision = PRECISION[entry.feature_code]
    return ResolvedPlace(mention, entry, precision, INFERRED_CONFIDENCE, INFERRED)


def _prior(entry: GazetteerEntry) -> float:
    """How likely the place is meant with no other evidence (see the module docstring)."""
    if entry.feature_class == "P":
        seat = {"PPLC": 2.0, "PPLA": 1.5}.get(entry.feature_code, 0.0)
        return math.log10(max(entry.population, MIN_CITY_POPULATION)) + seat
    weight = math.log10(max(entry.population, 1))
    base = {COUNTRY_FEATURE: 8.0, "RGN": 6.0, "ADM1": 5.0, "ADM2": 5.0}[entry.feature_code]
    return base + 0.1 * weight


def _areas(entries: Iterable[GazetteerEntry]) -> list[tuple[GazetteerEntry, float]]:
    """The readings of a name that can hold other places, weighted by their share of population.

    Countries, admin units, regions and capitals (standing for their country) hold places; so
    "Florida" is nearly all the US state, and "Niger" mostly the country, a little the Nigerian
    state.
    """
    holders = [e for e in entries if e.feature_class in ("A", "L") or e.feature_code == "PPLC"]
    total = sum(max(e.population, 1) for e in holders)
    return [(e, max(e.population, 1) / total) for e in holders]


class _Resolver:
    """The evidence for one mention; its candidates are scored against it."""

    def __init__(
        self,
        gaz: Gazetteer,
        mention: PlaceMention,
        text: str,
        named: list[tuple[str, list[tuple[GazetteerEntry, float]]]],
        towns: list[tuple[str, list[tuple[GazetteerEntry, float]]]],
        ends: dict[int, str],
        starts: dict[int, tuple[int, str]],
        inferred: list[tuple[str, list[tuple[GazetteerEntry, float]]]],
        prior: str | None = None,
    ) -> None:
        self.gaz = gaz
        self.mention = mention
        self.prior = prior
        name, codes, floor = _split_type(mention.text)
        start, end = mention.evidence.start, mention.evidence.end
        in_place = text[start:end] == mention.evidence.text
        self.for_state = in_place and stands_for_state(text, start, end)
        full_name = mention.text
        if in_place and not codes:
            following = _FOLLOWING_TYPE.match(text[end : end + 24])
            if following:
                codes, floor = _TYPE_WORDS[following.group(1).lower()]
                full_name = text[start : end + following.end()]
            elif shared := _SHARED_TYPE.match(text[end : end + 80]):
                codes, floor = _TYPE_WORDS[shared.group(1).lower()]
        self.route_abroad = in_place and _ends_route_abroad(gaz, text, start)
        if in_place and _NEAR.search(text[max(0, start - 30) : start]):
            floor = max(floor, 2)
        land = _RURAL.search(text[max(0, start - 40) : start]) if in_place else None
        if land and not codes:
            codes, floor = _TYPE_WORDS[(land.group(1) or land.group(2) or "countryside").lower()]
        self.rural = (codes, floor) in (_COUNTRYSIDE, _DESERT_OF)
        # "Kunar River" is a river unless the gazetteer carries the whole name; then the type
        # word is part of a name ("Qalamoun Mountains", an area) and sets no precision.
        named_whole = gaz.lookup(full_name) if codes == _NATURAL else []
        self.natural = (
            (codes == _NATURAL and not named_whole)
            or (
                in_place
                and _FEATURE_HEAD.fullmatch(mention.text) is not None
                and _OF_NAME.match(text, end) is not None
            )
            or _named_desert(gaz, full_name)
        )
        if named_whole:
            codes, floor = frozenset(), 1
        self.codes, self.floor = codes, floor
        exact = gaz.lookup(mention.text)
        self.exact = {e.gazetteer_id for e in exact}
        # The readings of a name written just before this one ("Atlanta, Georgia").
        before = _written_before(text, start) if in_place else -1
        self.inner = _readings(gaz.lookup(ends[before])) if before in ends else []
        self.candidates = (
            {}
            if _ONLY_TYPE.fullmatch(name)
            else {e.gazetteer_id: e for e in (named_whole or (*gaz.lookup(name), *exact))}
        )
        if not self.candidates and (abbreviated := _ABBREVIATED.match(name)):
            # "N. Samar": the province Northern Samar, when the gazetteer has the whole name.
            whole = _ABBREVIATIONS[abbreviated.group(1).upper()] + name[abbreviated.end() :]
            if found := gaz.lookup(whole):
                name, self.candidates = whole, {e.gazetteer_id: e for e in found}
        if not self.candidates and (units := unit_of_country(gaz, name)):
            self.candidates = {e.gazetteer_id: e for e in units}
        if not self.candidates and (bare := _COMPASS.sub("", name)) != name and bare[:1].isupper():
            # "Northern Shan", "the Eastern Ghouta": the part of a place the gazetteer has; not
            # "the east bank", whose "bank" is a word (and Portsmouth's other name).
            name = bare
            self.candidates = {e.gazetteer_id: e for e in gaz.lookup(name)}
        if self.rural and (rural := [e for n in _RURAL_NAMES for e in gaz.lookup(n.format(name))]):
            self.candidates = {e.gazetteer_id: e for e in rural}
        if in_place and (longer := _with_direction_before(gaz, text, start, name)):
            self.candidates = {e.gazetteer_id: e for e in longer}
        written = list(mention.context)
        after = _unit_written_after(text, start + len(full_name), starts) if in_place else None
        if after is not None and normalise(after) not in {normalise(c) for c in written}:
            written.insert(0, after)  # "Bamako city, Koulikoro region": the innermost unit
        self.context = [areas for c in written if (areas := _areas(gaz.lookup(_split_type(c)[0])))]
        self.keys = {normalise(name), normalise(mention.text)}
        words = [w for w in _WORD.findall(normalise(mention.text)) if w != "the"]
        self.direction = bool(words) and all(w in DIRECTIONS for w in words)
        self.town_by_name = any(
            e.feature_class == "P" and own_names(e) & self.keys for e in self.candidates.values()
        )
        self.document = [areas for surface, areas in named if surface not in self.keys]
        # Towns hint at the country, too weakly to call a place a stray namesake.
        self.hints = self.document + [c for surface, c in towns if surface not in self.keys]
        # The areas the document names and the places inferred for its reports, nationalities
        # left out ("Russian warplanes"); towns, as above, are too weak a hint.
        elsewhere = [
            areas
            for surface, areas in named
            if surface not in self.keys and not gaz.is_demonym(surface)
        ]
        guessed = [areas for _, areas in inferred]
        self.places = elsewhere + guessed
        # A country named is as often a party as a site ("Moscow warns Turkey"): a place that
        # speaks yields only to the towns and units named, and to the places inferred.
        self.sites_elsewhere = [
            areas
            for areas in elsewhere
            if any(area.feature_code != COUNTRY_FEATURE for area, _ in areas)
        ] + guessed
        # A place inferred for a report (its groups' country) tells where the story is too.
        self.stray_evidence = self.document + guessed

    def resolve(self) -> ResolvedPlace:
        if self.natural or self.route_abroad:
            return self._unresolved()
        if not self.candidates:
            # "Kun Hing township, Shan State": a place the gazetteer lacks, in a unit it has.
            return self._by_context() if self.context else self._unresolved()
        scores = {gid: self.score(e) for gid, e in self.candidates.items()}
        best = max(scores, key=lambda gid: (scores[gid], gid))
        entry = self.candidates[best]
        if self.context and not any(self._inside(entry, areas) for areas in self.context):
            return self._by_context()
        if not self.context and (
            self._stray(entry)
            or self._unit_by_another_name(entry)
            or self._foreigners(entry)
            or self._direction(entry)
        ):
            return self._unresolved()
        share = 1 / sum(math.exp(s - scores[best]) for s in scores.values())
        if self.for_state and entry.feature_class == "P":
            entry = self.gaz.get(country_id(entry.country_code)) or entry
        precision = max(PRECISION[entry.feature_code], self.floor)
        return ResolvedPlace(self.mention, entry, precision, round(min(CONFIDENCE_CAP, share), 3))

    def score(self, entry: GazetteerEntry) -> float:
        score = _prior(entry)
        if entry.feature_code in self.codes:
            score += KIND
        if entry.gazetteer_id in self.exact and self.codes:
            score += EXACT  # the type word is part of the name ("Khorasan Province", "Kuwait City")
        if self.mention.role == "claimed_territory" and entry.feature_code == "RGN":
            score += ROLE
        if self.town_by_name and entry.feature_class == "P" and not own_names(entry) & self.keys:
            score -= ALIAS  # "Jalalabad" is Sylhet's old name, but a town of its own first
        score += CONTEXT * sum(self._inside(entry, areas) for areas in self.context)
        if entry.feature_class in ("A", "L"):
            score += CONTEXT * self._holds_any(entry, self.inner)
        score += DOCUMENT * min(2.0, sum(self._inside(entry, areas) for areas in self.hints))
        if self.prior is not None and self.prior in self._countries(entry):
            score += OUTLET
        return score

    def _unresolved(self) -> ResolvedPlace:
        return ResolvedPlace(self.mention, None, 6, 0.0)

    def _by_context(self) -> ResolvedPlace:
        """Every reading of the name lies outside the places written around it ("Andar district,
        Ghazni" where the only Andar is French): place the mention by its innermost context,
        at that unit's precision and half its weight, rather than on the namesake."""
        area, weight = max(self.context[0], key=lambda reading: reading[1])
        precision = max(PRECISION[area.feature_code], self.floor)
        return ResolvedPlace(self.mention, area, precision, round(CONFIDENCE_CAP * weight / 2, 3))

    def _unit_by_another_name(self, entry: GazetteerEntry) -> bool:
        """A unit's name ("Bui division") read as a town that goes by another name (Bowie,
        which geonames also lists as "Bui") and that nothing else in the document places: a
        unit the gazetteer lacks, not that town ("Nad Ali district" in a story naming Hilmand
        is the district's town, Hukumat-e Nad Ali)."""
        return (
            bool(self.codes)
            and self.codes <= _AREA_CODES
            and not self.rural
            and entry.feature_class == "P"
            and not own_names(entry) & self.keys
            and not any(self._inside(entry, areas) for areas in self.hints)
        )

    def _foreigners(self, entry: GazetteerEntry) -> bool:
        """A nationality in a document whose places all lie in other countries tells whose
        forces or people took part, not where ("Russian warplanes" in a text naming Idlib), and a
        country's border whose side it does not name ("clashes near the China border" in a text
        naming Myanmar) is the other side, as is a frontier town's crossing ("Mae Sot border
        post" in a text naming Myanmar: `names_a_crossing`). So is a town or country that speaks
        for its government ("a truce announced by Turkey" in a text naming Idlib), though not
        where the text names only other countries (`sites_elsewhere`). A place that is the
        country itself agrees with it ("Somali government forces" in a text naming Somalia)."""
        if tells_whose(self.gaz, self.mention.text) or names_a_crossing(
            self.gaz, self.mention.text
        ):
            places = self.places
        elif self.for_state:
            places = self.sites_elsewhere
        else:
            return False
        return bool(places) and not any(
            self._inside(entry, areas)
            or self._holds_any(entry, areas)
            or any(area.gazetteer_id == entry.gazetteer_id for area, _ in areas)
            for areas in places
        )

    def _direction(self, entry: GazetteerEntry) -> bool:
        """A name made only of directions ("Central", "Northeast", "the North") names a unit
        or town of that name only in a country the document names: elsewhere it is a direction
        in a place the gazetteer lacks or the text leaves unsaid ("Central Shan State"). The
        reviewed regions ("Middle East") are meant by their names."""
        return (
            self.direction
            and entry.feature_code != "RGN"
            and not any(self._inside(entry, areas) for areas in self.hints)
        )

    def _stray(self, entry: GazetteerEntry) -> bool:
        """A town neither large nor in (or next to) any country the document names, or that is
        inferred for one of its reports, is most likely a namesake of a place the gazetteer
        lacks ("Andar" in an Afghan story, "Manton township" where the KIA fights). A
        nationality alone tells who as often as where, so it makes a stray of a village only:
        "Russian airstrikes … in Saraqib" is the Syrian town."""
        evidence = self.stray_evidence
        if entry.feature_class != "P" or entry.population >= STRAY_POPULATION or not evidence:
            return False
        if not self.places and entry.population >= TEXT_ALTERNATES_MIN_POPULATION:
            return False
        named = {c for areas in evidence for area, _ in areas for c in self._countries(area)}
        return not ({entry.country_code} & (named | self.gaz.neighbours_of(named)))

    def _inside(self, entry: GazetteerEntry, areas: list[tuple[GazetteerEntry, float]]) -> float:
        """The weight of the strongest of `areas` (one name's readings) that holds `entry`."""
        return max(
            (
                weight
                for area, weight in areas
                if area.gazetteer_id != entry.gazetteer_id and self._holds(area, entry)
            ),
            default=0.0,
        )

    def _holds_any(
        self, area: GazetteerEntry, readings: list[tuple[GazetteerEntry, float]]
    ) -> float:
        """The weight of the strongest of `readings` (one name's) that `area` holds."""
        return max(
            (
                weight
                for entry, weight in readings
                if entry.gazetteer_id != area.gazetteer_id and self._holds(area, entry)
            ),
            default=0.0,
        )

    def _holds(self, area: GazetteerEntry, entry: GazetteerEntry) -> bool:
        """Whether `entry` lies in `area`. A district holds its whole province, as cities carry
        no district code."""
        if area.feature_code == "RGN":
            return any(
                member is not None and self._holds(member, entry)
                for member in map(self.gaz.get, area.members)
            )
        if area.feature_code in (COUNTRY_FEATURE, "PPLC"):
            return area.country_code in self._countries(entry)
        return entry.country_code == area.country_code and entry.admin1_code == area.admin1_code

    def _countries(self, entry: GazetteerEntry) -> set[str]:
        if entry.feature_code != "RGN":
            return {entry.country_code}
        found: set[str] = set()
        for member in map(self.gaz.get, entry.members):
            if member is not None:
                found |= self._countries(member)
        return found


def _ends_route_abroad(gaz: Gazetteer, text: str, start: int) -> bool:
    """Whether the name at `start` is one end of a route (`_ROUTE`) whose other end lies in
    other countries only: a road that crosses borders ("ISIS attacks the Tehran – Beirut road"
    in Syria) is named for where it leads, and lies at neither end. A route within one country
    ("the Damascus – Aleppo highway") keeps its end as the nearest place the text gives."""
    window = max(0, start - 40)
    for found in _ROUTE.finditer(text, window, start + 80):
        if not (found.group("lead") or found.group("trail")):
            continue
        ends = {found.start("a"): found.group("b"), found.start("b"): found.group("a")}
        if start not in ends:
            continue
        own = found.group("a") if start == found.start("a") else found.group("b")
        here = {e.country_code for e in gaz.lookup(own)}
        there = {e.country_code for e in gaz.lookup(ends[start])}
        return bool(here) and bool(there) and not here & there
    return False


def _town_countries(gaz: Gazetteer, name: str) -> list[tuple[GazetteerEntry, float]]:
    """The countries of a prominent town's readings, weighted by their share of population:
    "Kafr Zita" names no area, but tells that the story is Syrian (as "Syria" would, less
    surely when the name has readings in several countries)."""
    if not gaz.is_prominent_place(name):
        return []
    weights: dict[str, float] = {}
    for town, weight in _readings(gaz.lookup(name)):
        weights[town.country_code] = weights.get(town.country_code, 0.0) + weight
    countries = ((gaz.get(country_id(cc)), weight) for cc, weight in weights.items())
    return [(country, weight) for country, weight in countries if country is not None]


def own_names(entry: GazetteerEntry) -> set[str]:
    """The keys of the names a place goes by: its main name, with and without an Arabic article
    ("Ad Dānā" is Dana), and the reviewed spellings of reporting ("Palmyra" for Tadmur), as
    opposed to the old or foreign names geonames also lists."""
    main = normalise(entry.name)
    reviewed = (
        normalise(name)
        for name, source in zip(entry.alternate_names, entry.alternate_sources, strict=False)
        if source == "khabar"
    )
    return {main, _ARTICLE.sub("", main), *reviewed}


def _readings(entries: Iterable[GazetteerEntry]) -> list[tuple[GazetteerEntry, float]]:
    """Every reading of a name, weighted by its share of population (as `_areas`, for all)."""
    found = list(entries)
    total = sum(max(e.population, 1) for e in found)
    return [(e, max(e.population, 1) / total) for e in found]


_COMMA = re.compile(r"\s*,\s*")
_UNIT_CODES = frozenset({"ADM1", "ADM2"})


def _unit_written_after(text: str, end: int, starts: dict[int, tuple[int, str]]) -> str | None:
    """An admin unit written with its type word right after a name ("Bamako city, |Koulikoro
    region|"): the hierarchy the writer gives, as a list of places never reads ("Kunar,
    Nuristan and Nangarhar" names no type word after Kunar's neighbour, "Kachin, Shan states"
    a plural one)."""
    comma = _COMMA.match(text, end)
    if comma is None or comma.end() not in starts:
        return None
    name_end, surface = starts[comma.end()]
    if (own := _TYPE_AFTER.search(surface)) and _TYPE_WORDS[own.group(1).lower()][0] & _UNIT_CODES:
        return surface  # "Kun Hing township, |Shan State|": the type word is part of the name
    following = _FOLLOWING_TYPE.match(text[name_end : name_end + 24])
    if (
        following is None
        or following.end() != following.end(1)  # "Kachin, Shan states": a list
        or not _TYPE_WORDS[following.group(1).lower()][0] & _UNIT_CODES
    ):
        return None
    return surface + following.group(0)


_WORD_BEFORE = re.compile(r"(?<![\w-])([A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)?)[ \t]+$")


def _with_direction_before(
    gaz: Gazetteer, text: str, start: int, name: str
) -> list[GazetteerEntry]:
    """The entries of a unit named by a direction written right before a name and the name ("in
    North Darfur", where the toponym pass kept the place "Darfur", a region, and left "North"
    out, or "in South-West Cameroon", `unit_of_country`); none when no such direction stands
    there or the gazetteer lacks the whole. A direction in lower case names only an informal
    region ("in eastern Congo"): "across northern Darfur" is the north of the region, not the
    state North Darfur."""
    before = _WORD_BEFORE.search(text, max(0, start - 16), start)
    if before is None or not is_direction(before.group(1)):
        return []
    whole = f"{before.group(1)} {name}"
    found = gaz.lookup(whole) or unit_of_country(gaz, whole)
    if before.group(1).islower():
        return [e for e in found if e.feature_code == "RGN"]
    return found


def _named_desert(gaz: Gazetteer, name: str) -> bool:
    """Whether a desert is named by a nationality ("the Syrian Desert", "the Libyan Desert"): a
    natural region across borders, not the country's land, which the gazetteer lacks."""
    desert = _DESERT.fullmatch(name.strip())
    return desert is not None and gaz.is_demonym(desert.group(1))


def _written_before(text: str, start: int) -> int:
    """Where a name written just before the one at `start` would end: "Atlanta, |Georgia"."""
    before = text[:start].rstrip()
    return len(before[:-1].rstrip()) if before.endswith(",") else -1


def _split_type(text: str) -> tuple[str, frozenset[str], int]:
    """Split a type word off a name: "Ghazni province" → ("Ghazni", {ADM1, RGN}, 4)."""
    for pattern in (_TYPE_AFTER, _TYPE_BEFORE):
        match = pattern.search(text)
        if match:
            codes, floor = _TYPE_WORDS[match.group(1).lower()]
            rest = text[: match.start()] if pattern is _TYPE_AFTER else text[match.end() :]
            return rest.strip(), codes, floor
    return text.strip(), frozenset(), 1
