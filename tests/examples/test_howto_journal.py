"""README, "Use it in pytest": check what your app sent, and how often."""


def test_app_registered_once_and_cancelled_once(fakepush_client, fakepush):
    registrations = (
        f"/{fakepush.backendless.app_id}/{fakepush.backendless.api_key}/messaging/registrations"
    )
    fakepush_client.post(
        registrations,
        json={
            "deviceId": "phone-1",
            "deviceToken": "tok-1",
            "os": "IOS",
            "osVersion": "17",
        },
    )
    fakepush_client.delete(f"{registrations}/phone-1")
    fakepush_client.delete(f"{registrations}/phone-1")  # a second cancel: unknown device

    (register,) = fakepush.journal.filter(method="POST")
    assert register["request"]["deviceToken"] == "tok-1"
    assert [r["status"] for r in fakepush.journal.filter(method="DELETE")] == [200, 400]
    assert fakepush.journal.filter(status=400)[0]["error_code"] == 5001
