"""The route table: both URL forms, the app chosen by path or Host, device ids, HTTP errors."""

from __future__ import annotations

import pytest

from fakepush import create_app
from fakepush.state import FakeState
from fakepush.providers import ALL

from .helpers import (
    API_KEY,
    APP_ID,
    Api,
    assert_error,
    domain_form,
    path_form,
    registration,
)

OTHER_APP = {"app_id": "OTHER-APP", "api_key": "OTHER-KEY", "subdomain": "MyApp"}


@pytest.fixture
def two_apps_client():
    return create_app(FakeState(ALL, backendless_apps=[OTHER_APP])).test_client()


def test_info_answers_empty_object(api):
    response = api.info()
    assert response.status_code == 200
    assert response.is_json
    assert response.get_json() == {}


def test_register_retrieve_cancel_round_trip(api):
    registered = api.register(registration("d1", channels=["news"]))
    assert registered.status_code == 200
    assert registered.get_json()["registrationId"].endswith("::news")
    assert api.retrieve("d1").get_json()["channels"] == ["news"]
    cancelled = api.cancel("d1")
    assert cancelled.status_code == 200
    assert cancelled.get_json() == {"result": True}
    assert_error(api.retrieve("d1"), 5000)


def test_both_url_forms_reach_the_same_default_app(client):
    path, domain = path_form(client), domain_form(client)
    assert path.register(registration("shared")).status_code == 200
    assert domain.retrieve("shared").get_json()["deviceId"] == "shared"
    assert domain.cancel("shared").get_json() == {"result": True}
    assert_error(path.retrieve("shared"), 5000)


@pytest.mark.parametrize(
    "host",
    ["localhost", "localhost:8080", "127.0.0.1", "127.0.0.1:5000", "10.1.2.3:80", "[::1]:9000"],
)
def test_domain_form_with_ip_or_localhost_host_means_default_app(client, host):
    api = domain_form(client, host=host)
    assert api.register(registration("via-ip")).status_code == 200
    assert path_form(client).retrieve("via-ip").status_code == 200


@pytest.mark.parametrize("host", ["myapp.backendless.app", "MYAPP.example.com:443", "MyApp"])
def test_domain_form_host_first_label_selects_app_case_insensitively(two_apps_client, host):
    api = domain_form(two_apps_client, host=host)
    assert api.register(registration("other-dev")).status_code == 200
    other = path_form(two_apps_client, "OTHER-APP", "OTHER-KEY")
    assert other.retrieve("other-dev").status_code == 200
    assert_error(path_form(two_apps_client).retrieve("other-dev"), 5000)


def _each_call(api, call: str):
    """One of the four routes by name, with a valid request: only the app can be wrong."""
    return {
        "info": lambda: api.info(),
        "register": lambda: api.register(registration()),
        "retrieve": lambda: api.retrieve("d"),
        "cancel": lambda: api.cancel("d"),
    }[call]()


@pytest.mark.parametrize(
    "host", ["unknown.backendless.app", "backendless.app", "www.myapp.com", "localhostx"]
)
@pytest.mark.parametrize("call", ["info", "register", "retrieve", "cancel"])
def test_domain_form_unknown_subdomain_is_2002(two_apps_client, host, call):
    api = domain_form(two_apps_client, host=host)
    assert_error(_each_call(api, call), 2002)


@pytest.mark.parametrize(
    ("app_id", "api_key"),
    [
        ("NO-SUCH-APP", API_KEY),
        (APP_ID, "WRONG-KEY"),
        (APP_ID.lower(), API_KEY),  # compared exactly, case-sensitive
        (APP_ID, API_KEY.lower()),
        ("OTHER-APP", API_KEY),  # a real app with another app's key
    ],
)
@pytest.mark.parametrize("call", ["info", "register", "retrieve", "cancel"])
def test_path_form_unknown_app_or_key_is_2002(two_apps_client, app_id, api_key, call):
    api = path_form(two_apps_client, app_id, api_key)
    assert_error(_each_call(api, call), 2002)


@pytest.mark.parametrize(
    "device_id", ["dev 1/x", "a/b/c", "with%percent", "ünïcödé", "colon:and;semi", "trailing/"]
)
def test_device_id_is_everything_after_registrations_percent_decoded(api, device_id):
    assert api.register(registration(device_id)).status_code == 200
    retrieved = api.retrieve(device_id)
    assert retrieved.status_code == 200
    assert retrieved.get_json()["deviceId"] == device_id
    assert api.cancel(device_id).get_json() == {"result": True}


def test_encoded_slash_in_device_id_is_decoded(api):
    assert api.register(registration("a/b")).status_code == 200
    response = api.client.get(api.url("/messaging/registrations/a%2Fb"), headers=api._headers(None))
    assert response.get_json()["deviceId"] == "a/b"


def test_device_id_that_looks_like_a_route_is_still_a_device_id(api):
    device_id = "messaging/registrations/info"
    assert api.register(registration(device_id)).status_code == 200
    assert api.retrieve(device_id).get_json()["deviceId"] == device_id


# -- HTTP-level errors: JSON always ------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "tail"),
    [
        ("GET", "/messaging/registrations"),
        ("PUT", "/messaging/registrations"),
        ("DELETE", "/messaging/registrations"),
        ("POST", "/messaging/registrations/d1"),
        ("PUT", "/messaging/registrations/d1"),
        ("POST", "/info"),
        ("DELETE", "/info"),
    ],
)
def test_wrong_method_is_json_405(api, method, tail):
    response = api.client.open(api.url(tail), method=method, headers=api._headers(None))
    assert response.status_code == 405
    assert response.is_json
    assert response.get_json()["code"] == 405
    assert "not allowed" in response.get_json()["message"]


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/api",
        "/api/messaging",
        "/api/messaging/registration/d1",
        f"/{APP_ID}/{API_KEY}/messaging/other/deeper",
        f"/{APP_ID}/{API_KEY}",
    ],
)
def test_unknown_route_is_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.is_json
    assert response.get_json()["code"] == 404


def test_body_over_one_mebibyte_is_json_413(api, state):
    before = state.export()
    response = api.register(
        data=b'{"deviceId": "' + b"x" * (1024 * 1024) + b'"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.is_json
    assert response.get_json()["code"] == 413
    assert state.export() == before


def test_unexpected_exception_is_json_500_naming_the_request_id():
    app = create_app(FakeState(ALL))

    @app.route("/boom")
    def boom():
        raise RuntimeError("kaboom")

    response = app.test_client().get("/boom")
    assert response.status_code == 500
    assert response.is_json
    body = response.get_json()
    request_id = response.headers["X-Fakepush-Request-Id"]
    assert str(body["request_id"]) == request_id
    assert request_id in body["message"]
    assert "kaboom" not in response.get_data(as_text=True)
    assert "Traceback" not in response.get_data(as_text=True)


# -- order of checks: route, then app, then auth, then body --------------------------------


def test_route_is_checked_before_app(client):
    response = client.put("/NO-SUCH-APP/NO-KEY/messaging/registrations")
    assert response.status_code == 405
    response = domain_form(client, host="nobody.example.com").client.put(
        "/api/messaging/registrations", headers={"Host": "nobody.example.com"}
    )
    assert response.status_code == 405


@pytest.mark.parametrize("call", ["register", "retrieve", "cancel"])
def test_app_is_checked_before_user_token(client, call):
    api = Api(client, "/NO-SUCH-APP/NO-KEY", headers={"user-token": "not-issued"})
    response = {
        "register": lambda: api.register(registration()),
        "retrieve": lambda: api.retrieve("d"),
        "cancel": lambda: api.cancel("d"),
    }[call]()
    assert_error(response, 2002)


# Bodies that fail a check of their own: the app and the user-token are checked first.
BAD_BODIES = [
    {"data": b"not json", "content_type": "text/plain"},
    {"data": b"{broken", "content_type": "application/json"},
    {"data": b"null", "content_type": "application/json"},
    {"json": {"deviceId": None}},
]


@pytest.mark.parametrize("kwargs", BAD_BODIES)
def test_app_is_checked_before_body(client, kwargs):
    response = path_form(client, "NO-SUCH-APP", API_KEY).register(**kwargs)
    assert_error(response, 2002)


@pytest.mark.parametrize("kwargs", BAD_BODIES)
def test_user_token_is_checked_before_body(api, kwargs):
    response = api.register(headers={"user-token": "never-issued"}, **kwargs)
    assert_error(
        response,
        3064,
        "Not existing user token - never-issued. Relogin user to update your user token",
    )


@pytest.mark.parametrize("call", ["retrieve", "cancel"])
def test_user_token_is_checked_before_device_lookup(api, call):
    response = getattr(api, call)("no-such-device", headers={"user-token": "bogus"})
    assert_error(
        response, 3064, "Not existing user token - bogus. Relogin user to update your user token"
    )


def test_get_and_delete_need_no_content_type(api):
    """The JS SDK sends no Content-Type on GET and DELETE (its request code in node_modules/backendless)."""
    api.register(registration("d"))
    response = api.client.get(api.device_url("d"), headers=api._headers(None))
    assert response.status_code == 200
    response = api.client.delete(api.device_url("d"), headers=api._headers(None))
    assert response.status_code == 200


# -- CORS ----------------------------------------------------------------------------------


def test_preflight_answers_200_json_and_allows_any_origin(api):
    response = api.client.options(
        api.url("/messaging/registrations"),
        headers=api._headers(
            {
                "Origin": "http://app.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type,user-token",
            }
        ),
    )
    assert response.status_code == 200
    assert response.get_json() == {}
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "POST" in response.headers["Access-Control-Allow-Methods"]
    assert response.headers["Access-Control-Allow-Headers"] == "content-type,user-token"


def test_every_emulated_answer_allows_any_origin(api):
    assert api.register(registration()).headers["Access-Control-Allow-Origin"] == "*"
    assert api.retrieve("missing").headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("host", ["none.backendless.app", "None.example.com", "null.example.com"])
def test_app_without_a_subdomain_is_reachable_only_in_the_path_form(host):
    state = FakeState(ALL, backendless_apps=[{"app_id": "NOSUB", "api_key": "KEY"}])
    state.backendless.add_app({"app_id": "FAKEPUSH-APP-ID", "subdomain": None})
    client = create_app(state).test_client()
    assert path_form(client, "NOSUB", "KEY").register(registration()).status_code == 200
    assert_error(domain_form(client, host=host).retrieve("device-1"), 2002)
