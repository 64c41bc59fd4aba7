"""Schemathesis against /_fakepush/openapi.json: every operation, both providers, the admin API.

In process, through the WSGI app (no sockets, so the bounded example count fits CI). Two
checks only, the promises: no 5xx, and every response matches the schema it declares.
Valid credentials are mixed in for most cases, so the fuzz reaches past the 2002/400401
checks into the bodies; faults added by a case are cleared after it (a generated
``delay_ms`` would otherwise stall the run, a generated 500 rule would fail the next case).
"""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")  # in [test]; absent only outside CI

from hypothesis import HealthCheck, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import response_schema_conformance  # noqa: E402

from fakepush import create_app  # noqa: E402
from fakepush.state import FakeState  # noqa: E402
from fakepush.providers import ALL

EXAMPLES_PER_OPERATION = 100

STATE = FakeState(
    ALL,
    backendless_apps=[{"app_id": "FUZZ-APP", "api_key": "FUZZ-KEY", "subdomain": "fuzz"}],
    sendbird_apps=[{"app_id": "FUZZ", "api_token": "fuzz-token"}],
)
APP = create_app(STATE)
schema = schemathesis.openapi.from_wsgi("/_fakepush/openapi.json", APP)

BACKENDLESS_CREDENTIALS = {"app_id": "FUZZ-APP", "api_key": "FUZZ-KEY"}
KNOWN_IDS = ["fuzz-device", "fuzz-user", "a/b", "gcm"]


def _with_real_credentials(case, data) -> None:
    """Most cases get credentials the fake knows, and sometimes ids it holds."""
    if not data.draw(st.integers(0, 3)):
        return  # a quarter keep what schemathesis generated
    path_parameters = case.path_parameters or {}
    for name, value in BACKENDLESS_CREDENTIALS.items():
        if name in path_parameters:
            path_parameters[name] = value
    for name in ("device_id", "user_id"):
        if name in path_parameters and data.draw(st.booleans()):
            path_parameters[name] = data.draw(st.sampled_from(KNOWN_IDS))
    if case.headers and "user-token" in case.headers and data.draw(st.booleans()):
        del case.headers["user-token"]  # an unknown token stops every request at 3064
    if case.path.startswith("/v3"):
        case.headers = {**(case.headers or {}), "Api-Token": "fuzz-token",
                        "Host": "api-fuzz.sendbird.com"}
    elif case.path.startswith("/api/"):
        case.headers = {**(case.headers or {}), "Host": "fuzz.backendless.app"}


BASELINE = STATE.export()
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def test_the_fuzz_run_covers_every_operation_of_the_served_openapi():
    """Routes other work adds appear in the OpenAPI document; the run must pick them all up."""
    served = APP.test_client().get("/_fakepush/openapi.json").get_json()
    described = {(method.upper(), path) for path, item in served["paths"].items()
                 for method in item if method in HTTP_METHODS}
    fuzzed = set()
    for result in schema.get_all_operations():
        operation = result.ok()
        fuzzed.add((operation.method.upper(), operation.path))
    # schemathesis leaves out the operation that serves the schema it loaded itself
    # (tests/admin/test_openapi.py checks that one).
    assert fuzzed == described - {("GET", "/_fakepush/openapi.json")}
    assert len(fuzzed) > 20


def _seed() -> None:
    app = STATE.backendless.app_by_id("FUZZ-APP")
    STATE.backendless.register(
        app, {"deviceId": "fuzz-device", "deviceToken": "t", "os": "IOS", "osVersion": "1"}
    )


@schema.parametrize()
@schema.given(data=st.data())
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_every_response_matches_its_schema(case, data):
    _with_real_credentials(case, data)
    if "FUZZ-APP" not in STATE.backendless.apps:  # a generated PUT state replaced the apps
        STATE.load(BASELINE)
    if not STATE.backendless.app_by_id("FUZZ-APP").devices:
        _seed()
    try:
        case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
    finally:
        STATE.faults.clear()
        STATE.clock.unfreeze()
