"""In process: the register / retrieve / cancel mix through Flask test clients, no sockets."""

from __future__ import annotations

import json
import time
from typing import Any

BASE = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"


def fakepush_client() -> Any:
    """What the ``fakepush_client`` fixture hands a test: a test client on a FakePush's state."""
    from fakepush import FakePush

    return FakePush().client()


def fakepush_app_on_flask_client() -> Any:
    """For context: the fake's app through Flask's own test client (the bare app's), so
    the app alone is compared, without what ``FakepushClient`` saves (web/client.py)."""
    from flask.testing import FlaskClient

    from fakepush import FakePush

    return FlaskClient(FakePush().app)


def bare_flask_client() -> Any:
    """The baseline: a bare Flask app doing the same dict work (bench/serve.py)."""
    from bench.serve import dict_store_app

    return dict_store_app().test_client()


def mix_rate(client: Any, steps: int, tag: str) -> float:
    """Requests per second of ``steps`` register / retrieve / cancel triples."""
    started = time.perf_counter()
    for n in range(steps):
        device_id = f"{tag}-{n}"
        body = json.dumps(
            {
                "deviceId": device_id,
                "deviceToken": f"token-{device_id}",
                "os": "ANDROID",
                "osVersion": "14",
                "channels": ["default"],
            }
        )
        for response in (
            client.post(BASE, data=body, content_type="application/json"),
            client.get(f"{BASE}/{device_id}"),
            client.delete(f"{BASE}/{device_id}"),
        ):
            if response.status_code != 200:
                raise RuntimeError(f"{tag}: {response.status_code} {response.data[:200]!r}")
    return 3 * steps / (time.perf_counter() - started)
