"""The reviewed outlets file: found by any of their names, each with its scope and country."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.extract.house_style import HouseStyle
from khabar.geo.actor_country import local_unit
from khabar.geo.gazetteer import Gazetteer
from khabar.geo.outlets import OUTLETS_FILE, Outlet, OutletError, Outlets

HEADER = "name\taliases\thome\tscope\tcoverage\tstyle\tsource\n"


def _write(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "outlets.tsv"
    path.write_text("# a comment\n" + HEADER + "".join(f"{row}\n" for row in rows), "utf-8")
    return path


def _cues(outlet: Outlet | None) -> tuple[str, str | None, str | None] | None:
    """An outlet's scope, prior country and monitored country."""
    return None if outlet is None else (outlet.scope, outlet.prior, outlet.monitored)


def test_outlets_shipped_file_knows_monitors_national_and_general_outlets() -> None:
    outlets = Outlets.load()
    sohr = outlets.find("SOHR")
    assert sohr == Outlet("SOHR", "GB", "monitor", "SY", HouseStyle(casualties_are_dead=True))
    assert outlets.find("Syrian Observatory for Human Rights") is sohr
    assert (sohr.prior, sohr.monitored) == ("SY", "SY")
    assert _cues(outlets.find("The Irrawaddy Online")) == ("monitor", "MM", "MM")
    assert _cues(outlets.find("Dawn")) == ("national", "PK", None)
    for wire in ("Reuters News", "Agence France Presse", "BBC Monitoring Africa"):
        assert _cues(outlets.find(wire)) == ("general", None, None), wire


def test_outlets_every_row_has_a_source_and_valid_codes() -> None:
    rows = [
        line.split("\t")
        for line in OUTLETS_FILE.read_text("utf-8").splitlines()
        if line and not line.startswith("#")
    ][1:]
    assert len(rows) == len(Outlets.load()) >= 60
    assert all(len(row) == 7 and row[6].strip() for row in rows)


def test_outlets_find_ignores_case_article_accents_and_a_qualifier() -> None:
    outlets = Outlets.load()
    assert outlets.find("the syrian observatory for human rights") is outlets.find("SOHR")
    assert outlets.find("El Heraldo de Juarez") is outlets.find("El Heraldo de Juárez")
    assert _cues(outlets.find("PNA (Philippines News Agency)")) == ("national", "PH", None)
    assert outlets.find("BBC Monitoring Service: Asia-Pacific") is outlets.find("BBC Monitoring")
    assert outlets.find("syriahr.com") is outlets.find("SOHR")
    for unknown in ("Tigris Daily", "", "   ", None):
        assert outlets.find(unknown) is None


def test_outlets_loader_reads_a_file(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Kivu Watch\tKW|kivuwatch.example\tCD\tmonitor\tCD\tcasualties:dead\thttps://kw.example",
        "Daily Planet\t\tUS\tnational\t\t\thttps://planet.example",
    )
    outlets = Outlets.load(path)
    assert len(outlets) == 2
    assert outlets.find("kw") == Outlet("Kivu Watch", "CD", "monitor", "CD", HouseStyle(True))
    assert outlets.find("The Daily Planet") == Outlet("Daily Planet", "US", "national")
    assert _cues(outlets.find("The Daily Planet")) == ("national", "US", None)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("Kivu Watch\t\tCD\tmonitor\t\t\thttps://x.example", "coverage"),
        ("Daily Planet\t\tUS\tnational\tUS\t\thttps://x.example", "coverage"),
        ("Daily Planet\t\tUS\tweekly\t\t\thttps://x.example", "scope"),
        ("Daily Planet\t\tUS\tlocal\t\t\thttps://x.example", "coverage"),
        ("Daily Planet\t\tUS\tlocal\tMX-CHH\t\thttps://x.example", "ISO 3166-2"),
        ("Daily Planet\t\tUS\tlocal\tUS\t\thttps://x.example", "ISO 3166-2"),
        ("Daily Planet\t\tXX\tnational\t\t\thttps://x.example", "ISO"),
        ("Daily Planet\t\tUS\tnational\t\t\t", "source"),
        ("Daily Planet\t\tUS\tnational\t\tdead:casualties\thttps://x.example", "unknown usage"),
    ],
)
def test_outlets_loader_rejects_a_bad_row(tmp_path: Path, row: str, problem: str) -> None:
    with pytest.raises(OutletError, match=problem):
        Outlets.load(_write(tmp_path, row))


def test_outlets_loader_rejects_a_name_of_two_outlets(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "Daily Planet\tDP\tUS\tnational\t\t\thttps://planet.example",
        "Dar Press\tDP\tTZ\tnational\t\t\thttps://dar.example",
    )
    with pytest.raises(OutletError, match="names both"):
        Outlets.load(path)


def test_outlets_a_local_outlet_has_its_unit_and_its_home_country() -> None:
    juarez = Outlets.load().find("El Heraldo de Juarez")
    assert juarez is not None
    assert juarez == Outlet("El Heraldo de Juárez", "MX", "local", "MX-CHH")
    assert (juarez.prior, juarez.monitored, juarez.unit) == ("MX", "MX", "MX-CHH")
    dawn = Outlets.load().find("Dawn")
    assert dawn is not None
    assert dawn.unit is None


def test_outlets_every_local_outlets_unit_is_a_unit_of_the_gazetteer(
    gazetteer: Gazetteer,
) -> None:
    rows = [line.split("\t") for line in OUTLETS_FILE.read_text("utf-8").splitlines()]
    outlets = [Outlets.load().find(row[0]) for row in rows if len(row) == 7 and row[3] == "local"]
    assert len(outlets) >= 3
    for outlet in outlets:
        assert outlet is not None
        assert outlet.unit is not None
        unit = local_unit(gazetteer, outlet.unit)
        assert unit is not None, outlet.name
        assert (unit.feature_code, unit.country_code) == ("ADM1", outlet.home)
    michoacan = local_unit(gazetteer, "MX-MIC")  # ISO's "Michoacán de Ocampo"
    assert michoacan is not None
    assert michoacan.gazetteer_id == "admin1:MX.16"
    assert local_unit(gazetteer, "MX-XXX") is None
