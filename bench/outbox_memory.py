"""Memory per outbox record: a fan-out of N pushes kept in one ``Outbox``.

``python -m bench.outbox_memory N``: records N pushes (one message, one payload object
shared by all of them, as a publish's fan-out does) to N distinct 64-character tokens
and device ids that exist before (the registrations hold them already), and prints one
JSON object with the bytes tracemalloc counts as allocated by the recording, per record.
"""

from __future__ import annotations

import json
import sys
import tracemalloc

from fakepush.outbox import Outbox


def bytes_per_record(n: int) -> float:
    tokens = [f"{i:064x}" for i in range(n)]
    device_ids = [f"device-{i}" for i in range(n)]
    payload = {"message": "hello", "headers": {"android-ticker-text": "hello"}}
    outbox = Outbox(limit=n)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(n):
        outbox.record(
            at=1_767_225_600_000 + i, provider="backendless", app_id="FAKEPUSH-APP-ID",
            message_id="message:1", channel="default", service="FCM",
            token=tokens[i], payload=payload, device_id=device_ids[i],
        )
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(outbox) == n
    return used / n


def main(argv: list[str]) -> int:
    n = int(argv[0]) if argv else 100_000
    print(json.dumps({"records": n, "bytes_per_record": bytes_per_record(n)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
