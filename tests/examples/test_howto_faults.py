"""README, "Use it in pytest": make the next request fail, to test your app's retries."""


def test_app_retries_after_a_503(fakepush_client, fakepush):
    registrations = (
        f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    )
    device = {"deviceId": "phone-1", "deviceToken": "tok-1", "os": "IOS", "osVersion": "17"}
    fakepush.faults.add(provider="backendless", method="POST", status=503, times=1)

    first = fakepush_client.post(registrations, json=device)
    second = fakepush_client.post(registrations, json=device)  # your app's retry

    assert (first.status_code, second.status_code) == (503, 200)
    assert fakepush.faults.list() == []  # the rule is used up
    assert len(fakepush.backendless.registrations()) == 1
