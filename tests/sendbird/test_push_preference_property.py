"""Property: a partial ``PUT push_preference`` changes exactly the fields it names."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fakepush import create_app
from fakepush.providers import ALL
from fakepush.state import FakeState

API = {"Api-Token": "fakepush-api-token"}

# Every scalar and list field, with values the docs allow (schedules are covered by the
# split tests: setting them also turns legacy DND off, by design).
FIELDS = {
    "push_trigger_option": st.sampled_from(["all", "mention_only", "off"]),
    "do_not_disturb": st.booleans(),
    "start_hour": st.integers(0, 23),
    "start_min": st.integers(0, 59),
    "end_hour": st.integers(0, 23),
    "end_min": st.integers(0, 59),
    "snooze_enabled": st.booleans(),
    "snooze_start_ts": st.integers(0, 2**53),
    "snooze_end_ts": st.integers(0, 2**53),
    "timezone": st.sampled_from(["UTC", "Asia/Seoul", "Europe/London", "America/New_York"]),
    "push_sound": st.text(max_size=20),
    "block_push_from_bots": st.booleans(),
    "push_blocked_bot_ids": st.lists(st.text(min_size=1, max_size=8), unique=True, max_size=3),
    "enable_push_for_replies": st.booleans(),
}
updates = st.fixed_dictionaries({}, optional=FIELDS)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=updates, second=updates)
def test_a_partial_update_changes_exactly_the_fields_it_names(first, second):
    client = create_app(FakeState(ALL)).test_client()
    client.post("/v3/users", json={"user_id": "u", "nickname": "U", "profile_url": ""},
                headers=API)  # fmt: skip
    before = client.put("/v3/users/u/push_preference", json=first, headers=API).json

    answer = client.put("/v3/users/u/push_preference", json=second, headers=API)

    assert answer.status_code == 200, answer.json
    after = answer.json
    assert set(after) == set(before)
    for field in after:
        assert after[field] == (second[field] if field in second else before[field]), field
    assert client.get("/v3/users/u/push_preference", headers=API).json == after
