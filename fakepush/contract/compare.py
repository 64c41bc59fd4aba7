"""Replaying a record against a fresh in-process fake, and the differences that matter.

What is compared: the HTTP status, the provider's error code, and the JSON shape (types
and keys). Values are not: objectIds, tokens and timestamps differ by nature. Before each
request the fake's clock is frozen at the instant the request was recorded, so
expirations and the clock moves of the checks replay as they happened.
"""

from __future__ import annotations

import base64
import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fakepush.contract import http
from fakepush.contract.target import InProcessControl, contract_parts
from fakepush.handle import FakePush
from fakepush.providers.contract import ContractPart

_SCALARS = {type(None): "null", bool: "bool", int: "number", float: "number", str: "string"}


def shape(value: Any) -> Any:
    """The JSON shape of a value: dicts keep their keys, lists merge their items' shapes."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in sorted(value.items())}
    if isinstance(value, list):
        merged = {json.dumps(shape(item), sort_keys=True): shape(item) for item in value}
        return [merged[key] for key in sorted(merged)]
    return _SCALARS.get(type(value), type(value).__name__)


def error_code(status: int, body: Any) -> Any:
    if status >= 400 and isinstance(body, dict):
        return body.get("code")
    return None


@dataclass
class Difference:
    check: str
    request: str
    what: str
    recorded: Any
    replayed: Any

    def __str__(self) -> str:
        def show(value: Any) -> str:
            return json.dumps(value, sort_keys=True, ensure_ascii=False)

        return (
            f"{self.check}\n  {self.request}\n  {self.what}: recorded {show(self.recorded)}\n"
            f"  {' ' * len(self.what)}  replayed {show(self.replayed)}"
        )


def compare_exchange(
    check: str, request: str, recorded: dict, replayed: http.Response
) -> list[Difference]:
    body = replayed.json_or_text()
    found = []
    if recorded["status"] != replayed.status:
        found.append(Difference(check, request, "status", recorded["status"], replayed.status))
    recorded_code = error_code(recorded["status"], recorded["body"])
    replayed_code = error_code(replayed.status, body)
    if recorded_code != replayed_code:
        found.append(Difference(check, request, "error code", recorded_code, replayed_code))
    if shape(recorded["body"]) != shape(body):
        found.append(Difference(check, request, "shape", shape(recorded["body"]), shape(body)))
    return found


class Replay:
    """A fresh fake rebuilt from a record's header, with fresh values for every secret."""

    def __init__(self, record: dict[str, Any], profile: str) -> None:
        header = record.get("target", {})
        self.fresh: dict[str, str] = {}
        for secret in record.get("secrets", []):
            if secret["kind"] != "user_token" or not secret.get("issued"):
                self.fresh[secret["placeholder"]] = f"replay-{secret['kind']}-{uuid.uuid4().hex}"
        secrets_by_kind = {s["kind"]: s["placeholder"] for s in record.get("secrets", [])}
        parts = contract_parts()
        apps = {}
        for name, part in parts.items():
            if name in header:
                secret = self.fresh.get(secrets_by_kind.get(part.secret_kind, ""), "SECRET")
                apps[f"{name}_apps"] = [part.replay_app(header[name], secret)]
        self.fake = FakePush(profile=profile, **apps).start()
        control = InProcessControl(self.fake)
        for secret in record.get("secrets", []):
            if secret["kind"] == "user_token" and secret.get("issued"):
                self.fresh[secret["placeholder"]] = _issuer(parts, secret)(
                    control, secret.get("app_id")
                )

    def _fill(self, text: str, in_path: bool = False) -> str:
        for mark, value in self.fresh.items():
            text = text.replace(mark, quote(value, safe="") if in_path else value)
        return text

    def send(self, exchange: dict[str, Any]) -> http.Response:
        request = exchange["request"]
        self.fake.clock.freeze(exchange["at"])
        if request.get("body_base64") is not None:
            body: bytes | None = base64.b64decode(request["body_base64"])
        elif request.get("body") is not None:
            body = self._fill(request["body"]).encode("utf-8")
        else:
            body = None
        return http.send(
            self.fake.url,
            http.Request(
                request["method"],
                self._fill(request["path"], in_path=True),
                {name: self._fill(value) for name, value in request["headers"].items()},
                body,
                request.get("host"),
            ),
        )

    def close(self) -> None:
        self.fake.stop()


def _issuer(parts: dict[str, ContractPart], secret: dict[str, Any]) -> Any:
    """The login of the provider that issued a recorded credential (records before the
    ``provider`` field: the one provider that issues any)."""
    name = secret.get("provider") or next(n for n, p in parts.items() if p.login is not None)
    login = parts[name].login
    assert login is not None, f"{name} issues no credential"
    return login


def compare(record: dict[str, Any], profile: str = "docs") -> tuple[int, list[Difference]]:
    """Replay every exchange in order; returns how many were replayed and the differences."""
    # The fresh fake's server would log every replayed request on stderr.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    replay = Replay(record, profile)
    differences: list[Difference] = []
    try:
        for exchange in record.get("exchanges", []):
            response = replay.send(exchange)
            request = exchange["request"]
            label = f"{request['method']} {request['path']}"
            differences += compare_exchange(
                exchange["check"], label, exchange["response"], response
            )
    finally:
        replay.close()
    return len(record.get("exchanges", [])), differences
