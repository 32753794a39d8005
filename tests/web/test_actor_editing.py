"""Actor curation over the web on both backends: alias, unalias, merge and split through the
forms and their JSON twins, who may use them, and the history the actor page shows."""

from __future__ import annotations

from typing import Any

from fastapi.routing import APIRoute
from sqlalchemy import select

from khabar.store import models as m
from khabar.store.repository import Store
from khabar.web.security import CONTENT_SECURITY_POLICY

from .test_curation import Attributes, log_in
from .web_sample import Sample
from .web_testclient import TestClient

ACTIONS = ("aliases", "aliases/remove", "merge", "split")


def actor_id(store: Store, name: str) -> int:
    with store.session() as session:
        found = session.scalar(select(m.Actor.id).where(m.Actor.name == name))
    assert found is not None
    return found


def audit_rows(store: Store) -> list[tuple[str, str, int, Any, Any]]:
    with store.session() as session:
        rows = session.scalars(select(m.AuditLog).where(m.AuditLog.entity == "actor"))
        return [(r.who, r.action, r.entity_id, r.before, r.after) for r in rows]


def aliases(store: Store) -> list[tuple[int, str]]:
    with store.session() as session:
        rows = session.execute(select(m.ActorAlias.actor_id, m.ActorAlias.alias))
        return sorted((actor, alias) for actor, alias in rows)


def test_actor_editing_alias_added_and_removed_shows_in_history(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban = actor_id(store, "Taliban")
    page = f"/actors/{taliban}"
    assert f'action="{page}/aliases"' not in client.get(page).text
    log_in(client, store)
    html = client.get(page).text
    assert f'action="{page}/aliases"' in html
    assert f'action="{page}/merge"' in html
    added = client.post(f"{page}/aliases", data={"alias": "  Talibs "}, follow_redirects=False)
    assert (added.status_code, added.headers["location"]) == (303, f"{page}#curation")
    html = client.get(page).text
    assert f'action="{page}/aliases/remove"' in html
    assert "aliases: none → Talibs" in html
    removed = client.post(f"{page}/aliases/remove.json", data={"alias": "talibs"})
    assert removed.status_code == 200
    assert removed.json()["aliases"] == []
    assert [e["action"] for e in removed.json()["audit"]] == ["unalias", "alias"]
    assert "aliases: Talibs → none" in client.get(page).text
    assert audit_rows(store)[1][:3] == ("amira", "unalias", taliban)
    assert audit_rows(store)[1][3]["aliases"] == ["Talibs"]
    assert audit_rows(store)[1][4]["aliases"] == []


def test_actor_editing_merge_by_name_and_by_id_leaves_redirects(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban, police = actor_id(store, "Taliban"), actor_id(store, "Afghan National Police")
    log_in(client, store)
    merged = client.post(
        f"/actors/{police}/merge", data={"into": "taliban"}, follow_redirects=False
    )
    assert (merged.status_code, merged.headers["location"]) == (303, f"/actors/{taliban}#curation")
    redirect = client.get(f"/actors/{police}", follow_redirects=False)
    assert (redirect.status_code, redirect.headers["location"]) == (307, f"/actors/{taliban}")
    kept = client.get(f"/actors/{taliban}.json").json()
    assert kept["aliases"] == ["Afghan National Police"]
    by_role = {group["role"]: [e["id"] for e in group["events"]] for group in kept["events"]}
    assert by_role["perpetrator"] == by_role["target"] == [sample.ghazni_event]
    rows = audit_rows(store)
    assert [(who, action, entity) for who, action, entity, _, _ in rows] == [
        ("amira", "merge", taliban),
        ("amira", "merged_into", police),
    ]
    assert (rows[1][3]["merged_into_id"], rows[1][4]["merged_into_id"]) == (None, taliban)
    assert "aliases: none → Afghan National Police" in client.get(f"/actors/{taliban}").text
    with store.session() as session, session.begin():
        session.add(m.Actor(name="Taliban splinter", kind="armed group"))
    splinter = actor_id(store, "Taliban splinter")
    twin = client.post(f"/actors/{splinter}/merge.json", data={"into": str(taliban)})
    assert twin.status_code == 200
    assert twin.json()["id"] == taliban
    assert "Taliban splinter" in twin.json()["aliases"]


def test_actor_editing_split_moves_alias_and_its_mentions(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban = actor_id(store, "Taliban")
    log_in(client, store)
    client.post(f"/actors/{taliban}/aliases.json", data={"alias": "Taliban fighters"})
    split = client.post(
        f"/actors/{taliban}/split",
        data={"alias": "Taliban fighters", "name": "Ghazni Taliban"},
        follow_redirects=False,
    )
    assert split.status_code == 303
    new = actor_id(store, "Ghazni Taliban")
    assert split.headers["location"] == f"/actors/{new}#curation"
    detail = client.get(f"/actors/{new}.json").json()
    assert detail["aliases"] == ["Taliban fighters"]
    assert [e["id"] for e in detail["events"][0]["events"]] == [sample.ghazni_event]
    assert [e["action"] for e in detail["audit"]] == ["split:create"]
    left = client.get(f"/actors/{taliban}.json").json()["events"]
    assert all(group["events"] == [] for group in left)
    assert [action for _, action, _, _, _ in audit_rows(store)] == [
        "alias",
        "split",
        "split:create",
    ]
    assert "aliases: Taliban fighters → none" in client.get(f"/actors/{taliban}").text


def test_actor_editing_refuses_anonymous_other_roles_and_bad_targets(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban, police = actor_id(store, "Taliban"), actor_id(store, "Afghan National Police")
    base = f"/actors/{taliban}"
    data = {"alias": "Talibs", "into": str(police), "name": "New group"}
    for action in ACTIONS:
        response = client.post(f"{base}/{action}.json", data=data)
        assert response.status_code == 401, action
        assert response.json()["error"]["code"] == "login_required"
        form = client.post(f"{base}/{action}", data=data, follow_redirects=False)
        assert (form.status_code, form.headers["location"]) == (303, f"/login?next={base}")
    log_in(client, store, "reader", "reader")
    assert f'action="{base}/aliases"' not in client.get(base).text
    for action in ACTIONS:
        response = client.post(f"{base}/{action}.json", data=data)
        assert response.status_code == 403, action
        assert response.json()["error"]["code"] == "forbidden"
        assert client.post(f"{base}/{action}", data=data).status_code == 403
    log_in(client, store, "amira", "analyst")
    unknown = [(f"/actors/999999/{action}.json", data, 404, "not_found") for action in ACTIONS]
    refused = [
        *unknown,
        (f"{base}/merge.json", {"into": "No Such Group"}, 404, "not_found"),
        (f"{base}/merge.json", {"into": " "}, 400, "bad_argument"),
        (f"{base}/merge.json", {"into": str(taliban)}, 400, "bad_argument"),
        (f"{base}/aliases/remove.json", {"alias": "Talibs"}, 404, "not_found"),
        (f"{base}/split.json", {"alias": "Talibs", "name": "X"}, 404, "not_found"),
        (f"{base}/aliases.json", {"alias": ""}, 400, "bad_argument"),
        (f"{base}/aliases.json", {"alias": "x" * 201}, 400, "bad_argument"),
    ]
    for url, sent, status, code in refused:
        response = client.post(url, data=sent)
        assert (response.status_code, response.json()["error"]["code"]) == (status, code), url
    client.post(f"/actors/{police}/aliases.json", data={"alias": "ANP"})
    taken = client.post(f"{base}/aliases.json", data={"alias": "anp"})
    assert taken.status_code == 400
    assert "already an alias of 'Afghan National Police'" in taken.json()["error"]["message"]
    page = client.post(f"{base}/merge", data={"into": "No Such Group"})
    assert page.status_code == 404
    assert "No Such Group" in page.text
    assert aliases(store) == [(police, "ANP")]
    assert [action for _, action, _, _, _ in audit_rows(store)] == ["alias"]


def test_actor_editing_every_actor_post_refuses_cross_origin(
    client: TestClient, store: Store, sample: Sample
) -> None:
    """The routes are found the way tests/discuss/test_security.py finds them, so the
    middleware's refusal is checked on exactly what the app serves."""
    taliban = actor_id(store, "Taliban")
    log_in(client, store)
    posts = sorted(
        route.path
        for route in client.app.routes  # type: ignore[attr-defined]
        if isinstance(route, APIRoute)
        and "POST" in route.methods
        and route.path.startswith("/actors/")
    )
    assert posts == sorted(
        f"/actors/{{actor_id:int}}/{action}{twin}" for action in ACTIONS for twin in ("", ".json")
    )
    data = {"alias": "Talibs", "into": "Afghan National Police", "name": "New group"}
    for path in posts:
        url = path.replace("{actor_id:int}", str(taliban))
        for headers in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            response = client.post(url, data=data, headers=headers)
            assert response.status_code == 403, (path, headers)
            assert response.json()["error"]["code"] == "cross_origin"
    assert audit_rows(store) == []
    assert aliases(store) == []


def test_actor_editing_page_keeps_the_strict_csp(
    client: TestClient, store: Store, sample: Sample
) -> None:
    taliban = actor_id(store, "Taliban")
    log_in(client, store)
    client.post(f"/actors/{taliban}/aliases.json", data={"alias": "<script>alert(1)</script>"})
    response = client.get(f"/actors/{taliban}")
    assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "<script>alert(1)</script>" not in response.text
    parser = Attributes()
    parser.feed(response.text)
    assert parser.inline == []


def test_actor_editing_twins_are_in_the_openapi_description(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for action in ACTIONS:
        assert "post" in paths[f"/actors/{{actor_id}}/{action}.json"], action
