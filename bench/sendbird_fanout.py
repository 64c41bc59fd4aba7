"""A Sendbird group-channel message's cost must not grow with the app's other users.

``python -m bench.sendbird_fanout [ROUNDS [OTHERS]]``: one message to a channel of 100 members,
each with an FCM and an APNs token (198 pushes into the outbox, the sender excluded), in
an app holding only those members and in an app holding 100,000 other users as well.
Rounds alternate between the two stores; the ratio of the medians (large / small) is the
result, the target at most 1.2x. It prints one JSON object and a pass / miss line.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from typing import Any

from fakepush.clock import Clock
from fakepush.providers.sendbird.store import SendbirdStore

MEMBERS = 100
OTHERS = 100_000
MESSAGES_PER_ROUND = 20
TARGET = 1.2


def build(others: int) -> tuple[SendbirdStore, Any, str]:
    store = SendbirdStore(Clock())
    app = store.app_by_id()
    for i in range(others):
        store.create_user(app, {"user_id": f"other-{i}", "nickname": "O", "profile_url": ""})
    members = [f"member-{i}" for i in range(MEMBERS)]
    for user_id in members:
        store.create_user(app, {"user_id": user_id, "nickname": user_id, "profile_url": ""})
        store.add_token(app, user_id, "gcm", {"gcm_reg_token": f"fcm-{user_id}"})
        store.add_token(app, user_id, "apns", {"apns_device_token": f"apns-{user_id}"})
    url = store.create_group_channel(app, {"user_ids": members, "users": []})["channel_url"]
    return store, app, url


def one_round(store: SendbirdStore, app: Any, url: str) -> float:
    """Seconds per message, over a batch; the outbox is emptied first so both stay equal."""
    store.outbox.clear()
    body = {"message_type": "MESG", "user_id": "member-0", "message": "hello"}
    start = time.perf_counter()
    for _ in range(MESSAGES_PER_ROUND):
        store.send_message(app, url, body)
    return (time.perf_counter() - start) / MESSAGES_PER_ROUND


def main(argv: list[str]) -> int:
    rounds = int(argv[0]) if argv else 15
    others = int(argv[1]) if len(argv) > 1 else OTHERS
    small, large = build(0), build(others)
    assert len(small[0].outbox) == 0
    one_round(*small), one_round(*large)  # warm up both
    times: dict[str, list[float]] = {"small": [], "large": []}
    for _ in range(rounds):
        times["small"].append(one_round(*small))
        times["large"].append(one_round(*large))
    pushes = len(large[0].outbox) // MESSAGES_PER_ROUND
    ratio = statistics.median(times["large"]) / statistics.median(times["small"])
    result = {
        "benchmark": f"sendbird message to {MEMBERS} members x 2 tokens, {others:,} other users",
        "pushes_per_message": pushes,
        "small_ms": round(statistics.median(times["small"]) * 1000, 3),
        "large_ms": round(statistics.median(times["large"]) * 1000, 3),
        "ratio": round(ratio, 3),
        "target": f"<= {TARGET}x",
        "verdict": "pass" if ratio <= TARGET else "miss",
    }
    print(json.dumps(result))
    print(f"{result['verdict']}: {ratio:.2f}x (target <= {TARGET}x), {pushes} pushes per message")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
