"""The dashboard's controls, journal filter and record detail, clicked in a real headless Chromium."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest
import requests

from fakepush.handle import LiveServer

pytestmark = pytest.mark.slow

TOKEN = "dashboard-admin-token"  # the live fixture's (tests/admin/conftest.py)
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
APP = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY"
# One line of 100 device ids, long enough that a narrow window must wrap something.
LONG_ID = "device-" + "x" * 90


def send(url: str, method: str = "GET", body: dict | None = None) -> int:
    return requests.request(method, url, json=body, timeout=10).status_code


def register(server: LiveServer, device_id: str, expiration: int | None = None) -> None:
    body = {
        "deviceId": device_id,
        "deviceToken": "tok-" + device_id,
        "os": "ANDROID",
        "osVersion": "14",
    }
    if expiration is not None:
        body["expiration"] = expiration
    assert send(f"{server.url}{APP}/messaging/registrations", "POST", body) == 200


def texts(driver, selector: str) -> list[str]:
    return driver.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => e.textContent)",
        selector,
    )


@pytest.fixture
def page(chromium_driver, live):
    from selenium.webdriver.support.ui import WebDriverWait

    state, server = live
    chromium_driver.get(f"{server.url}/_fakepush/?token={TOKEN}")
    wait = WebDriverWait(chromium_driver, 15)
    wait.until(lambda d: "FAKEPUSH-APP-ID" in texts(d, "#apps tbody td"))
    return chromium_driver, wait, state, server


def click(driver, element_id: str) -> None:
    driver.find_element("id", element_id).click()


def test_reset_clears_what_the_page_shows(page):
    driver, wait, state, server = page
    register(server, "phone-1")
    wait.until(lambda d: "phone-1" in texts(d, "#registrations tbody td"))

    click(driver, "control-reset")

    wait.until(lambda d: texts(d, "#registrations tbody td") == ["none"])
    assert state.export()["backendless"]["apps"][0]["registrations"] == []


def test_clock_freeze_advance_unfreeze(page):
    driver, wait, state, _ = page
    click(driver, "control-freeze")
    wait.until(lambda d: d.find_element("id", "clock-frozen").text == "yes")
    frozen_at = state.clock.now_ms()

    field = driver.find_element("id", "control-advance-minutes")
    field.clear()
    field.send_keys("90")
    click(driver, "control-advance")
    wait.until(lambda d: state.clock.now_ms() == frozen_at + 90 * 60_000)

    click(driver, "control-unfreeze")
    wait.until(lambda d: d.find_element("id", "clock-frozen").text == "no")
    assert not state.clock.describe()["frozen"]


def test_add_and_clear_faults(page):
    from selenium.webdriver.support.ui import Select

    driver, wait, state, server = page
    Select(driver.find_element("id", "fault-provider")).select_by_visible_text("backendless")
    Select(driver.find_element("id", "fault-method")).select_by_visible_text("POST")
    status = driver.find_element("id", "fault-status")
    status.clear()
    status.send_keys("502")
    click(driver, "control-add-fault")

    wait.until(lambda d: "502" in texts(d, "#faults tbody td"))
    (rule,) = state.faults.list()
    assert (rule["provider"], rule["method"], rule["status"], rule["remaining"]) == (
        "backendless",
        "POST",
        502,
        1,
    )
    body = {"deviceId": "d", "deviceToken": "t", "os": "IOS", "osVersion": "1"}
    assert send(f"{server.url}{APP}/messaging/registrations", "POST", body) == 502

    Select(driver.find_element("id", "fault-provider")).select_by_visible_text("sendbird")
    click(driver, "control-add-fault")
    wait.until(lambda d: "sendbird" in texts(d, "#faults tbody td"))
    click(driver, "control-clear-faults")
    wait.until(lambda d: texts(d, "#faults tbody td") == ["none"])
    assert state.faults.list() == []


def test_switch_the_profile(page):
    from selenium.webdriver.support.ui import Select

    driver, wait, state, _ = page
    Select(driver.find_element("id", "control-profile")).select_by_visible_text("sdk")
    wait.until(lambda d: d.find_element("id", "profile").text == "sdk")
    assert state.profile == "sdk"
    Select(driver.find_element("id", "control-profile")).select_by_visible_text("auto")
    wait.until(lambda d: d.find_element("id", "profile").text == "auto")
    assert state.profile == "auto"


def test_filter_the_journal_and_open_one_records_bodies(page):
    driver, wait, _, server = page
    register(server, "phone-1")
    assert send(f"{server.url}{APP}/messaging/registrations/nobody") == 400
    assert send(f"{server.url}{APP}/messaging/registrations/phone-1", "DELETE") == 200
    wait.until(
        lambda d: len(d.find_elements("css selector", "#requests tbody tr[data-record-id]")) == 3
    )

    driver.find_element("id", "journal-filter").send_keys("400")
    wait.until(
        lambda d: len(d.find_elements("css selector", "#requests tbody tr[data-record-id]")) == 1
    )
    assert any(
        t.endswith("/messaging/registrations/nobody") for t in texts(driver, "#requests tbody td")
    )

    filter_box = driver.find_element("id", "journal-filter")
    filter_box.clear()
    filter_box.send_keys("post")
    wait.until(
        lambda d: len(d.find_elements("css selector", "#requests tbody tr[data-record-id]")) == 1
    )
    driver.find_element(
        "css selector", "#requests tbody tr[data-record-id] td:nth-child(4)"
    ).click()

    wait.until(lambda d: d.find_element("id", "record-detail").is_displayed())
    request = json.loads(driver.find_element("id", "record-request").text)
    response = json.loads(driver.find_element("id", "record-response").text)
    assert request["deviceId"] == "phone-1"
    assert response["registrationId"].endswith("::default")
    assert "POST" in driver.find_element("id", "record-title").text


def test_numbers_never_wrap_mid_value_in_a_narrow_window(page):
    driver, wait, state, server = page
    driver.set_window_size(760, 1000)
    register(server, LONG_ID, expiration=4_102_444_800_000)  # 2100-01-01, a long date
    state.faults.add(status=503, delay_ms=123456, times=987654)
    wait.until(lambda d: LONG_ID in texts(d, "#registrations tbody td"))
    wait.until(lambda d: "987654" in texts(d, "#faults tbody td"))

    lines_per_number = driver.execute_script(
        """
        return Array.from(document.querySelectorAll("td.num")).filter(td => td.textContent).map(td => {
          const range = document.createRange();
          range.selectNodeContents(td);
          const tops = new Set(Array.from(range.getClientRects()).map(r => Math.round(r.top)));
          return [td.textContent, tops.size];
        });
        """
    )
    assert any(value.startswith("2100-01-01") for value, _ in lines_per_number)
    assert "123456" in [value for value, _ in lines_per_number]
    assert [pair for pair in lines_per_number if pair[1] != 1] == []
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "dashboard-controls.png"))
    assert (ARTIFACTS / "dashboard-controls.png").stat().st_size > 10_000


def test_the_page_still_runs_no_inline_script(page):
    driver, _, _, server = page
    with urllib.request.urlopen(f"{server.url}/_fakepush/?token={TOKEN}", timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
        html = response.read().decode()
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert " on" not in html.replace("\n", " ").split("<body>", 1)[1].split("<script")[0].replace(
        "option", ""
    )


def test_the_outbox_shows_each_push_as_a_card_per_device_and_per_user(page):
    driver, wait, state, server = page
    base = f"{server.url}{APP}/messaging"
    device = {"deviceId": "ios-1", "deviceToken": "apns-1", "os": "IOS", "osVersion": "17",
              "channels": ["news"]}
    assert send(f"{base}/registrations", "POST", device) == 200
    publish = {"message": "Match starts", "headers": {"ios-alert-title": "Kick-off"}}
    assert send(f"{base}/news", "POST", publish) == 200
    sendbird = {"Api-Token": "fakepush-api-token"}

    def sb(path: str, body: dict) -> None:
        answer = requests.post(f"{server.url}/v3{path}", json=body, headers=sendbird, timeout=10)
        assert answer.status_code == 200, answer.text

    for user_id in ("alice", "bob"):
        sb("/users", {"user_id": user_id, "nickname": user_id.title(), "profile_url": ""})
    sb("/users/alice/push/apns", {"apns_device_token": "apns-alice"})
    sb("/group_channels", {"user_ids": ["alice", "bob"], "channel_url": "match"})
    sb("/group_channels/match/messages", {"message_type": "MESG", "user_id": "bob", "message": "hi"})

    wait.until(lambda d: len(d.find_elements("css selector", "#outbox .card")) == 2)
    headings = texts(driver, "#outbox .recipient h3")
    assert any("device ios-1" in h for h in headings), headings
    assert any("user alice" in h for h in headings), headings
    assert "Kick-off" in texts(driver, "#outbox .card-title")
    bodies = texts(driver, "#outbox .card-body")
    assert "Match starts" in bodies and "Bob: hi" in bodies, bodies  # an APNs alert as text
    ARTIFACTS.mkdir(exist_ok=True)
    driver.save_screenshot(str(ARTIFACTS / "dashboard-outbox.png"))
