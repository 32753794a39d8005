"""The event list downloads every matching event in each `khabar export` format, under the
list's own filters; on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest

from khabar.export.layouts import ACLED_COLUMNS, UCDP_COLUMNS
from khabar.web.app import DOWNLOADS

from .web_sample import Sample
from .web_testclient import TestClient


def listed(client: TestClient, query: str) -> list[int]:
    return sorted(item["id"] for item in client.get(f"/events.json?{query}").json()["items"])


@pytest.mark.parametrize("query", ["", "actor=taliban", "country=IQ", "min_deaths=5"])
def test_downloads_every_format_holds_the_listed_events(
    client: TestClient, sample: Sample, query: str
) -> None:
    expected = listed(client, query)
    acled = client.get(f"/events.acled.csv?{query}")
    assert acled.headers["content-type"] == "text/csv; charset=utf-8"
    acled_rows = list(csv.DictReader(io.StringIO(acled.text)))
    assert sorted(int(row["event_id_cnty"][3:]) for row in acled_rows) == expected
    ucdp_rows = list(csv.DictReader(io.StringIO(client.get(f"/events.ucdp.csv?{query}").text)))
    assert len(ucdp_rows) == len(expected)
    parquet = client.get(f"/events.parquet?{query}")
    assert parquet.headers["content-type"] == "application/vnd.apache.parquet"
    assert 'filename="khabar-events.parquet"' in parquet.headers["content-disposition"]
    table = pq.read_table(io.BytesIO(parquet.content))
    assert sorted(table.column("event_id").to_pylist()) == expected
    geojson = client.get(f"/events.export.geojson?{query}")
    assert geojson.headers["content-type"] == "application/geo+json"
    features = json.loads(geojson.text)["features"]
    located = [i for i in expected if i != sample.protest_event]
    assert sorted(feature["id"] for feature in features) == located, "the protest has no place"


def test_downloads_use_the_field_layouts(client: TestClient, sample: Sample) -> None:
    acled = client.get("/events.acled.csv?country=IQ").text
    assert next(csv.reader(io.StringIO(acled))) == list(ACLED_COLUMNS)
    ucdp = client.get("/events.ucdp.csv").text
    assert next(csv.reader(io.StringIO(ucdp))) == list(UCDP_COLUMNS)
    feature = json.loads(client.get("/events.export.geojson?country=IQ").text)["features"][0]
    assert feature["properties"]["event_id"] == sample.mosul_event
    assert "latitude" not in feature["properties"], "the position is the geometry"


def test_downloads_bad_filters_are_json_400s(client: TestClient, sample: Sample) -> None:
    for served in DOWNLOADS.values():
        response = client.get(f"{served.path}?actor=nobody-at-all")
        assert response.status_code == 400, served.path
        assert response.json()["error"]["code"] == "bad_argument"


def test_downloads_events_page_links_each_format_with_its_filters(
    client: TestClient, sample: Sample
) -> None:
    html = client.get("/events?country=IQ").text
    for served in DOWNLOADS.values():
        assert f'href="{served.path}?country=IQ" download' in html, served.path
    data = client.get("/events.json?country=IQ").json()
    assert data["downloads"]["parquet"] == "/events.parquet?country=IQ"
    paths = client.get("/openapi.json").json()["paths"]
    for served in DOWNLOADS.values():
        parameters = {p["name"] for p in paths[served.path]["get"]["parameters"]}
        assert {"type", "actor", "bbox", "min_deaths", "q"} <= parameters, served.path


def test_downloads_export_geojson_places_events_as_the_map_does(
    client: TestClient, sample: Sample
) -> None:
    """Two GeoJSON routes, one feature builder: the map's capped, light collection and the
    export's full one hold the same events at the same points; the API says which is which."""
    mapped = client.get("/events.geojson").json()["features"]
    exported = json.loads(client.get("/events.export.geojson").text)["features"]
    assert mapped, "the sample has located events"
    assert {f["id"]: f["geometry"] for f in mapped} == {f["id"]: f["geometry"] for f in exported}
    assert all(f["type"] == "Feature" for f in mapped + exported)
    assert len(mapped[0]["properties"]) < len(exported[0]["properties"])
    described = client.get("/openapi.json").json()["paths"]["/events.geojson"]["get"]
    assert "/events.export.geojson" in described["description"]
