"""Sendbird's part of the contract suite: its app target and its checks (``test_sendbird.py``).

``--fakepush-target sendbird=URL`` gives the root the SDK's ``Configuration(host=)`` takes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar

from fakepush.providers.contract import ContractPart


@dataclass
class SendbirdTarget:
    """One Sendbird app: ``url`` is the root the SDK's ``Configuration(host=)`` takes (no /v3)."""

    secret_field: ClassVar[str] = "api_token"
    record_fields: ClassVar[tuple[str, ...]] = ()

    url: str
    app_id: str
    api_token: str
    host: str | None = None

    @classmethod
    def remote(
        cls, urls: dict[str, str], app_id: str, api_token: str, control: Any
    ) -> SendbirdTarget:
        """A fakepush fake picks the app by the Host ``api-{app_id}.sendbird.com``."""
        host = f"api-{app_id}.sendbird.com" if control is not None else None
        return cls(urls["sendbird"], app_id, api_token, host)

    @classmethod
    def contract_app(cls, suffix: str) -> dict[str, Any]:
        return {"app_id": f"CONTRACT{suffix.upper()}", "api_token": uuid.uuid4().hex}

    @classmethod
    def in_process(cls, url: str, app: dict[str, Any]) -> SendbirdTarget:
        return cls(url, app["app_id"], app["api_token"], f"api-{app['app_id']}.sendbird.com")


CONTRACT = ContractPart(
    name="sendbird",
    checks=("fakepush.providers.sendbird.contract.test_sendbird",),
    target=SendbirdTarget,
    remote_defaults=("FAKEPUSH", "fakepush-api-token"),
)
