"""The load of bench/load.py against a real ``fakepush serve`` with a state file, then SIGKILL.

Two checks. ``run_served_load``: the full mixed load (both providers, a delayed fault on
every GET) against a server writing ``--state-file``; the final state, read back through
``GET /_fakepush/state``, must match the acknowledged answers (0 lost, 0 phantom, 0 5xx).
``crash_once``: the same load on a fresh state file, a SIGKILL at a random moment, a
restart from the file; every key (device or Sendbird user) must come back as it was after
one of its acknowledged operations no older than the durability window (1 s): the file
may miss the last second, never more, and never holds what nobody was told.

Usage (from the repository root)::

    python bench/crash.py [--repetitions 10] [--count 20000] [--threads 8]
"""

from __future__ import annotations

import argparse
import copy
import importlib.util
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any



def _load_module() -> Any:
    """bench/load.py (the same workers and model), under the name the tests give it."""
    name = "fakepush_bench_load"
    if name not in sys.modules:
        path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "load.py")
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
        sys.modules[name] = module
        spec.loader.exec_module(module)  # type: ignore[union-attr]
    return sys.modules[name]


load = _load_module()

DURABLE_SECONDS = 1.0
# The in-flight window: an answer read just before the kill was sent a little earlier.
SLACK_SECONDS = 0.2
DELAYED_FAULT = {"method": "GET", "delay_ms": 2, "times": None}


class Served:
    """``fakepush serve`` with the load apps and a state file; log lines thrown away."""

    def __init__(self, state_file: Path, apps: int) -> None:
        self.backendless, self.sendbird = load.load_apps(apps)
        flags = []
        for app in self.backendless:
            flags += ["--backendless-app", f"{app['app_id']}:{app['api_key']}:{app['subdomain']}"]
        for app in self.sendbird:
            flags += ["--sendbird-app", f"{app['app_id']}:{app['api_token']}"]
        command = [sys.executable, "-m", "fakepush", "serve", "--port", "0",
                   "--state-file", str(state_file), *flags]
        self.url = self._start(command)

    def _start(self, command: list[str]) -> str:
        self.stdout = tempfile.TemporaryFile()
        self.process = subprocess.Popen(command, stdout=self.stdout, stderr=subprocess.DEVNULL)
        return self._wait_for_url()

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            # pread: the file's offset is shared with the server (one open file), so
            # rewinding it to read would move where the server writes next.
            written = os.pread(self.stdout.fileno(), 1 << 20, 0)
            match = re.search(rb"fakepush serving on (http://\S+)", written)
            if match:
                return match.group(1).decode()
            if self.process.poll() is not None:
                raise RuntimeError(f"fakepush serve exited {self.process.returncode}")
            time.sleep(0.05)
        self.process.kill()
        self.process.wait(timeout=10)
        self.stdout.close()
        raise TimeoutError("fakepush serve printed no banner in 30 s")

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.url}/_fakepush/{path}", data=data,
                                         method=method,
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        self.stdout.close()


class ExportView:
    """An export read the way bench/load.py's ``compare`` reads a ``FakePush``."""

    def __init__(self, export: dict[str, Any]) -> None:
        self.backendless = self
        self.sendbird = _SendbirdExport(export)
        self._apps = {a["app_id"]: a for a in export["backendless"]["apps"]}

    def registrations(self, app_id: str) -> list[dict[str, Any]]:
        app = self._apps.get(app_id)
        return [] if app is None else app["registrations"]


class _SendbirdExport:
    def __init__(self, export: dict[str, Any]) -> None:
        self._apps = {a["app_id"]: a for a in export.get("sendbird", {"apps": []})["apps"]}

    def users(self, app_id: str) -> list[dict[str, Any]]:
        app = self._apps.get(app_id)
        return [] if app is None else app["users"]

    def tokens(self, user_id: str, app_id: str) -> dict[str, list[str]]:
        for user in self.users(app_id):
            if user["user_id"] == user_id:
                return user["tokens"]
        raise LookupError(user_id)


def run_served_load(count: int, threads: int, duration: float, apps: int = 3) -> load.LoadResult:
    """The full load against ``fakepush serve --state-file``; compared with GET state."""
    with tempfile.TemporaryDirectory() as directory:
        served = Served(Path(directory) / "state.json", apps)
        try:
            served.admin("POST", "faults", DELAYED_FAULT)
            result = load.run_load(_Target(served.url), count=count, threads=threads,
                                   duration=duration, backendless_apps=served.backendless,
                                   sendbird_apps=served.sendbird, compare_with=lambda:
                                   ExportView(served.admin("GET", "state")))
        finally:
            served.kill()
    return result


class _Target:
    def __init__(self, url: str) -> None:
        self.url = url


# -- a SIGKILL at a random moment ------------------------------------------------------------


def _recording(worker: Any, history: dict[Any, list[tuple[float, Any]]], lock: threading.Lock):
    """Wrap a worker's step: after it, the acknowledged state of the key it touched."""
    step = worker.step

    def recorded(conn: Any, result: Any) -> None:
        errors_before = result.connection_errors
        step(conn, result)
        key = worker.last_key
        if result.connection_errors != errors_before:
            worker.uncertain.add(key)
            return
        with lock:
            history.setdefault(key, [(0.0, None)]).append(
                (time.monotonic(), copy.deepcopy(worker.model.get(key))))

    worker.step = recorded


def crash_once(seed: int, threads: int = 8, apps: int = 2,
               counts: dict[str, int] | None = None) -> list[str]:
    """One load, one SIGKILL at a random moment, one restart; the problems found (none: []).

    ``counts``, when given, gets the requests answered before the kill, the 5xx among
    them, the keys checked and how many were lost or wrong (phantom)."""
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as directory:
        state_file = Path(directory) / "state.json"
        served = Served(state_file, apps)
        url = served.url
        served.admin("POST", "faults", DELAYED_FAULT)
        history: dict[Any, list[tuple[float, Any]]] = {}
        lock = threading.Lock()
        workers = []
        for t in range(threads):
            b = load.BackendlessWorker(t, served.backendless, random.Random(seed * 100 + t))
            s = load.SendbirdWorker(t, served.sendbird, random.Random(seed * 100 + 50 + t))
            _recording(b, history, lock)
            _recording(s, history, lock)
            workers.append((b, s))
        killed = threading.Event()

        def work(t: int) -> None:
            host, port = load._host_port(url)
            conn, pick = load.Connection(host, port), random.Random(seed * 100 + 90 + t)
            result = results[t]
            try:
                while not killed.is_set():
                    b, s = workers[t]
                    (s if pick.random() < 0.4 else b).step(conn, result)
            finally:
                conn.close()

        results = [load.LoadResult() for _ in range(threads)]
        pool = [threading.Thread(target=work, args=(t,), daemon=True) for t in range(threads)]
        for thread in pool:
            thread.start()
        time.sleep(rng.uniform(1.5, 4.0))
        killed_at = time.monotonic()
        served.process.kill()
        killed.set()
        for thread in pool:
            thread.join(timeout=35)
        served.kill()
        uncertain = set().union(*(b.uncertain | s.uncertain for b, s in workers))
        restarted = Served(state_file, apps)
        try:
            export = restarted.admin("GET", "state")
        finally:
            restarted.kill()
    problems = _check_restored(export, history, uncertain,
                               killed_at - DURABLE_SECONDS - SLACK_SECONDS)
    server_errors = sum(r.server_errors for r in results)
    if server_errors:
        problems.append(f"{server_errors} responses with a 5xx status before the kill")
    if counts is not None:
        counts.update(requests=sum(r.requests for r in results), server_errors=server_errors,
                      keys=len(set(history) - uncertain),
                      lost=sum(p.startswith("lost") for p in problems),
                      phantom=sum(p.startswith("wrong or phantom") for p in problems))
    return problems


def _restored_states(export: dict[str, Any]) -> dict[Any, Any]:
    """Each load key's state in an export, in the workers' model shape."""
    states: dict[Any, Any] = {}
    for app in export["backendless"]["apps"]:
        for row in app["registrations"]:
            key = (app["app_id"], row["deviceId"])
            entry = states.setdefault(key, {"token": row["deviceToken"], "channels": {}})
            entry["channels"][row["channel"]] = row["objectId"]
    for app in export["sendbird"]["apps"]:
        for user in app["users"]:
            tokens = {t: list(user["tokens"].get(t, [])) for t in load.TOKEN_TYPES}
            states[(app["app_id"], user["user_id"])] = tokens
    return {k: v for k, v in states.items() if k[1].startswith("load-")}


def _check_restored(export, history, uncertain, durable_before: float) -> list[str]:  # type: ignore[no-untyped-def]
    restored = _restored_states(export)
    problems = []
    for key in set(history) | set(restored):
        if key in uncertain:
            continue
        steps = history.get(key, [(0.0, None)])
        # The newest state acknowledged before the window, and every one since, may be it.
        first = max(i for i, (at, _) in enumerate(steps) if at <= durable_before)
        allowed = [state for _, state in steps[first:]]
        if restored.get(key) not in allowed:
            kind = "lost" if restored.get(key) is None else "wrong or phantom"
            problems.append(f"{kind} {key}: restored {restored.get(key)}, allowed {allowed[:2]}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=10)
    parser.add_argument("--count", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args(argv)
    result = run_served_load(args.count, args.threads, duration=300)
    print(f"served load: {result.requests} requests, {result.rate:.0f}/s: "
          f"{len(result.lost)} lost, {len(result.phantom)} phantom, "
          f"{result.server_errors} 5xx; problems: {result.failures() or 'none'}")
    bad = bool(result.failures())
    for seed in range(args.repetitions):
        counts: dict[str, int] = {}
        problems = crash_once(seed, args.threads, counts=counts)
        print(f"crash {seed}: {counts['requests']} requests before the SIGKILL, "
              f"{counts['keys']} keys checked: {counts['lost']} lost, {counts['phantom']} "
              f"phantom, {counts['server_errors']} 5xx"
              f"{'' if not problems else ' ' + str(problems[:3])}")
        bad = bad or bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
