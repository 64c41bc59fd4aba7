"""The first promises of the Backendless emulation, through the Flask test client."""

BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"


def test_register_without_channels_uses_default_channel(client):
    body = {"deviceId": "d1", "deviceToken": "tok", "os": "ANDROID", "osVersion": "14"}
    response = client.post(BASE, json=body)
    assert response.status_code == 200
    object_id, channel = response.json["registrationId"].split("::")
    assert channel == "default"
    assert object_id == object_id.upper() and len(object_id) == 36
    assert client.get(f"{BASE}/d1").json["channels"] == ["default"]


def test_unknown_route_is_json_404(client):
    response = client.get("/no/such/route/here/at/all")
    assert response.status_code == 404
    assert response.is_json
