"""README, "Use it in pytest": register a device through the live server, then inspect the fake."""

import json
import urllib.request


def register(base_url, device):
    request = urllib.request.Request(
        f"{base_url}/messaging/registrations",
        data=json.dumps(device).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def test_app_registers_its_device(fakepush):
    # Point your app at fakepush.backendless.base_url (or server_url for the JS SDK).
    answer = register(
        fakepush.backendless.base_url,
        {
            "deviceId": "phone-1",
            "deviceToken": "tok-1",
            "os": "ANDROID",
            "osVersion": "14",
            "channels": ["news"],
        },
    )

    assert answer["registrationId"].endswith("::news")
    (row,) = fakepush.backendless.registrations()
    assert (row["deviceId"], row["channel"], row["expiration"]) == ("phone-1", "news", None)
    assert fakepush.backendless.channels() == ["news"]
