"""The store at scale, in a child process per measurement: ``python -m bench.scale KIND N``.

KIND ``latency``: a store of 1,000 devices and one of N, measured batch by batch in turn,
register (new device) and retrieve (a random stored one), as the routes call them.
KIND ``request-latency``: the same through the test client of a FakePush, the latency
a test sees (no sockets, so the machine's noise stays small).
KIND ``memory``: resident memory added per registration row while filling N rows, for
fakepush's store and for a dict-of-dicts layout of the same rows.
KIND ``expiry``: a store where N rows expired at once on the fake's clock, against one
holding the same N rows unexpired: the same operations on other devices, in turn.
The third argument is the number of batch rounds, or for ``memory`` the layout
(``fakepush`` or ``dict-of-dicts``). Bodies come from ``json.loads``, as a request's do, so no string is shared by accident.
Each row is one device on one channel with a 64-character token (an APNs token's size).
It prints one JSON object.
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import time
import uuid
from typing import Any

SMALL = 1_000
BATCH = 200


def body_bytes(device_id: str, expiration: int | None = None) -> bytes:
    token = uuid.uuid4().hex + uuid.uuid4().hex
    body: dict[str, Any] = {
        "deviceId": device_id,
        "deviceToken": token,
        "os": "IOS",
        "osVersion": "17.4",
        "channels": ["default"],
    }
    if expiration is not None:
        body["expiration"] = expiration
    return json.dumps(body).encode()


def rss_bytes() -> int:
    with open("/proc/self/statm") as statm:
        import os

        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def new_store() -> Any:
    from fakepush.providers.backendless.store import BackendlessStore
    from fakepush.clock import Clock

    return BackendlessStore(Clock())


def fill(
    store: Any, count: int, prefix: str, expiration: int | None = None, keep_ids: bool = True
) -> list[str]:
    app = store.app_by_id()
    ids = []
    for i in range(count):
        device_id = f"{prefix}-{i:07d}"
        store.register(app, json.loads(body_bytes(device_id, expiration)))
        if keep_ids:
            ids.append(device_id)
    return ids


def batch_times(store: Any, ids: list[str], tag: str, rng: random.Random) -> tuple[float, float]:
    """Seconds per register and per retrieve over one batch of BATCH each."""
    app = store.app_by_id()
    bodies = [json.loads(body_bytes(f"{tag}-{i}")) for i in range(BATCH)]
    started = time.perf_counter()
    for body in bodies:
        store.register(app, body)
    register = (time.perf_counter() - started) / BATCH
    picks = [rng.choice(ids) for _ in range(BATCH)]
    started = time.perf_counter()
    for device_id in picks:
        store.retrieve(app, device_id)
    retrieve = (time.perf_counter() - started) / BATCH
    return register, retrieve


def client_batch_times(
    fake: Any, ids: list[str], tag: str, rng: random.Random
) -> tuple[float, float]:
    """Seconds per register and per retrieve request through the fake's test client."""
    client = fake.client()
    base = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"
    bodies = [body_bytes(f"{tag}-{i}") for i in range(BATCH)]
    started = time.perf_counter()
    for body in bodies:
        client.post(base, data=body, content_type="application/json")
    register = (time.perf_counter() - started) / BATCH
    picks = [rng.choice(ids) for _ in range(BATCH)]
    started = time.perf_counter()
    for device_id in picks:
        client.get(f"{base}/{device_id}")
    retrieve = (time.perf_counter() - started) / BATCH
    fake.journal.clear()  # the journal grows alike in both; keep it from dominating memory
    return register, retrieve


def compare(
    stores: dict[str, tuple[Any, list[str]]], rounds: int, measure: Any = batch_times
) -> dict[str, Any]:
    """Batches on each store in turn, ``rounds`` times; medians per store, in microseconds."""
    rng = random.Random(8)
    times: dict[str, dict[str, list[float]]] = {
        name: {"register": [], "retrieve": []} for name in stores
    }
    for r in range(rounds):
        for name, (store, ids) in stores.items():
            register, retrieve = measure(store, ids, f"{name}-batch{r}", rng)
            times[name]["register"].append(register)
            times[name]["retrieve"].append(retrieve)
    return {
        name: {op: statistics.median(v) * 1e6 for op, v in ops.items()}
        for name, ops in times.items()
    }


def latency(n: int, rounds: int) -> dict[str, Any]:
    small, big = new_store(), new_store()
    small_ids = fill(small, SMALL, "small")
    big_ids = fill(big, n, "big")
    gc.collect()
    return compare({"small": (small, small_ids), "big": (big, big_ids)}, rounds)


def request_latency(n: int, rounds: int) -> dict[str, Any]:
    """As ``latency``, through the test client of two FakePush handles (1,000 and N rows)."""
    from fakepush import FakePush

    small, big = FakePush(), FakePush()
    small_ids = fill(small.state.backendless, SMALL, "small")
    big_ids = fill(big.state.backendless, n, "big")
    gc.collect()
    return compare(
        {"small": (small, small_ids), "big": (big, big_ids)}, rounds, client_batch_times
    )


def dict_of_dicts_fill(count: int) -> dict[str, Any]:
    """The naive layout: a dict per device holding a dict per channel row."""
    devices: dict[str, Any] = {}
    for i in range(count):
        body = json.loads(body_bytes(f"dod-{i:07d}"))
        now = int(time.time() * 1000)
        devices[body["deviceId"]] = {
            "deviceToken": body["deviceToken"],
            "os": body["os"],
            "osVersion": body["osVersion"],
            "registrations": {
                channel: {
                    "objectId": str(uuid.uuid4()).upper(),
                    "channel": channel,
                    "expiration": body.get("expiration"),
                    "ownerId": None,
                    "created": now,
                    "updated": now,
                }
                for channel in body["channels"]
            },
        }
    return devices


def memory(layout: str, n: int) -> dict[str, Any]:
    gc.collect()
    before = rss_bytes()
    if layout == "fakepush":
        keep: Any = new_store()
        fill(keep, n, "mem", keep_ids=False)
    else:
        keep = dict_of_dicts_fill(n)
    gc.collect()
    return {"bytes_per_row": (rss_bytes() - before) / n}


def expiry(n: int, rounds: int) -> dict[str, Any]:
    """Latency on live devices in a store where ``n`` rows have expired, batches in turn
    with a store holding the same ``n`` rows unexpired (each store has its own clock)."""
    expired, unexpired = new_store(), new_store()
    expired.clock.freeze()
    now = int(expired.clock.now_ms())
    fill(expired, n, "expiring", expiration=now + 60_000, keep_ids=False)
    fill(unexpired, n, "lasting", keep_ids=False)
    expired_ids = fill(expired, SMALL, "live")
    unexpired_ids = fill(unexpired, SMALL, "live")
    expired.clock.advance(120_000)  # every "expiring" row is now past its expiration
    gc.collect()
    return compare(
        {"before": (unexpired, unexpired_ids), "after": (expired, expired_ids)}, rounds
    )


def main(argv: list[str]) -> int:
    kind, n, extra = argv[0], int(argv[1]), argv[2]
    if kind == "latency":
        result = latency(n, int(extra))
    elif kind == "request-latency":
        result = request_latency(n, int(extra))
    elif kind == "memory":
        result = memory(extra, n)
    elif kind == "expiry":
        result = expiry(n, int(extra))
    else:
        raise SystemExit(f"unknown kind {kind!r}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
