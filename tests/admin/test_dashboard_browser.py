"""The dashboard in a real headless Chromium: it refreshes itself and shows data as text.

Uses Debian's /usr/bin/chromium and /usr/bin/chromedriver (tests/conftest.py's
``chromium_driver``): nothing is downloaded; a missing browser skips with a reason, and
fails under CI=true.
"""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
TOKEN = "dashboard-admin-token"
HOSTILE_DEVICE_ID = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">'


@pytest.fixture
def browser(chromium_driver):
    """tests/conftest.py's Chromium: skipped with a reason if missing, failed under CI=true."""
    return chromium_driver


def post_json(url: str, body: dict, headers: dict | None = None) -> dict:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", **(headers or {})},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def cell_texts(driver, table: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0] + ' tbody td'))"
        ".map(td => td.textContent)",
        f"#{table}",
    )


@pytest.mark.slow
def test_dashboard_shows_a_device_registered_while_it_is_open_as_text(browser, live):
    from selenium.webdriver.support.ui import WebDriverWait

    _, server = live
    base = f"{server.url}/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
    browser.get(f"{server.url}/_fakepush/?token={TOKEN}")
    wait = WebDriverWait(browser, 15)
    # First render done (the page fetched dashboard.json with the token from its URL).
    wait.until(lambda d: "FAKEPUSH-APP-ID" in cell_texts(d, "apps"))
    assert cell_texts(browser, "registrations") == ["none"]

    post_json(
        base,
        {
            "deviceId": HOSTILE_DEVICE_ID,
            "deviceToken": "tok-1",
            "os": "IOS",
            "osVersion": "17.4",
            "channels": ["default", "news"],
        },
    )
    post_json(
        f"{server.url}/_fakepush/faults",
        {"status": 503, "path": "never-matches"},
        {"Authorization": f"Bearer {TOKEN}"},
    )

    wait.until(lambda d: HOSTILE_DEVICE_ID in cell_texts(d, "registrations"))
    registrations = cell_texts(browser, "registrations")
    assert registrations.count(HOSTILE_DEVICE_ID) == 2  # one row per channel
    assert "news" in cell_texts(browser, "channels")
    wait.until(lambda d: "never-matches" in cell_texts(d, "faults"))
    wait.until(
        lambda d: any(t.endswith("/messaging/registrations") for t in cell_texts(d, "requests"))
    )
    # The markup in the id stayed text: nothing ran, no element was made from it.
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_elements("css selector", "#registrations script, #registrations img") == []
    assert "error" not in browser.find_element("id", "status").get_attribute("class")

    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "dashboard.png"))


@pytest.mark.slow
def test_dashboard_without_the_token_says_it_cannot_read_the_fake(browser, live):
    from selenium.webdriver.support.ui import WebDriverWait

    _, server = live
    browser.get(f"{server.url}/_fakepush/")
    # The page itself is refused (401 JSON): the browser shows the JSON message.
    WebDriverWait(browser, 15).until(lambda d: "admin token" in d.page_source)
    assert "fakepush dashboard" not in browser.title


@pytest.mark.slow
def test_dashboard_shows_sendbird_users_with_their_tokens_and_the_clock(browser, live):
    from selenium.webdriver.support.ui import WebDriverWait

    state, server = live
    sendbird = {"Api-Token": "fakepush-api-token"}
    post_json(
        f"{server.url}/v3/users",
        {"user_id": "user-1", "nickname": "Ada", "profile_url": ""},
        sendbird,
    )
    post_json(f"{server.url}/v3/users/user-1/push/gcm", {"gcm_reg_token": "gcm-tok-1"}, sendbird)
    state.clock.freeze(1_893_456_000_000)  # 2030-01-01T00:00:00Z

    browser.get(f"{server.url}/_fakepush/?token={TOKEN}")
    wait = WebDriverWait(browser, 15)
    wait.until(lambda d: "user-1" in cell_texts(d, "sendbird-users"))
    assert cell_texts(browser, "sendbird-users") == ["FAKEPUSH", "user-1", "Ada", "gcm: gcm-tok-1"]
    assert "2030-01-01" in browser.find_element("id", "clock-now").text
    assert browser.find_element("id", "clock-frozen").text == "yes"


@pytest.mark.slow
def test_dashboard_lists_pushes_newest_first_with_a_failed_one_marked(browser, live):
    from selenium.webdriver.support.ui import WebDriverWait

    state, server = live
    base = f"{server.url}/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging"
    browser.get(f"{server.url}/_fakepush/?token={TOKEN}")
    wait = WebDriverWait(browser, 15)
    wait.until(lambda d: cell_texts(d, "pushes") == ["none"])

    post_json(f"{base}/registrations", {"deviceId": "d1", "deviceToken": "tok-ok", "os": "IOS",
                                        "osVersion": "17", "channels": ["news"]})
    post_json(f"{base}/registrations", {"deviceId": "d2", "deviceToken": "tok-gone",
                                        "os": "ANDROID", "osVersion": "14", "channels": ["news"]})
    state.outbox.reject_token("tok-gone")
    post_json(f"{base}/news", {"message": "<b>hi</b>"})

    wait.until(lambda d: "tok-gone" in cell_texts(d, "pushes"))
    cells = cell_texts(browser, "pushes")
    assert cells.index("tok-gone") < cells.index("tok-ok")  # newest first
    assert "failed: UNREGISTERED" in cells and "sent" in cells
    assert '{"message":"<b>hi</b>"}' in cells  # the payload as text, not markup
    assert browser.find_elements("css selector", "#pushes b") == []
    assert browser.find_elements("css selector", "#pushes td.status-bad")
