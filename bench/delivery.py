"""Backendless delivery at scale: ``python -m bench.delivery [TOTAL] [MEMBERS] [ROUNDS]``.

Two rows, each a ratio against a baseline measured in the same run:

- **fan-out**: publishing to a channel of MEMBERS rows (default 100,000) in a store of
  TOTAL rows (default 1,000,000), against the same publish in a store holding only those
  rows. The per-channel index (providers/backendless/delivery.py) keeps it near 1x; a
  scan of the app would make it about TOTAL / MEMBERS. Target: at most 1.1x.
- **clock jump**: one clock move that makes 1,000 scheduled messages due, delivered at
  the next read of the outbox, against 1,000 immediate publishes (each over the test
  client). Target: at most 1.2x.

Prints the table and, last, one JSON line (what ``bench/run.py`` reads); ``rows()`` is
the function the bench table calls.
"""

from __future__ import annotations

import gc
import json
import statistics
import sys
import time
from typing import Any

from fakepush import FakePush

CHANNEL = "followers"
BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging"
FANOUT_TARGET = 1.1
JUMP_TARGET = 1.2


def filled_fake(members: int, others: int) -> FakePush:
    """A fake with ``members`` rows on CHANNEL and ``others`` rows on 100 other channels."""
    fake = FakePush()
    store = fake.state.stores["backendless"]
    app = store.app_by_id()
    for i in range(members + others):
        channel = CHANNEL if i < members else f"other-{i % 100}"
        store.register(app, {"deviceId": f"d-{i:07d}", "deviceToken": f"tok-{i:07d}",
                             "os": "ANDROID" if i % 2 else "IOS", "osVersion": "14",
                             "channels": [channel]})
    return fake


def publish_seconds(fake: FakePush) -> float:
    client = fake.client()
    gc.collect()
    started = time.perf_counter()
    response = client.post(f"{BASE}/{CHANNEL}", json={"message": "hello"})
    seconds = time.perf_counter() - started
    assert response.status_code == 200, response.get_data(as_text=True)
    fake.pushes.clear()
    fake.journal.clear()
    return seconds


def fanout(total: int, members: int, rounds: int) -> dict[str, Any]:
    alone = filled_fake(members, 0)
    crowded = filled_fake(members, total - members)
    small, big = [], []
    for _ in range(rounds):  # interleaved, so drift of the machine hits both alike
        small.append(publish_seconds(alone))
        big.append(publish_seconds(crowded))
    small_s, big_s = statistics.median(small), statistics.median(big)
    return {"alone_s": small_s, "crowded_s": big_s, "ratio": big_s / small_s}


def clock_jump(messages: int, rows: int, rounds: int) -> dict[str, Any]:
    immediate_runs, jump_runs = [], []
    for _ in range(rounds):
        fake = filled_fake(rows, 0)
        client = fake.client()
        fake.clock.freeze(1_893_456_000_000)
        started = time.perf_counter()
        for _ in range(messages):
            client.post(f"{BASE}/{CHANNEL}", json={"message": "now"})
        immediate_runs.append(time.perf_counter() - started)
        fake.pushes.clear()
        for i in range(messages):
            client.post(f"{BASE}/{CHANNEL}",
                        json={"message": "later", "publishAt": 1_893_456_000_000 + 1000 + i})
        started = time.perf_counter()
        fake.clock.advance(2 * messages + 1000)
        delivered = len(fake.pushes)  # the read delivers everything due
        jump_runs.append(time.perf_counter() - started)
        assert delivered == min(messages * rows, fake.pushes.limit), delivered
    immediate, jump = statistics.median(immediate_runs), statistics.median(jump_runs)
    return {"immediate_s": immediate, "jump_s": jump, "ratio": jump / immediate}


def rows(total: int = 1_000_000, members: int = 100_000, rounds: int = 3) -> list[dict]:
    """The two bench rows: name, fakepush and baseline seconds, ratio, target, verdict."""
    spread = fanout(total, members, rounds)
    jump = clock_jump(1000, 5, rounds)
    return [
        {"benchmark": f"publish to {members:,} rows in a store of {total:,}",
         "value_s": spread["crowded_s"], "baseline": f"same {members:,} rows alone",
         "baseline_s": spread["alone_s"], "ratio": spread["ratio"],
         "target": f"<= {FANOUT_TARGET}x",
         "verdict": "pass" if spread["ratio"] <= FANOUT_TARGET else "miss"},
        {"benchmark": "clock jump making 1,000 scheduled messages due",
         "value_s": jump["jump_s"], "baseline": "1,000 immediate publishes",
         "baseline_s": jump["immediate_s"], "ratio": jump["ratio"],
         "target": f"<= {JUMP_TARGET}x",
         "verdict": "pass" if jump["ratio"] <= JUMP_TARGET else "miss"},
    ]


def main(argv: list[str]) -> int:
    total = int(argv[0]) if argv else 1_000_000
    members = int(argv[1]) if len(argv) > 1 else 100_000
    rounds = int(argv[2]) if len(argv) > 2 else 3
    result = rows(total, members, rounds)
    for row in result:
        print(f"{row['benchmark']}: {row['value_s'] * 1000:.1f} ms vs {row['baseline']} "
              f"{row['baseline_s'] * 1000:.1f} ms = {row['ratio']:.2f}x "
              f"(target {row['target']}): {row['verdict']}")
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
