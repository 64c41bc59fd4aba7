"""What the Backendless contract checks share: the client fixture, the frozen clock, and
the constants and helpers their modules use (``test_backendless.py``,
``test_backendless_registration_body.py``)."""

from __future__ import annotations

from typing import Any

import pytest

from fakepush.contract.expect import ok_json
from fakepush.providers.backendless.contract.client import BackendlessClient, registration_pairs

needs_fake = pytest.mark.fakepush_needs_fake
# The domain-form checks run where the target has a domain URL (in-process: always).
domain_form = pytest.mark.fakepush_provider("backendless-domain")

# Channels cannot be deleted through the Messaging API, so the checks share two names
# (rows are per device, and every device id is new) instead of making new channels.
CHANNEL_A = "fakepush-contract-a"
CHANNEL_B = "fakepush-contract-b"
HOUR_MS = 3_600_000
RETRIEVE_KEYS = {"deviceToken", "deviceId", "os", "osVersion", "channels", "expiration"}


@pytest.fixture
def bl(fakepush_target, request):
    yield from BackendlessClient.for_check(fakepush_target, request)


@pytest.fixture
def frozen(fakepush_target):
    """The fake's clock, frozen at now for the check and back to the system clock after."""
    control = fakepush_target.control
    control.freeze(control.now_ms())  # a whole millisecond, so boundaries are exact
    yield control
    control.unfreeze()


def device_of(target, response) -> dict[str, Any]:
    """The retrieve object, whichever profile's shape the target answers in."""
    body = ok_json(response)
    if target.profile == "sdk":
        assert isinstance(body, list) and len(body) == 1, (
            f"profile sdk: a list of one, got {body!r}"
        )
        assert isinstance(body[0], dict), body
        device = dict(body[0])
        device.pop("id")
        return device
    assert isinstance(body, dict), f"profile docs: one object, got {body!r}"
    return body


def register_ok(
    bl: BackendlessClient, body: dict[str, Any], **options: Any
) -> list[tuple[str, str]]:
    return registration_pairs(ok_json(bl.register(body, **options)))
