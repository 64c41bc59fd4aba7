"""DeviceRegistration finds at scale: ``python -m bench.table_find [N] [ROUNDS]``.

Two stores, one of 1,000 rows and one of N (default 1,000,000), each row one device on
one channel with a 64-character token, every two devices owned by one user. Batches of
finds with ``deviceToken = '...'`` and with ``user.objectId = '...'`` (random stored
values, so each answers one or two rows) run on each store in turn; the ratio of the
medians, big over small, is the cost of the table's size. An index keeps it near 1x;
a scan would make it about N / 1,000. The first find of each kind builds its index
(table.py) and is left out, as a warm-up.
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


def filled_store(count: int, prefix: str) -> tuple[Any, list[str], list[str]]:
    """A store of ``count`` rows, with the tokens and user ids it holds."""
    from fakepush.backendless.store import BackendlessStore
    from fakepush.clock import Clock

    store = BackendlessStore(Clock())
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
    return store, tokens, users


def batch_seconds(store: Any, clauses: list[str]) -> float:
    app = store.app_by_id()
    started = time.perf_counter()
    for clause in clauses:
        if not store.table.find(app, {"where": clause}, None):
            raise AssertionError(f"no row for {clause}")
    return (time.perf_counter() - started) / len(clauses)


def clauses(kind: str, values: list[str], rng: random.Random) -> list[str]:
    return [f"{kind} = '{rng.choice(values)}'" for _ in range(BATCH)]


def measure(n: int, rounds: int) -> dict[str, Any]:
    rng = random.Random(13)
    stores = {"small": filled_store(SMALL, "small"), "big": filled_store(n, "big")}
    gc.collect()
    for store, tokens, users in stores.values():  # warm-up: builds the indexes
        batch_seconds(store, [f"deviceToken = '{tokens[0]}'", f"user.objectId = '{users[0]}'"])
    times: dict[str, dict[str, list[float]]] = {k: {"small": [], "big": []} for k in KINDS}
    for _ in range(rounds):
        for name, (store, tokens, users) in stores.items():
            times["deviceToken"][name].append(batch_seconds(store, clauses("deviceToken", tokens, rng)))
            times["user.objectId"][name].append(batch_seconds(store, clauses("user.objectId", users, rng)))
    result: dict[str, Any] = {"rows": n, "rounds": rounds}
    for kind in KINDS:
        small = statistics.median(times[kind]["small"]) * 1e6
        big = statistics.median(times[kind]["big"]) * 1e6
        result[kind] = {"small_us": small, "big_us": big, "ratio": big / small,
                        "verdict": "pass" if big / small <= TARGET else "miss"}
    return result


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 1_000_000
    rounds = int(argv[1]) if len(argv) > 1 else 15
    result = measure(n, rounds)
    for kind in KINDS:
        row = result[kind]
        print(f"find where {kind} = '...' at {n:,} rows: {row['big_us']:.1f} us vs "
              f"{row['small_us']:.1f} us at {SMALL:,}: {row['ratio']:.2f}x "
              f"(target <= {TARGET}x) {row['verdict']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
