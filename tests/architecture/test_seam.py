"""A provider is one folder plus one line: a tiny one, defined here, joins through the seam.

``Echo`` has one route (``POST /echo/v1/<app_id>/notes``), one store, one error table. Given
to ``create_app`` beside the real providers, it is routed, journaled, described in the
OpenAPI document, exported, loaded and reset; ``fakepush serve`` takes its flag and prints
its banner lines, ``FakePush`` has its handle and intercepts its hostnames; with no other
file of fakepush touched.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import requests
from flask import Response

from fakepush import FakePush, create_app
from fakepush.cli import banner, build_parser, build_state
from fakepush.errors import ProviderError
from fakepush.providers import ALL
from fakepush.providers.base import AppStore, CliOption, Provider, Route
from fakepush.intercept import url_pattern
from fakepush.state import FakeState
from fakepush.web.context import fake_state, jsonify, set_app_id, this_request

MESSAGES = {1: "Unknown app {app_id}", 2: "A note needs a 'text' string"}


class EchoError(ProviderError):
    def __init__(self, code: int, **fields: str) -> None:
        super().__init__(code, MESSAGES[code].format(**fields), status=422)


class EchoApp:
    def __init__(self, app_id: str) -> None:
        self.app_id = app_id
        self.notes: list[str] = []

    def config(self) -> dict[str, Any]:
        return {"app_id": self.app_id}

    def clear(self) -> None:
        self.notes.clear()


class EchoStore(AppStore[EchoApp]):
    PROVIDER = "Echo"
    DEFAULT_APP = {"app_id": "echo-app"}

    def _upsert_app(self, app_id: str, config: dict[str, Any]) -> EchoApp:
        return self.apps.setdefault(app_id, EchoApp(app_id))

    def _export_app(self, app: EchoApp) -> dict[str, Any]:
        return {"notes": list(app.notes)}

    def _load_app(self, app: EchoApp, entry: dict[str, Any]) -> None:
        app.notes = [str(note) for note in entry.get("notes", [])]

    def add_note(self, app_id: str, body: Any) -> int:
        with self.lock:
            app = self.apps.get(app_id)
            if app is None:
                raise EchoError(1, app_id=app_id)
            if not isinstance(body, dict) or not isinstance(body.get("text"), str):
                raise EchoError(2)
            app.notes.append(body["text"])
            return len(app.notes)


def add_note(app_id: str) -> Response:
    """Keep a note."""
    set_app_id(app_id)
    store = fake_state().stores["echo"]
    return jsonify({"count": store.add_note(app_id, this_request().get_json(silent=True))})


ECHO = Provider(
    name="echo",
    title="Echo",
    description="A provider that only exists in this test",
    make_store=EchoStore,
    routes=(
        Route("/echo/v1/<app_id>/notes", "POST", add_note, "Keep a note",
              request="EchoNote", response="EchoCount", description="the count"),
    ),  # fmt: skip
    owns_path=lambda path: path.startswith("/echo/"),
    error_body=lambda message, status: {"echo_error": message, "status": status},
    make_handle=lambda store, url: store,
    schemas={
        "EchoNote": {"type": "object", "properties": {"text": {"type": "string"}}},
        "EchoCount": {"type": "object", "properties": {"count": {"type": "integer"}}},
        "EchoError": {"type": "object"},
        "EchoAppConfig": {"type": "object"},
        "EchoExport": {"type": "object"},
    },
    error_statuses=(404, 422),
    cli_option=CliOption(
        "APP_ID",
        "add an Echo app (repeatable)",
        parse=lambda text: {"app_id": text},
        banner=lambda url, apps: ["Echo apps:", *(f"  app_id={a['app_id']}" for a in apps)],
        example=lambda app: (f"/echo/v1/{app['app_id']}/notes", {}, {"text": "hi"}),
    ),
    intercept_hosts=("*.echo.example",),
)
PROVIDERS = (*ALL, ECHO)


@pytest.fixture
def state():
    return FakeState(PROVIDERS, echo_apps=[{"app_id": "second"}])


@pytest.fixture
def client(state):
    return create_app(state).test_client()


def test_a_new_provider_is_routed_and_answers_its_own_errors(client):
    assert client.post("/echo/v1/echo-app/notes", json={"text": "hi"}).json == {"count": 1}
    refused = client.post("/echo/v1/nowhere/notes", json={"text": "hi"})
    assert (refused.status_code, refused.json) == (422, {"message": "Unknown app nowhere",
                                                          "code": 1})  # fmt: skip
    unrouted = client.get("/echo/v2/anything")
    assert unrouted.status_code == 404
    assert unrouted.json["echo_error"].startswith("No route for GET /echo/v2/anything")


def test_a_new_provider_is_journaled_with_its_name_operation_and_app(client, state):
    client.post("/echo/v1/second/notes", json={"text": "hi"})
    client.get("/echo/nothing")
    first, second = state.journal
    assert (first["provider"], first["operation"], first["app_id"]) == (
        "echo", "echo.add_note", "second"
    )  # fmt: skip
    assert (second["provider"], second["operation"], second["status"]) == ("echo", None, 404)
    assert state.journal.filter(provider="echo") == [first, second]


def test_a_new_provider_is_in_the_openapi_document(client):
    document = client.get("/_fakepush/openapi.json").json
    operation = document["paths"]["/echo/v1/{app_id}/notes"]["post"]
    assert operation["operationId"] == "echo_add_note"
    assert set(operation["responses"]) == {"200", "404", "422"}
    assert "EchoNote" in document["components"]["schemas"]
    assert {"name": "Echo", "description": ECHO.description} in document["tags"]
    config = document["components"]["schemas"]["Config"]["properties"]
    assert config["echo_apps"] == {"type": "array", "items": {"$ref": "#/components/schemas/EchoAppConfig"}}


def test_a_new_provider_is_exported_loaded_and_reset(client, state):
    client.post("/echo/v1/echo-app/notes", json={"text": "kept"})
    export = client.get("/_fakepush/state").json
    assert export["echo"] == {"apps": [{"app_id": "echo-app", "notes": ["kept"]},
                                       {"app_id": "second", "notes": []}]}  # fmt: skip
    assert client.post("/_fakepush/reset").status_code == 200
    assert state.stores["echo"].export()["apps"][0]["notes"] == []
    assert client.put("/_fakepush/state", json=export).status_code == 200
    assert state.stores["echo"].app_by_id().notes == ["kept"]
    config = client.get("/_fakepush/config").json
    assert config["echo_apps"] == [{"app_id": "echo-app"}, {"app_id": "second"}]


def test_a_new_provider_takes_fault_rules_by_its_name(client, state):
    state.faults.add(provider="echo", status=503, body={"down": True})
    assert client.post("/echo/v1/echo-app/notes", json={"text": "x"}).status_code == 503
    assert client.post("/echo/v1/echo-app/notes", json={"text": "x"}).status_code == 200


def test_a_store_with_deliver_due_is_asked_before_its_requests_and_outbox_reads():
    calls = []

    class DueStore(EchoStore):
        def deliver_due(self) -> None:
            calls.append(self.clock.now_ms())

    due = dataclasses.replace(ECHO, make_store=DueStore)
    state = FakeState([*ALL, due])
    client = create_app(state).test_client()
    client.post("/echo/v1/echo-app/notes", json={"text": "x"})
    assert len(calls) == 1
    client.get("/_fakepush/health")
    client.post("/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations", json={})
    assert len(calls) == 1  # admin and other providers' requests do not deliver echo's work
    state.outbox.filter()
    assert len(calls) == 2
    state.reset()
    assert len(state.outbox) == 0


def test_a_new_provider_has_its_serve_flag_and_banner_lines():
    parser = build_parser(PROVIDERS)
    args = parser.parse_args(["serve", "--echo-app", "second"])
    state = build_state(args, PROVIDERS)
    assert state.stores["echo"].app_by_id("second").app_id == "second"
    text = banner("http://127.0.0.1:8080", state, args)
    assert "Echo apps:\n  app_id=echo-app\n  app_id=second" in text
    assert "curl -X POST http://127.0.0.1:8080/echo/v1/echo-app/notes" in text
    assert "Backendless, Sendbird and Echo" in parser.description


def test_a_new_provider_has_its_handle_on_the_fake():
    fake = FakePush(providers=PROVIDERS, echo_apps=[{"app_id": "second"}])
    assert fake.echo is fake.state.stores["echo"]  # ECHO.make_handle gives the store itself
    fake.client().post("/echo/v1/second/notes", json={"text": "kept"})
    assert fake.echo.app_by_id("second").notes == ["kept"]


def test_a_new_provider_has_its_hostnames_intercepted():
    pattern = url_pattern(PROVIDERS)
    assert pattern.match("https://notes.echo.example/echo/v1/echo-app/notes")
    assert not pattern.match("https://echo.example.evil/echo/v1/echo-app/notes")
    assert pattern.match("https://api.backendless.com/A/K/messaging/registrations")
    fake = FakePush(providers=PROVIDERS)
    with fake.intercept(only=True):
        answer = requests.post("https://notes.echo.example/echo/v1/echo-app/notes",
                               json={"text": "hi"}, timeout=5)  # fmt: skip
    assert answer.json() == {"count": 1}
