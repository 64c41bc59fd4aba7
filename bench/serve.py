"""One server under test in a process of its own: ``python -m bench.serve KIND``.

It prints ``PORT <n>`` once it listens and serves until its standard input closes, so
the bench's client pool never shares a GIL with the server it measures.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

CANNED = {"registrationId": "4B1AE0F6-5E8D-4B7B-9C55-6A3E6F0D7C11::default"}


def serve_fakepush() -> tuple[int, Callable[[], None]]:
    """The product, exactly as the pytest plugin and ``with FakePush()`` run it."""
    from fakepush import FakePush

    fake = FakePush().start()
    return fake._server.port, fake.stop  # type: ignore[union-attr]


def dict_store_app() -> Any:
    """A naive fake of the same three routes: a Flask app over a dict of dicts."""
    import uuid

    from flask import Flask, jsonify, request

    app = Flask("dict-store")
    devices: dict[str, dict[str, Any]] = {}
    base = "/<app_id>/<api_key>/messaging/registrations"

    @app.post(base)
    def register(app_id: str, api_key: str) -> Any:
        body = request.get_json()
        object_id = str(uuid.uuid4()).upper()
        devices[body["deviceId"]] = {**body, "objectId": object_id}
        return jsonify({"registrationId": f"{object_id}::default"})

    @app.get(base + "/<path:device_id>")
    def retrieve(app_id: str, api_key: str, device_id: str) -> Any:
        device = devices.get(device_id)
        if device is None:
            return jsonify({"code": 5000, "message": "unknown device ID"}), 400
        return jsonify(device)

    @app.delete(base + "/<path:device_id>")
    def cancel(app_id: str, api_key: str, device_id: str) -> Any:
        if devices.pop(device_id, None) is None:
            return jsonify({"code": 5001, "message": "unknown device ID"}), 400
        return jsonify({"result": True})

    return app


def serve_werkzeug_threaded() -> tuple[int, Callable[[], None]]:
    """The usual hand-rolled fake: that Flask app under make_server(threaded=True)."""
    import threading

    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, dict_store_app(), threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_port, server.shutdown


def serve_httpserver() -> tuple[int, Callable[[], None]]:
    """pytest-httpserver answering one canned JSON body (its single-threaded werkzeug)."""
    from pytest_httpserver import HTTPServer

    server = HTTPServer(host="127.0.0.1", port=0)
    server.expect_request("/canned").respond_with_json(CANNED)
    server.start()
    return server.port, server.stop


def serve_moto() -> tuple[int, Callable[[], None]]:
    """moto's server (threaded werkzeug), which the bench drives through SNS."""
    import os

    os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
    os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    return server.get_host_and_port()[1], server.stop


KINDS: dict[str, Callable[[], tuple[int, Callable[[], None]]]] = {
    "fakepush": serve_fakepush,
    "werkzeug-threaded": serve_werkzeug_threaded,
    "httpserver": serve_httpserver,
    "moto": serve_moto,
}


def main(argv: list[str]) -> int:
    port, stop = KINDS[argv[0]]()
    print(f"PORT {port}", flush=True)
    sys.stdin.read()  # until the bench closes our stdin
    stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
