"""Security promises: loopback only, no debug mode, app isolation, constant-time tokens."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakepush import FakePush, create_app
from fakepush.state import FakeState
from fakepush.providers import ALL

ROOT = Path(__file__).resolve().parents[2]

# -- loopback by default -------------------------------------------------------------------


def test_fakepush_handle_binds_loopback_by_default():
    with FakePush() as fake:
        address = fake._server.server.socket.getsockname()
        assert address[0] == "127.0.0.1"
        assert fake.url.startswith("http://127.0.0.1:")


def _serve(args: list[str], env: dict[str, str] | None = None, preamble: str = ""):
    """``fakepush serve`` in a subprocess (through cli.main, after ``preamble``)."""
    code = preamble + "\nimport sys\nfrom fakepush.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.Popen(
        [sys.executable, "-c", code, "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=ROOT,
    )


def _first_line_url(process) -> str:
    line = process.stdout.readline()
    assert "serving on" in line, line + process.stderr.read()
    return line.split("serving on ", 1)[1].split()[0]


def _stop(process) -> None:
    process.terminate()
    try:
        process.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def test_fakepush_serve_binds_loopback_by_default():
    process = _serve(["--port", "0"])
    try:
        url = _first_line_url(process)
        assert url.startswith("http://127.0.0.1:")
    finally:
        _stop(process)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.0.2.10", "example.com"])
def test_fakepush_serve_refuses_a_non_loopback_host_without_admin_token(host):
    process = _serve(["--host", host, "--port", "0"])
    out, err = process.communicate(timeout=30)
    assert process.returncode == 2
    assert "serving on" not in out
    assert host in err and "loopback" in err


# -- no debug mode, no Werkzeug debugger ---------------------------------------------------

DEBUG_ENVIRONMENT = {
    "FLASK_DEBUG": "1",
    "FLASK_ENV": "development",
    "FLASK_RUN_DEBUG": "1",
    "WERKZEUG_DEBUG_PIN": "off",
    "WERKZEUG_RUN_MAIN": "true",
    "PYTHONDEVMODE": "1",
}

RAISING_ROUTE = textwrap.dedent(
    """
    from fakepush.providers.backendless.store import BackendlessStore

    def boom(self, *args, **kwargs):
        raise RuntimeError("secret internal detail")

    BackendlessStore.retrieve = boom
    """
)


def test_debug_environment_does_not_turn_on_flask_debug(monkeypatch):
    for name, value in DEBUG_ENVIRONMENT.items():
        monkeypatch.setenv(name, value)
    app = create_app()
    assert app.debug is False
    assert FakePush().app.debug is False


def test_raising_route_answers_json_500_without_traceback_whatever_the_environment():
    process = _serve(["--port", "0"], env=DEBUG_ENVIRONMENT, preamble=RAISING_ROUTE)
    try:
        url = _first_line_url(process)
        import urllib.error
        import urllib.request

        base = f"{url}/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"{base}/some-device", timeout=10)
        error = raised.value
        body = error.read().decode()
        assert error.code == 500
        assert error.headers["Content-Type"].startswith("application/json")
        payload = json.loads(body)
        assert "request id" in payload["message"]
        for leak in ("Traceback", "secret internal detail", "__debugger__", "<html", "File \""):
            assert leak not in body
        # The debugger's console and resources are not served either.
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"{url}/?__debugger__=yes&cmd=resource&f=debugger.js", timeout=10)
        assert raised.value.code == 404
        assert raised.value.headers["Content-Type"].startswith("application/json")
        # ...and the server keeps serving after the exception.
        with urllib.request.urlopen(
            f"{url}/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/info", timeout=10
        ) as response:
            assert json.loads(response.read()) == {}
    finally:
        _stop(process)


def test_no_command_line_flag_turns_on_debug():
    for flag in ("--debug", "--reload", "--debugger", "--use-debugger"):
        process = _serve(["--port", "0", flag])
        out, err = process.communicate(timeout=30)
        assert process.returncode == 2, (flag, out)
        assert "serving on" not in out


# -- app isolation ---------------------------------------------------------------------------

APP_A = ("FAKEPUSH-APP-ID", "FAKEPUSH-REST-API-KEY", "fakepush")
APP_B = {"app_id": "APP-B", "api_key": "KEY-B", "subdomain": "appb"}
B_DEVICES = [f"shared-{i}" for i in range(3)] + [f"b-only-{i}" for i in range(3)]
SECRET = "B-SECRET"

device_ids = st.one_of(
    st.sampled_from(B_DEVICES),
    st.text(alphabet="ab-/.%0", min_size=1, max_size=6),
)
operations = st.lists(
    st.tuples(
        st.sampled_from(["register", "retrieve", "cancel", "info"]),
        device_ids,
        st.sampled_from(["path", "domain"]),
        st.lists(st.sampled_from(["default", "news", "alerts"]), max_size=2),
        st.sampled_from([None, "A", "B"]),  # which app's user-token to send, if any
    ),
    min_size=1,
    max_size=12,
)


def _isolation_fixture():
    state = FakeState(ALL, backendless_apps=[APP_B])
    client = create_app(state).test_client()
    app_b = state.backendless.app_by_id("APP-B")
    for device_id in B_DEVICES:
        state.backendless.register(
            app_b,
            {"deviceId": device_id, "deviceToken": f"{SECRET}-{device_id}", "os": "IOS",
             "osVersion": f"{SECRET}", "channels": ["b-chan"]},
        )
    tokens = {
        "A": state.backendless.login(state.backendless.app_by_id())["user-token"],
        "B": state.backendless.login(app_b, "B-USER")["user-token"],
    }
    return state, client, tokens


def _b_section(state) -> dict:
    return next(a for a in state.export()["backendless"]["apps"] if a["app_id"] == "APP-B")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations)
def test_one_apps_credentials_never_observe_or_change_another_apps_data(ops):
    state, client, tokens = _isolation_fixture()
    before = _b_section(state)
    from urllib.parse import quote

    for op, device_id, form, channels, token in ops:
        if form == "path":
            base, headers = f"/{APP_A[0]}/{APP_A[1]}", {}
        else:
            base, headers = "/api", {"Host": f"{APP_A[2]}.backendless.app"}
        if token is not None:
            headers["user-token"] = tokens[token]
        registrations = f"{base}/messaging/registrations"
        if op == "register":
            response = client.post(
                registrations,
                json={"deviceId": device_id, "deviceToken": "a-token", "os": "ANDROID",
                      "osVersion": "1", "channels": channels},
                headers=headers,
            )
        elif op == "retrieve":
            response = client.get(f"{registrations}/{quote(device_id, safe='')}", headers=headers)
        elif op == "cancel":
            response = client.delete(f"{registrations}/{quote(device_id, safe='')}", headers=headers)
        else:
            response = client.get(f"{base}/info", headers=headers)
        text = response.get_data(as_text=True)
        assert SECRET not in text and "b-chan" not in text and "B-USER" not in text
        if token == "B" and op != "info":  # another app's user-token is unknown here
            assert response.json["code"] == 3064
        assert response.status_code < 500
    assert _b_section(state) == before
    assert "b-chan" not in state.backendless.channels(state.backendless.app_by_id())


# -- non-loopback only with an admin token ---------------------------------------------------

# The test never binds beyond loopback: LiveServer is told the non-loopback host, records
# it and listens on 127.0.0.1, so the CLI's gate and the token check are what is exercised.
RECORD_HOST = textwrap.dedent(
    """
    import fakepush.handle as server

    class LoopbackLiveServer(server.LiveServer):
        def __init__(self, app, host="127.0.0.1", port=0):
            print("asked to bind", host, flush=True)
            super().__init__(app, "127.0.0.1", port)

    server.LiveServer = LoopbackLiveServer
    """
)


def test_non_loopback_host_with_admin_token_starts_and_guards_the_admin_api():
    import urllib.error
    import urllib.request

    process = _serve(
        ["--host", "192.0.2.10", "--port", "0", "--admin-token", "s3cret"], preamble=RECORD_HOST
    )
    try:
        assert process.stdout.readline().strip() == "asked to bind 192.0.2.10"
        url = _first_line_url(process)
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"{url}/_fakepush/state", timeout=10)
        assert raised.value.code == 401
        wrong = urllib.request.Request(
            f"{url}/_fakepush/state", headers={"Authorization": "Bearer s3creT"}
        )
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(wrong, timeout=10)
        assert raised.value.code == 401
        right = urllib.request.Request(
            f"{url}/_fakepush/state", headers={"Authorization": "Bearer s3cret"}
        )
        with urllib.request.urlopen(right, timeout=10) as response:
            assert "backendless" in json.loads(response.read())
    finally:
        _stop(process)


# -- secrets compared in constant time -------------------------------------------------------


@pytest.fixture
def digest_spy(monkeypatch):
    """hmac.compare_digest, recorded; set ``verdict`` to force its answer."""
    import hmac

    real = hmac.compare_digest
    spy = {"calls": [], "verdict": None}

    def compare_digest(a, b):
        spy["calls"].append((a, b))
        return real(a, b) if spy["verdict"] is None else spy["verdict"]

    monkeypatch.setattr(hmac, "compare_digest", compare_digest)
    return spy


def _as_text(value) -> str:
    return value.decode() if isinstance(value, bytes) else value


def test_admin_token_is_compared_with_hmac_compare_digest(digest_spy):
    client = create_app(FakeState(ALL), admin_token="the-admin-token").test_client()
    good = {"Authorization": "Bearer the-admin-token"}
    assert client.get("/_fakepush/health", headers=good).status_code == 200
    pairs = {tuple(sorted(map(_as_text, call))) for call in digest_spy["calls"]}
    assert ("the-admin-token", "the-admin-token") in pairs
    # The decision is compare_digest's: when it says no, the right token is refused.
    digest_spy["verdict"] = False
    assert client.get("/_fakepush/health", headers=good).status_code == 401
    digest_spy["verdict"] = True
    assert client.get("/_fakepush/health", headers={"Authorization": "Bearer nope"}).status_code == 200


# -- the dashboard shows markup as text --------------------------------------------------------


def _markup(name: str) -> str:
    """Markup that, if parsed as HTML, leaves an element with id ``pwned-<name>`` behind."""
    return f"<img src=x id=pwned-{name} onerror=window.__pwned='{name}'>"


@pytest.mark.slow
def test_dashboard_renders_every_client_supplied_value_as_text(chromium, quiet_werkzeug):
    from urllib.parse import quote

    from selenium.webdriver.support.ui import WebDriverWait

    hostile_device = "<script>window.__pwned=1</script><img src=x onerror=window.__pwned=2>"
    with FakePush(backendless_apps=[{"app_id": _markup("app"), "api_key": "k"}]) as fake:
        client = fake.client()
        token = fake.backendless.login(user_id=_markup("owner"))
        base = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/messaging/registrations"
        for device_id in (hostile_device, _markup("device")):
            response = client.post(
                base,
                json={"deviceId": device_id, "deviceToken": _markup("token"), "os": _markup("os"),
                      "osVersion": _markup("version"), "channels": [_markup("channel")]},
                headers={"user-token": token},
            )
            assert response.status_code == 200, response.json
        import urllib.request

        try:  # a journal row whose path is markup
            urllib.request.urlopen(f"{fake.url}{base}/{quote(_markup('path'), safe='')}")
        except urllib.error.HTTPError as error:
            assert error.code == 400
        fake.state.faults.add(path=_markup("fault"), times=None, status=503)
        sendbird = {"Api-Token": fake.sendbird.api_token}
        user = {"user_id": _markup("sb-user"), "nickname": _markup("nickname"), "profile_url": ""}
        assert client.post("/v3/users", json=user, headers=sendbird).status_code == 200
        response = client.post(
            f"/v3/users/{quote(user['user_id'], safe='')}/push/apns",
            json={"apns_device_token": _markup("sb-token")}, headers=sendbird,
        )
        assert response.status_code == 200, response.json

        chromium.get(f"{fake.url}/_fakepush/?token={quote(_markup('query'), safe='')}")
        WebDriverWait(chromium, 15).until(
            lambda d: hostile_device in d.find_element("tag name", "body").text
        )
        shown = chromium.find_element("tag name", "body").text
        for name in ("app", "owner", "device", "token", "os", "version", "channel", "path",
                     "fault", "sb-user", "nickname", "sb-token"):
            assert _markup(name) in shown, name
        assert chromium.execute_script("return window.__pwned === undefined")
        made = chromium.execute_script(
            "return Array.from(document.querySelectorAll('[id^=pwned], img, iframe, object'))"
            ".map(e => e.outerHTML)"
        )
        assert made == []
        scripts = chromium.execute_script(
            "return Array.from(document.scripts).map(s => s.src || s.textContent)"
        )
        assert len(scripts) == 1 and scripts[0].split("?")[0].endswith("/dashboard.js")


def test_sendbird_api_token_is_compared_with_hmac_compare_digest(digest_spy):
    state = FakeState(
        ALL,
        sendbird_apps=[{"app_id": "SB", "api_token": "master", "secondary_tokens": ["second"]}]
    )
    client = create_app(state).test_client()
    headers = {"Host": "api-sb.sendbird.com"}
    for token in ("master", "second"):
        digest_spy["calls"].clear()
        response = client.get("/v3/users/nobody", headers={**headers, "Api-Token": token})
        assert response.json["code"] == 400201  # past auth: the user is unknown
        pairs = {tuple(map(_as_text, call)) for call in digest_spy["calls"]}
        assert (token, token) in pairs
    digest_spy["verdict"] = False
    response = client.get("/v3/users/nobody", headers={**headers, "Api-Token": "master"})
    assert response.json["code"] == 400401
    digest_spy["verdict"] = True
    response = client.get("/v3/users/nobody", headers={**headers, "Api-Token": "guess"})
    assert response.json["code"] == 400201


SB_B = {"app_id": "SBB", "api_token": "token-b"}
sendbird_operations = st.lists(
    st.tuples(
        st.sampled_from(["create", "view", "delete", "add", "list", "remove", "remove_all",
                         "owners", "remove_from_owners"]),
        st.sampled_from(["b-user-0", "b-user-1", "shared", "a/b"]),
        st.sampled_from(["gcm", "apns"]),
        st.sampled_from([f"{SECRET}-tok-0", "shared-token", "x/y"]),
        st.sampled_from(["default-app-token", "token-b-as-master-elsewhere"]),
    ),
    min_size=1,
    max_size=10,
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sendbird_operations)
def test_one_sendbird_apps_token_never_observes_or_changes_another_apps_users(ops):
    """Requests to the default app (by Host, with its token, or with app B's token sent to
    the default app's host) never see or change app B's users and tokens."""
    from urllib.parse import quote

    state = FakeState(ALL, sendbird_apps=[SB_B])
    client = create_app(state).test_client()
    b_headers = {"Host": "api-sbb.sendbird.com", "Api-Token": "token-b"}
    for user_id in ("b-user-0", "b-user-1", "shared"):
        client.post("/v3/users", json={"user_id": user_id, "nickname": "B-NICKNAME",
                                       "profile_url": ""}, headers=b_headers)
        client.post(f"/v3/users/{user_id}/push/gcm", json={"gcm_reg_token": f"{SECRET}-tok-0"},
                    headers=b_headers)
        client.post(f"/v3/users/{user_id}/push/gcm", json={"gcm_reg_token": "shared-token"},
                    headers=b_headers)
    section = lambda: next(  # noqa: E731
        a for a in state.export()["sendbird"]["apps"] if a["app_id"] == "SBB"
    )
    before = section()
    fields = {"gcm": "gcm_reg_token", "apns": "apns_device_token"}
    given_to_a = False  # whether the default app was itself given B's secret token
    for op, user_id, token_type, token, auth in ops:
        api_token = "fakepush-api-token" if auth == "default-app-token" else "token-b"
        headers = {"Host": "api-fakepush.sendbird.com", "Api-Token": api_token}
        user = quote(user_id, safe="")
        tok = quote(token, safe="")
        calls = {
            "create": ("post", "/v3/users",
                       {"user_id": user_id, "nickname": "a", "profile_url": ""}),
            "view": ("get", f"/v3/users/{user}", None),
            "delete": ("delete", f"/v3/users/{user}", None),
            "add": ("post", f"/v3/users/{user}/push/{token_type}", {fields[token_type]: token}),
            "list": ("get", f"/v3/users/{user}/push/{token_type}", None),
            "remove": ("delete", f"/v3/users/{user}/push/{token_type}/{tok}", None),
            "remove_all": ("delete", f"/v3/users/{user}/push", None),
            "owners": ("get", f"/v3/push/device_tokens/{token_type}/{tok}", None),
            "remove_from_owners": ("delete", f"/v3/push/device_tokens/{token_type}/{tok}", None),
        }
        method, path, body = calls[op]
        response = getattr(client, method)(path, json=body, headers=headers)
        assert response.status_code < 500
        text = response.get_data(as_text=True)
        if op == "add" and token == f"{SECRET}-tok-0" and response.status_code == 200:
            given_to_a = True
        assert "B-NICKNAME" not in text
        if not given_to_a and token != f"{SECRET}-tok-0":  # a token in the path is echoed
            assert SECRET not in text
        if auth != "default-app-token":
            assert response.json["code"] == 400401
    assert section() == before
