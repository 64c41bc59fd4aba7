"""Schemathesis against /_fakepush/openapi.json: every operation, both providers, the admin API.

In process, through the WSGI app (no sockets, so 100 examples per operation fit CI), one
test per operation (xdist shares them out), with every conformance check that applies:
no 5xx; status codes, content types, headers and bodies as documented; data the schema
forbids is refused (negative) and data it allows is accepted (positive). A well-formed
request may still be refused for the state it meets (an unknown device, a taken user
id): the document lists those codes on each operation's 400 response (``x-state-codes``,
``fakepush/providers/base.py``), and a positive case refused with any other code fails.

The credentials are fixed (config ``parameters``) so the run reaches past the app
checks into the bodies; ids the fake holds are drawn half of the time (``dictionaries``).
Faults a case adds are cleared after it (a generated ``delay_ms`` would stall the run, a
500 rule would fail the next case), and the apps and seed rows are put back when a
generated ``PUT state`` or ``DELETE`` took them.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    positive_data_acceptance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from fakepush import create_app
from fakepush.providers import ALL
from fakepush.state import FakeState

EXAMPLES_PER_OPERATION = 100
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
    positive_data_acceptance,
]
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}

STATE = FakeState(
    ALL,
    backendless_apps=[{"app_id": "FUZZ-APP", "api_key": "FUZZ-KEY", "subdomain": "fuzz"}],
    sendbird_apps=[{"app_id": "FUZZ", "api_token": "fuzz-token"}],
)
APP = create_app(STATE)
KNOWN_IDS = ["fuzz-device", "fuzz-user", "fuzz-channel", "a/b"]


def _seed() -> None:
    """The rows and users the drawn ids name, so some cases get past 'unknown'."""
    backendless = STATE.backendless.app_by_id("FUZZ-APP")
    STATE.backendless.register(
        backendless,
        {"deviceId": "fuzz-device", "deviceToken": "t", "os": "IOS", "osVersion": "1",
         "channels": ["fuzz-channel"]},
    )  # fmt: skip
    sendbird = STATE.sendbird.app_by_id("FUZZ")
    STATE.sendbird.create_user(
        sendbird, {"user_id": "fuzz-user", "nickname": "Fuzz", "profile_url": ""}
    )


_seed()
BASELINE = STATE.export()


def _served() -> dict[str, Any]:
    return APP.test_client().get("/_fakepush/openapi.json").get_json()


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, operation) for path, item in _served()["paths"].items()
            for method, operation in item.items() if method in HTTP_METHODS]  # fmt: skip


def _state_statuses(operation: dict[str, Any]) -> list[str]:
    """The statuses whose documented refusals a well-formed request may meet."""
    return [s for s, r in operation["responses"].items() if r.get("x-state-codes")]


def _template(path: str) -> tuple[re.Pattern[str], int]:
    """A document path as a pattern of its rendered form, and how many parameters it has."""
    parts = re.split(r"(\{[^}]+\})", path)
    pattern = "".join("[^/]+" if part.startswith("{") else re.escape(part) for part in parts)
    return re.compile(pattern), path.count("{")


TEMPLATES = [_template(path) for path in {path for _, path, _ in _operations()}]


def _belongs_to_a_more_concrete_path(case) -> bool:
    own = case.path.count("{")
    rendered = unquote(case.formatted_path)
    return any(n < own and p.fullmatch(rendered) for p, n in TEMPLATES)


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 0,
        "parameters": {
            "path.app_id": "FUZZ-APP",
            "path.api_key": "FUZZ-KEY",
            "header.Host": "fuzz.backendless.app",
            "header.Api-Token": "fuzz-token",
            **{f"path.{name}": {"dictionary": "ids", "probability": 0.5}
               for name in ("device_id", "user_id", "channel", "channel_url")},
        },
        "dictionaries": {"ids": {"values": KNOWN_IDS}},
        "operations": [
            {
                "include-operation-id": operation["operationId"],
                "checks": {"positive_data_acceptance": {
                    "expected-statuses": ["2xx", *_state_statuses(operation)]}},
            }
            for _, _, operation in _operations()
        ],
    }
)  # fmt: skip
schema = schemathesis.openapi.from_wsgi("/_fakepush/openapi.json", APP, config=CONFIG)


def test_the_fuzz_run_covers_every_operation_of_the_served_openapi():
    """Routes other work adds appear in the OpenAPI document; the run must pick them all up."""
    described = {(method.upper(), path) for method, path, _ in _operations()}
    fuzzed = {(op.ok().method.upper(), op.ok().path) for op in schema.get_all_operations()}
    assert fuzzed == described
    assert len(fuzzed) > 80


def _refused_for_a_documented_state(case, response) -> None:
    """A well-formed request refused only with a code its operation lists as state-bound."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or response.status_code < 400:
        return
    documented = case.operation.definition.raw["responses"].get(str(response.status_code), {})
    body = response.json()
    code = body.get("code", response.status_code) if isinstance(body, dict) else None
    assert code in documented.get("x-state-codes", []), (
        f"a well-formed request refused with {code} ({body}), not one of the state codes "
        f"documented on {case.operation.label} {response.status_code}: "
        f"{documented.get('x-state-codes')}\n{case.as_curl_command()}"
    )


_OPERATION: list[str | None] = [None]  # the operation the last case belonged to


def _has_fuzz_apps() -> bool:
    return "FUZZ-APP" in STATE.backendless.apps and "FUZZ" in STATE.sendbird.apps


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_conforms_to_the_served_openapi(case):
    if _belongs_to_a_more_concrete_path(case):
        # OpenAPI matches a concrete path before a templated one ("Path Templating
        # Matching", https://spec.openapis.org/oas/v3.1.0#path-templating-matching):
        # GET /messaging/pushtemplates is that operation, not a message id's status.
        return
    if case.path.startswith("/v3"):  # the Host that picks the fuzz Sendbird app
        case.headers = {**(case.headers or {}), "Host": "api-fuzz.sendbird.com"}
    if case.operation.label != _OPERATION[0] or not _has_fuzz_apps():
        # Each operation starts from the seed state, whichever worker runs it after
        # whichever others, so its run is the same every time; and a generated PUT state
        # may have replaced the apps.
        STATE.load(BASELINE)
        _OPERATION[0] = case.operation.label
    try:
        response = case.call_and_validate(checks=CHECKS)
        _refused_for_a_documented_state(case, response)
    finally:
        STATE.faults.clear()
        STATE.clock.unfreeze()
