"""SDK 2.1.5's two channel push-preference methods against a live fake with a channel.

Profile ``sdk``: both decode with return-type checks on (the unset ``default`` is answered
as the user's own option; ``"false"``, all the SDK can send for off, is taken as ``off``).
Profile ``docs``: the documented ``"default"`` defeats the SDK's enum (``ApiValueError``);
it comes through with ``_check_return_type=False``.
"""

from __future__ import annotations

import pytest
import sendbird_platform_sdk as sb
from sendbird_platform_sdk.api.user_api import UserApi
from sendbird_platform_sdk.exceptions import ApiValueError
from sendbird_platform_sdk.model.update_push_preferences_for_a_channel_request import (
    UpdatePushPreferencesForAChannelRequest,
)
from sendbird_platform_sdk.model.update_push_preferences_for_a_channel_response import (
    UpdatePushPreferencesForAChannelResponse,
)
from sendbird_platform_sdk.model.view_push_preferences_for_a_channel_response import (
    ViewPushPreferencesForAChannelResponse,
)

from fakepush import FakePush

pytestmark = pytest.mark.interop


def _api(fake: FakePush):
    """A UserApi on a fresh fake holding user bob in channel ``team/1``."""
    fake.reset()
    store = fake.state.sendbird
    app = store.app_by_id()
    store.create_user(app, {"user_id": "bob", "nickname": "Bob", "profile_url": ""})
    store.create_group_channel(app, {"user_ids": ["bob"], "channel_url": "team_1"})
    client = sb.ApiClient(sb.Configuration(host=fake.sendbird.host))
    return UserApi(client), fake.sendbird.api_token


def test_sdk_profile_channel_preference_methods_decode_with_type_checking(fakes):
    api, token = _api(fakes["sdk"])
    store = fakes["sdk"].state.sendbird
    store.update_push_preference(store.app_by_id(), "bob", {"push_trigger_option": "mention_only"})

    viewed = api.view_push_preferences_for_a_channel("bob", "team_1", api_token=token)
    assert isinstance(viewed, ViewPushPreferencesForAChannelResponse)
    assert viewed.push_trigger_option.value == "mention_only"  # "default", resolved

    request = UpdatePushPreferencesForAChannelRequest(push_trigger_option="false", push_sound="s")
    updated = api.update_push_preferences_for_a_channel(
        "bob", "team_1", api_token=token, update_push_preferences_for_a_channel_request=request
    )
    assert isinstance(updated, UpdatePushPreferencesForAChannelResponse)
    assert (updated.push_trigger_option.value, updated.push_sound) == ("off", "s")
    stored = store.channel_push_preference(store.app_by_id(), "bob", "team_1")
    assert stored["push_trigger_option"] == "off"
    api.api_client.close()


def test_docs_profile_default_defeats_the_sdk_enum_and_comes_through_unchecked(fakes):
    api, token = _api(fakes["docs"])
    with pytest.raises(ApiValueError):
        api.view_push_preferences_for_a_channel("bob", "team_1", api_token=token)
    unchecked = api.view_push_preferences_for_a_channel(
        "bob", "team_1", api_token=token, _check_return_type=False
    )
    assert unchecked.push_trigger_option == "default"
    api.api_client.close()
