"""Live servers over loopback: fakepush's register / retrieve / cancel mix against baselines."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

from bench.client import Connection, HTTPError, Scenario

HOST = "127.0.0.1"
BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
JSON = {"Content-Type": "application/json"}
# moto reads the region and the service from the credential scope; it checks no signature.
SNS_HEADERS = {
    "Content-Type": "application/x-www-form-urlencoded",
    "Authorization": "AWS4-HMAC-SHA256 Credential=testing/20250101/us-east-1/sns/aws4_request, "
    "SignedHeaders=host, Signature=0",
}


@contextmanager
def server(kind: str) -> Iterator[int]:
    """A server of ``kind`` (see bench/serve.py) in a child process; yields its port."""
    # Each server's request log goes to a file: a terminal would slow it and drown the table.
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.serve", kind],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        if not line.startswith("PORT "):
            proc.wait(timeout=10)
            log.seek(0)
            tail = log.read()[-2000:].decode(errors="replace")
            raise RuntimeError(f"bench server {kind!r} did not start: {line!r}\n{tail}")
        yield int(line.split()[1])
    finally:
        log.close()
        proc.stdin.close()  # type: ignore[union-attr]
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _expect(status: int, body: bytes, what: str) -> bytes:
    if status != 200:
        raise HTTPError(f"{what}: {status} {body[:200]!r}")
    return body


def registration_mix(run_id: str) -> Scenario:
    """Register a device, retrieve it, cancel it: three requests, the product's hot path."""

    def step(conn: Connection, index: int, n: int) -> int:
        device_id = f"{run_id}-{index}-{n}"
        body = json.dumps(
            {
                "deviceId": device_id,
                "deviceToken": f"token-{device_id}",
                "os": "ANDROID",
                "osVersion": "14",
                "channels": ["default"],
            }
        ).encode()
        _expect(*conn.request("POST", BASE, body, JSON), "register")
        _expect(*conn.request("GET", f"{BASE}/{device_id}"), "retrieve")
        _expect(*conn.request("DELETE", f"{BASE}/{device_id}"), "cancel")
        return 3

    return step


def canned(conn: Connection, index: int, n: int) -> int:
    """One GET of pytest-httpserver's canned JSON body."""
    _expect(*conn.request("GET", "/canned"), "canned")
    return 1


def sns_setup(port: int) -> str:
    """Create the SNS platform application the endpoints belong to; returns its ARN."""
    conn = Connection(HOST, port)
    body = (
        "Action=CreatePlatformApplication&Name=bench&Platform=GCM"
        "&Attributes.entry.1.key=PlatformCredential&Attributes.entry.1.value=key"
        "&Version=2010-03-31"
    ).encode()
    status, answer = conn.request("POST", "/", body, SNS_HEADERS)
    conn.close()
    match = re.search(rb"<PlatformApplicationArn>([^<]+)<", _expect(status, answer, "sns app"))
    if match is None:
        raise RuntimeError(f"moto answered no PlatformApplicationArn: {answer[:300]!r}")
    return match.group(1).decode()


def sns_mix(app_arn: str, run_id: str) -> Scenario:
    """CreatePlatformEndpoint then GetEndpointAttributes: moto's nearest equivalent."""
    from urllib.parse import quote

    quoted_app = quote(app_arn, safe="")

    def step(conn: Connection, index: int, n: int) -> int:
        create = (
            f"Action=CreatePlatformEndpoint&PlatformApplicationArn={quoted_app}"
            f"&Token=token-{run_id}-{index}-{n}&Version=2010-03-31"
        ).encode()
        answer = _expect(*conn.request("POST", "/", create, SNS_HEADERS), "create endpoint")
        match = re.search(rb"<EndpointArn>([^<]+)<", answer)
        if match is None:
            raise HTTPError(f"no EndpointArn in {answer[:200]!r}")
        get = (
            "Action=GetEndpointAttributes&EndpointArn="
            f"{quote(match.group(1).decode(), safe='')}&Version=2010-03-31"
        ).encode()
        _expect(*conn.request("POST", "/", get, SNS_HEADERS), "get endpoint attributes")
        return 2

    return step
