"""The official Sendbird Python SDK (sendbird-platform-sdk 2.1.5) against a live fake.

Profile ``sdk``: every UserApi method in docs/sendbird.md decodes with the SDK's
return-type checking on. Profile ``docs``: the three documented shapes the SDK cannot
decode raise ``ApiTypeError`` with checking on. With it off, remove-one comes through
(``token`` a list); the owners object still cannot (the SDK's model wraps a list), and is
read from the raw response instead.
"""

from __future__ import annotations

import json

import pytest
import sendbird_platform_sdk as sb
from sendbird_platform_sdk.api.group_channel_api import GroupChannelApi
from sendbird_platform_sdk.api.message_api import MessageApi
from sendbird_platform_sdk.api.user_api import UserApi
from sendbird_platform_sdk.exceptions import ApiException, ApiTypeError, ForbiddenException
from sendbird_platform_sdk.model.add_a_registration_or_device_token_request import (
    AddARegistrationOrDeviceTokenRequest,
)
from sendbird_platform_sdk.model.choose_a_push_notification_content_template_request import (
    ChooseAPushNotificationContentTemplateRequest,
)
from sendbird_platform_sdk.model.choose_a_push_notification_content_template_response import (
    ChooseAPushNotificationContentTemplateResponse,
)
from sendbird_platform_sdk.model.create_a_group_channel_request import (
    CreateAGroupChannelRequest,
)
from sendbird_platform_sdk.model.create_a_user_request import CreateAUserRequest
from sendbird_platform_sdk.model.create_user_token_request import CreateUserTokenRequest
from sendbird_platform_sdk.model.create_user_token_response import CreateUserTokenResponse
from sendbird_platform_sdk.model.get_a_group_channel_response import (
    GetAGroupChannelResponse,
)
from sendbird_platform_sdk.model.group_channel_list_members_response import (
    GroupChannelListMembersResponse,
)
from sendbird_platform_sdk.model.invite_as_members_request import InviteAsMembersRequest
from sendbird_platform_sdk.model.invite_as_members_response import InviteAsMembersResponse
from sendbird_platform_sdk.model.leave_a_channel_request import LeaveAChannelRequest
from sendbird_platform_sdk.model.send_a_message_request import SendAMessageRequest
from sendbird_platform_sdk.model.sendbird_group_channel_detail import (
    SendbirdGroupChannelDetail,
)
from sendbird_platform_sdk.model.sendbird_message_response import SendbirdMessageResponse
from sendbird_platform_sdk.model.sendbird_push_trigger_option import SendbirdPushTriggerOption
from sendbird_platform_sdk.model.sendbird_user import SendbirdUser
from sendbird_platform_sdk.model.update_a_user_request import UpdateAUserRequest
from sendbird_platform_sdk.model.update_push_preferences_for_a_channel_request import (
    UpdatePushPreferencesForAChannelRequest,
)
from sendbird_platform_sdk.model.update_push_preferences_request import (
    UpdatePushPreferencesRequest,
)
from sendbird_platform_sdk.model.update_push_preferences_request_dnd_schedules_inner import (
    UpdatePushPreferencesRequestDndSchedulesInner,
)
from sendbird_platform_sdk.model.update_push_preferences_request_dnd_schedules_inner_time_windows_inner import (  # noqa: E501
    UpdatePushPreferencesRequestDndSchedulesInnerTimeWindowsInner,
)
from sendbird_platform_sdk.model.update_push_preferences_response import (
    UpdatePushPreferencesResponse,
)
from sendbird_platform_sdk.model.view_push_preferences_response import (
    ViewPushPreferencesResponse,
)

from fakepush.handle import FakePush

pytestmark = pytest.mark.interop

TOKEN = "fP7c:APA91bE/x+y="  # an FCM-like token with ":" and "/", which the SDK escapes


def _api(fake: FakePush):
    fake.reset()
    client = sb.ApiClient(sb.Configuration(host=fake.sendbird.host))
    return UserApi(client), fake.sendbird.api_token


@pytest.fixture
def sdk_api(fakes):
    api, token = _api(fakes["sdk"])
    yield api, token, fakes["sdk"]
    api.api_client.close()


@pytest.fixture
def docs_api(fakes):
    api, token = _api(fakes["docs"])
    yield api, token, fakes["docs"]
    api.api_client.close()


def _create(api: UserApi, token: str, user_id: str) -> SendbirdUser:
    request = CreateAUserRequest(user_id=user_id, nickname=user_id.title(), profile_url="")
    return api.create_a_user(api_token=token, create_a_user_request=request)


def _add(api: UserApi, token: str, user_id: str, device_token: str):
    request = AddARegistrationOrDeviceTokenRequest(gcm_reg_token=device_token)
    return api.add_a_registration_or_device_token(
        user_id, "gcm", api_token=token, add_a_registration_or_device_token_request=request
    )


def test_sdk_profile_every_user_api_method_decodes_with_type_checking(sdk_api):
    api, token, fake = sdk_api

    created = _create(api, token, "alice")
    assert isinstance(created, SendbirdUser)
    assert (created.user_id, created.nickname, created.profile_url) == ("alice", "Alice", "")
    assert created.last_seen_at == 0 and isinstance(created.created_at, int)

    viewed = api.view_a_user("alice", api_token=token)
    assert isinstance(viewed, SendbirdUser)
    assert viewed.to_dict() == created.to_dict()

    added = _add(api, token, "alice", TOKEN)
    assert (added.token, added.type, added.user.user_id) == (TOKEN, "GCM", "alice")
    _create(api, token, "bob")
    _add(api, token, "bob", TOKEN)

    listed = api.list_registration_or_device_tokens("alice", "gcm", api_token=token)
    assert listed.tokens == [TOKEN] and listed.token == [TOKEN] and listed.type == "GCM"

    owners = api.view_who_owns_a_registration_or_device_token("gcm", TOKEN, api_token=token)
    assert [owner.user_id for owner in owners.value] == ["bob", "alice"]

    removed = api.remove_a_registration_or_device_token("alice", "gcm", TOKEN, api_token=token)
    assert removed.token == TOKEN and isinstance(removed.token, str)
    assert removed.user.user_id == "alice"
    assert fake.sendbird.tokens("alice", "gcm") == []

    _add(api, token, "alice", TOKEN)
    taken = api.remove_a_registration_or_device_token_from_an_owner("gcm", TOKEN, api_token=token)
    assert [owner.user_id for owner in taken.value] == ["alice", "bob"]
    assert fake.sendbird.tokens("bob", "gcm") == []

    _add(api, token, "bob", "other")
    cleared = api.remove_all_registration_or_device_token("bob", api_token=token)
    assert cleared.user.user_id == "bob"
    assert fake.sendbird.tokens("bob") == {"gcm": [], "huawei": [], "apns": []}

    deleted = api.delete_a_user("bob", api_token=token)
    assert deleted == {}
    assert [u["user_id"] for u in fake.sendbird.users()] == ["alice"]


@pytest.mark.parametrize(
    "call,code,message",
    [
        (lambda api, t: api.view_a_user("ghost", api_token=t), 400201, '"User" not found.'),
        (lambda api, t: api.delete_a_user("ghost", api_token=t), 400201, '"User" not found.'),
        (
            lambda api, t: api.view_a_user("alice", api_token="wrong"),
            400401,
            'Invalid value: "Api-Token".',
        ),
        (lambda api, t: api.view_a_user("alice"), 400401, 'Invalid value: "Api-Token".'),
        (lambda api, t: _create(api, t, "alice"), 400202, '"User" already exists.'),
        (
            lambda api, t: api.create_a_user(api_token=t),
            400403,
            "The request body is an invalid JSON.",
        ),
        (
            lambda api, t: api.add_a_registration_or_device_token("alice", "gcm", api_token=t),
            400403,
            "The request body is an invalid JSON.",
        ),
        (
            lambda api, t: api.list_registration_or_device_tokens("ghost", "apns", api_token=t),
            400201,
            '"User" not found.',
        ),
        (
            lambda api, t: api.remove_all_registration_or_device_token("ghost", api_token=t),
            400201,
            '"User" not found.',
        ),
        (
            lambda api, t: api.view_who_owns_a_registration_or_device_token(
                "gcm", "nobody", api_token=t
            ),
            400201,
            '"Token" not found.',
        ),
        (
            lambda api, t: api.view_who_owns_a_registration_or_device_token(
                "fcm", "nobody", api_token=t
            ),
            400111,
            'Invalid value: "token_type".',
        ),
    ],
    ids=[
        "view-unknown",
        "delete-unknown",
        "wrong-token",
        "no-token",
        "duplicate",
        "create-empty-body",
        "add-empty-body",
        "list-unknown",
        "remove-all-unknown",
        "owners-unknown-token",
        "owners-bad-type",
    ],
)
def test_sdk_errors_raise_api_exception_with_400_and_the_exact_body(sdk_api, call, code, message):
    api, token, _ = sdk_api
    _create(api, token, "alice")
    with pytest.raises(sb.ApiException) as caught:
        call(api, token)
    assert caught.value.status == 400
    assert json.loads(caught.value.body) == {"message": message, "code": code, "error": True}


def test_unknown_app_host_raises_forbidden(fakes):
    fake = fakes["sdk"]
    config = sb.Configuration(host=fake.sendbird.host)
    with (
        sb.ApiClient(config, header_name="Host", header_value="api-nope.sendbird.com") as client,
        pytest.raises(ForbiddenException) as caught,
    ):
        UserApi(client).view_a_user("alice", api_token=fake.sendbird.api_token)
    assert caught.value.status == 403
    assert json.loads(caught.value.body)["code"] == 403100


def _docs_setup(api: UserApi, token: str) -> None:
    _create(api, token, "alice")
    _create(api, token, "bob")
    _add(api, token, "alice", TOKEN)
    _add(api, token, "bob", TOKEN)


def test_docs_profile_shapes_the_sdk_cannot_decode_raise_api_type_error(docs_api):
    api, token, fake = docs_api
    _docs_setup(api, token)

    with pytest.raises(ApiTypeError, match="token"):
        api.remove_a_registration_or_device_token("alice", "gcm", "never-had", api_token=token)
    with pytest.raises(ApiTypeError):
        api.view_who_owns_a_registration_or_device_token("gcm", TOKEN, api_token=token)
    with pytest.raises(ApiTypeError):
        api.remove_a_registration_or_device_token_from_an_owner("gcm", TOKEN, api_token=token)
    # The calls reached the fake and did their work before the SDK failed to decode.
    assert fake.sendbird.tokens("alice", "gcm") == []
    assert fake.sendbird.tokens("bob", "gcm") == []


def test_docs_profile_remove_one_comes_through_without_return_type_checking(docs_api):
    api, token, fake = docs_api
    _docs_setup(api, token)

    removed = api.remove_a_registration_or_device_token(
        "alice", "gcm", TOKEN, api_token=token, _check_return_type=False
    )

    assert removed.token == [TOKEN]
    # Unchecked, the nested user stays the plain JSON object.
    assert removed.user == {
        "user_id": "alice",
        "nickname": "Alice",
        "profile_url": "",
        "metadata": {},
    }
    assert fake.sendbird.tokens("alice", "gcm") == []


@pytest.mark.parametrize(
    "method",
    [
        "view_who_owns_a_registration_or_device_token",
        "remove_a_registration_or_device_token_from_an_owner",
    ],
)
def test_docs_profile_owner_object_defeats_the_sdk_even_unchecked(docs_api, method):
    """The SDK's owners model is a list wrapper; a dict cannot become one, checked or not.

    The documented object is still readable from the raw response (``_preload_content``).
    """
    api, token, _ = docs_api
    _docs_setup(api, token)
    call = getattr(api, method)

    with pytest.raises(ApiTypeError, match="received_data"):
        call("gcm", TOKEN, api_token=token, _check_return_type=False)
    _add(api, token, "bob", TOKEN)  # the DELETE above took it: give it back
    raw = call("gcm", TOKEN, api_token=token, _preload_content=False)

    assert raw.status == 200
    assert json.loads(raw.data) == {"user_id": "bob"}


def test_docs_profile_other_methods_still_decode_with_type_checking(docs_api):
    api, token, _ = docs_api
    _docs_setup(api, token)
    assert api.list_registration_or_device_tokens("bob", "gcm", api_token=token).tokens == [TOKEN]
    assert api.remove_all_registration_or_device_token("bob", api_token=token).user.user_id == "bob"
    assert api.delete_a_user("bob", api_token=token) == {}


# -- the user's push surface ---------------------------------------------------------------


def test_sdk_profile_push_surface_methods_decode_with_type_checking(sdk_api):
    api, token, fake = sdk_api
    _create(api, token, "alice")

    updated = api.update_a_user(
        "alice",
        api_token=token,
        update_a_user_request=UpdateAUserRequest(
            nickname="Alice B", is_active=True, preferred_languages=["en"], last_seen_at=5
        ),
    )
    assert isinstance(updated, SendbirdUser)
    assert (updated.nickname, updated.preferred_languages, updated.last_seen_at) == (
        "Alice B", ["en"], 5,
    )  # fmt: skip

    issued = api.create_user_token(
        "alice", api_token=token, create_user_token_request=CreateUserTokenRequest()
    )
    assert isinstance(issued, CreateUserTokenResponse)
    assert isinstance(issued.token, str) and isinstance(issued.expires_at, int)
    assert [t["session_token"] for t in fake.sendbird.session_tokens("alice")] == [issued.token]
    bare = api.create_user_token("alice", api_token=token)  # no model: an empty body
    assert bare.token != issued.token and len(fake.sendbird.session_tokens("alice")) == 2

    chosen = api.choose_a_push_notification_content_template(
        "alice",
        api_token=token,
        choose_a_push_notification_content_template_request=(
            ChooseAPushNotificationContentTemplateRequest(name="alternative")
        ),
    )
    assert isinstance(chosen, ChooseAPushNotificationContentTemplateResponse)
    assert chosen.name == "alternative"

    viewed = api.view_push_preferences("alice", api_token=token)
    assert isinstance(viewed, ViewPushPreferencesResponse)
    assert viewed.push_trigger_option.value == "all" and viewed.timezone == "UTC"
    assert viewed.dnd_schedules == [] and viewed.snooze_start_ts == 0

    window = UpdatePushPreferencesRequestDndSchedulesInnerTimeWindowsInner(
        start_hour=22, start_min=0, end_hour=6, end_min=0
    )
    request = UpdatePushPreferencesRequest(
        push_trigger_option=SendbirdPushTriggerOption("mention_only"),
        timezone="Asia/Seoul",
        snooze_enabled=True,
        snooze_start_ts=1_700_000_000_000,
        snooze_end_ts=1_700_000_360_000,
        dnd_schedules=[
            UpdatePushPreferencesRequestDndSchedulesInner(
                day_of_week="monday", time_windows=[window]
            )
        ],
    )
    changed = api.update_push_preferences(
        "alice", api_token=token, update_push_preferences_request=request
    )
    assert isinstance(changed, UpdatePushPreferencesResponse)
    assert changed.push_trigger_option.value == "mention_only"
    assert [s.day_of_week for s in changed.dnd_schedules] == ["monday", "tuesday"]
    assert changed.snooze_end_ts == 1_700_000_360_000
    assert fake.sendbird.push_preferences("alice")["timezone"] == "Asia/Seoul"

    assert api.reset_push_preferences("alice", api_token=token) == {}
    after = fake.sendbird.push_preferences("alice")
    assert after["timezone"] == "UTC" and after["push_trigger_option"] == "mention_only"


@pytest.mark.parametrize("profile", ["sdk", "docs"])
def test_channel_push_preference_methods_raise_400201_for_an_unknown_channel(fakes, profile):
    """Until the app has group channels, every channel is unknown (through the SDK, both
    profiles; its ``"false"`` for off is sent as such)."""
    api, token = _api(fakes[profile])
    _create(api, token, "alice")
    with pytest.raises(ApiException) as viewed:
        api.view_push_preferences_for_a_channel("alice", "ch/1", api_token=token)
    request = UpdatePushPreferencesForAChannelRequest(push_trigger_option="false")
    with pytest.raises(ApiException) as updated:
        api.update_push_preferences_for_a_channel(
            "alice", "ch/1", api_token=token,
            update_push_preferences_for_a_channel_request=request,
        )  # fmt: skip
    for caught in (viewed, updated):
        assert caught.value.status == 400
        assert json.loads(caught.value.body) == {
            "message": '"Channel" not found.', "code": 400201, "error": True,
        }  # fmt: skip
    api.api_client.close()


# -- group channels and messages ------------------------------------------------------


def test_sdk_profile_group_channel_and_message_methods_decode_with_type_checking(sdk_api):
    api, token, fake = sdk_api
    for user_id in ("alice", "bob", "carol"):
        _create(api, token, user_id)
    _add(api, token, "bob", TOKEN)
    channels = GroupChannelApi(api.api_client)
    messages = MessageApi(api.api_client)

    request = CreateAGroupChannelRequest(users=[], user_ids=["alice", "bob"], name="Team")
    created = channels.create_a_group_channel(api_token=token, create_a_group_channel_request=request)
    assert isinstance(created, SendbirdGroupChannelDetail)
    url = created.channel_url
    assert url.startswith("sendbird_group_channel_") and created.name == "Team"
    assert [m.user_id for m in created.members] == ["alice", "bob"]

    sent = messages.send_a_message(
        "group_channels",
        url,
        api_token=token,
        send_a_message_request=SendAMessageRequest(message_type="MESG", user_id="alice", message="hi"),
    )
    assert isinstance(sent, SendbirdMessageResponse)
    assert (sent.type, sent.message, sent.user.user_id, sent.channel_url) == ("MESG", "hi", "alice", url)
    assert isinstance(sent.message_id, int) and isinstance(sent.created_at, int)
    assert [p["payload"]["message"] for p in fake.sendbird.pushes(user_id="bob")] == ["Alice: hi"]

    viewed = channels.get_a_group_channel(url, api_token=token, show_member=True, user_id="bob")
    assert isinstance(viewed, GetAGroupChannelResponse)
    assert viewed.unread_message_count == 1 and viewed.member_count == 2
    assert "push_trigger_option" not in viewed  # SDK 2.1.5 cannot decode it (allOf)

    members = channels.list_members(url, api_token=token, include_push_preference=True)
    assert isinstance(members, GroupChannelListMembersResponse)
    assert [m.user_id for m in members.members] == ["alice", "bob"]

    invited = channels.invite_as_members(
        url, api_token=token, invite_as_members_request=InviteAsMembersRequest(user_ids=["carol"])
    )
    assert isinstance(invited, InviteAsMembersResponse) and invited.member_count == 3

    left = channels.leave_a_channel(
        url, api_token=token, leave_a_channel_request=LeaveAChannelRequest(user_ids=["carol"])
    )
    assert left == {}
    assert channels.delete_a_group_channel(url, api_token=token) == {}
    assert fake.sendbird.channels() == []


def test_default_profile_auto_answers_the_sdk_in_its_shapes_and_other_clients_in_the_documents():
    with FakePush() as fake:  # no profile given: auto
        api, token = _api(fake)
        try:
            _create(api, token, "alice")
            _add(api, token, "alice", TOKEN)
            removed = api.remove_a_registration_or_device_token("alice", "gcm", TOKEN, api_token=token)
            assert removed.token == TOKEN  # decoded with type checking on: no ApiTypeError
        finally:
            api.api_client.close()
        client = fake.client()  # the test client sends werkzeug's User-Agent: no SDK
        client.post("/v3/users/alice/push/gcm", json={"gcm_reg_token": "t2"}, headers={"Api-Token": token})
        answer = client.delete("/v3/users/alice/push/gcm/t2", headers={"Api-Token": token})
        assert answer.json["token"] == ["t2"]
        profiles = [(r["method"], r["profile"]) for r in fake.journal]
    assert profiles == [("POST", "sdk"), ("POST", "sdk"), ("DELETE", "sdk"), ("POST", "docs"), ("DELETE", "docs")]
