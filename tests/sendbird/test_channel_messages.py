"""Sending group-channel messages over HTTP: fields, defaults, errors, the message resource."""

from __future__ import annotations

import pytest


@pytest.fixture
def channel(sb):
    for user_id in ("alice", "bob", "carol"):
        sb.create_user(user_id, user_id.title())
    body = {"user_ids": ["alice", "bob"], "channel_url": "team-1", "name": "Team"}
    assert sb.call("POST", "/v3/group_channels", body).status_code == 200
    return sb


def send(sb, body, url="team-1"):
    return sb.call("POST", f"/v3/group_channels/{url}/messages", body)


def test_text_message_resource(channel, state):
    state.clock.freeze(1_700_000_000_500)
    response = send(channel, {"message_type": "MESG", "user_id": "alice", "message": "hi", "data": "d", "custom_type": "c"})
    assert response.status_code == 200
    message = response.json
    assert message == {
        "message_id": message["message_id"],
        "type": "MESG",
        "message": "hi",
        "custom_type": "c",
        "data": "d",
        "channel_url": "team-1",
        "channel_type": "group",
        "created_at": 1_700_000_000_500,
        "updated_at": 0,
        "mention_type": "users",
        "mentioned_users": [],
        "is_removed": False,
        "silent": False,
        "translations": {},
        "user": {
            "user_id": "alice",
            "nickname": "Alice",
            "profile_url": "",
            "require_auth_for_profile_image": False,
            "metadata": {},
        },
    }
    assert isinstance(message["message_id"], int)


def test_message_ids_increase_per_app(channel):
    ids = [send(channel, {"message_type": "MESG", "user_id": "alice", "message": str(i)}).json["message_id"] for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3


def test_file_message_needs_a_url_and_keeps_the_file(channel):
    response = send(channel, {"message_type": "FILE", "user_id": "alice"})
    channel.assert_error(response, 400105, "url must be required.")
    body = {"message_type": "FILE", "user_id": "alice", "url": "https://x.test/a/cat.png", "file_type": "image/png", "file_size": 10}
    message = send(channel, body).json
    assert message["type"] == "FILE" and message["message"] == ""
    assert message["file"] == {"url": "https://x.test/a/cat.png", "name": "cat.png", "type": "image/png", "size": 10, "data": ""}


def test_file_message_reads_the_sdks_files_object(channel):
    body = {"message_type": "FILE", "user_id": "alice", "files": {"url": "https://x.test/f.pdf", "file_name": "Report"}}
    assert send(channel, body).json["file"]["name"] == "Report"


def test_admin_message_has_no_user_and_needs_no_user_id(channel):
    message = send(channel, {"message_type": "ADMM", "message": "maintenance"}).json
    assert message["type"] == "ADMM" and "user" not in message


@pytest.mark.parametrize(
    "body,code,text",
    [
        ({}, 400105, "message_type must be required."),
        ({"message_type": "TEXT"}, 400111, 'Invalid value: "message_type".'),
        ({"message_type": "MESG", "message": "x"}, 400105, "user_id must be required."),
        ({"message_type": "MESG", "user_id": "alice"}, 400105, "message must be required."),
        ({"message_type": "ADMM"}, 400105, "message must be required."),
        ({"message_type": "MESG", "user_id": 1, "message": "x"}, 400111, 'Invalid value: "user_id".'),
        ({"message_type": "MESG", "user_id": "alice", "message": 5}, 400111, 'Invalid value: "message".'),
        ({"message_type": "MESG", "user_id": "alice", "message": "x", "mention_type": "all"}, 400111, 'Invalid value: "mention_type".'),
        ({"message_type": "MESG", "user_id": "alice", "message": "x", "mentioned_user_ids": "bob"}, 400111, 'Invalid value: "mentioned_user_ids".'),
        ({"message_type": "MESG", "user_id": "alice", "message": "x", "send_push": "no"}, 400111, 'Invalid value: "send_push".'),
        ({"message_type": "MESG", "user_id": "alice", "message": "x", "is_silent": 1}, 400111, 'Invalid value: "is_silent".'),
        ({"message_type": "MESG", "user_id": "alice", "message": "x", "push_message_template": "fancy"}, 400111, 'Invalid value: "push_message_template".'),
        ({"message_type": "MESG", "user_id": "alice", "message": "x", "push_message_template": {"body": 3}}, 400111, 'Invalid value: "push_message_template".'),
        ({"message_type": "MESG", "user_id": "ghost", "message": "x"}, 400201, '"User" not found.'),
        ({"message_type": "MESG", "user_id": "carol", "message": "x"}, 400108, "Not authorized. The user is not a member of the channel."),
    ],
)
def test_send_a_bad_message_is_the_documented_error_and_changes_nothing(channel, state, body, code, text):
    channel.assert_error(send(channel, body), code, text)
    app = state.sendbird.app_by_id()
    assert state.sendbird.messages(app, "team-1") == []
    assert state.sendbird.view_group_channel(app, "team-1", user_id="bob")["unread_message_count"] == 0


def test_mentioned_users_are_the_known_ones_in_order(channel):
    body = {"message_type": "MESG", "user_id": "alice", "message": "x", "mentioned_user_ids": ["bob", "ghost", "bob", "alice"]}
    message = send(channel, body).json
    assert [u["user_id"] for u in message["mentioned_users"]] == ["bob", "alice"]


def test_silent_message_is_silent_and_counts_no_unread(channel, state):
    message = send(channel, {"message_type": "MESG", "user_id": "alice", "message": "x", "is_silent": True}).json
    assert message["silent"] is True
    bob = channel.call("GET", "/v3/group_channels/team-1?user_id=bob").json
    assert bob["unread_message_count"] == 0


def test_unread_counts_grow_for_everyone_but_the_sender(channel):
    send(channel, {"message_type": "MESG", "user_id": "alice", "message": "1"})
    send(channel, {"message_type": "ADMM", "message": "2"})
    counts = {
        u: channel.call("GET", f"/v3/group_channels/team-1?user_id={u}").json["unread_message_count"]
        for u in ("alice", "bob")
    }
    assert counts == {"alice": 1, "bob": 2}
