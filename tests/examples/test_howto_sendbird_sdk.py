import sendbird_platform_sdk as sb
from sendbird_platform_sdk.api.user_api import UserApi
from sendbird_platform_sdk.model.add_a_registration_or_device_token_request import (
    AddARegistrationOrDeviceTokenRequest,
)
from sendbird_platform_sdk.model.create_a_user_request import CreateAUserRequest


def test_my_push_setup(fakepush):
    api = UserApi(sb.ApiClient(sb.Configuration(host=fakepush.sendbird.host)))
    token = fakepush.sendbird.api_token
    api.create_a_user(api_token=token, create_a_user_request=CreateAUserRequest(
        user_id="alice", nickname="Alice", profile_url=""))
    api.add_a_registration_or_device_token("alice", "gcm", api_token=token,
        add_a_registration_or_device_token_request=AddARegistrationOrDeviceTokenRequest(
            gcm_reg_token="fcm-token-1"))

    removed = api.remove_a_registration_or_device_token("alice", "gcm", "fcm-token-1", api_token=token)

    assert removed.token == "fcm-token-1"
    assert fakepush.sendbird.tokens("alice", "gcm") == []
