"""The outlet a document comes from, as a weak cue to where its events happened (issue 5).

The reviewed `data/outlets.tsv` lists outlets by the names their documents carry as metadata
(`ParsedDocument.outlet`), each with its home country and its scope:

- `monitor`: it reports on one country only (SOHR on Syria, The Irrawaddy on Myanmar). That
  country is a prior for namesakes (`geocoder`), and a report of it that names no place is
  placed there, as a guess (`actor_country`);
- `national`: a country's paper or agency (Dawn, the Philippine News Agency). It reports the
  world too, so its home is only a prior for namesakes;
- `local`: a city's or province's daily (El Heraldo de Juárez, El Sol de Tijuana), whose
  `coverage` is that first-level unit (ISO 3166-2). Its home is a prior for namesakes, and a
  report of it that names no place is placed in its unit ("2 men murdered on Thursday night"
  in El Sol de Tijuana is Baja California's), as a guess (`actor_country`);
- `general`: a wire, world broadcaster or regional outlet (Reuters, AFP, BBC Monitoring). Where
  it is based says nothing of where a story happened: no cue at all.

A name is looked up whole, then without a qualifier after a colon or in brackets ("BBC
Monitoring Service: Asia-Pacific", "PNA (Philippines News Agency)"); an unknown outlet is no cue.
"""

from __future__ import annotations

import csv
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pycountry

from khabar.extract.house_style import PLAIN, HouseStyle
from khabar.geo.gazetteer import DATA_DIR, normalise

OUTLETS_FILE = DATA_DIR / "outlets.tsv"
SCOPES = frozenset({"general", "national", "local", "monitor"})
_QUALIFIER = re.compile(r"\s*(?::.*|\(.*\)\s*)$")
"""What follows a name's colon, or a bracket at its end: a desk or the outlet's other name."""


@dataclass(frozen=True, slots=True)
class Outlet:
    name: str
    home: str
    """ISO 3166-1 alpha-2 of the country it reports from; empty when it moved or is unclear."""
    scope: str
    """`general`, `national`, `local` or `monitor` (see the module docstring)."""
    coverage: str = ""
    """A monitor's one country (ISO 3166-1 alpha-2), a local outlet's first-level unit (ISO
    3166-2, in its home country); empty otherwise."""
    style: HouseStyle = PLAIN
    """Words it uses in a sense of its own (`extract.house_style`)."""

    @property
    def prior(self) -> str | None:
        """The country whose namesakes its documents more likely mean: a monitor's, a national or
        local outlet's home; none for a general one."""
        if self.scope == "monitor":
            return self.coverage
        if self.scope in ("national", "local"):
            return self.home or None
        return None

    @property
    def monitored(self) -> str | None:
        """The country where a report of it that names no place lies: a monitor's one country,
        a local outlet's home."""
        if self.scope == "monitor":
            return self.coverage
        return self.home if self.scope == "local" else None

    @property
    def unit(self) -> str | None:
        """A local outlet's first-level unit (ISO 3166-2), where its unplaced reports lie."""
        return self.coverage if self.scope == "local" else None


class OutletError(ValueError):
    """A row of the outlets file that breaks its layout (a reviewed file: fail loudly)."""


class Outlets:
    """The outlets of the reviewed file, found by any of their names."""

    def __init__(self, named: Iterable[tuple[Outlet, Iterable[str]]]) -> None:
        self._by_key: dict[str, Outlet] = {}
        for outlet, names in named:
            for key in {normalise(n) for n in names if n.strip()}:
                if self._by_key.setdefault(key, outlet) != outlet:
                    raise OutletError(
                        f"{key!r} names both {self._by_key[key].name} and {outlet.name}"
                    )

    @classmethod
    def load(cls, path: Path = OUTLETS_FILE) -> Outlets:
        """The outlets of `path` (the shipped file is read once per process)."""
        return _load(path)

    def __len__(self) -> int:
        return len(set(self._by_key.values()))

    def find(self, name: str | None) -> Outlet | None:
        """The outlet a document's metadata names (see the module docstring); None if unknown."""
        if not name or not name.strip():
            return None
        for candidate in (name, _QUALIFIER.sub("", name)):
            if found := self._by_key.get(normalise(candidate)):
                return found
        return None


@functools.cache
def _load(path: Path) -> Outlets:
    return Outlets(_read(path))


def _read(path: Path) -> Iterator[tuple[Outlet, list[str]]]:
    """Each row's outlet and its names; `#` lines are comments, the first other line the header."""
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=1):
            outlet = _outlet(row, number)
            yield outlet, [outlet.name, *(row["aliases"] or "").split("|")]


def _outlet(row: dict[str, str], number: int) -> Outlet:
    name, home, scope, coverage, style, source = (
        (row.get(column) or "").strip()
        for column in ("name", "home", "scope", "coverage", "style", "source")
    )
    problem = _problem(name, home, scope, coverage, source)
    if problem:
        raise OutletError(f"outlets row {number} ({name or '?'}): {problem}")
    try:
        return Outlet(name, home, scope, coverage, HouseStyle.parse(style))
    except ValueError as exc:
        raise OutletError(f"outlets row {number} ({name}): {exc}") from exc


def _problem(name: str, home: str, scope: str, coverage: str, source: str) -> str | None:
    if not name or not source:
        return "a name and a source are needed"
    if scope not in SCOPES:
        return f"scope {scope!r} is none of {', '.join(sorted(SCOPES))}"
    if (scope in ("monitor", "local")) != bool(coverage):
        return "a monitor or a local outlet has one coverage, and only they have one"
    for code in (home, coverage if scope != "local" else ""):
        if code and pycountry.countries.get(alpha_2=code) is None:
            return f"{code!r} is no ISO 3166-1 alpha-2 code"
    if scope == "local" and (subdivision(coverage) or ("", ""))[0] != home:
        return f"{coverage!r} is no ISO 3166-2 code of a unit in {home!r}"
    return None


def subdivision(code: str) -> tuple[str, str] | None:
    """The country (ISO 3166-1 alpha-2) and name of ISO 3166-2 unit `code` ("MX-CHH" →
    ("MX", "Chihuahua")); None for no such code."""
    return _subdivisions().get(code.upper())


@functools.cache
def _subdivisions() -> dict[str, tuple[str, str]]:
    return {s.code: (s.country_code, s.name) for s in pycountry.subdivisions}
