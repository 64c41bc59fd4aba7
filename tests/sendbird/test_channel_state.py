"""Group channels in the handle, the export, load and reset."""

from __future__ import annotations

import pytest

from fakepush.handle import FakePush


@pytest.fixture
def fake():
    fake = FakePush()
    for user_id in ("alice", "bob"):
        with fake.client() as client:
            client.post(
                "/v3/users",
                json={"user_id": user_id, "nickname": user_id.title(), "profile_url": ""},
                headers={"Api-Token": fake.sendbird.api_token},
            )
    return fake


def call(fake, method, path, body=None):
    with fake.client() as client:
        return client.open(path, method=method, json=body, headers={"Api-Token": fake.sendbird.api_token})


def test_handle_lists_channels_messages_and_pushes(fake):
    call(fake, "POST", "/v3/users/bob/push/gcm", {"gcm_reg_token": "bob-fcm"})
    call(fake, "POST", "/v3/group_channels", {"user_ids": ["alice", "bob"], "channel_url": "team-1"})
    call(fake, "POST", "/v3/group_channels/team-1/messages", {"message_type": "MESG", "user_id": "alice", "message": "hi"})
    (channel,) = fake.sendbird.channels()
    assert channel["channel_url"] == "team-1" and [m["user_id"] for m in channel["members"]] == ["alice", "bob"]
    assert [m["message"] for m in fake.sendbird.messages("team-1")] == ["hi"]
    assert [p["token"] for p in fake.sendbird.pushes()] == ["bob-fcm"]
    assert fake.sendbird.pushes(user_id="alice") == []
    with pytest.raises(KeyError):
        fake.sendbird.messages("nope")


def test_export_and_load_keep_channels_members_unread_messages_and_the_id_counter(fake):
    call(fake, "POST", "/v3/group_channels", {"user_ids": ["alice", "bob"], "channel_url": "team-1", "name": "Team"})
    first = call(fake, "POST", "/v3/group_channels/team-1/messages", {"message_type": "MESG", "user_id": "alice", "message": "1"}).json
    exported = fake.export()
    fake.reset()
    assert fake.sendbird.channels() == []
    fake.load(exported)
    viewed = call(fake, "GET", "/v3/group_channels/team-1?user_id=bob&show_member=true").json
    assert viewed["name"] == "Team" and viewed["unread_message_count"] == 1
    assert viewed["last_message"] == first
    second = call(fake, "POST", "/v3/group_channels/team-1/messages", {"message_type": "MESG", "user_id": "alice", "message": "2"}).json
    assert second["message_id"] > first["message_id"]
    assert fake.export() != exported
    assert "pushes" not in str(exported.keys())


def test_load_refuses_a_channel_member_who_is_no_user_and_changes_nothing(fake):
    call(fake, "POST", "/v3/group_channels", {"user_ids": ["alice"], "channel_url": "team-1"})
    exported = fake.export()
    bad = fake.export()
    bad["sendbird"]["apps"][0]["group_channels"][0]["members"].append("ghost")
    with pytest.raises(ValueError):
        fake.load(bad)
    assert fake.export() == exported


def test_reset_clears_channels_messages_and_pushes(fake):
    call(fake, "POST", "/v3/users/bob/push/gcm", {"gcm_reg_token": "bob-fcm"})
    call(fake, "POST", "/v3/group_channels", {"user_ids": ["alice", "bob"], "channel_url": "team-1"})
    call(fake, "POST", "/v3/group_channels/team-1/messages", {"message_type": "MESG", "user_id": "alice", "message": "hi"})
    assert call(fake, "POST", "/_fakepush/reset").status_code == 200
    assert fake.sendbird.channels() == [] and fake.sendbird.pushes() == []
    assert call(fake, "GET", "/v3/group_channels/team-1").json["code"] == 400201
