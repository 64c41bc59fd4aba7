"""DeviceRegistration finds at scale: ``python -m bench.table_find [N] [ROUNDS] [request|store]``.

Two fakes, one of 1,000 rows and one of N (default 1,000,000), each row one device on
one channel with a 64-character token, every two devices owned by one user. Batches of
finds with ``deviceToken = '...'`` and with ``user.objectId = '...'`` (random stored
values, so each answers one or two rows) run on each store in turn; the ratio of the
medians, big over small, is the cost of the table's size. An index keeps it near 1x;
a scan would make it about N / 1,000. The first find of each kind builds its index
(table.py) and is left out, as a warm-up. ``request`` (the judged row) sends each find
as the JS SDK does, ``POST .../data/DeviceRegistration/find`` through the fake's test
client: the cost a test sees. ``store`` calls the table directly (context: with no HTTP
around it, the cache misses of a big heap show).
Prints the table and, last, one JSON line (what bench/run.py reads).
"""

from __future__ import annotations

import gc
import json
import random
import statistics
import sys
import time
from typing import Any

SMALL = 1_000
BATCH = 200
TARGET = 1.1
KINDS = ("deviceToken", "user.objectId")


FIND = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/data/DeviceRegistration/find"


def filled_fake(count: int, prefix: str) -> tuple[Any, list[str], list[str]]:
    """A fake of ``count`` rows, with the tokens and user ids it holds."""
    from fakepush import FakePush

    fake = FakePush()
    store = fake.state.stores["backendless"]
    app = store.app_by_id()
    tokens, users = [], []
    user_token = None
    for i in range(count):
        if i % 2 == 0:
            user = f"{prefix}-user-{i // 2:07d}"
            user_token = store.login(app, user)["user-token"]
            users.append(user)
        token = f"{random.getrandbits(256):064x}"
        body = {"deviceId": f"{prefix}-{i:07d}", "deviceToken": token, "os": "IOS",
                "osVersion": "17.4", "channels": ["default"]}
        store.register(app, json.loads(json.dumps(body)), user_token)
        tokens.append(token)
    return fake, tokens, users


def store_seconds(fake: Any, clauses: list[str]) -> float:
    store = fake.state.stores["backendless"]
    app = store.app_by_id()
    started = time.perf_counter()
    for clause in clauses:
        if not store.table.find(app, {"where": clause}, None):
            raise AssertionError(f"no row for {clause}")
    return (time.perf_counter() - started) / len(clauses)


def request_seconds(fake: Any, clauses: list[str]) -> float:
    client = fake.client()
    bodies = [json.dumps({"pageSize": 10, "offset": 0, "where": c}) for c in clauses]
    started = time.perf_counter()
    for body in bodies:
        response = client.post(FIND, data=body, content_type="application/json")
        if response.status_code != 200 or response.data == b"[]":
            raise AssertionError(f"no row for {body}: {response.data[:200]!r}")
    seconds = (time.perf_counter() - started) / len(bodies)
    fake.journal.clear()  # the journal grows alike in both; keep it from dominating memory
    return seconds


def clauses(kind: str, values: list[str], rng: random.Random) -> list[str]:
    return [f"{kind} = '{rng.choice(values)}'" for _ in range(BATCH)]


def measure(n: int, rounds: int, via: str = "request") -> dict[str, Any]:
    rng = random.Random(13)
    batch_seconds = request_seconds if via == "request" else store_seconds
    stores = {"small": filled_fake(SMALL, "small"), "big": filled_fake(n, "big")}
    gc.collect()
    for store, tokens, users in stores.values():  # warm-up: builds the indexes
        batch_seconds(store, [f"deviceToken = '{tokens[0]}'", f"user.objectId = '{users[0]}'"])
    times: dict[str, dict[str, list[float]]] = {k: {"small": [], "big": []} for k in KINDS}
    for _ in range(rounds):
        for name, (store, tokens, users) in stores.items():
            for kind, values in (("deviceToken", tokens), ("user.objectId", users)):
                times[kind][name].append(batch_seconds(store, clauses(kind, values, rng)))
    result: dict[str, Any] = {"rows": n, "rounds": rounds, "via": via}
    for kind in KINDS:
        small = statistics.median(times[kind]["small"]) * 1e6
        big = statistics.median(times[kind]["big"]) * 1e6
        result[kind] = {"small_us": small, "big_us": big, "ratio": big / small,
                        "verdict": "pass" if big / small <= TARGET else "miss"}
    return result


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1_000_000
    rounds = int(argv[1]) if len(argv) > 1 else 15
    via = argv[2] if len(argv) > 2 else "request"
    result = measure(n, rounds, via)
    for kind in KINDS:
        row = result[kind]
        print(f"find ({via}) where {kind} = '...' at {n:,} rows: {row['big_us']:.1f} us vs "
              f"{row['small_us']:.1f} us at {SMALL:,}: {row['ratio']:.2f}x "
              f"(target <= {TARGET}x) {row['verdict']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
