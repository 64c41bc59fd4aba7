"""Backendless' part of the contract suite: its app target and its checks
(``test_backendless.py``, ``test_backendless_registration_body.py``).

``--fakepush-target backendless=URL`` gives the path form's server URL;
``backendless-domain=URL`` adds the domain form (``https://APP.backendless.app``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, ClassVar
from urllib.parse import urlsplit

from fakepush.hosts import is_ip_address
from fakepush.providers.contract import ContractPart

DOMAIN_KEY = "backendless-domain"


@dataclass
class BackendlessTarget:
    """One Backendless app: the path form at ``url``, the domain form at ``domain_url``.

    ``domain_host`` is the Host header for the domain form when it differs from the URL's
    (the in-process fake listens on loopback but is asked for ``fakepush.backendless.app``).
    """

    secret_field: ClassVar[str] = "api_key"
    record_fields: ClassVar[tuple[str, ...]] = ("subdomain",)

    url: str
    app_id: str
    api_key: str
    domain_url: str | None = None
    domain_host: str | None = None

    @property
    def subdomain(self) -> str | None:
        host = self.domain_host or (urlsplit(self.domain_url).hostname if self.domain_url else None)
        return host.split(".", 1)[0] if host else None

    @classmethod
    def remote(
        cls, urls: dict[str, str], app_id: str, api_key: str, control: Any
    ) -> BackendlessTarget:
        domain_url = urls.get(DOMAIN_KEY)
        host = _local_domain_host(domain_url, app_id, control)
        return cls(urls["backendless"], app_id, api_key, domain_url, host)

    @classmethod
    def contract_app(cls, suffix: str) -> dict[str, Any]:
        return {
            "app_id": f"CONTRACT-{suffix.upper()}",
            "api_key": f"CONTRACT-KEY-{uuid.uuid4().hex.upper()}",
            "subdomain": f"contract{suffix}",
        }

    @classmethod
    def in_process(cls, url: str, app: dict[str, Any]) -> BackendlessTarget:
        host = f"{app['subdomain']}.backendless.app"
        return cls(url, app["app_id"], app["api_key"], domain_url=url, domain_host=host)


def _local_domain_host(url: str | None, app_id: str, control: Any) -> str | None:
    """For a fakepush fake reached by IP or ``localhost``: the Host of the app's own domain.

    ``backendless-domain=http://127.0.0.1:8080`` then works (docs/contract.md): the checks
    send ``Host: {subdomain}.backendless.app`` and swap that first label, since the URL's
    own first label (``127``) is no subdomain.
    """
    if url is None or control is None:
        return None
    hostname = (urlsplit(url).hostname or "").lower()
    if hostname != "localhost" and not is_ip_address(hostname):
        return None
    apps = control.config().get("backendless_apps", [])
    subdomain = next((a.get("subdomain") for a in apps if a.get("app_id") == app_id), None)
    return f"{subdomain}.backendless.app" if subdomain else None


def login(control: Any, app_id: str) -> str:
    """A user-token the fake issues (its admin route ``POST /_fakepush/backendless/users``)."""
    return control.call("POST", "backendless/users", {"app_id": app_id})["user-token"]


CONTRACT = ContractPart(
    name="backendless",
    checks=(
        "fakepush.providers.backendless.contract.test_backendless",
        "fakepush.providers.backendless.contract.test_backendless_registration_body",
    ),
    target=BackendlessTarget,
    remote_defaults=("FAKEPUSH-APP-ID", "FAKEPUSH-REST-API-KEY"),
    extra_keys=(DOMAIN_KEY,),
    login=login,
)
