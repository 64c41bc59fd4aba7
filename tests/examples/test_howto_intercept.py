import httpx
import requests


def register(app_id, api_key, device):
    # Your app's code, with the real Backendless URL hard-coded.
    url = f"https://api.backendless.com/{app_id}/{api_key}/messaging/registrations"
    return requests.post(url, json=device, timeout=10).json()


def test_hard_coded_urls_reach_the_fake(fakepush_intercept, fakepush):
    answer = register(
        fakepush.backendless.app_id,
        fakepush.backendless.api_key,
        {"deviceId": "phone-1", "deviceToken": "tok-1", "os": "IOS", "osVersion": "17"},
    )
    created = httpx.post(
        f"https://api-{fakepush.sendbird.app_id}.sendbird.com/v3/users",
        headers={"Api-Token": fakepush.sendbird.api_token},
        json={"user_id": "alice", "nickname": "Alice", "profile_url": ""},
    )

    assert answer["registrationId"].endswith("::default")
    assert created.status_code == 200
    assert [u["user_id"] for u in fakepush.sendbird.users()] == ["alice"]


def test_only_the_fake_is_reachable(fakepush):
    with fakepush.intercept(only=True):  # every other URL is refused
        try:
            requests.get("https://example.com/", timeout=10)
        except requests.ConnectionError:
            refused = True
    assert refused
