"""Profile auto picks sdk for an official SDK's User-Agent and docs for everything else."""

import pytest
import sendbird_platform_sdk

from fakepush.signatures import profile_for, sdk_of


def test_the_sendbird_sdks_own_user_agent_is_a_signature():
    client = sendbird_platform_sdk.ApiClient(sendbird_platform_sdk.Configuration())
    assert sdk_of(client.user_agent)


@pytest.mark.parametrize(
    "user_agent",
    [
        None,
        "",
        "python-requests/2.32.3",
        "python-httpx/0.28.1",
        "curl/8.5.0",
        "Python-urllib/3.11",
        "OpenAPI-Generator/1.0.0/java",  # another generated client, not the Python SDK
        "OpenAPI-Generator",
        "Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0",
    ],
)
def test_other_clients_get_the_documents_shapes(user_agent):
    assert profile_for("auto", user_agent) == "docs"


def test_auto_answers_sdk_for_the_sendbird_sdk():
    assert profile_for("auto", "OpenAPI-Generator/2.1.5/python") == "sdk"


@pytest.mark.parametrize("configured", ["docs", "sdk"])
def test_a_forced_profile_ignores_the_user_agent(configured):
    assert profile_for(configured, "OpenAPI-Generator/2.1.5/python") == configured
    assert profile_for(configured, "curl/8.5.0") == configured
