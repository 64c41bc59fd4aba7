"""With an admin token, every /_fakepush/* request needs it; the emulated APIs never do."""

from __future__ import annotations

import pytest

from fakepush import create_app
from fakepush.state import FakeState
from fakepush.providers import ALL

TOKEN = "s3cret-admin-token"
BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
ADMIN_ROUTES = [
    ("post", "/_fakepush/reset"),
    ("get", "/_fakepush/state"),
    ("put", "/_fakepush/state"),
    ("get", "/_fakepush/requests"),
    ("delete", "/_fakepush/requests"),
    ("get", "/_fakepush/clock"),
    ("put", "/_fakepush/clock"),
    ("delete", "/_fakepush/clock"),
    ("get", "/_fakepush/faults"),
    ("post", "/_fakepush/faults"),
    ("delete", "/_fakepush/faults"),
    ("get", "/_fakepush/config"),
    ("put", "/_fakepush/config"),
    ("post", "/_fakepush/backendless/users"),
    ("get", "/_fakepush/health"),
    ("get", "/_fakepush/openapi.json"),
    ("get", "/_fakepush/dashboard.json"),
    ("get", "/_fakepush/"),
    ("get", "/_fakepush"),
    ("get", "/_fakepush/static/dashboard.js"),
    ("get", "/_fakepush/no-such-route"),
]


@pytest.fixture
def guarded():
    state = FakeState(ALL)
    return state, create_app(state, admin_token=TOKEN).test_client()


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer wrong", f"Basic {TOKEN}", "Bearer", f"Bearer {TOKEN}x", TOKEN],
    ids=["none", "wrong", "basic", "empty", "longer", "no-scheme"],
)
def test_admin_route_without_the_right_bearer_token_is_401_json(
    guarded, method, path, authorization
):
    state, client = guarded
    headers = {"Authorization": authorization} if authorization else {}
    response = getattr(client, method)(path, headers=headers, json={"advance_ms": 5})
    assert response.status_code == 401
    assert response.is_json and set(response.json) == {"message"}
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert state.clock.offset_ms == 0


def test_admin_route_with_the_bearer_token_works(guarded):
    state, client = guarded
    response = client.put(
        "/_fakepush/clock", json={"advance_ms": 5000}, headers={"Authorization": f"Bearer {TOKEN}"}
    )
    assert response.status_code == 200
    assert state.clock.offset_ms == 5000


def test_a_refused_admin_write_changes_nothing(guarded):
    state, client = guarded
    client.post(BASE, json={"deviceId": "d1", "deviceToken": "t", "os": "IOS", "osVersion": "1"})
    client.post("/_fakepush/reset", headers={"Authorization": "Bearer nope"})
    assert state.backendless.device(state.backendless.app_by_id(), "d1") is not None


def test_dashboard_page_and_assets_accept_the_token_in_the_query(guarded):
    _, client = guarded
    page = client.get(f"/_fakepush/?token={TOKEN}")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert f"dashboard.js?token={TOKEN}".encode() in page.data
    assert client.get(f"/_fakepush/static/dashboard.js?token={TOKEN}").status_code == 200
    assert client.get(f"/_fakepush/static/dashboard.css?token={TOKEN}").status_code == 200


@pytest.mark.parametrize(
    "path", ["/_fakepush/dashboard.json", "/_fakepush/state", "/_fakepush/requests"]
)
def test_data_routes_do_not_accept_the_token_in_the_query(guarded, path):
    _, client = guarded
    assert client.get(f"{path}?token={TOKEN}").status_code == 401


def test_emulated_routes_do_not_need_the_admin_token(guarded):
    _, client = guarded
    body = {"deviceId": "d1", "deviceToken": "t", "os": "IOS", "osVersion": "1"}
    assert client.post(BASE, json=body).status_code == 200


def test_without_an_admin_token_the_admin_api_is_open(client):
    assert client.get("/_fakepush/health").status_code == 200
