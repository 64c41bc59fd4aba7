"""Property: the outbox after group-channel messages matches a small, separate model.

Hypothesis draws users with tokens, preferences (trigger options, snooze, a daily DND
window or weekly schedules, each in a random time zone), templates, online flags, a
channel with per-member channel preferences, the app's push switch, an instant of 2026
and a few messages. The scenario is stored through the push surface's own rules, the
messages go over HTTP (the Flask test client), and the outbox must hold exactly what the
model below says: the same tokens in the same order, with its badge and text.
The model is written apart from ``fakepush/providers/sendbird/delivery.py``: it enumerates the
minutes a window covers instead of comparing bounds.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakepush import create_app
from fakepush.providers import ALL
from fakepush.state import FakeState
from tests.sendbird.conftest import SendbirdClient, outbox_of

ZONES = ["UTC", "Asia/Seoul", "Europe/Berlin", "America/New_York", "Australia/Sydney", "Asia/Kolkata", "America/St_Johns"]
DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
TYPES = {"gcm": "FCM", "huawei": "HMS", "apns": "APNS"}
YEAR_START = int(datetime(2026, 1, 1, tzinfo=timezone.utc).timestamp() * 1000)
YEAR_MS = 365 * 24 * 3600 * 1000
HOUR_MS = 3600 * 1000

hours, minutes = st.integers(0, 23), st.integers(0, 59)


@st.composite
def windows(draw):
    start = draw(st.integers(0, 1439))
    # A window may cross midnight: the surface stores it split in two (Mon 22:00-23:59,
    # Tue 00:00-06:00), and the model reads the stored schedules back.
    end = draw(st.integers(0, 1439).filter(lambda end: end != start))
    return {"start_hour": start // 60, "start_min": start % 60, "end_hour": end // 60, "end_min": end % 60}


@st.composite
def preferences(draw):
    pref = {
        "push_trigger_option": draw(st.sampled_from(["all", "mention_only", "off"])),
        "timezone": draw(st.sampled_from(ZONES)),
        "do_not_disturb": draw(st.booleans()),
        "start_hour": draw(hours),
        "start_min": draw(minutes),
        "end_hour": draw(hours),
        "end_min": draw(minutes),
        "snooze_enabled": draw(st.booleans()),
        "snooze_start_ts": draw(st.integers(-2 * HOUR_MS, 2 * HOUR_MS)),  # relative to now
        "snooze_end_ts": draw(st.integers(-2 * HOUR_MS, 2 * HOUR_MS)),
        "dnd_schedules": [],
    }
    if draw(st.booleans()):
        pref["dnd_schedules"] = draw(
            st.lists(
                st.fixed_dictionaries({"day_of_week": st.sampled_from(DAYS), "time_windows": st.lists(windows(), max_size=2)}),
                max_size=3,
            )
        )
    return pref


@st.composite
def scenarios(draw):
    count = draw(st.integers(2, 5))
    users = []
    for i in range(count):
        users.append(
            {
                "user_id": f"u{i}",
                "tokens": {t: [f"{t}-{i}-{k}" for k in range(draw(st.integers(0, 2)))] for t in TYPES},
                "preference": draw(preferences()),
                "channel_option": draw(st.sampled_from(["default", "default", "all", "mention_only", "off", "false"])),
                "online": draw(st.booleans()),
                "template": draw(st.sampled_from(["default", "alternative"])),
            }
        )
    ids = [u["user_id"] for u in users]
    members = draw(st.lists(st.sampled_from(ids), min_size=1, unique=True))
    message = st.fixed_dictionaries(
        {
            "message_type": st.sampled_from(["MESG", "MESG", "FILE", "ADMM"]),
            "user_id": st.sampled_from(members),
            "mention_type": st.sampled_from(["users", "channel"]),
            "mentioned_user_ids": st.lists(st.sampled_from(ids), unique=True, max_size=3),
        },
        optional={"send_push": st.booleans(), "is_silent": st.booleans()},
    )
    return {
        "users": users,
        "members": members,
        "now": YEAR_START + draw(st.integers(0, YEAR_MS)),
        "enabled": draw(st.sampled_from([True, True, True, False])),
        "messages": draw(st.lists(message, min_size=1, max_size=3)),
    }


# -- the model ------------------------------------------------------------------------


def window_minutes(start: int, end: int) -> set[int]:
    if start == end:
        return set()
    if start < end:
        return set(range(start, end))
    return set(range(start, 1440)) | set(range(0, end))


def quiet(pref: dict, now: int) -> bool:
    if pref["snooze_enabled"] and pref["snooze_start_ts"] <= now < pref["snooze_end_ts"]:
        return True
    local = datetime.fromtimestamp(now / 1000, tz=timezone.utc).astimezone(ZoneInfo(pref["timezone"]))
    minute = local.hour * 60 + local.minute
    if pref["dnd_schedules"]:
        for schedule in pref["dnd_schedules"]:
            if schedule["day_of_week"] != DAYS[local.weekday()]:
                continue
            for w in schedule["time_windows"]:
                start, end = w["start_hour"] * 60 + w["start_min"], w["end_hour"] * 60 + w["end_min"]
                covered = set(range(start, end)) | ({1439} if end == 1439 else set())
                if minute in covered:
                    return True
        return False
    start, end = pref["start_hour"] * 60 + pref["start_min"], pref["end_hour"] * 60 + pref["end_min"]
    return pref["do_not_disturb"] and minute in window_minutes(start, end)


TEXTS = {
    "default": {"MESG": "{sender}: m", "FILE": "f.bin", "ADMM": "m"},
    "alternative": {
        "MESG": "New message arrived!",
        "FILE": "New file delivered!",
        "ADMM": "New announcement!",
    },
}


def model(scenario: dict) -> list[tuple[str, str, str, int, str]]:
    """(user_id, service, token, badge, text) of every push, in the order the fake
    records them."""
    users = {u["user_id"]: u for u in scenario["users"]}
    unread = dict.fromkeys(scenario["members"], 0)
    out = []
    for msg in scenario["messages"]:
        sender = None if msg["message_type"] == "ADMM" else msg["user_id"]
        silent = msg.get("is_silent", False)
        if not silent:
            for member in scenario["members"]:
                if member != sender:
                    unread[member] += 1
        if not scenario["enabled"] or not msg.get("send_push", msg["message_type"] != "ADMM") or silent:
            continue
        for member in scenario["members"]:
            user = users[member]
            if member == sender or user["online"]:
                continue
            option = {"false": "off"}.get(user["channel_option"], user["channel_option"])
            if option == "default":
                option = user["preference"]["push_trigger_option"]
            mentioned = msg["mention_type"] == "channel" or member in msg["mentioned_user_ids"]
            if option == "off" or (option == "mention_only" and not mentioned):
                continue
            if quiet(user["preference"], scenario["now"]):
                continue
            text = TEXTS[user["template"]][msg["message_type"]].format(sender=str(sender).upper())
            for token_type, service in TYPES.items():
                for token in user["tokens"][token_type]:
                    out.append((member, service, token, unread[member], text))
    return out


# -- the fake -------------------------------------------------------------------------

STATE = FakeState(ALL)
CLIENT = SendbirdClient(create_app(STATE).test_client(), STATE)
STORE = STATE.sendbird
FIELDS = {"gcm": "gcm_reg_token", "huawei": "huawei_device_token", "apns": "apns_device_token"}


def set_up(scenario: dict) -> dict:
    """The scenario stored through the push surface's own rules (as its routes call them);
    answers the model's input: the preferences as the surface then reads them back."""
    STATE.reset()
    STATE.clock.freeze(scenario["now"])
    app = STORE.app_by_id()
    STORE.update_push_settings(app, {"push_enabled": scenario["enabled"]})
    users = []
    for user in scenario["users"]:
        uid = user["user_id"]
        STORE.create_user(app, {"user_id": uid, "nickname": uid.upper(), "profile_url": ""})
        for token_type, tokens in user["tokens"].items():
            for token in tokens:
                STORE.add_token(app, uid, token_type, {FIELDS[token_type]: token})
        pref = dict(user["preference"])
        pref["snooze_start_ts"] += scenario["now"]
        pref["snooze_end_ts"] += scenario["now"]
        STORE.update_push_preference(app, uid, pref)
        STORE.choose_push_template(app, uid, {"name": user["template"]})
        STORE.set_online(app, uid, user["online"])
        users.append({**user, "preference": STORE.push_preference(app, uid)})
    STORE.create_group_channel(app, {"user_ids": scenario["members"], "channel_url": "ch-prop"})
    for uid in scenario["members"]:
        option = {"push_trigger_option": users[int(uid[1:])]["channel_option"]}
        STORE.update_channel_push_preference(app, uid, "ch-prop", option)
    return {**scenario, "users": users}


def run_fake(scenario: dict) -> list[tuple[str, str, str, int, str]]:
    for msg in scenario["messages"]:
        body = {**msg, "message": "m", "url": "https://x.test/f.bin"}
        response = CLIENT.call("POST", "/v3/group_channels/ch-prop/messages", body)
        assert response.status_code == 200, response.json
    got = []
    for push in outbox_of(STATE).filter(provider="sendbird"):
        payload = push["payload"]
        if push["service"] == "APNS":
            badge, text = payload["aps"]["badge"], payload["aps"]["alert"]
        else:
            badge = json.loads(payload["sendbird"])["unread_message_count"]
            text = payload["message"]
        got.append((push["user_id"], push["service"], push["token"], badge, text))
    return got


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_the_outbox_matches_the_model_of_the_push_decision(scenario):
    stored = set_up(scenario)
    assert run_fake(stored) == model(stored)
