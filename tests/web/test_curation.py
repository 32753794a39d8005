"""Curation over the web on both backends: forms and JSON twins, who may use them, and what
the pages and lists show afterwards."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sqlalchemy import select

from khabar.discuss import users
from khabar.store import models as m
from khabar.store.repository import Store

from .web_sample import Sample
from .web_testclient import TestClient

PASSWORD = "correct horse battery"  # noqa: S105


def log_in(client: TestClient, store: Store, name: str = "amira", role: str = "analyst") -> None:
    with store.session() as session, session.begin():
        user = users.add_user(
            session, name=name, email="a@example.org", role="analyst", password=PASSWORD, who="t"
        )
        user.role = role  # a role `users` would refuse, for the wrong-role case
    response = client.post(
        "/login", data={"name": name, "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 303


class Attributes(HTMLParser):
    """Records what the CSP would block: inline scripts, styles and event handlers."""

    def __init__(self) -> None:
        super().__init__()
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = [name for name, _ in attrs]
        if tag == "script" and "src" not in names:
            self.inline.append("<script>")
        self.inline += [f"{tag} {n}" for n in names if n == "style" or n.startswith("on")]


def corrections(store: Store) -> list[m.Correction]:
    with store.session() as session:
        return list(session.scalars(select(m.Correction)))


def test_curation_correction_shows_on_page_twin_and_history(
    client: TestClient, store: Store, sample: Sample
) -> None:
    page = f"/events/{sample.ghazni_event}"
    assert f'action="{page}/corrections"' not in client.get(page).text
    log_in(client, store)
    assert f'action="{page}/corrections"' in client.get(page).text
    response = client.post(
        f"{page}/corrections",
        data={"killed_low": "4", "killed_best": "4", "note": "Ministry figure"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}#curation"
    html = client.get(page).text
    assert re.search(r'Killed</th><td>4 [^<]*<span class="machine"[^>]*>\(machine: 15\)<', html)
    assert "killed_best: 15 → 4" in html
    assert "“Ministry figure”" in html
    detail = client.get(f"{page}.json").json()
    assert (detail["killed"]["best"], detail["curation_status"]) == (4, "corrected")
    by_field = {c["field"]: c for c in detail["corrections"]}
    assert by_field["killed_best"]["machine_value"] == 15
    assert by_field["killed_best"]["corrected_value"] == 4
    [entry] = detail["history"]
    assert entry["who"] == "amira"
    assert entry["action"] == "correct"
    assert entry["before"]["killed_best"] == 15
    assert entry["after"]["killed_best"] == 4
    twin = client.post(f"{page}/corrections.json", data={"injured_best": "2"})
    assert twin.status_code == 200
    assert twin.json()["injured"]["best"] == 2
    assert len(twin.json()["history"]) == 2


def test_curation_bad_values_are_400_with_a_message(
    client: TestClient, store: Store, sample: Sample
) -> None:
    log_in(client, store)
    url = f"/events/{sample.ghazni_event}/corrections.json"
    response = client.post(url, data={"killed_best": "lots"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_argument"
    assert "killed_best='lots' must be a whole number" in error["message"]
    merge = client.post(f"/events/{sample.ghazni_event}/merge.json", data={"other": "x"})
    assert merge.status_code == 400
    form = client.post(f"/events/{sample.ghazni_event}/corrections", data={"date": "May 3"})
    assert form.status_code == 400
    assert "YYYY-MM-DD" in form.text
    assert corrections(store) == []


def test_curation_anonymous_and_wrong_role_are_refused(
    client: TestClient, store: Store, sample: Sample
) -> None:
    base = f"/events/{sample.ghazni_event}"
    twins = ["corrections.json", "review.json", "reject.json", "merge.json", "split.json"]
    for name in twins:
        response = client.post(f"{base}/{name}", data={"killed_best": "1"})
        assert response.status_code == 401, name
        assert response.json()["error"]["code"] == "login_required"
    form = client.post(f"{base}/reject", follow_redirects=False)
    assert form.status_code == 303
    assert form.headers["location"] == f"/login?next={base}"
    log_in(client, store, "reader", "reader")
    assert f'action="{base}/corrections"' not in client.get(base).text
    for name in twins:
        response = client.post(f"{base}/{name}", data={"killed_best": "1"})
        assert response.status_code == 403, name
        assert response.json()["error"]["code"] == "forbidden"
    assert client.post(f"{base}/reject", follow_redirects=False).status_code == 403
    assert client.get(f"{base}.json").json()["curation_status"] == "machine"
    assert corrections(store) == []


def test_curation_rejected_event_leaves_lists_but_keeps_its_page(
    client: TestClient, store: Store, sample: Sample
) -> None:
    log_in(client, store)
    response = client.post(f"/events/{sample.mosul_event}/reject.json", data={"note": "Hoax"})
    assert response.json()["curation_status"] == "rejected"
    listed = [e["id"] for e in client.get("/events.json").json()["items"]]
    assert sample.mosul_event not in listed
    assert sample.ghazni_event in listed
    rejected = client.get("/events.json", params={"status": "rejected"}).json()["items"]
    assert [e["id"] for e in rejected] == [sample.mosul_event]
    mapped = [f["id"] for f in client.get("/events.geojson").json()["features"]]
    assert sample.mosul_event not in mapped
    page = client.get(f"/events/{sample.mosul_event}")
    assert page.status_code == 200
    assert 'class="status status-rejected">rejected<' in page.text
    assert "“Hoax”" in page.text


def test_curation_merge_and_split_keep_provenance(
    client: TestClient, store: Store, sample: Sample
) -> None:
    log_in(client, store)
    keep, other = sample.ghazni_event, sample.mosul_event
    merged = client.post(f"/events/{keep}/merge.json", data={"other": str(other)}).json()
    assert sorted(r["document_id"] for r in merged["reports"]) == [
        sample.ghazni_doc,
        sample.mosul_doc,
    ]
    redirect = client.get(f"/events/{other}", follow_redirects=False)
    assert (redirect.status_code, redirect.headers["location"]) == (307, f"/events/{keep}")
    assert client.get(f"/events/{other}.json").json()["id"] == keep
    html = client.get(f"/events/{keep}").text
    assert html.count(f'action="/events/{keep}/split"') == 2
    bomb = next(r for r in merged["reports"] if r["document_id"] == sample.mosul_doc)
    response = client.post(
        f"/events/{keep}/split", data={"report_id": str(bomb["id"])}, follow_redirects=False
    )
    assert response.status_code == 303
    new_page = response.headers["location"].split("#")[0]
    new = client.get(f"{new_page}.json").json()
    assert [r["id"] for r in new["reports"]] == [bomb["id"]]
    assert [r["evidence"] for r in new["reports"]] == [bomb["evidence"]]
    assert [e["action"] for e in new["history"]] == ["split_from"]
    actions = [e["action"] for e in client.get(f"/events/{keep}.json").json()["history"]]
    assert actions == ["split", "merge"]
    last = client.post(f"{new_page}/split.json", data={"report_id": str(bomb["id"])})
    assert last.status_code == 400


def test_curation_pages_stay_script_free_for_analysts(
    client: TestClient, store: Store, sample: Sample
) -> None:
    log_in(client, store)
    client.post(f"/events/{sample.ghazni_event}/corrections.json", data={"killed_best": "16"})
    parser = Attributes()
    parser.feed(client.get(f"/events/{sample.ghazni_event}").text)
    assert parser.inline == []


def test_curation_routes_are_in_the_openapi_description(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for name in ("corrections", "review", "reject", "merge", "split"):
        assert "post" in paths[f"/events/{{event_id}}/{name}.json"], name
    fields = paths["/events/{event_id}/corrections.json"]["post"]["requestBody"]
    assert "killed_best" in str(fields) or "$ref" in str(fields)


def report_of(client: TestClient, event_id: int) -> int:
    [report] = client.get(f"/events/{event_id}.json").json()["reports"]
    return int(report["id"])


def test_curation_report_correction_shows_on_the_event_page(
    client: TestClient, store: Store, sample: Sample
) -> None:
    page = f"/events/{sample.ghazni_event}"
    report_id = report_of(client, sample.ghazni_event)
    action = f'action="/reports/{report_id}/correct"'
    assert action not in client.get(page).text
    log_in(client, store)
    assert action in client.get(page).text
    response = client.post(
        f"/reports/{report_id}/correct",
        data={"killed_low": "4", "killed_best": "4", "note": "Ministry figure"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"{page}#report-{report_id}"
    html = client.get(page).text
    killed = r'Killed</dt><dd>4 .*?<span class="machine"[^>]*>\(machine: 15\)<'
    assert re.search(killed, html)  # the report's words ("at least 15") stay as evidence
    assert f"<code>correct</code> report #{report_id}" in html
    assert "killed_best: 15 → 4" in html
    assert "“Ministry figure”" in html
    detail = client.get(f"{page}.json").json()
    assert (detail["killed"]["best"], detail["curation_status"]) == (4, "machine")
    [report] = detail["reports"]
    by_field = {c["field"]: c for c in report["corrections"]}
    assert (by_field["killed_best"]["machine_value"], report["killed"]["best"]) == (15, 4)
    assert [(e["entity"], e["action"]) for e in detail["history"]] == [
        ("event", "recompute"),
        ("report", "correct"),
    ]
    twin = client.post(f"/reports/{report_id}/correct.json", data={"injured_best": "2"})
    assert twin.status_code == 200
    assert (twin.json()["id"], twin.json()["injured"]["best"]) == (sample.ghazni_event, 2)
    assert twin.json()["reports"][0]["injured"]["best"] == 2


def test_curation_report_correction_refusals(
    client: TestClient, store: Store, sample: Sample
) -> None:
    report_id = report_of(client, sample.ghazni_event)
    url = f"/reports/{report_id}/correct"
    anonymous = client.post(f"{url}.json", data={"killed_best": "1"})
    assert (anonymous.status_code, anonymous.json()["error"]["code"]) == (401, "login_required")
    form = client.post(url, data={"killed_best": "1"}, follow_redirects=False)
    assert form.status_code == 303
    assert form.headers["location"] == f"/login?next=/events/{sample.ghazni_event}"
    log_in(client, store, "reader", "reader")
    forbidden = client.post(f"{url}.json", data={"killed_best": "1"})
    assert (forbidden.status_code, forbidden.json()["error"]["code"]) == (403, "forbidden")
    client.post("/logout")
    log_in(client, store)
    crossed = client.post(
        url, data={"killed_best": "1"}, headers={"Origin": "https://evil.example"}
    )
    assert (crossed.status_code, crossed.json()["error"]["code"]) == (403, "cross_origin")
    for data in ({"colour": "red"}, {"killed_best": "lots"}):
        bad = client.post(f"{url}.json", data=data)
        assert (bad.status_code, bad.json()["error"]["code"]) == (400, "bad_argument"), data
    for path in ("/reports/999999/correct.json", "/reports/999999/correct"):
        missing = client.post(path, data={"killed_best": "1"})
        assert missing.status_code == 404, path
    assert corrections(store) == []
