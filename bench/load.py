"""Load a live fakepush from many threads and prove that nothing acknowledged was lost.

Each thread owns its own devices (and, where the Sendbird provider exists, its own users),
so the state the fake must end in follows from that thread's acknowledged responses
alone: a 200 to a register means the rows exist with the objectIds it named, a 200 to a
cancel means they are gone. At the end the fake's state is compared with that model:
``lost`` rows were acknowledged but are missing, ``phantom`` rows exist but nobody was
told so. Every request goes over a persistent ``http.client`` connection per thread.

Usage (from the repository root)::

    python bench/load.py [--count 20000] [--threads 8] [--duration 120] [--apps 3]

It prints the requests held, requests per second, errors and lost registrations, and the
same rate for a baseline of ``GET …/info`` measured in the same run (a ratio, never an
absolute limit). The exit status is 1 when anything was lost or failed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

CHANNELS = ("default", "news", "alerts", "sport", "promo")
OS_NAMES = ("ANDROID", "IOS", "WP", "OSX", "Linux")
DEVICES_PER_THREAD = 60
USERS_PER_THREAD = 20
TOKEN_TYPES = ("gcm", "huawei", "apns")
TOKEN_FIELDS = {"gcm": "gcm_reg_token", "huawei": "huawei_device_token", "apns": "apns_device_token"}
MAX_TOKENS_PER_TYPE = 20


@dataclass
class LoadResult:
    """What one run did and found."""

    requests: int = 0
    seconds: float = 0.0
    statuses: Counter = field(default_factory=Counter)
    server_errors: int = 0
    connection_errors: int = 0
    # A response that contradicts what the thread had been told before (e.g. a retrieve
    # of an acknowledged registration answering 5000).
    inconsistent: list[str] = field(default_factory=list)
    lost: list[Any] = field(default_factory=list)
    phantom: list[Any] = field(default_factory=list)
    changed: list[Any] = field(default_factory=list)
    expected_rows: int = 0
    expected_tokens: int = 0
    # The threads' models, kept so that the final state can be compared again.
    workers: dict[str, list[Any]] = field(default_factory=dict, repr=False)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def failures(self) -> list[str]:
        """Every reason this run is not clean, in words; empty when it is."""
        problems = []
        if self.server_errors:
            problems.append(f"{self.server_errors} responses with a 5xx status")
        if self.connection_errors:
            problems.append(f"{self.connection_errors} connection errors")
        if self.inconsistent:
            problems.append(f"{len(self.inconsistent)} inconsistent answers: {self.inconsistent[:5]}")
        if self.lost:
            problems.append(f"{len(self.lost)} lost: {self.lost[:5]}")
        if self.phantom:
            problems.append(f"{len(self.phantom)} phantom: {self.phantom[:5]}")
        if self.changed:
            problems.append(f"{len(self.changed)} changed: {self.changed[:5]}")
        return problems


class Connection:
    """One persistent HTTP/1.1 connection that reconnects after an error (counted)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=30)

    def request(
        self, method: str, path: str, body: Any = None, headers: dict[str, str] | None = None
    ) -> tuple[int, Any]:
        headers = dict(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=30)
            raise
        return response.status, json.loads(raw) if raw else None

    def close(self) -> None:
        self.conn.close()


# -- Backendless ---------------------------------------------------------------------------


class BackendlessWorker:
    """One thread's devices and the model of them built from acknowledged responses only."""

    def __init__(self, tid: int, apps: list[dict[str, Any]], rng: random.Random) -> None:
        self.tid = tid
        self.rng = rng
        self.apps = apps
        self.devices = [
            (apps[i % len(apps)], f"load-t{tid}-d{i}") for i in range(DEVICES_PER_THREAD)
        ]
        # (app_id, device_id) -> {"token": str, "channels": {channel: objectId}}
        self.model: dict[tuple[str, str], dict[str, Any]] = {}
        self.uncertain: set[tuple[str, str]] = set()
        self.serial = 0

    def _path(self, app: dict[str, Any], suffix: str) -> tuple[str, dict[str, str]]:
        """Half the requests use the path form, half the domain form (app chosen by Host)."""
        if app.get("subdomain") and self.rng.random() < 0.5:
            return f"/api/messaging/registrations{suffix}", {
                "Host": f"{app['subdomain']}.backendless.app"
            }
        return f"/{app['app_id']}/{app['api_key']}/messaging/registrations{suffix}", {}

    def step(self, conn: Connection, result: LoadResult) -> None:
        app, device_id = self.rng.choice(self.devices)
        key = self.last_key = (app["app_id"], device_id)
        op = self.rng.choices(("register", "retrieve", "cancel"), weights=(50, 30, 20))[0]
        if op == "register":
            self.serial += 1
            channels = self.rng.sample(CHANNELS, self.rng.randint(0, 3))
            body = {
                "deviceId": device_id,
                "deviceToken": f"tok-{self.tid}-{self.serial}",
                "os": self.rng.choice(OS_NAMES),
                "osVersion": str(self.rng.randint(1, 20)),
                "channels": channels,
            }
            path, headers = self._path(app, "")
            status, payload = self._send(conn, result, key, "POST", path, body, headers)
            if status == 200:
                self._registered(key, body, payload, result)
        elif op == "retrieve":
            path, headers = self._path(app, f"/{device_id}")
            status, payload = self._send(conn, result, key, "GET", path, None, headers)
            self._check_retrieve(key, status, payload, result)
        else:
            path, headers = self._path(app, f"/{device_id}")
            status, payload = self._send(conn, result, key, "DELETE", path, None, headers)
            known = key in self.model
            if status == 200 and payload == {"result": True}:
                if not known and key not in self.uncertain:
                    result.inconsistent.append(f"cancel of unregistered {key} answered 200")
                self.model.pop(key, None)
            elif status == 400 and _code(payload) == 5001:
                if known:
                    result.inconsistent.append(f"cancel of registered {key} answered 5001")
            elif status is not None:
                result.inconsistent.append(f"cancel {key}: {status} {payload}")

    def _send(self, conn, result, key, method, path, body, headers):  # type: ignore[no-untyped-def]
        result.requests += 1
        try:
            status, payload = conn.request(method, path, body, headers)
        except (OSError, http.client.HTTPException, ValueError):
            result.connection_errors += 1
            self.uncertain.add(key)  # we cannot know whether the fake applied it
            return None, None
        result.statuses[status] += 1
        if status >= 500:
            result.server_errors += 1
            self.uncertain.add(key)
        return status, payload

    def _registered(self, key, body, payload, result) -> None:  # type: ignore[no-untyped-def]
        pairs = [pair.split("::", 1) for pair in payload["registrationId"].split(",")]
        named = list(dict.fromkeys(body["channels"])) or ["default"]
        if [channel for _, channel in pairs] != named:
            result.inconsistent.append(f"register {key}: {payload} for channels {named}")
        entry = self.model.setdefault(key, {"token": None, "channels": {}})
        for object_id, channel in pairs:
            kept = entry["channels"].get(channel)
            if kept is not None and kept != object_id:
                result.inconsistent.append(f"re-register {key} changed objectId of {channel}")
            entry["channels"][channel] = object_id
        entry["token"] = body["deviceToken"]

    def _check_retrieve(self, key, status, payload, result) -> None:  # type: ignore[no-untyped-def]
        if status is None or key in self.uncertain:
            return
        entry = self.model.get(key)
        if entry is None:
            if not (status == 400 and _code(payload) == 5000):
                result.inconsistent.append(f"retrieve of unregistered {key}: {status} {payload}")
            return
        if status != 200:
            result.inconsistent.append(f"retrieve of registered {key}: {status} {payload}")
            return
        if payload["deviceToken"] != entry["token"] or set(payload["channels"]) != set(
            entry["channels"]
        ):
            result.inconsistent.append(f"retrieve {key}: {payload} but expected {entry}")

    def expected_rows(self) -> dict[tuple[str, str, str], tuple[str, str]]:
        """(app_id, deviceId, channel) -> (objectId, deviceToken), for certain devices."""
        rows = {}
        for (app_id, device_id), entry in self.model.items():
            if (app_id, device_id) in self.uncertain:
                continue
            for channel, object_id in entry["channels"].items():
                rows[(app_id, device_id, channel)] = (object_id, entry["token"])
        return rows


def _code(payload: Any) -> Any:
    return payload.get("code") if isinstance(payload, dict) else None


# -- Sendbird ------------------------------------------------------------------------------


class SendbirdWorker:
    """One thread's users and their push tokens, modelled from acknowledged responses."""

    def __init__(self, tid: int, apps: list[dict[str, Any]], rng: random.Random) -> None:
        self.tid = tid
        self.rng = rng
        self.users = [(apps[i % len(apps)], f"load-t{tid}-u{i}") for i in range(USERS_PER_THREAD)]
        # (app_id, user_id) -> {token_type: [tokens oldest first]}; absent = no such user
        self.model: dict[tuple[str, str], dict[str, list[str]]] = {}
        self.uncertain: set[tuple[str, str]] = set()
        self.serial = 0

    def _headers(self, app: dict[str, Any]) -> dict[str, str]:
        return {"Host": f"api-{app['app_id']}.sendbird.com", "Api-Token": app["api_token"]}

    def step(self, conn: Connection, result: LoadResult) -> None:
        app, user_id = self.rng.choice(self.users)
        key = self.last_key = (app["app_id"], user_id)
        headers = self._headers(app)
        send = lambda method, path, body=None: self._send(  # noqa: E731
            conn, result, key, method, path, body, headers
        )
        if key not in self.model:
            status, payload = send(
                "POST", "/v3/users", {"user_id": user_id, "nickname": user_id, "profile_url": ""}
            )
            if status == 200:
                self.model[key] = {t: [] for t in TOKEN_TYPES}
            elif status is not None and not (status == 400 and _code(payload) == 400202):
                result.inconsistent.append(f"create {key}: {status} {payload}")
            return
        op = self.rng.choices(("add", "list", "remove", "remove_all"), weights=(50, 30, 15, 5))[0]
        token_type = self.rng.choice(TOKEN_TYPES)
        tokens = self.model[key][token_type]
        if op == "add":
            if tokens and self.rng.random() < 0.2:
                token = self.rng.choice(tokens)  # idempotent re-add: moves to newest
            else:
                self.serial += 1
                token = f"t{self.tid}:{self.serial}/x"  # tokens may hold "/" and ":"
            status, payload = send(
                "POST", f"/v3/users/{user_id}/push/{token_type}", {TOKEN_FIELDS[token_type]: token}
            )
            if status == 200:
                if token in tokens:
                    tokens.remove(token)
                tokens.append(token)
                del tokens[:-MAX_TOKENS_PER_TYPE]
            elif status is not None:
                result.inconsistent.append(f"add token {key}: {status} {payload}")
        elif op == "list":
            status, payload = send("GET", f"/v3/users/{user_id}/push/{token_type}")
            if status is None or key in self.uncertain:
                return
            if status != 200 or payload.get("tokens") != tokens:
                result.inconsistent.append(f"list {key} {token_type}: {status} {payload} != {tokens}")
        elif op == "remove":
            if not tokens:
                return
            token = self.rng.choice(tokens)
            quoted = _quote(token)
            status, payload = send("DELETE", f"/v3/users/{user_id}/push/{token_type}/{quoted}")
            if status == 200:
                tokens.remove(token)
            elif status is not None:
                result.inconsistent.append(f"remove token {key}: {status} {payload}")
        else:
            status, payload = send("DELETE", f"/v3/users/{user_id}/push")
            if status == 200:
                for token_type in TOKEN_TYPES:
                    self.model[key][token_type] = []
            elif status is not None:
                result.inconsistent.append(f"remove all {key}: {status} {payload}")

    _send = BackendlessWorker._send

    def expected_tokens(self) -> dict[tuple[str, str], dict[str, list[str]]]:
        return {k: v for k, v in self.model.items() if k not in self.uncertain}


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


# -- running -------------------------------------------------------------------------------


def run_load(
    fake: Any,
    *,
    count: int = 20000,
    threads: int = 8,
    duration: float = 120.0,
    seed: int = 0,
    backendless_apps: list[dict[str, Any]] | None = None,
    sendbird_apps: list[dict[str, Any]] | None = None,
    compare_with: Any = None,
) -> LoadResult:
    """Send ``count`` requests from ``threads`` threads (stopping at ``duration`` seconds)
    to a running ``FakePush`` and compare its final state with the acknowledged answers.

    ``compare_with``: a callable giving what to read the final state from, when ``fake``
    is only a URL (a server in another process: bench/crash.py).

    Sendbird load is mixed in only when ``sendbird_apps`` are given.
    """
    host, port = _host_port(fake.url)
    backendless_apps = backendless_apps or [
        {"app_id": fake.backendless.app_id, "api_key": fake.backendless.api_key,
         "subdomain": fake.backendless.subdomain}
    ]
    deadline = time.monotonic() + duration
    results = [LoadResult() for _ in range(threads)]
    backendless_workers = [
        BackendlessWorker(t, backendless_apps, random.Random(seed * 1000 + t)) for t in range(threads)
    ]
    sendbird_workers = (
        [SendbirdWorker(t, sendbird_apps, random.Random(seed * 1000 + 500 + t)) for t in range(threads)]
        if sendbird_apps
        else []
    )
    shares = [count // threads + (1 if t < count % threads else 0) for t in range(threads)]

    def work(t: int) -> None:
        conn = Connection(host, port)
        rng = random.Random(seed * 1000 + 900 + t)
        result = results[t]
        try:
            while result.requests < shares[t] and time.monotonic() < deadline:
                if sendbird_workers and rng.random() < 0.4:
                    sendbird_workers[t].step(conn, result)
                else:
                    backendless_workers[t].step(conn, result)
        finally:
            conn.close()

    started = time.perf_counter()
    pool = [threading.Thread(target=work, args=(t,), name=f"load-{t}") for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    total = LoadResult(seconds=time.perf_counter() - started)
    for result in results:
        total.requests += result.requests
        total.statuses.update(result.statuses)
        total.server_errors += result.server_errors
        total.connection_errors += result.connection_errors
        total.inconsistent.extend(result.inconsistent)

    total.workers = {"backendless": backendless_workers, "sendbird": sendbird_workers}
    compare(fake if compare_with is None else compare_with(), total, backendless_apps,
            sendbird_apps or [])
    return total


def compare(
    fake: Any,
    result: LoadResult,
    backendless_apps: list[dict[str, Any]],
    sendbird_apps: list[dict[str, Any]],
) -> None:
    """Fill ``result``'s lost / phantom / changed from the fake's state and the models."""
    result.lost, result.phantom, result.changed = [], [], []
    _compare_backendless(fake, backendless_apps, result.workers["backendless"], result)
    if result.workers.get("sendbird"):
        _compare_sendbird(fake, sendbird_apps, result.workers["sendbird"], result)


def _compare_backendless(fake, apps, workers, total: LoadResult) -> None:  # type: ignore[no-untyped-def]
    expected: dict[tuple[str, str, str], tuple[str, str]] = {}
    uncertain: set[tuple[str, str]] = set()
    for worker in workers:
        expected.update(worker.expected_rows())
        uncertain |= worker.uncertain
    actual = {}
    for app in apps:
        for row in fake.backendless.registrations(app["app_id"]):
            if (app["app_id"], row["deviceId"]) in uncertain:
                continue
            key = (app["app_id"], row["deviceId"], row["channel"])
            actual[key] = (row["objectId"], row["deviceToken"])
    total.expected_rows = len(expected)
    total.lost.extend(sorted(set(expected) - set(actual)))
    total.phantom.extend(sorted(set(actual) - set(expected)))
    total.changed.extend(
        sorted(k for k in set(expected) & set(actual) if expected[k] != actual[k])
    )


def _compare_sendbird(fake, apps, workers, total: LoadResult) -> None:  # type: ignore[no-untyped-def]
    expected: dict[tuple[str, str], dict[str, list[str]]] = {}
    for worker in workers:
        expected.update(worker.expected_tokens())
    actual_users = {
        (app["app_id"], user["user_id"])
        for app in apps
        for user in fake.sendbird.users(app["app_id"])
    }
    total.lost.extend(sorted(k for k in expected if k not in actual_users))
    load_users = {k for k in actual_users if k[1].startswith("load-")}
    uncertain = set().union(*(w.uncertain for w in workers))
    total.phantom.extend(sorted(load_users - set(expected) - uncertain))
    for (app_id, user_id), tokens in expected.items():
        if (app_id, user_id) not in actual_users:
            continue
        total.expected_tokens += sum(len(v) for v in tokens.values())
        held = fake.sendbird.tokens(user_id, app_id=app_id)
        for token_type in TOKEN_TYPES:
            want, have = tokens[token_type], list(held.get(token_type, []))
            total.lost.extend((app_id, user_id, token_type, t) for t in want if t not in have)
            total.phantom.extend((app_id, user_id, token_type, t) for t in have if t not in want)
            if set(want) == set(have) and want != have:
                total.changed.append((app_id, user_id, token_type, "order"))


def _host_port(url: str) -> tuple[str, int]:
    hostport = url.split("://", 1)[1].rstrip("/")
    host, _, port = hostport.rpartition(":")
    return host.strip("[]"), int(port)


def baseline_rate(fake: Any, count: int, threads: int) -> float:
    """Requests per second of ``GET …/info`` (no state touched), same server, same run."""
    host, port = _host_port(fake.url)
    path = f"/{fake.backendless.app_id}/{fake.backendless.api_key}/info"
    share = max(1, count // threads)

    def work() -> None:
        conn = Connection(host, port)
        try:
            for _ in range(share):
                conn.request("GET", path)
        finally:
            conn.close()

    pool = [threading.Thread(target=work) for _ in range(threads)]
    started = time.perf_counter()
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    return share * threads / (time.perf_counter() - started)


def load_apps(count: int) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """``count`` Backendless apps and ``count`` Sendbird apps beside the defaults."""
    backendless = [
        {"app_id": f"LOAD-APP-{i}", "api_key": f"LOAD-KEY-{i}", "subdomain": f"load{i}"}
        for i in range(count)
    ]
    sendbird = [{"app_id": f"LOAD{i}", "api_token": f"load-token-{i}"} for i in range(count)]
    return backendless, sendbird


def make_fake(apps: int) -> tuple[Any, list[dict[str, Any]], list[dict[str, Any]] | None]:
    """A started ``FakePush`` with the load apps; Sendbird apps only if the provider exists."""
    import logging

    from fakepush.handle import FakePush

    # Werkzeug's one line per request would cost more than the request itself.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)

    backendless, sendbird = load_apps(apps)
    fake = FakePush(backendless_apps=backendless, sendbird_apps=sendbird)
    fake.start()
    return fake, backendless, sendbird


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20000, help="requests in total")
    parser.add_argument("--threads", type=int, default=8, help="client threads")
    parser.add_argument("--duration", type=float, default=120.0, help="deadline in seconds")
    parser.add_argument("--apps", type=int, default=3, help="apps per provider")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    fake, backendless, sendbird = make_fake(args.apps)
    try:
        baseline = baseline_rate(fake, max(args.threads, args.count // 10), args.threads)
        result = run_load(
            fake,
            count=args.count,
            threads=args.threads,
            duration=args.duration,
            seed=args.seed,
            backendless_apps=backendless,
            sendbird_apps=sendbird,
        )
    finally:
        fake.stop()
    print(f"requests held      {result.requests} of {args.count} in {result.seconds:.1f} s")
    print(f"requests/second    {result.rate:.0f}")
    print(f"baseline GET info  {baseline:.0f} req/s; mix/baseline ratio {result.rate / baseline:.2f}")
    print(f"statuses           {dict(sorted(result.statuses.items()))}")
    print(f"5xx                {result.server_errors}")
    print(f"connection errors  {result.connection_errors}")
    print(f"inconsistent       {len(result.inconsistent)}")
    print(f"expected rows      {result.expected_rows} backendless, {result.expected_tokens} sendbird tokens")
    print(f"lost registrations {len(result.lost)}")
    print(f"phantom            {len(result.phantom)}")
    print(f"changed            {len(result.changed)}")
    problems = result.failures()
    if result.requests < args.count:
        problems.append(f"only {result.requests} of {args.count} requests before the deadline")
    for problem in problems:
        print(f"FAIL: {problem}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
    sys.exit(main())
