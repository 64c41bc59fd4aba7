"""What the contract checks talk to: base URLs, credentials, the profile, and (for a fake) its controls.

A ``Target`` is built by the pytest plugin: an in-process fake by default, or the URLs given
with ``--fakepush-target`` and the credentials in the ``FAKEPUSH_*`` environment variables.
Nothing here imports Flask until an in-process fake is asked for.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from fakepush.contract import http
from fakepush.contract.record import Recorder
from fakepush.hosts import is_ip_address

PROVIDERS = ("backendless", "sendbird")
# The key of --fakepush-target that gives the Backendless domain-form URL (https://myapp.backendless.app).
DOMAIN_KEY = "backendless-domain"
ENVIRONMENT = {
    "backendless": ("FAKEPUSH_BACKENDLESS_APP_ID", "FAKEPUSH_BACKENDLESS_API_KEY"),
    "sendbird": ("FAKEPUSH_SENDBIRD_APP_ID", "FAKEPUSH_SENDBIRD_API_TOKEN"),
}
NEEDS_FAKE_REASON = "needs the fake's clock or admin API; the target is not a fakepush fake"


class TargetError(ValueError):
    """A target that cannot be used as given (a bad option, a missing credential)."""


@dataclass
class BackendlessTarget:
    """One Backendless app: the path form at ``url``, the domain form at ``domain_url``.

    ``domain_host`` is the Host header for the domain form when it differs from the URL's
    (the in-process fake listens on loopback but is asked for ``fakepush.backendless.app``).
    """

    url: str
    app_id: str
    api_key: str
    domain_url: str | None = None
    domain_host: str | None = None

    @property
    def subdomain(self) -> str | None:
        host = self.domain_host or (urlsplit(self.domain_url).hostname if self.domain_url else None)
        return host.split(".", 1)[0] if host else None


@dataclass
class SendbirdTarget:
    """One Sendbird app: ``url`` is the root the SDK's ``Configuration(host=)`` takes (no /v3)."""

    url: str
    app_id: str
    api_token: str
    host: str | None = None


def with_first_label(url: str, host: str | None, label: str) -> tuple[str, str | None]:
    """The URL and Host header that ask the same server for another app (first DNS label swapped)."""
    if host is not None:
        return url, ".".join([label, *host.split(".")[1:]])
    parts = urlsplit(url)
    hostname = parts.hostname or ""
    netloc = ".".join([label, *hostname.split(".")[1:]])
    if parts.port:
        netloc += f":{parts.port}"
    return urlunsplit(parts._replace(netloc=netloc)), None


class FakeControl(Protocol):
    """What a check may do to a fake beyond the providers' API: clock, user-tokens, state."""

    def now_ms(self) -> int: ...
    def freeze(self, at_ms: int | None = None) -> None: ...
    def advance(self, ms: int) -> None: ...
    def unfreeze(self) -> None: ...
    def login(self, app_id: str, user_id: str | None = None) -> str: ...
    def export(self) -> dict[str, Any]: ...


class InProcessControl:
    """Controls of a ``FakePush`` running in this process, through its Python handle."""

    def __init__(self, fake: Any) -> None:
        self.fake = fake

    def now_ms(self) -> int:
        return int(self.fake.clock.now_ms())

    def freeze(self, at_ms: int | None = None) -> None:
        self.fake.clock.freeze(at_ms)

    def advance(self, ms: int) -> None:
        self.fake.clock.advance(ms)

    def unfreeze(self) -> None:
        self.fake.clock.unfreeze()

    def login(self, app_id: str, user_id: str | None = None) -> str:
        return self.fake.backendless.login(user_id, app_id=app_id)

    def export(self) -> dict[str, Any]:
        return self.fake.state.export()


class AdminControl:
    """Controls of a fakepush fake in another process, through its admin API (``/_fakepush/``)."""

    def __init__(self, url: str, admin_token: str | None = None) -> None:
        self.url = url
        self.admin_token = admin_token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}

    def _call(self, method: str, path: str, body: Any = None) -> Any:
        headers = self._headers()
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        response = http.send(self.url, method, "/_fakepush/" + path, headers=headers, body=data)
        if response.status != 200:
            raise AssertionError(f"admin {method} {path}: HTTP {response.status} {response.body!r}")
        return response.json()

    def is_fakepush(self) -> bool:
        try:
            response = http.send(
                self.url, "GET", "/_fakepush/health", headers=self._headers(), timeout=10
            )
        except OSError:
            return False
        return response.status == 200 and response.json_or_text() == {"status": "ok"}

    def now_ms(self) -> int:
        return int(self._call("GET", "clock")["now"])

    def freeze(self, at_ms: int | None = None) -> None:
        self._call("PUT", "clock", {"frozen_at": self.now_ms() if at_ms is None else at_ms})

    def advance(self, ms: int) -> None:
        self._call("PUT", "clock", {"advance_ms": ms})

    def unfreeze(self) -> None:
        self._call("DELETE", "clock")

    def login(self, app_id: str, user_id: str | None = None) -> str:
        body = {"app_id": app_id, **({"user_id": user_id} if user_id else {})}
        return self._call("POST", "backendless/users", body)["user-token"]

    def export(self) -> dict[str, Any]:
        return self._call("GET", "state")

    def profile(self) -> str:
        return self._call("GET", "config")["profile"]

    def subdomain(self, app_id: str) -> str | None:
        """The subdomain the fake gave a Backendless app, or None."""
        for app in self._call("GET", "config").get("backendless_apps", []):
            if app.get("app_id") == app_id:
                return app.get("subdomain")
        return None


class Target:
    """Everything a check needs to know about where it runs."""

    def __init__(
        self,
        backendless: BackendlessTarget | None,
        sendbird: SendbirdTarget | None,
        profile: str,
        control: FakeControl | None,
        description: str,
    ) -> None:
        self.backendless = backendless
        self.sendbird = sendbird
        self.profile = profile
        self.control = control
        self.description = description
        self.recorder: Recorder | None = None
        self._fake: Any = None  # the in-process FakePush, stopped by close()

    @property
    def is_fake(self) -> bool:
        return self.control is not None

    def now_ms(self) -> int:
        """Now on the target's clock: the fake's own, or this machine's for a real service."""
        if self.control is not None:
            return self.control.now_ms()
        return int(time.time() * 1000)

    def send(
        self,
        check: str,
        provider: str,
        base_url: str,
        method: str,
        path: str,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        host: str | None = None,
    ) -> http.Response:
        """Send a provider request, and record it when ``record`` is on."""
        at = self.now_ms()
        response = http.send(base_url, method, path, headers=headers, body=body, host=host)
        if self.recorder is not None:
            self.recorder.add(
                check=check,
                provider=provider,
                at=at,
                method=method,
                path=path,
                host=host or urlsplit(base_url).netloc,
                headers=headers or {},
                body=body,
                response=response,
            )
        return response

    def start_recording(self) -> Recorder:
        self.recorder = Recorder(self.record_header())
        for provider_target, kind in (
            (self.backendless, "backendless_api_key"),
            (self.sendbird, "sendbird_api_token"),
        ):
            if provider_target is not None:
                secret = getattr(provider_target, kind.split("_", 1)[1])
                self.recorder.secret(secret, kind)
        return self.recorder

    def record_header(self) -> dict[str, Any]:
        """What a replay needs to rebuild the apps: ids and subdomains, never secrets."""
        header: dict[str, Any] = {"profile": self.profile, "fake": self.is_fake}
        if self.backendless is not None:
            header["backendless"] = {
                "app_id": self.backendless.app_id,
                "subdomain": self.backendless.subdomain,
            }
        if self.sendbird is not None:
            header["sendbird"] = {"app_id": self.sendbird.app_id}
        return header

    def login(self, app_id: str) -> str:
        """A user-token the fake issued (only on a fake); recorded as a secret to re-issue on replay."""
        assert self.control is not None, NEEDS_FAKE_REASON
        token = self.control.login(app_id)
        if self.recorder is not None:
            self.recorder.secret(token, "user_token", issued=True, app_id=app_id)
        return token

    def close(self) -> None:
        if self._fake is not None:
            self._fake.stop()
            self._fake = None


def parse_target_option(text: str) -> dict[str, str]:
    """``backendless=URL,sendbird=URL[,backendless-domain=URL]`` as a dict."""
    urls: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, url = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in (*PROVIDERS, DOMAIN_KEY) or not url.strip():
            raise TargetError(
                f"--fakepush-target: {item!r} is not backendless=URL, sendbird=URL or "
                f"{DOMAIN_KEY}=URL"
            )
        parts = urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise TargetError(f"--fakepush-target: {url!r} is not an http(s) URL")
        urls[key] = url.strip().rstrip("/")
    if not any(p in urls for p in PROVIDERS):
        raise TargetError("--fakepush-target names neither backendless nor sendbird")
    if DOMAIN_KEY in urls and "backendless" not in urls:
        raise TargetError(f"--fakepush-target: {DOMAIN_KEY} needs backendless=URL too")
    return urls


def _credentials(provider: str, control: AdminControl | None) -> tuple[str, str]:
    """The provider's credentials from the environment; a remote fake may use its defaults."""
    names = ENVIRONMENT[provider]
    values = [os.environ.get(name, "") for name in names]
    if all(values):
        return values[0], values[1]
    if control is not None:
        from_defaults = {
            "backendless": ("FAKEPUSH-APP-ID", "FAKEPUSH-REST-API-KEY"),
            "sendbird": ("FAKEPUSH", "fakepush-api-token"),
        }
        return from_defaults[provider]
    missing = [name for name, value in zip(names, values) if not value]
    raise TargetError(f"the {provider} target needs the environment variables {', '.join(missing)}")


def remote_target(text: str, profile: str | None = None) -> Target:
    """A target at the URLs given; a fakepush fake there is recognised by ``/_fakepush/health``."""
    urls = parse_target_option(text)
    control: AdminControl | None = None
    first_url = urls.get("backendless") or urls["sendbird"]
    probe = AdminControl(first_url, os.environ.get("FAKEPUSH_ADMIN_TOKEN") or None)
    if probe.is_fakepush():
        control = probe
    backendless = sendbird = None
    if "backendless" in urls:
        app_id, api_key = _credentials("backendless", control)
        backendless = BackendlessTarget(
            url=urls["backendless"],
            app_id=app_id,
            api_key=api_key,
            domain_url=urls.get(DOMAIN_KEY),
            domain_host=_local_domain_host(urls.get(DOMAIN_KEY), app_id, control),
        )
    if "sendbird" in urls:
        app_id, api_token = _credentials("sendbird", control)
        host = f"api-{app_id}.sendbird.com" if control is not None else None
        sendbird = SendbirdTarget(
            url=urls["sendbird"], app_id=app_id, api_token=api_token, host=host
        )
    if profile is None:
        profile = control.profile() if control is not None else "docs"
        if profile == "auto":  # the checks' own client is no official SDK: documents' shapes
            profile = "docs"
    kind = "a fakepush fake" if control is not None else "a real service"
    return Target(backendless, sendbird, profile, control, f"{kind} at {text}")


def _local_domain_host(url: str | None, app_id: str, control: AdminControl | None) -> str | None:
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
    subdomain = control.subdomain(app_id)
    return f"{subdomain}.backendless.app" if subdomain else None


def in_process_target(profile: str = "docs") -> Target:
    """A fresh ``FakePush`` on a loopback port, with apps of its own so no default data is touched."""
    # Here, not at the top: a run against a real service never loads the fake (or Flask).
    from fakepush.handle import FakePush

    suffix = uuid.uuid4().hex[:8]
    backendless_app = {
        "app_id": f"CONTRACT-{suffix.upper()}",
        "api_key": f"CONTRACT-KEY-{uuid.uuid4().hex.upper()}",
        "subdomain": f"contract{suffix}",
    }
    sendbird_app = {"app_id": f"CONTRACT{suffix.upper()}", "api_token": uuid.uuid4().hex}
    fake = FakePush(
        profile=profile,
        backendless_apps=[backendless_app],
        sendbird_apps=[sendbird_app],
    ).start()
    backendless = BackendlessTarget(
        url=fake.url,
        app_id=backendless_app["app_id"],
        api_key=backendless_app["api_key"],
        domain_url=fake.url,
        domain_host=f"{backendless_app['subdomain']}.backendless.app",
    )
    sendbird = SendbirdTarget(
        url=fake.url,
        app_id=sendbird_app["app_id"],
        api_token=sendbird_app["api_token"],
        host=f"api-{sendbird_app['app_id']}.sendbird.com",
    )
    target = Target(
        backendless,
        sendbird,
        profile,
        InProcessControl(fake),
        f"an in-process fakepush fake at {fake.url} (profile {profile})",
    )
    target._fake = fake
    return target
