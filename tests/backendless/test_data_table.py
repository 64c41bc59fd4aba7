"""The DeviceRegistration data table over HTTP: find (GET and POST), count, one row, delete."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from .helpers import HOUR_MS, NOW_MS, assert_error, registration

BASE = "/data/DeviceRegistration"
COLUMNS = {"___class", "objectId", "deviceId", "deviceToken", "operatingSystemName",
           "operatingSystemVersion", "channelName", "expiration", "created", "updated",
           "ownerId"}


@pytest.fixture(params=["docs", "sdk"])
def profile(request, state):
    state.profile = request.param
    return request.param


def get(api, tail, headers=None, **params):
    query = "&".join(f"{k}={quote(str(v))}" for k, v in params.items())
    url = api.url(tail) + (f"?{query}" if query else "")
    return api.client.get(url, headers=api._headers(headers))


def delete(api, tail, headers=None):
    return api.client.delete(api.url(tail), headers=api._headers(headers))


def post(api, tail, body, headers=None):
    return api.client.post(api.url(tail), json=body, headers=api._headers(headers))


def find(api, where=None, **params):
    if where is not None:
        params["where"] = where
    response = get(api, BASE, **params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def seed(api, state):
    """Four devices: d1 on news+sport (owned by U1), d2 on news, d3 on default, d4 expiring."""
    token = state.backendless.login(state.backendless.app_by_id(), "U1")["user-token"]
    assert api.register(registration("d1", deviceToken="t1", os="IOS", osVersion="17",
                                     channels=["news", "sport"]),
                        headers={"user-token": token}).status_code == 200
    state.clock.advance(1000)
    assert api.register(registration("d2", deviceToken="t2", channels=["news"])).status_code == 200
    state.clock.advance(1000)
    assert api.register(registration("d3", deviceToken="t'3")).status_code == 200
    state.clock.advance(1000)
    expiring = registration("d4", deviceToken="t4", expiration=NOW_MS + HOUR_MS)
    assert api.register(expiring).status_code == 200


def ids(rows):
    return [(row["deviceId"], row["channelName"]) for row in rows]


def test_find_answers_every_live_row_with_the_table_columns_in_created_order(api, state, profile):
    seed(api, state)
    rows = find(api)
    assert set(ids(rows)[:2]) == {("d1", "news"), ("d1", "sport")}
    assert ids(rows)[2:] == [("d2", "news"), ("d3", "default"), ("d4", "default")]
    assert all(set(row) == COLUMNS and row["___class"] == "DeviceRegistration" for row in rows)
    first = next(row for row in rows if row["deviceId"] == "d1")
    assert first["deviceToken"] == "t1" and first["operatingSystemName"] == "IOS"
    assert first["operatingSystemVersion"] == "17" and first["ownerId"] == "U1"
    assert first["created"] == first["updated"] == NOW_MS and first["expiration"] is None
    d1_rows = [row for row in rows if row["deviceId"] == "d1"]
    assert [r["objectId"] for r in d1_rows] == sorted(r["objectId"] for r in d1_rows)


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("deviceToken = 't1'", {"d1"}),
        ("deviceToken != 't1'", {"d2", "d3", "d4"}),
        ("deviceToken <> 't1'", {"d2", "d3", "d4"}),
        (f"created < {NOW_MS + 1000}", {"d1"}),
        (f"created <= {NOW_MS + 1000}", {"d1", "d2"}),
        (f"created > {NOW_MS + 2000}", {"d4"}),
        (f"created >= {NOW_MS + 2000}", {"d3", "d4"}),
        ("channelName IN ('sport', 'default')", {"d1", "d3", "d4"}),
        ("channelName NOT IN ('news', 'default')", {"d1"}),
        ("deviceToken LIKE 't_'", {"d1", "d2", "d4"}),
        ("deviceToken LIKE '%''%'", {"d3"}),
        ("deviceToken = 't''3'", {"d3"}),
        ("ownerId IS NULL", {"d2", "d3", "d4"}),
        ("user.objectId IS NOT NULL", {"d1"}),
        ("user.objectId = 'U1'", {"d1"}),
        ("expiration IS NOT NULL", {"d4"}),
        ("channelName = 'news' AND operatingSystemName = 'IOS'", {"d1"}),
        ("deviceId = 'd2' OR deviceId = 'd3'", {"d2", "d3"}),
        ("NOT channelName = 'default'", {"d1", "d2"}),
        ("(deviceId = 'd1' OR deviceId = 'd2') and not (channelName = 'news')", {"d1"}),
        ("deviceid = 'd2' or DEVICEID = 'd3'", {"d2", "d3"}),
        ("true", {"d1", "d2", "d3", "d4"}),
        ("false", set()),
    ],
)
def test_each_operator_filters_the_rows(api, state, where, expected):
    seed(api, state)
    assert {row["deviceId"] for row in find(api, where)} == expected


def test_post_find_takes_the_options_in_a_json_body_as_the_js_sdk_sends_them(api, state, profile):
    seed(api, state)
    body = {"pageSize": 50, "offset": 0, "where": "channelName = 'news'", "distinct": False,
            "sortBy": "deviceId desc", "props": "deviceId,channelName"}
    response = post(api, f"{BASE}/find", body)
    assert response.status_code == 200
    assert response.get_json() == [
        {"___class": "DeviceRegistration", "objectId": row["objectId"], "deviceId": row["deviceId"],
         "channelName": "news"}
        for row in find(api, "channelName = 'news'", sortBy="deviceId DESC")
    ]
    assert [row["deviceId"] for row in response.get_json()] == ["d2", "d1"]


def test_page_size_offset_and_sort_by(api, state):
    for i in range(15):
        assert api.register(registration(f"p{i:02d}", deviceToken=f"t{i}")).status_code == 200
    assert len(find(api)) == 10
    page = find(api, pageSize=3, offset=4, sortBy="deviceId")
    assert [r["deviceId"] for r in page] == ["p04", "p05", "p06"]
    assert [r["deviceId"] for r in find(api, pageSize=2, sortBy="deviceId DESC")] == ["p14", "p13"]
    assert len(find(api, pageSize=100)) == 15
    assert find(api, offset=20) == []
    both = api.client.get(api.url(BASE) + "?sortBy=channelName&sortBy=deviceId%20desc&pageSize=1",
                          headers=api._headers(None))
    assert both.get_json()[0]["deviceId"] == "p14"


def test_props_star_answers_every_column(api, state):
    seed(api, state)
    rows = find(api, "deviceId = 'd2'", props="*,deviceId")
    assert set(rows[0]) == COLUMNS
    assert set(find(api, "deviceId = 'd2'", props="deviceToken")[0]) == {
        "___class", "objectId", "deviceToken"}


def test_page_size_over_100_is_1025(api, state):
    assert_error(get(api, BASE, pageSize=101), 1025, "pageSize cannot be greater than 100")
    assert_error(post(api, f"{BASE}/find", {"pageSize": 500}), 1025)


@pytest.mark.parametrize(
    "params",
    [{"pageSize": "ten"}, {"pageSize": -1}, {"pageSize": 0}, {"offset": "x"},
     {"sortBy": "colour"}, {"sortBy": "deviceId sideways"}, {"props": "colour"}],
)
def test_bad_query_options_are_1026(api, state, params):
    assert_error(get(api, BASE, **params), 1026)


def test_count_answers_the_number_of_matching_rows(api, state, profile):
    seed(api, state)
    assert get(api, f"{BASE}/count").get_json() == 5
    assert get(api, f"{BASE}/count", where="channelName = 'news'").get_json() == 2
    body = {"where": "deviceId = 'd1'", "distinct": False}
    assert post(api, f"{BASE}/count", body).get_json() == 2


def test_find_one_and_delete_one(api, state, profile):
    seed(api, state)
    row = find(api, "deviceId = 'd2'")[0]
    one = get(api, f"{BASE}/{row['objectId']}")
    assert one.status_code == 200 and one.get_json() == row
    state.clock.advance(5)
    deleted = delete(api, f"{BASE}/{row['objectId']}")
    assert deleted.status_code == 200
    assert deleted.get_json() == {"deletionTime": NOW_MS + 3005}
    assert_error(get(api, f"{BASE}/{row['objectId']}"), 1000)
    assert_error(delete(api, f"{BASE}/{row['objectId']}"), 1000)
    store = state.backendless
    assert "d2" not in {r["deviceId"] for r in store.registrations(store.app_by_id())}
    assert_error(api.retrieve("d2"), 5000)


def test_deleting_one_of_two_rows_keeps_the_device_on_its_other_channel(api, state):
    seed(api, state)
    news = find(api, "deviceId = 'd1' AND channelName = 'news'")[0]
    delete(api, f"{BASE}/{news['objectId']}")
    assert api.retrieve("d1").get_json()["channels"] == ["sport"]


def test_expired_rows_are_never_found(api, state):
    seed(api, state)
    row = find(api, "deviceId = 'd4'")[0]
    state.clock.advance(HOUR_MS)
    assert find(api, "deviceId = 'd4'") == []
    assert find(api, "deviceToken = 't4'") == []
    assert get(api, f"{BASE}/count").get_json() == 4
    assert_error(get(api, f"{BASE}/{row['objectId']}"), 1000)


def test_an_unknown_user_token_is_3064_and_a_known_one_is_accepted(api, state):
    seed(api, state)
    bad = {"user-token": "NOPE"}
    assert_error(get(api, BASE, headers=bad), 3064)
    assert_error(post(api, f"{BASE}/find", {}, headers=bad), 3064)
    assert_error(get(api, f"{BASE}/count", headers=bad), 3064)
    row = find(api)[0]
    assert_error(get(api, f"{BASE}/{row['objectId']}", headers=bad), 3064)
    assert_error(delete(api, f"{BASE}/{row['objectId']}", headers=bad), 3064)
    token = state.backendless.login(state.backendless.app_by_id(), "U9")["user-token"]
    assert get(api, BASE, headers={"user-token": token}).status_code == 200


def test_rows_of_another_app_are_never_found(client, state, api):
    seed(api, state)
    state.backendless.add_app({"app_id": "OTHER", "api_key": "KEY", "subdomain": "other"})
    other = type(api)(client, "/OTHER/KEY")
    assert other.register(registration("o1", deviceToken="t1")).status_code == 200
    assert {r["deviceId"] for r in find(other)} == {"o1"}
    assert {r["deviceId"] for r in find(api, "deviceToken = 't1'")} == {"d1"}
    row = find(api, "deviceId = 'd2'")[0]
    assert_error(get(other, f"{BASE}/{row['objectId']}"), 1000)
    assert_error(get(type(api)(client, "/OTHER/WRONG"), BASE), 2002)


def test_other_tables_are_unknown_routes(api):
    response = get(api, "/data/Users")
    assert response.status_code == 404 and response.is_json


HOSTILE = [
    "(" * 5000 + "true" + ")" * 5000,
    "NOT " * 5000 + "true",
    "deviceId = '" + "x" * 100_000 + "'",
    " OR ".join(["deviceId = 'x'"] * 8000),
    "deviceId = 'unbalanced",
    "deviceId = 'a''",
    "(deviceId = 'a'",
    "deviceId = 'a')",
    "((deviceId = 'a') OR (deviceId = 'b'",
    "colour = 'red'",
    "user.email = 'a@b'",
    "deviceId = 'a'; DELETE FROM DeviceRegistration",
    "deviceId =",
    "AND",
    "deviceId IN ('a',)",
]


@pytest.mark.parametrize("where", HOSTILE, ids=lambda w: w[:30])
def test_a_hostile_clause_is_a_json_400_and_changes_nothing(api, state, where):
    seed(api, state)
    before = json.dumps(state.export(), sort_keys=True)
    for response in (
        post(api, f"{BASE}/find", {"where": where}),
        post(api, f"{BASE}/count", {"where": where}),
        get(api, f"{BASE}/count", where=where),
    ):
        assert_error(response, 1017)
        assert response.get_json()["message"].startswith("Invalid where clause: ")
    assert json.dumps(state.export(), sort_keys=True) == before


def test_the_error_names_the_position(api, state):
    response = post(api, f"{BASE}/find", {"where": "deviceId = 'a' AND colour = 1"})
    assert_error(response, 1017)
    assert "unknown column 'colour' at position 20" in response.get_json()["message"]


def test_a_find_body_that_is_not_an_object_is_8002(api):
    assert_error(post(api, f"{BASE}/find", ["where"]), 8002)
    bad_json = api.client.post(api.url(f"{BASE}/find"), data="{", content_type="application/json",
                               headers=api._headers(None))
    assert_error(bad_json, 8002)


def test_the_journal_names_the_table_operations(api, state):
    seed(api, state)
    row = find(api)[0]
    post(api, f"{BASE}/find", {})
    get(api, f"{BASE}/count")
    get(api, f"{BASE}/{row['objectId']}")
    delete(api, f"{BASE}/{row['objectId']}")
    operations = [r["operation"] for r in state.journal.filter(path="/data/")]
    assert operations == [
        "backendless.data_find", "backendless.data_find_post", "backendless.data_count",
        "backendless.data_find_one", "backendless.data_delete",
    ]
