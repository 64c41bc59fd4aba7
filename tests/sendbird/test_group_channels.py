"""Group channels over HTTP: create, view, delete, members, invite, leave, row by row."""

from __future__ import annotations

import re

import pytest

CHANNEL_NOT_FOUND = '"Channel" not found.'


@pytest.fixture
def users(sb):
    for user_id in ("alice", "bob", "carol"):
        sb.create_user(user_id, user_id.title())
    return sb


def create(sb, body, status=200):
    response = sb.call("POST", "/v3/group_channels", body)
    assert response.status_code == status, response.json
    return response.json


def test_create_members_are_the_union_of_user_ids_and_users(users):
    channel = create(users, {"user_ids": ["alice", "bob"], "users": [{"user_id": "carol"}, {"user_id": "bob"}]})
    assert [m["user_id"] for m in channel["members"]] == ["alice", "bob", "carol"]
    assert channel["member_count"] == channel["joined_member_count"] == 3


def test_create_with_empty_users_list_as_the_sdk_sends_it(users):
    channel = create(users, {"user_ids": ["alice"], "users": []})
    assert [m["user_id"] for m in channel["members"]] == ["alice"]


def test_create_leaves_unknown_users_out_unless_strict(users):
    channel = create(users, {"user_ids": ["alice", "ghost"]})
    assert [m["user_id"] for m in channel["members"]] == ["alice"]
    response = users.call("POST", "/v3/group_channels", {"user_ids": ["alice", "ghost"], "strict": True})
    users.assert_error(response, 400111, 'Invalid value: "user_ids".')
    assert len(users.state.sendbird.group_channels(users.state.sendbird.app_by_id())) == 1


def test_create_defaults_and_generated_url(users, state):
    state.clock.freeze(1_700_000_000_123)
    channel = create(users, {"user_ids": ["alice"]})
    assert re.fullmatch(r"sendbird_group_channel_\d+_[0-9a-f]+", channel["channel_url"])
    assert channel["name"] == "group channel"
    assert channel["cover_url"] == "" and channel["custom_type"] == "" and channel["data"] == ""
    assert channel["created_at"] == 1_700_000_000  # seconds
    assert channel["is_super"] is False and channel["max_length_message"] == -1
    assert channel["last_message"] is None and channel["unread_message_count"] == 0
    assert channel["channel"]["channel_url"] == channel["channel_url"]


def test_create_keeps_the_given_fields(users):
    body = {
        "user_ids": ["alice"],
        "channel_url": "team-1",
        "name": "Team",
        "cover_url": "https://example.com/c.png",
        "custom_type": "work",
        "data": "{}",
        "is_public": True,
        "is_ephemeral": True,
        "operator_ids": ["alice"],
    }
    channel = create(users, body)
    assert {k: channel[k] for k in ("channel_url", "name", "cover_url", "custom_type", "data")} == {
        "channel_url": "team-1",
        "name": "Team",
        "cover_url": "https://example.com/c.png",
        "custom_type": "work",
        "data": "{}",
    }
    assert channel["is_public"] and channel["is_ephemeral"]
    assert channel["members"][0]["role"] == "operator"


def test_create_with_null_cover_url_answers_an_empty_string(users):
    assert create(users, {"user_ids": ["alice"], "cover_url": None})["cover_url"] == ""


def test_create_with_a_taken_channel_url_is_400202(users):
    create(users, {"user_ids": ["alice"], "channel_url": "team-1"})
    response = users.call("POST", "/v3/group_channels", {"user_ids": ["bob"], "channel_url": "team-1"})
    users.assert_error(response, 400202, '"Channel" already exists.')


@pytest.mark.parametrize("url", ["abc", "x" * 101, "has space", "a/b/c/d", 12345])
def test_create_with_an_invalid_channel_url_is_400111(users, url):
    response = users.call("POST", "/v3/group_channels", {"user_ids": ["alice"], "channel_url": url})
    users.assert_error(response, 400111, 'Invalid value: "channel_url".')


@pytest.mark.parametrize(
    "field,value",
    [
        ("user_ids", "alice"),
        ("user_ids", [1]),
        ("users", [{"id": "x"}]),
        ("name", 3),
        ("name", "n" * 192),
        ("custom_type", "c" * 129),
        ("is_distinct", "true"),
        ("strict", 1),
        ("operator_ids", "alice"),
    ],
)
def test_create_with_a_wrong_field_is_400111_and_creates_nothing(users, field, value):
    response = users.call("POST", "/v3/group_channels", {"user_ids": ["alice"], field: value})
    users.assert_error(response, 400111, f'Invalid value: "{field}".')
    assert users.state.sendbird.group_channels(users.state.sendbird.app_by_id()) == []


@pytest.mark.parametrize("raw", [b"", b"{", b"[]"])
def test_create_with_a_body_that_is_not_a_json_object_is_400403(users, raw):
    users.assert_error(
        users.call("POST", "/v3/group_channels", raw),
        400403,
        "The request body is an invalid JSON.",
    )


def test_distinct_answers_the_existing_channel_with_the_same_members_and_custom_type(users):
    first = create(users, {"user_ids": ["alice", "bob"], "is_distinct": True})
    again = create(users, {"user_ids": ["bob", "alice"], "is_distinct": True})
    assert again["channel_url"] == first["channel_url"]
    other_type = create(users, {"user_ids": ["alice", "bob"], "is_distinct": True, "custom_type": "x"})
    not_distinct = create(users, {"user_ids": ["alice", "bob"]})
    assert len({first["channel_url"], other_type["channel_url"], not_distinct["channel_url"]}) == 3


def test_view_shows_members_only_with_show_member_in_any_case(users):
    url = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    plain = users.call("GET", f"/v3/group_channels/{url}").json
    assert "members" not in plain and plain["member_count"] == 2
    for flag in ("true", "True", "TRUE"):
        shown = users.call("GET", f"/v3/group_channels/{url}?show_member={flag}").json
        assert [m["user_id"] for m in shown["members"]] == ["alice", "bob"]


def test_view_for_a_user_adds_member_state_unread_and_trigger_option(users):
    url = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    users.call("POST", f"/v3/group_channels/{url}/messages", {"message_type": "MESG", "user_id": "alice", "message": "hi"})
    bob = users.call("GET", f"/v3/group_channels/{url}?user_id=bob").json
    assert (bob["member_state"], bob["unread_message_count"], bob["push_trigger_option"]) == ("joined", 1, "default")
    carol = users.call("GET", f"/v3/group_channels/{url}?user_id=carol").json
    assert carol["member_state"] == "none" and carol["unread_message_count"] == 0


def test_view_shows_the_last_message(users):
    url = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    sent = users.call("POST", f"/v3/group_channels/{url}/messages", {"message_type": "MESG", "user_id": "alice", "message": "hi"}).json
    assert users.call("GET", f"/v3/group_channels/{url}").json["last_message"] == sent


def test_sdk_profile_leaves_last_message_out(users, state):
    state.set_profile("sdk")
    url = create(users, {"user_ids": ["alice"]})["channel_url"]
    assert "last_message" not in users.call("GET", f"/v3/group_channels/{url}").json


@pytest.mark.parametrize(
    "method,suffix,body",
    [
        ("GET", "", None),
        ("DELETE", "", None),
        ("GET", "/members", None),
        ("POST", "/invite", {"user_ids": ["alice"]}),
        ("PUT", "/leave", {"user_ids": ["alice"]}),
        ("POST", "/messages", {"message_type": "MESG", "user_id": "alice", "message": "x"}),
    ],
)
def test_every_channel_route_answers_400201_for_an_unknown_channel(users, method, suffix, body):
    response = users.call(method, f"/v3/group_channels/nochannel{suffix}", body)
    users.assert_error(response, 400201, CHANNEL_NOT_FOUND)


def test_delete_answers_empty_object_and_the_channel_is_gone(users):
    url = create(users, {"user_ids": ["alice"]})["channel_url"]
    response = users.call("DELETE", f"/v3/group_channels/{url}")
    assert response.status_code == 200 and response.json == {}
    users.assert_error(users.call("GET", f"/v3/group_channels/{url}"), 400201, CHANNEL_NOT_FOUND)


def test_members_lists_every_member_with_empty_next(users):
    url = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    body = users.call("GET", f"/v3/group_channels/{url}/members").json
    assert [m["user_id"] for m in body["members"]] == ["alice", "bob"] and body["next"] == ""
    member = body["members"][0]
    assert member["nickname"] == "Alice" and member["is_online"] is False
    assert member["profile_url"] == "" and member["state"] == "joined"
    assert "push_trigger_option" not in member


def test_members_with_include_push_preference(users):
    users.add_token("bob", "tok-b")
    url = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    members = users.call("GET", f"/v3/group_channels/{url}/members?include_push_preference=True").json["members"]
    assert [(m["push_enabled"], m["push_trigger_option"], m["do_not_disturb"]) for m in members] == [
        (False, "default", False),
        (True, "default", False),
    ]


def test_members_push_option_is_resolved_in_profile_sdk(users, state):
    state.set_profile("sdk")
    url = create(users, {"user_ids": ["alice"]})["channel_url"]
    members = users.call("GET", f"/v3/group_channels/{url}/members?include_push_preference=true").json["members"]
    assert members[0]["push_trigger_option"] == "all"


def test_invite_adds_members_and_answers_the_channel(users):
    url = create(users, {"user_ids": ["alice"]})["channel_url"]
    channel = users.call("POST", f"/v3/group_channels/{url}/invite", {"user_ids": ["bob", "ghost", "alice"]}).json
    assert [m["user_id"] for m in channel["members"]] == ["alice", "bob"]
    assert channel["member_count"] == 2


@pytest.mark.parametrize("suffix,method", [("/invite", "POST"), ("/leave", "PUT")])
def test_invite_and_leave_need_a_list_of_user_ids(users, suffix, method):
    url = create(users, {"user_ids": ["alice"]})["channel_url"]
    users.assert_error(users.call(method, f"/v3/group_channels/{url}{suffix}", {}), 400105, "user_ids must be required.")
    users.assert_error(
        users.call(method, f"/v3/group_channels/{url}{suffix}", {"user_ids": "bob"}),
        400111,
        'Invalid value: "user_ids".',
    )


def test_leave_answers_empty_object_and_the_channel_stays_when_empty(users):
    url = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    response = users.call("PUT", f"/v3/group_channels/{url}/leave", {"user_ids": ["alice", "bob", "carol"]})
    assert response.status_code == 200 and response.json == {}
    channel = users.call("GET", f"/v3/group_channels/{url}?show_member=true").json
    assert channel["members"] == [] and channel["member_count"] == 0


def test_deleting_a_user_takes_them_out_of_every_channel(users):
    one = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    two = create(users, {"user_ids": ["bob", "carol"]})["channel_url"]
    assert users.call("DELETE", "/v3/users/bob").status_code == 200
    for url, left in ((one, ["alice"]), (two, ["carol"])):
        members = users.call("GET", f"/v3/group_channels/{url}/members").json["members"]
        assert [m["user_id"] for m in members] == left


def test_channel_member_check_for_the_channel_push_preference(users, state):
    store, app = state.sendbird, state.sendbird.app_by_id()
    url = create(users, {"user_ids": ["alice"]})["channel_url"]
    store.channel_member_check(app, url, "alice")  # a member: no error
    with pytest.raises(Exception) as unknown:
        store.channel_member_check(app, "nochannel", "alice")
    assert (unknown.value.code, unknown.value.message) == (400201, CHANNEL_NOT_FOUND)
    with pytest.raises(Exception) as outsider:
        store.channel_member_check(app, url, "bob")
    assert outsider.value.code == 400108


def test_leaving_all_channels_for_a_deactivated_user(users, state):
    one = create(users, {"user_ids": ["alice", "bob"]})["channel_url"]
    two = create(users, {"user_ids": ["bob"]})["channel_url"]
    state.sendbird._leave_all_channels(state.sendbird.app_by_id(), "bob")
    members = {url: [m["user_id"] for m in users.call("GET", f"/v3/group_channels/{url}/members").json["members"]] for url in (one, two)}
    assert members == {one: ["alice"], two: []}
