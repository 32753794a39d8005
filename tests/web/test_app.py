"""The web app over the sample store, on SQLite and PostgreSQL: pages, JSON twins, safety."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from khabar.settings import Settings
from khabar.store.repository import Store
from khabar.web.app import create_app
from khabar.web.security import CONTENT_SECURITY_POLICY

from .web_sample import EVIL_TITLE, GHAZNI_TEXT, MOSUL_TEXT, Sample
from .web_testclient import TestClient


def pages(sample: Sample) -> list[str]:
    return [
        "/",
        "/events",
        f"/events/{sample.ghazni_event}",
        f"/events/{sample.mosul_event}",
        f"/events/{sample.protest_event}",
        "/documents",
        f"/documents/{sample.ghazni_doc}",
        f"/documents/{sample.mosul_doc}",
        f"/documents/{sample.failed_doc}",
    ]


def twin(path: str) -> str:
    return "/index.json" if path == "/" else f"{path}.json"


class TextOf(HTMLParser):
    """Collects the text inside `<div class="doc-text">` and checks the marks are well nested."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.stack: list[str] = []
        self.text: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "div" and found.get("class") == "doc-text":
            self.depth = 1
            return
        if self.depth:
            self.stack.append(tag)
            if found.get("id"):
                self.ids.append(str(found["id"]))

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if not self.stack:
            self.depth = 0
            return
        assert self.stack.pop() == tag, "marks must be well nested"

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.text.append(data)


def read(html: str) -> TextOf:
    parser = TextOf()
    parser.feed(html)
    return parser


def test_app_every_page_and_its_json_twin_answer(client: TestClient, sample: Sample) -> None:
    for path in pages(sample):
        page = client.get(path)
        data = client.get(twin(path))
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html")
        assert data.status_code == 200, twin(path)
        assert data.headers["content-type"] == "application/json"
        assert f'href="{twin(path)}"' in page.text


def test_app_json_twin_has_the_data_the_page_shows(client: TestClient, sample: Sample) -> None:
    home = client.get("/index.json").json()
    assert home["totals"] == {"events": 3, "reports": 3, "documents": 3, "failed_documents": 1}
    html = client.get("/").text
    assert [f'href="/events/{e["id"]}"' in html for e in home["latest"]] == [True] * 3

    events = client.get("/events.json").json()
    html = client.get("/events").text
    for item in events["items"]:
        assert f'href="/events/{item["id"]}"' in html
        assert item["event_type"] in html

    event = client.get(f"/events/{sample.ghazni_event}.json").json()
    html = client.get(f"/events/{sample.ghazni_event}").text
    assert event["killed"] == {"low": 15, "best": 15, "high": None, "qualifier": "at least 15"}
    assert "“at least 15”" in html
    for report in event["reports"]:
        for ev in report["evidence"]:
            assert f'href="/documents/{ev["document_id"]}#ev-{ev["id"]}"' in html
            assert ev["extractor"] in html

    document = client.get(f"/documents/{sample.ghazni_doc}.json").json()
    parsed = read(client.get(f"/documents/{sample.ghazni_doc}").text)
    assert document["text"] == GHAZNI_TEXT == "".join(parsed.text)
    evidence_ids = {f"ev-{ev['id']}" for r in document["reports"] for ev in r["evidence"]}
    mention_ids = {f"m-{mention['id']}" for mention in document["mentions"]}
    assert set(parsed.ids) == evidence_ids | mention_ids
    assert len(parsed.ids) == len(set(parsed.ids))


def test_app_event_page_shows_merged_fields_with_evidence_links(
    client: TestClient, sample: Sample
) -> None:
    html = client.get(f"/events/{sample.ghazni_event}").text
    assert "15 beheaded (family members of police officers), included in killed" in html
    assert f'href="/documents/{sample.ghazni_doc}#ev-{sample.detail_evidence}"' in html
    assert f'href="/documents/{sample.ghazni_doc}#ev-{sample.killed_evidence}"' in html
    assert "3 homes burned" in html
    assert "3 · district (admin2)" in html
    assert "Armed Assault" in html
    assert '">Taliban</a></strong>' in html
    assert "written “Taliban fighters”" in html
    assert '">Afghan National Police</a></strong>' in html
    assert "numbers@1</a>" in html


def test_app_event_page_lists_the_tagger_roles_with_their_evidence(
    client: TestClient, sample: Sample
) -> None:
    html = client.get(f"/events/{sample.mosul_event}").text
    assert "Roles read by the tagger" in html
    assert re.search(r"<li>weapon: <a class=\"ev ev-other\"[^>]*><q>car bomb</q> roles@1</a>", html)
    assert "none read" in client.get(f"/events/{sample.ghazni_event}").text


def test_app_reader_targets_every_evidence_span(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/documents/{sample.ghazni_doc}").text
    marked = re.search(
        rf'<mark class="hl hl-number" id="ev-{sample.killed_evidence}" title="([^"]*)">', html
    )
    assert marked is not None
    assert "killed (report" in marked.group(1)
    assert "numbers@1" in marked.group(1)
    assert 'class="hl hl-number hl-cont"' in html, "the overlapping mention is split, not dropped"
    assert f'href="#ev-{sample.detail_evidence}"' in html


def test_app_failed_document_shows_its_status_and_error(client: TestClient, sample: Sample) -> None:
    html = client.get(f"/documents/{sample.failed_doc}").text
    data = client.get(f"/documents/{sample.failed_doc}.json").json()
    assert data["status"] == "failed"
    assert data["error_code"] == "http_status"
    assert "Status: failed" in html
    assert "<code>http_status</code>" in html
    assert "The server answered 404 Not Found." in html
    assert 'href="https://news.example.org/gone"' in html


def test_app_escapes_markup_from_documents(client: TestClient, sample: Sample) -> None:
    for path in ["/documents", f"/documents/{sample.mosul_doc}", f"/events/{sample.mosul_event}"]:
        html = client.get(path).text
        assert "<script>alert" not in html, path
        assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html, path
    reader = client.get(f"/documents/{sample.mosul_doc}").text
    assert "&lt;b&gt;Not markup&lt;/b&gt; &amp; more." in reader
    assert "".join(read(reader).text) == MOSUL_TEXT
    assert client.get(f"/documents/{sample.mosul_doc}.json").json()["title"] == EVIL_TITLE


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [
        ("/events/999999", 404, "not_found"),
        ("/documents/999999", 404, "not_found"),
        ("/events/99999999999999999999", 404, "not_found"),
        ("/documents?after=99999999999999999999", 400, "bad_argument"),
        ("/no/such/page", 404, "not_found"),
        ("/events?from=May", 400, "bad_argument"),
        ("/events?after=x", 400, "bad_argument"),
        ("/events?after=²", 400, "bad_argument"),  # a digit to str.isdigit, not to int
        ("/documents?limit=0", 400, "bad_argument"),
    ],
)
def test_app_errors_are_pages_and_json_bodies(
    client: TestClient, path: str, status: int, code: str
) -> None:
    page = client.get(path)
    assert page.status_code == status
    assert page.headers["content-type"].startswith("text/html")
    assert f"<code>{code}</code>" in page.text
    base, _, query = path.partition("?")
    data = client.get(f"{base}.json" + (f"?{query}" if query else ""))
    assert data.status_code == status
    assert data.json()["error"]["code"] == code
    assert data.json()["error"]["message"]


def test_app_events_filter_and_page_with_a_cursor(client: TestClient, sample: Sample) -> None:
    def ids(url: str) -> list[int]:
        return [item["id"] for item in client.get(url).json()["items"]]

    assert ids("/events.json?type=Protests") == [sample.protest_event]
    assert ids("/events.json?country=af") == [sample.ghazni_event]
    assert ids("/events.json?from=2024-04-01&to=2024-04-30") == [sample.mosul_event]
    assert ids("/events.json?type=&country=&from=&to=") == [
        sample.ghazni_event,
        sample.mosul_event,
        sample.protest_event,
    ]
    first = client.get("/events.json?limit=2").json()
    assert first["next_url"] == f"/events.json?after={first['next_after']}"
    assert ids(first["next_url"]) == [sample.protest_event]
    html = client.get("/events?country=IQ&limit=1").text
    assert '<option value="IQ" selected>' in html
    assert 'rel="next"' not in html
    assert 'data-clusters="/map.json?country=IQ"' in html


def test_app_geojson_has_the_events_with_coordinates(client: TestClient, sample: Sample) -> None:
    response = client.get("/events.geojson")
    features = response.json()["features"]
    assert response.headers["content-type"] == "application/geo+json"
    assert {f["id"] for f in features} == {sample.ghazni_event, sample.mosul_event}
    assert client.get("/events.geojson?type=Battles").json()["features"] == []


def test_app_sends_security_headers_everywhere(client: TestClient, sample: Sample) -> None:
    for path in ["/", "/events.json", "/docs", "/static/js/map.js", "/missing", "/openapi.json"]:
        headers = client.get(path).headers
        assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"


def test_app_pages_load_only_local_files(client: TestClient, sample: Sample) -> None:
    for path in [*pages(sample), "/docs"]:
        html = client.get(path).text
        scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
        assert all(body.strip() == "" for _, body in scripts), f"inline script in {path}"
        assert all(re.search(r'src="/static/', attrs) for attrs, _ in scripts), path
        assert not re.search(r'<link[^>]+href="(https?:)?//', html), path
        assert " style=" not in html, f"inline style in {path}"


def test_app_serves_openapi_and_local_swagger_ui(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/events.json", "/events/{event_id}.json", "/documents/{document_id}.json"} <= set(
        spec["paths"]
    )
    docs = client.get("/docs").text
    assert 'src="/static/vendor/swagger-ui/swagger-ui-bundle.js"' in docs
    assert 'data-openapi="/openapi.json"' in docs
    for asset in [
        "/static/vendor/swagger-ui/swagger-ui-bundle.js",
        "/static/vendor/swagger-ui/swagger-ui.css",
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/topojson-client/topojson-client.min.js",
        "/static/vendor/world-atlas/countries-50m.json",
        "/static/js/docs.js",
    ]:
        assert client.get(asset).status_code == 200, asset


def test_app_server_errors_keep_the_error_shape_and_headers(tmp_path: Path) -> None:
    unmigrated = Store.open(f"sqlite:///{tmp_path / 'empty.db'}", check=False)
    app = create_app(unmigrated, Settings())
    with TestClient(app, raise_server_exceptions=False) as broken:
        data = broken.get("/events.json")
        page = broken.get("/events")
    unmigrated.engine.dispose()
    assert data.status_code == page.status_code == 500
    assert data.json()["error"]["code"] == "internal_error"
    assert "<code>internal_error</code>" in page.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
