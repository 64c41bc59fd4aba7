"""Sendbird's part of the contract suite: its app target and its checks (``test_sendbird.py``).

``--fakepush-target sendbird=URL`` gives the root the SDK's ``Configuration(host=)`` takes.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from fakepush.providers.contract import ContractPart


@dataclass
class SendbirdTarget:
    """One Sendbird app: ``url`` is the root the SDK's ``Configuration(host=)`` takes (no /v3)."""

    url: str
    app_id: str
    api_token: str
    host: str | None = None


def remote(urls: dict[str, str], app_id: str, api_token: str, control: Any) -> SendbirdTarget:
    """A fakepush fake picks the app by the Host ``api-{app_id}.sendbird.com``."""
    host = f"api-{app_id}.sendbird.com" if control is not None else None
    return SendbirdTarget(urls["sendbird"], app_id, api_token, host)


def contract_app(suffix: str) -> dict[str, Any]:
    return {"app_id": f"CONTRACT{suffix.upper()}", "api_token": uuid.uuid4().hex}


def in_process(url: str, app: dict[str, Any]) -> SendbirdTarget:
    return SendbirdTarget(url, app["app_id"], app["api_token"], f"api-{app['app_id']}.sendbird.com")


CONTRACT = ContractPart(
    checks=("fakepush.providers.sendbird.contract.test_sendbird",),
    keys=("sendbird",),
    environment=("FAKEPUSH_SENDBIRD_APP_ID", "FAKEPUSH_SENDBIRD_API_TOKEN"),
    remote_defaults=("FAKEPUSH", "fakepush-api-token"),
    secret_kind="sendbird_api_token",
    remote=remote,
    contract_app=contract_app,
    in_process=in_process,
    secret=lambda app: app.api_token,
    header=lambda app: {"app_id": app.app_id},
    replay_app=lambda header, api_token: {"app_id": header["app_id"], "api_token": api_token},
)
