"""`khabar gazetteer build` and `khabar places search`: the whole gazetteer, on both backends."""

from __future__ import annotations

import json

from sqlalchemy import func, select
from typer.testing import CliRunner

from khabar.cli import app
from khabar.geo.gazetteer import Gazetteer
from khabar.store import models as m
from khabar.store.db import make_engine
from khabar.store.repository import Store

runner = CliRunner()


def search(url: str, *args: str) -> list[dict[str, object]]:
    result = runner.invoke(app, ["--db", url, "places", "search", *args, "--json"])
    assert result.exit_code == 0, result.output
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


def test_cli_gazetteer_build_writes_every_entry(store_url: str, gazetteer: Gazetteer) -> None:
    result = runner.invoke(app, ["--db", store_url, "gazetteer", "build"])
    assert result.exit_code == 0, result.output
    assert "Gazetteer built" in result.output
    store = Store(make_engine(store_url))
    with store.session() as session:
        places = session.scalar(select(func.count(m.Place.id)))
        names = session.scalar(select(func.count(m.PlaceName.id)))
        regions = session.scalar(
            select(func.count(m.Place.id)).where(m.Place.feature_code == "RGN")
        )
        members = session.scalar(select(func.count()).select_from(m.PlaceMember))
    store.engine.dispose()
    assert places == len(gazetteer)
    assert names is not None
    assert names > places * 2
    assert regions == sum(1 for e in gazetteer if e.feature_code == "RGN")
    assert members == sum(len(e.members) for e in gazetteer)

    kabul = search(store_url, "KABUL", "--limit", "3")
    assert [p["gazetteer_id"] for p in kabul[:2]] == ["admin1:AF.13", "geonames:1138958"]
    assert all(isinstance(p["id"], int) for p in kabul)
    (sao_paulo,) = [p for p in search(store_url, "sao paulo") if p["feature_code"] == "PPLA"]
    assert sao_paulo["name"] == "São Paulo"
    hilmand = search(store_url, "Hilmand", "--limit", "1")
    assert (hilmand[0]["name"], hilmand[0]["matched"]) == ("Helmand", "Hilmand")
    table = runner.invoke(app, ["--db", store_url, "places", "search", "Peshawar"])
    assert table.exit_code == 0
    assert "Peshawar" in table.output
    assert "PK" in table.output


def test_cli_places_search_before_the_build_says_to_run_it(sqlite_url: str) -> None:
    result = runner.invoke(app, ["--db", sqlite_url, "places", "search", "Ghazni", "--json"])
    assert result.exit_code == 0, result.output
    assert "khabar gazetteer build" in result.stderr
    found = json.loads(result.stdout)
    assert found[0]["id"] is None
    assert {p["gazetteer_id"] for p in found} >= {"geonames:1141269", "admin1:AF.08"}


def test_cli_places_search_on_an_unmigrated_database_is_a_clear_error(tmp_path: object) -> None:
    result = runner.invoke(app, ["--db", f"sqlite:///{tmp_path}/none.db", "places", "search", "x"])
    assert result.exit_code == 2
    assert "error" in result.output
