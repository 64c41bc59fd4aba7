"""Push templates (device views, push with a template) and channel deletion over HTTP."""

import pytest

from .helpers import NOW_MS, assert_error, registration


def _register(bl, device_id, os="ANDROID", channels=None):
    body = registration(device_id, deviceToken=f"tok-{device_id}", os=os)
    if channels is not None:
        body["channels"] = channels
    assert bl.register(body).status_code == 200


@pytest.fixture
def templates(state):
    messaging, app = state.backendless.messaging, state.backendless.app_by_id()
    messaging.add_template(app, "promo", "Hi {name}, {count} deals {unknown}", channel="deals",
                           android={"contentTitle": "Deals", "customHeaders": {"k": "v"}},
                           ios={"alertTitle": "Deals!", "badge": 2})
    messaging.add_template(app, "ios-only", "Only iOS", platforms=["IOS"])
    return messaging


@pytest.mark.parametrize("device_type, names", [("android", ["promo"]), ("IOS", ["promo", "ios-only"]),
                                               (None, ["promo", "ios-only"])])
def test_device_templates_are_keyed_by_name_with_that_platforms_options(bl, templates, device_type, names):
    response = bl.push_templates(device_type)
    assert response.status_code == 200
    body = response.get_json()
    assert list(body) == names
    if device_type == "android":
        assert body["promo"] == {"name": "promo", "contentTitle": "Deals", "customHeaders": {"k": "v"}}
    else:
        assert body["promo"] == {"name": "promo", "alertTitle": "Deals!", "badge": 2}


def test_no_templates_is_an_empty_object(bl):
    assert bl.push_templates("android").get_json() == {}
    assert bl.push_templates().get_json() == {}


def test_an_unknown_device_type_is_8002(bl):
    assert_error(bl.push_templates("tv"), 8002)


@pytest.mark.parametrize(
    "kwargs",
    [{"json": {"templateValues": {"name": "Ann", "count": 3}}}, {"json": {"name": "Ann", "count": 3}}],
)
def test_push_with_a_template_fills_placeholders_and_names_the_template(bl, state, templates, kwargs):
    _register(bl, "a", channels=["deals"])
    _register(bl, "i", os="IOS", channels=["deals"])
    _register(bl, "w", os="WP", channels=["deals"])
    _register(bl, "elsewhere", channels=["default"])
    response = bl.push_with_template("promo", **kwargs)
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "scheduled" and body["errorMessage"] is None
    pushes = {p["device_id"]: p["payload"] for p in state.outbox.filter()}
    text = "Hi Ann, 3 deals {unknown}"
    assert pushes == {
        "a": {"android-content-title": "Deals", "k": "v", "ios-alert-title": "Deals!",
              "ios-badge": "2", "template_name": "promo", "message": text},
        "i": {"aps": {"alert": {"title": "Deals!", "body": text}, "badge": 2},
              "android-content-title": "Deals", "k": "v", "template_name": "promo",
              "message": text},
    }
    assert state.outbox.filter()[0]["message_id"] == body["messageId"]


@pytest.mark.parametrize("kwargs", [{"json": {}}, {}, {"data": "", "content_type": "application/json"}])
def test_push_with_a_template_takes_an_empty_body(bl, state, templates, kwargs):
    _register(bl, "i", os="IOS", channels=["default"])
    assert bl.push_with_template("ios-only", **kwargs).status_code == 200
    assert [p["payload"]["message"] for p in state.outbox.filter()] == ["Only iOS"]


def test_push_with_an_unknown_template_is_5070_and_changes_nothing(bl, state):
    before = state.export()
    assert_error(bl.push_with_template("nope", json={}), 5070, "Push template not found: nope")
    assert state.export() == before


def test_push_with_a_template_refuses_a_body_of_another_shape(bl, templates):
    assert_error(bl.push_with_template("promo", json=[1]), 8002)
    assert_error(bl.push_with_template("promo", json={"templateValues": 3}), 8002)


def test_templates_survive_export_and_load(state, templates):
    exported = state.export()
    state.reset()
    assert state.backendless.messaging.templates(state.backendless.app_by_id()) == []
    state.load(exported)
    assert [t["name"] for t in templates.templates(state.backendless.app_by_id())] == ["promo", "ios-only"]


def test_delete_channel_removes_its_rows_and_cancels_its_pending_messages(bl, state):
    _register(bl, "a", channels=["news", "sports"])
    _register(bl, "b", channels=["news"])
    pending = bl.publish("news", json={"message": "m", "publishAt": NOW_MS + 1000}).get_json()
    response = bl.delete_channel("news")
    assert response.status_code == 200 and response.get_json() == {"result": True}
    app = state.backendless.app_by_id()
    assert [(r["deviceId"], r["channel"]) for r in state.backendless.registrations(app)] == [("a", "sports")]
    assert "news" not in state.backendless.channels(app)
    assert bl.message_status(pending["messageId"]).get_json()["status"] == "cancelled"
    state.clock.advance(5000)
    assert state.outbox.filter() == []


def test_delete_an_unknown_channel_is_5010_and_changes_nothing(bl, state):
    before = state.export()
    assert_error(bl.delete_channel("never"), 5010)
    assert state.export() == before


def test_a_channel_registered_again_after_deletion_receives_again(bl, state):
    _register(bl, "a", channels=["news"])
    bl.delete_channel("news")
    _register(bl, "a", channels=["news"])
    bl.publish("news", json={"message": "m"})
    assert [p["device_id"] for p in state.outbox.filter()] == ["a"]
