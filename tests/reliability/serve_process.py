"""A real ``python -m fakepush serve`` for the tests that need a process: signals, pipes, files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

START_TIMEOUT = 30
REGISTRATIONS = "/FAKEPUSH-APP-ID/FAKEPUSH-REST-API-KEY/messaging/registrations"


class ServeProcess:
    """``fakepush serve --port 0 ARGS``; stdout goes to a file (the banner gives the URL).

    ``stderr`` is what the process writes its request log to: a file by default, or
    ``subprocess.PIPE`` for a pipe that nobody reads.
    """

    def __init__(self, tmp_path: Path, *args: str, stderr: Any = None) -> None:
        self.stdout_path = tmp_path / f"stdout-{time.monotonic_ns()}.txt"
        with open(self.stdout_path, "wb") as out:
            if stderr is None:
                stderr = open(tmp_path / f"stderr-{time.monotonic_ns()}.txt", "wb")
            self.process = subprocess.Popen(
                [sys.executable, "-m", "fakepush", "serve", "--port", "0", *args],
                stdout=out,
                stderr=stderr,
            )
        self.url = self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            match = re.search(r"fakepush serving on (http://\S+)", self.stdout_path.read_text())
            if match:
                return match.group(1)
            if self.process.poll() is not None:
                raise AssertionError(f"fakepush exited {self.process.returncode}")
            time.sleep(0.05)
        self.process.kill()
        raise AssertionError(f"no banner after {START_TIMEOUT}s")

    def end(self) -> None:
        """Make sure the process is gone (a test that failed half-way leaves it running)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)


def call(url: str, method: str = "GET", body: Any = None, headers: dict | None = None):
    """(status, parsed JSON body) of one request; errors are answers too."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method, headers={
        **({"Content-Type": "application/json"} if data is not None else {}), **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def device(device_id: str) -> dict[str, Any]:
    return {"deviceId": device_id, "deviceToken": f"token-{device_id}", "os": "ANDROID",
            "osVersion": "14"}


def device_ids(export: dict[str, Any]) -> set[str]:
    apps = export["backendless"]["apps"]
    return {row["deviceId"] for app in apps for row in app["registrations"]}


def read_json(path: Path | str) -> Any:
    with open(path, encoding="utf-8") as file:
        return json.load(file)

