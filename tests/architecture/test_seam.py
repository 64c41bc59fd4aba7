"""A provider is one folder plus one line: a tiny one, defined here, joins through the seam.

``Echo`` has one route (``POST /echo/v1/<app_id>/notes``), one store, one error table. Given
to ``create_app`` beside the real providers, it is routed, journaled, described in the
OpenAPI document, exported, loaded and reset; ``fakepush serve`` takes its flag and prints
its banner lines, ``FakePush`` has its handle and intercepts its hostnames, the dashboard
data carries its apps and table, ``fakepush.strategies`` offers its strategies and the
contract suite makes it a target; with no other file of fakepush touched.
"""

from __future__ import annotations

import dataclasses
from typing import Any, ClassVar

import pytest
import requests
from flask import Response
from hypothesis import given, settings
from hypothesis import strategies as st

from fakepush import FakePush, create_app
from fakepush.cli import banner, build_parser, build_state
from fakepush.contract.http import Request
from fakepush.contract.target import in_process_target, parse_target_option
from fakepush.errors import ProviderError
from fakepush.handle import LiveServer
from fakepush.intercept import url_pattern
from fakepush.providers import ALL
from fakepush.providers.base import AppStore, CliOption, Provider, Route
from fakepush.providers.contract import ContractPart
from fakepush.providers.dashboard import DashboardPart, table
from fakepush.state import FakeState
from fakepush.strategies import strategies_of
from fakepush.web.context import fake_state, jsonify, set_app_id, this_request

MESSAGES = {1: "Unknown app {app_id}", 2: "A note needs a 'text' string"}
__all__ = ["notes"]  # Echo's hypothesis strategies (ECHO.strategies names this module)


def notes() -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({"text": st.text(max_size=10)})


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


@dataclasses.dataclass
class EchoTarget:
    secret_field: ClassVar[str] = "secret"  # Echo's apps have none: an empty one
    record_fields: ClassVar[tuple[str, ...]] = ()

    url: str
    app_id: str
    secret: str = ""

    @classmethod
    def remote(cls, urls: dict[str, str], app_id: str, secret: str, control: Any) -> EchoTarget:
        return cls(urls["echo"], app_id)

    @classmethod
    def contract_app(cls, suffix: str) -> dict[str, Any]:
        return {"app_id": f"echo-{suffix}"}

    @classmethod
    def in_process(cls, url: str, app: dict[str, Any]) -> EchoTarget:
        return cls(url, app["app_id"])


CONTRACT = ContractPart(name="echo", checks=(), target=EchoTarget, remote_defaults=("echo-app", ""))


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
        Route(
            "/echo/v1/<app_id>/notes",
            "POST",
            add_note,
            "Keep a note",
            request="EchoNote",
            response="EchoCount",
            description="the count",
        ),
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
    strategies=__name__,  # this module: its __all__ is what fakepush.strategies offers
    dashboard=DashboardPart(
        app_row=lambda app: [app["app_id"], "", ""],
        sections=lambda export: [[table("echo-notes", "Echo notes", ["app", "note"], [
            [app["app_id"], note] for app in export["apps"] for note in app["notes"]
        ])]],
    ),  # fmt: skip
    contract=__name__,  # this module: its CONTRACT is Echo's part of the contract suite
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
    assert config["echo_apps"] == {
        "type": "array",
        "items": {"$ref": "#/components/schemas/EchoAppConfig"},
    }


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


ECHO_STRATEGIES = strategies_of(PROVIDERS)


def test_a_new_provider_offers_its_strategies_beside_the_others():
    assert ECHO_STRATEGIES["notes"] is notes
    assert {"registration_bodies", "sendbird_users", "unparsable_bodies"} <= set(ECHO_STRATEGIES)
    with pytest.raises(ValueError, match="'notes' a second time"):
        strategies_of([*PROVIDERS, dataclasses.replace(ECHO, name="echo2")])


@settings(max_examples=20, deadline=None)
@given(note=ECHO_STRATEGIES["notes"]())
def test_a_new_providers_strategy_makes_bodies_its_route_takes(note):
    client = create_app(FakeState(PROVIDERS)).test_client()
    assert client.post("/echo/v1/echo-app/notes", json=note).json == {"count": 1}


def test_a_new_provider_has_its_apps_and_tables_in_the_dashboard_data(client):
    client.post("/echo/v1/second/notes", json={"text": "on the page"})
    data = client.get("/_fakepush/dashboard.json").json
    echo = data["providers"][-1]
    assert (echo["name"], echo["title"]) == ("echo", "Echo")
    assert echo["apps"] == [["echo-app", "", ""], ["second", "", ""]]
    assert echo["sections"] == [[{"id": "echo-notes", "title": "Echo notes", "count": False,
                                  "columns": ["app", "note"], "rows": [["second", "on the page"]]}]]  # fmt: skip
    page = client.get("/_fakepush/").get_data(as_text=True)
    assert "<option>echo</option>" in page  # the fault form offers it


def test_a_new_provider_is_a_contract_target_beside_the_others():
    assert parse_target_option("echo=http://127.0.0.1:9", {"echo": CONTRACT}) == {
        "echo": "http://127.0.0.1:9"
    }
    target = in_process_target(providers=PROVIDERS)
    try:
        assert target.echo.url == target.backendless.url
        assert target.echo.app_id.startswith("echo-")
        assert target.record_header()["echo"] == {"app_id": target.echo.app_id}
        path = f"/echo/v1/{target.echo.app_id}/notes"
        request = Request("POST", path, {"Content-Type": "application/json"}, b'{"text": "hi"}')
        answer = target.send("check", "echo", target.echo.url, request)
        assert answer.json() == {"count": 1}
    finally:
        target.close()


@pytest.mark.slow
def test_a_new_providers_table_is_drawn_by_the_dashboard_page(chromium_driver):
    """The page draws whatever tables dashboard.json carries (real headless Chromium)."""
    from selenium.webdriver.support.ui import WebDriverWait  # the browser tests' extra

    state = FakeState(PROVIDERS)
    server = LiveServer(create_app(state))
    server.start()
    try:
        requests.post(f"{server.url}/echo/v1/echo-app/notes", json={"text": "<b>drawn</b>"},
                      timeout=5)  # fmt: skip
        chromium_driver.get(f"{server.url}/_fakepush/")

        def cells(driver):
            return driver.execute_script(
                "return Array.from(document.querySelectorAll('#echo-notes tbody td'))"
                ".map(td => td.textContent)"
            )

        WebDriverWait(chromium_driver, 15).until(lambda d: cells(d) == ["echo-app", "<b>drawn</b>"])
        headings = [h.text for h in chromium_driver.find_elements("css selector", "main h2")]
        assert "Echo notes" in headings and "Backendless registrations (0)" in headings
        assert chromium_driver.find_elements("css selector", "#echo-notes b") == []
    finally:
        server.stop()
