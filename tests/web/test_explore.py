"""Exploring: filters in the URL shared by list, map, timeline and downloads; sorted, paged,
downloadable lists; clear 400s for bad filters. On SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .web_sample import Sample
from .web_testclient import TestClient


def event_ids(client: TestClient, query: str) -> list[int]:
    return [item["id"] for item in client.get(f"/events.json?{query}").json()["items"]]


@pytest.mark.parametrize(
    "query",
    [
        "",
        "actor=taliban",
        "q=car+bomb",
        "min_deaths=5",
        "bbox=60,30,75,38",
        "admin1=nineveh",
        "country=IQ&from=2024-04-01",
        "status=rejected",
    ],
)
def test_explore_filters_apply_to_list_map_timeline_and_downloads(
    client: TestClient, sample: Sample, query: str
) -> None:
    listed = event_ids(client, query)
    located = [i for i in listed if i != sample.protest_event]
    downloaded = client.get(f"/events.csv?{query}")
    rows = list(csv.DictReader(io.StringIO(downloaded.text)))
    lines = client.get(f"/events.jsonl?{query}").text.splitlines()
    assert downloaded.headers["content-disposition"].startswith("attachment;")
    assert sorted(int(row["event_id"]) for row in rows) == sorted(listed)
    assert sorted(json.loads(line)["event_id"] for line in lines) == sorted(listed)
    assert client.get(f"/timeline.json?{query}").json()["events"] == len(listed)
    assert client.get(f"/map.json?zoom=8&{query}").json()["events"] == len(located)
    countries = client.get(f"/map/countries.json?{query}").json()
    assert sum(country["events"] for country in countries) == len(located)
    assert (
        client.get(f"/index.json?{query}").json()["latest"]
        == client.get(f"/events.json?{query}&limit=10").json()["items"]
    )


def test_explore_filters_find_the_expected_events(client: TestClient, sample: Sample) -> None:
    assert event_ids(client, "actor=Taliban") == [sample.ghazni_event]
    assert event_ids(client, "q=car+bomb") == [sample.mosul_event, sample.protest_event]
    assert event_ids(client, "min_deaths=5") == [sample.ghazni_event]
    assert event_ids(client, "bbox=40,30,45,40") == [sample.mosul_event]
    assert event_ids(client, "admin1=Ghazni") == [sample.ghazni_event]
    assert event_ids(client, "sort=deaths") == [
        sample.ghazni_event,
        sample.mosul_event,
        sample.protest_event,
    ]


@pytest.mark.parametrize(
    ("path", "named"),
    [
        ("/events?bbox=1,2,3", "bbox="),
        ("/events?min_deaths=-1", "min_deaths="),
        ("/events?type=Skirmish", "type="),
        ("/events?status=gone", "status="),
        ("/events?actor=Nobody", "actor="),
        ("/events?country=AFG", "country="),
        ("/events?q=%21%21", "q="),
        ("/events?sort=random", "sort="),
        ("/events?from=2024-05-02&to=2024-05-01", "swap"),
        ("/timeline?bucket=year", "bucket="),
        ("/map?view=1,2", "view="),
        ("/map?zoom=40", "zoom"),
        ("/documents?sort=title", "sort="),
        ("/actors?sort=age", "sort="),
        ("/index?bbox=0,0,0", "bbox="),
    ],
)
def test_explore_bad_filters_answer_400_with_a_code(
    client: TestClient, path: str, named: str
) -> None:
    base, _, query = path.partition("?")
    data = client.get(f"{base}.json?{query}")
    assert data.status_code == 400
    assert data.json()["error"]["code"] == "bad_argument"
    assert named in data.json()["error"]["message"]
    if base in ("/events", "/documents", "/actors"):
        page = client.get(path)
        assert page.status_code == 400
        assert "<code>bad_argument</code>" in page.text
    if base == "/events" and named != "sort=":
        assert client.get(f"/events.csv?{query}").status_code == 400, "no half-written file"


def test_explore_home_keeps_the_filters_in_every_link(client: TestClient, sample: Sample) -> None:
    html = client.get("/?country=AF&min_deaths=10").text
    assert 'data-clusters="/map.json?country=AF&amp;min_deaths=10"' in html
    assert 'data-countries="/map/countries.json?country=AF&amp;min_deaths=10"' in html
    assert 'href="/events?country=AF&amp;min_deaths=10"' in html
    bar = 'href="/?country=AF&amp;min_deaths=10&amp;from=2024-05-03&amp;to=2024-05-03"'
    assert bar in html, "a timeline bar narrows the dates and keeps the other filters"
    assert '<rect class="bar"' in html
    assert 'name="min_deaths" min="0" value="10"' in html
    home = client.get("/index.json?country=AF&min_deaths=10").json()
    assert home["filters"]["country"] == "AF"
    assert home["timeline"]["bars"] == [
        {"start": "2024-05-03", "end": "2024-05-03", "events": 1, "deaths": 15}
    ]
    assert [e["id"] for e in home["latest"]] == [sample.ghazni_event]


def test_explore_timeline_bucket_can_be_chosen(client: TestClient, sample: Sample) -> None:
    months = client.get("/timeline.json?bucket=month").json()
    assert months["bucket"] == "month"
    assert [(b["start"], b["events"], b["deaths"]) for b in months["bars"]] == [
        ("2024-04-01", 1, 4),
        ("2024-05-01", 1, 15),
    ]
    assert (months["events"], months["deaths"], months["undated"]) == (3, 19, 1)
    assert client.get("/timeline.json").json()["bucket"] == "day"
    html = client.get("/?bucket=week").text
    assert 'href="/?bucket=month"' in html
    assert "events per week" in html


def test_explore_map_clusters_by_zoom(client: TestClient, sample: Sample) -> None:
    far = client.get("/map.json?zoom=0").json()
    near = client.get("/map.json?zoom=8&view=40,30,45,40").json()
    (cluster,) = far["clusters"]
    assert cluster["events"] == 2
    assert cluster["deaths"] == 19
    assert cluster["event_id"] is None
    assert cluster["first_id"] == min(sample.ghazni_event, sample.mosul_event)
    assert near["clusters"] == [
        {
            "lat": 36.335,
            "lon": 43.1189,
            "events": 1,
            "deaths": 4,
            "event_type": "Explosions/Remote violence",
            "types": {"Explosions/Remote violence": 1},
            "event_id": sample.mosul_event,
            "first_id": sample.mosul_event,
        }
    ]


def test_explore_events_page_links_downloads_and_sorts(client: TestClient, sample: Sample) -> None:
    html = client.get("/events?type=Protests").text
    assert 'href="/events.csv?type=Protests"' in html
    assert 'href="/events.jsonl?type=Protests"' in html
    assert 'href="/events?type=Protests&amp;sort=deaths"' in html
    first = client.get("/events.json?sort=oldest&limit=1").json()
    assert first["next_url"] == f"/events.json?sort=oldest&after={first['next_after']}"
    rest = [item["id"] for item in client.get(first["next_url"]).json()["items"]]
    assert [first["items"][0]["id"], *rest] == [
        sample.mosul_event,
        sample.ghazni_event,
        sample.protest_event,
    ]


def test_explore_documents_and_actors_page_sort_and_download(
    client: TestClient, sample: Sample
) -> None:
    seen: list[int] = []
    url: str | None = "/documents.json?limit=1&sort=published"
    while url:
        data = client.get(url).json()
        seen.extend(item["id"] for item in data["items"])
        url = data["next_url"]
    assert sorted(seen) == [sample.ghazni_doc, sample.mosul_doc, sample.failed_doc]
    documents = list(csv.DictReader(io.StringIO(client.get("/documents.csv?status=failed").text)))
    assert [int(row["id"]) for row in documents] == [sample.failed_doc]
    assert documents[0]["error_code"] == "http_status"

    first = client.get("/actors.json?limit=1").json()
    assert [a["name"] for a in first["items"]] == ["Afghan National Police"]
    assert first["next_url"] == f"/actors.json?after={first['next_after']}"
    assert [a["name"] for a in client.get(first["next_url"]).json()["items"]] == ["Taliban"]
    by_reports = client.get("/actors.json?sort=reports").json()["items"]
    assert [a["report_count"] for a in by_reports] == [1, 1]
    actors = list(csv.DictReader(io.StringIO(client.get("/actors.csv?q=tali").text)))
    assert [row["name"] for row in actors] == ["Taliban"]
    page = client.get("/actors?limit=1").text
    assert 'rel="next"' in page
    assert 'href="/actors.csv"' in page


def test_explore_routes_are_in_openapi(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in [
        "/index.json",
        "/timeline.json",
        "/map.json",
        "/map/countries.json",
        "/events.csv",
        "/events.jsonl",
        "/documents.csv",
        "/actors.csv",
    ]:
        assert path in paths, path
    names = {p["name"] for p in paths["/events.json"]["get"]["parameters"]}
    assert {"type", "country", "admin1", "bbox", "from", "to", "status", "actor"} <= names
    assert {"min_deaths", "q", "sort", "after", "limit"} <= names
