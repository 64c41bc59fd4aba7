"""What the contract checks talk to: base URLs, credentials, the profile, and (for a fake) its controls.

A ``Target`` is built by the pytest plugin: an in-process fake by default, or the URLs given
with ``--fakepush-target`` and the credentials in the ``FAKEPUSH_*`` environment variables.
Each provider's part (``Provider.contract``, ``fakepush/providers/contract.py``) says how
the option names it, where its credentials come from and what one app of it is; the
target holds each provider's app target by the provider's name.
"""

from __future__ import annotations

import importlib
import json
import os
import time
import uuid
from typing import Any, Protocol
from urllib.parse import urlsplit, urlunsplit

from fakepush.contract import http
from fakepush.contract.record import Recorder
from fakepush.providers import ALL
from fakepush.providers.contract import ContractPart

NEEDS_FAKE_REASON = "needs the fake's clock or admin API; the target is not a fakepush fake"


class TargetError(ValueError):
    """A target that cannot be used as given (a bad option, a missing credential)."""


def contract_parts(providers: Any = ALL) -> dict[str, ContractPart]:
    """Each provider's part of the suite, by the provider's name (those that have one)."""
    return {
        p.name: importlib.import_module(p.contract).CONTRACT for p in providers if p.contract
    }


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
    """What a check may do to a fake beyond the providers' API: clock, state, admin routes."""

    def now_ms(self) -> int: ...
    def freeze(self, at_ms: int | None = None) -> None: ...
    def advance(self, ms: int) -> None: ...
    def unfreeze(self) -> None: ...
    def export(self) -> dict[str, Any]: ...
    def call(self, method: str, path: str, body: Any = None) -> Any: ...


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

    def export(self) -> dict[str, Any]:
        return self.fake.state.export()

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """An admin route (``/_fakepush/<path>``) through the fake's test client."""
        response = self.fake.client().open("/_fakepush/" + path, method=method, json=body)
        if response.status_code != 200:
            raise AssertionError(f"admin {method} {path}: HTTP {response.status_code} {response.data!r}")
        return response.get_json()


class AdminControl:
    """Controls of a fakepush fake in another process, through its admin API (``/_fakepush/``)."""

    def __init__(self, url: str, admin_token: str | None = None) -> None:
        self.url = url
        self.admin_token = admin_token

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.admin_token}"} if self.admin_token else {}

    def call(self, method: str, path: str, body: Any = None) -> Any:
        """An admin route (``/_fakepush/<path>``); an AssertionError unless it answers 200."""
        headers = self._headers()
        data = None
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        response = http.send(self.url, http.Request(method, "/_fakepush/" + path, headers, data))
        if response.status != 200:
            raise AssertionError(f"admin {method} {path}: HTTP {response.status} {response.body!r}")
        return response.json()

    def is_fakepush(self) -> bool:
        try:
            health = http.Request("GET", "/_fakepush/health", self._headers())
            response = http.send(self.url, health, timeout=10)
        except OSError:
            return False
        return response.status == 200 and response.json_or_text() == {"status": "ok"}

    def now_ms(self) -> int:
        return int(self.call("GET", "clock")["now"])

    def freeze(self, at_ms: int | None = None) -> None:
        self.call("PUT", "clock", {"frozen_at": self.now_ms() if at_ms is None else at_ms})

    def advance(self, ms: int) -> None:
        self.call("PUT", "clock", {"advance_ms": ms})

    def unfreeze(self) -> None:
        self.call("DELETE", "clock")

    def export(self) -> dict[str, Any]:
        return self.call("GET", "state")

    def config(self) -> dict[str, Any]:
        return self.call("GET", "config")

    def profile(self) -> str:
        return self.config()["profile"]


class Target:
    """Everything a check needs to know about where it runs; ``apps`` by provider name."""

    def __init__(
        self,
        apps: dict[str, Any],
        profile: str,
        control: FakeControl | None,
        description: str,
        parts: dict[str, ContractPart] | None = None,
    ) -> None:
        self.apps = apps
        self.profile = profile
        self.control = control
        self.description = description
        self.parts = contract_parts() if parts is None else parts
        self.recorder: Recorder | None = None
        self._fake: Any = None  # the in-process FakePush, stopped by close()

    def __getattr__(self, name: str) -> Any:
        # target.<provider>: that provider's app target, None when the target has none.
        parts = self.__dict__.get("parts")
        if parts is not None and name in parts:
            return self.__dict__["apps"].get(name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    @property
    def is_fake(self) -> bool:
        return self.control is not None

    def now_ms(self) -> int:
        """Now on the target's clock: the fake's own, or this machine's for a real service."""
        if self.control is not None:
            return self.control.now_ms()
        return int(time.time() * 1000)

    def send(
        self, check: str, provider: str, base_url: str, request: http.Request
    ) -> http.Response:
        """Send a provider request, and record it when ``record`` is on."""
        at = self.now_ms()
        response = http.send(base_url, request)
        if self.recorder is not None:
            host = request.host or urlsplit(base_url).netloc
            self.recorder.add(
                check=check, provider=provider, at=at, request=request, host=host, response=response
            )
        return response

    def start_recording(self) -> Recorder:
        self.recorder = Recorder(self.record_header())
        for name, app in self.apps.items():
            part = self.parts[name]
            self.recorder.secret(part.secret(app), part.secret_kind)
        return self.recorder

    def record_header(self) -> dict[str, Any]:
        """What a replay needs to rebuild the apps: ids and subdomains, never secrets."""
        header: dict[str, Any] = {"profile": self.profile, "fake": self.is_fake}
        for name, app in self.apps.items():
            header[name] = self.parts[name].header(app)
        return header

    def login(self, provider: str, app_id: str) -> str:
        """A credential the fake issued (only on a fake); recorded as a secret to re-issue on replay."""
        assert self.control is not None, NEEDS_FAKE_REASON
        login = self.parts[provider].login
        assert login is not None, f"the {provider} fake issues no credential"
        token = login(self.control, app_id)
        if self.recorder is not None:
            self.recorder.secret(token, "user_token", issued=True, app_id=app_id, provider=provider)
        return token

    def close(self) -> None:
        fake, self._fake = self._fake, None  # forgotten first: a second close does nothing
        if fake is not None:
            fake.stop()


def parse_target_option(
    text: str, parts: dict[str, ContractPart] | None = None
) -> dict[str, str]:
    """``name=URL,...`` as a dict: each key one a provider's part takes (its name or an extra)."""
    parts = contract_parts() if parts is None else parts
    owner = {key: name for name, part in parts.items() for key in part.keys}
    urls: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        key, sep, url = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in owner or not url.strip():
            allowed = ", ".join(f"{key}=URL" for key in owner)
            raise TargetError(f"--fakepush-target: {item!r} is not one of {allowed}")
        address = urlsplit(url.strip())
        if address.scheme not in ("http", "https") or not address.netloc:
            raise TargetError(f"--fakepush-target: {url!r} is not an http(s) URL")
        urls[key] = url.strip().rstrip("/")
    if not any(name in urls for name in parts):
        raise TargetError(f"--fakepush-target names none of {', '.join(parts)}")
    for key in urls:
        if owner[key] not in urls:
            raise TargetError(f"--fakepush-target: {key} needs {owner[key]}=URL too")
    return urls


def _credentials(name: str, part: ContractPart, control: AdminControl | None) -> tuple[str, str]:
    """The provider's credentials from the environment; a remote fake may use its defaults."""
    values = [os.environ.get(variable, "") for variable in part.environment]
    if all(values):
        return values[0], values[1]
    if control is not None:
        return part.remote_defaults
    missing = [variable for variable, value in zip(part.environment, values) if not value]
    raise TargetError(f"the {name} target needs the environment variables {', '.join(missing)}")


def remote_target(text: str, profile: str | None = None, providers: Any = ALL) -> Target:
    """A target at the URLs given; a fakepush fake there is recognised by ``/_fakepush/health``."""
    parts = contract_parts(providers)
    urls = parse_target_option(text, parts)
    control: AdminControl | None = None
    first_url = next(urls[name] for name in parts if name in urls)
    probe = AdminControl(first_url, os.environ.get("FAKEPUSH_ADMIN_TOKEN") or None)
    if probe.is_fakepush():
        control = probe
    apps = {}
    for name, part in parts.items():
        if name in urls:
            app_id, secret = _credentials(name, part, control)
            apps[name] = part.target.remote(urls, app_id, secret, control)
    if profile is None:
        profile = control.profile() if control is not None else "docs"
        if profile == "auto":  # the checks' own client is no official SDK: documents' shapes
            profile = "docs"
    kind = "a fakepush fake" if control is not None else "a real service"
    return Target(apps, profile, control, f"{kind} at {text}", parts)


def in_process_target(profile: str = "docs", providers: Any = ALL) -> Target:
    """A fresh ``FakePush`` on a loopback port, with apps of its own so no default data is touched."""
    # Here, not at the top: a run against a real service never loads the fake's server.
    from fakepush.handle import FakePush

    parts = contract_parts(providers)
    suffix = uuid.uuid4().hex[:8]
    configs = {name: part.target.contract_app(suffix) for name, part in parts.items()}
    apps_of = {f"{name}_apps": [config] for name, config in configs.items()}
    fake = FakePush(profile=profile, providers=providers, **apps_of).start()
    apps = {name: parts[name].target.in_process(fake.url, configs[name]) for name in parts}
    description = f"an in-process fakepush fake at {fake.url} (profile {profile})"
    target = Target(apps, profile, InProcessControl(fake), description, parts)
    target._fake = fake
    return target
