"""The outbox's surfaces: admin /pushes and /rejected-tokens, template admin routes, the
handle's ``pushes`` and Backendless views, reset."""

import pytest

from fakepush import FakePush

BL = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"


def _device(device_id, os="ANDROID"):
    return {"deviceId": device_id, "deviceToken": f"tok-{device_id}", "os": os, "osVersion": "1"}


@pytest.fixture
def published(client):
    client.post(f"{BL}/messaging/registrations", json=_device("a"))
    client.post(f"{BL}/messaging/registrations", json=_device("i", "IOS"))
    return client.post(f"{BL}/messaging/default", json={"message": "hi"}).get_json()["messageId"]


def test_get_pushes_lists_and_filters_by_every_outbox_field(client, published):
    pushes = client.get("/_fakepush/pushes").get_json()["pushes"]
    assert [p["token"] for p in pushes] == ["tok-a", "tok-i"]
    for query, tokens in [
        ("service=APNS", ["tok-i"]), ("token=tok-a", ["tok-a"]), ("device_id=i", ["tok-i"]),
        (f"message_id={published}", ["tok-a", "tok-i"]), ("provider=sendbird", []),
        ("channel=default&app_id=FAKEPUSH-APP-ID", ["tok-a", "tok-i"]),
    ]:
        got = client.get(f"/_fakepush/pushes?{query}").get_json()["pushes"]
        assert [p["token"] for p in got] == tokens, query


def test_get_pushes_with_an_unknown_filter_is_400(client):
    response = client.get("/_fakepush/pushes?colour=red")
    assert response.status_code == 400 and "colour" in response.get_json()["message"]


def test_delete_pushes_clears_the_outbox(client, published):
    assert client.delete("/_fakepush/pushes").get_json() == {"deleted": 2}
    assert client.get("/_fakepush/pushes").get_json() == {"pushes": []}


def test_rejected_tokens_fail_pushes_until_accepted_again(client):
    client.post(f"{BL}/messaging/registrations", json=_device("a"))
    put = client.put("/_fakepush/rejected-tokens", json={"token": "tok-a", "error": "Unregistered"})
    assert put.status_code == 200 and put.get_json() == {"token": "tok-a", "error": "Unregistered"}
    assert client.get("/_fakepush/rejected-tokens").get_json() == {
        "tokens": [{"token": "tok-a", "error": "Unregistered"}]
    }
    client.post(f"{BL}/messaging/default", json={"message": "1"})
    assert client.delete("/_fakepush/rejected-tokens?token=tok-a").get_json() == {"deleted": 1}
    assert client.delete("/_fakepush/rejected-tokens?token=tok-a").status_code == 404
    client.post(f"{BL}/messaging/default", json={"message": "2"})
    pushes = client.get("/_fakepush/pushes").get_json()["pushes"]
    assert [(p["status"], p["error"]) for p in pushes] == [("failed", "Unregistered"), ("sent", None)]


@pytest.mark.parametrize("body", [{"token": ""}, {"token": 5}, {"token": "t", "error": ""},
                                  {"token": "t", "extra": 1}, [1]])
def test_a_bad_rejected_token_body_is_400_and_changes_nothing(client, body):
    assert client.put("/_fakepush/rejected-tokens", json=body).status_code == 400
    assert client.get("/_fakepush/rejected-tokens").get_json() == {"tokens": []}


def test_delete_rejected_tokens_without_a_token_accepts_them_all(client):
    client.put("/_fakepush/rejected-tokens", json={"token": "a"})
    client.put("/_fakepush/rejected-tokens", json={"token": "b"})
    assert client.delete("/_fakepush/rejected-tokens").get_json() == {"deleted": 2}


def test_reset_clears_pushes_rejected_tokens_messages_and_templates(client, state, published):
    client.put("/_fakepush/rejected-tokens", json={"token": "x"})
    client.put("/_fakepush/backendless/templates/t", json={"message": "m"})
    client.post("/_fakepush/reset")
    assert client.get("/_fakepush/pushes").get_json() == {"pushes": []}
    assert client.get("/_fakepush/rejected-tokens").get_json() == {"tokens": []}
    assert client.get(f"{BL}/messaging/{published}").get_json()["status"] == "unknown"
    assert client.get(f"{BL}/messaging/pushtemplates").get_json() == {}


def test_template_admin_routes_add_replace_and_remove(client):
    body = {"message": "Hi {n}", "platforms": ["android"], "channel": "c",
            "android": {"contentTitle": "T"}}
    put = client.put("/_fakepush/backendless/templates/t1", json=body)
    assert put.status_code == 200
    assert put.get_json() == {"name": "t1", "message": "Hi {n}", "channel": "c",
                              "platforms": ["ANDROID"], "segment_query": None,
                              "android": {"contentTitle": "T"}, "ios": {}}
    assert client.get(f"{BL}/messaging/pushtemplates/android").get_json() == {
        "t1": {"name": "t1", "contentTitle": "T"}
    }
    assert client.delete("/_fakepush/backendless/templates/t1").get_json() == {"deleted": 1}
    assert client.delete("/_fakepush/backendless/templates/t1").status_code == 404


@pytest.mark.parametrize("body", [{"message": 1}, {}, {"message": "m", "platforms": ["TV"]},
                                  {"message": "m", "colour": 1}, {"message": "m", "channel": "a/b"}])
def test_a_bad_template_is_400_and_changes_nothing(client, body):
    assert client.put("/_fakepush/backendless/templates/t", json=body).status_code == 400
    assert client.get(f"{BL}/messaging/pushtemplates").get_json() == {}


def test_a_template_for_an_unknown_app_is_400(client):
    response = client.put("/_fakepush/backendless/templates/t?app_id=NOPE", json={"message": "m"})
    assert response.status_code == 400


def test_the_handle_offers_pushes_and_the_backendless_views():
    fake = FakePush()
    client = fake.client()
    client.post(f"{BL}/messaging/registrations", json=_device("a"))
    fake.backendless.add_template("t", "Hello {who}", platforms=["ANDROID"])
    assert [t["name"] for t in fake.backendless.templates()] == ["t"]
    client.post(f"{BL}/messaging/push/t", json={"templateValues": {"who": "Ann"}})
    message_id = client.post(f"{BL}/messaging/default", json={"message": "m"}).get_json()["messageId"]
    assert [p["payload"]["message"] for p in fake.pushes] == ["Hello Ann", "m"]
    assert fake.pushes[1]["message_id"] == message_id and len(fake.pushes) == 2
    assert [p["token"] for p in fake.backendless.pushes(message_id=message_id)] == ["tok-a"]
    assert [(m["status"], m["successfulSendsAmount"]) for m in fake.backendless.messages()] == [
        ("published", 1), ("published", 1)
    ]
    fake.pushes.reject_token("tok-a")
    client.post(f"{BL}/messaging/default", json={"message": "again"})
    assert fake.pushes.filter(token="tok-a")[-1]["status"] == "failed"
    assert fake.pushes.accept_token("tok-a") is True
    assert fake.pushes.clear() == 3 and list(fake.pushes) == []
    with pytest.raises(ValueError):
        fake.backendless.add_template("", "m")
