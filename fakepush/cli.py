"""``fakepush serve``: the fake as a local stand-in server for an app under development."""

from __future__ import annotations

import argparse
import ipaddress
import json
import logging
import shlex
import signal
import sys
import threading
import time
from typing import Any

from fakepush.journal import DEFAULT_JOURNAL_LIMIT
from fakepush.quietlog import log_to
from fakepush.state import PROFILES, FakeState
from fakepush.statefile import (
    StateFileError,
    StateFileWriter,
    read_state_file,
    remove_stale_temp_files,
)

log = logging.getLogger("fakepush.serve")

# Exit status for a refused start (bad flag, unreadable state file, unsafe host), as argparse.
EXIT_USAGE = 2


class StartError(Exception):
    """A reason not to start; printed as ``fakepush: <reason>`` with exit status 2."""


def _backendless_app(text: str) -> dict[str, Any]:
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(parts):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not APP_ID:API_KEY or APP_ID:API_KEY:SUBDOMAIN"
        )
    app = {"app_id": parts[0], "api_key": parts[1]}
    if len(parts) == 3:
        app["subdomain"] = parts[2]
    return app


def _sendbird_app(text: str) -> dict[str, Any]:
    app_id, _, tokens = text.partition(":")
    names = tokens.split(",")
    if not app_id or not all(names):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not APP_ID:API_TOKEN or APP_ID:API_TOKEN,SECONDARY,..."
        )
    return {"app_id": app_id, "api_token": names[0], "secondary_tokens": names[1:]}


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


def _journal_limit(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 10_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of records (1-10000000)")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fakepush", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser(
        "serve",
        help="run the fake as a local server",
        description="Run the fake Backendless and Sendbird APIs, with the admin API and "
        "dashboard under /_fakepush/.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=_port, default=8080, help="port to bind (default 8080; 0 picks a free one)"
    )
    serve.add_argument("--profile", choices=PROFILES, default="docs", help="fidelity profile")
    serve.add_argument(
        "--backendless-app",
        action="append",
        type=_backendless_app,
        default=[],
        metavar="APP_ID:API_KEY[:SUBDOMAIN]",
        help="add a Backendless app (repeatable)",
    )
    serve.add_argument(
        "--sendbird-app",
        action="append",
        type=_sendbird_app,
        default=[],
        metavar="APP_ID:API_TOKEN[,SECONDARY...]",
        help="add a Sendbird app with its master token and secondary tokens (repeatable)",
    )
    serve.add_argument(
        "--state-file",
        metavar="PATH",
        help="load the apps and data from PATH at start (if it exists); every acknowledged "
        "change is written there within 1 s, and on exit",
    )
    serve.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on /_fakepush/*; needed off loopback",
    )
    serve.add_argument(
        "--allowed-host",
        action="append",
        default=[],
        metavar="NAME",
        help="a Host name the admin API answers besides loopback names and the bound "
        "address (repeatable)",
    )
    serve.add_argument(
        "--journal-limit",
        type=_journal_limit,
        default=DEFAULT_JOURNAL_LIMIT,
        metavar="N",
        help=f"journal records kept, newest first (default {DEFAULT_JOURNAL_LIMIT})",
    )
    from fakepush.contract.cli import add_contract_command

    add_contract_command(commands)
    return parser


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# -- building the fake ------------------------------------------------------------------


def build_state(args: argparse.Namespace) -> FakeState:
    """The fake's state from the flags and the state file; StartError if any is unusable."""
    if not is_loopback(args.host) and not args.admin_token:
        raise StartError(
            f"refusing to bind {args.host}: it is not a loopback address, and without "
            "--admin-token anyone who can reach it could read and change the fake through "
            "/_fakepush/. Pass --admin-token TOKEN, or bind 127.0.0.1."
        )
    if args.admin_token is not None and not args.admin_token.strip():
        raise StartError("--admin-token must not be empty")
    saved = None
    if args.state_file:
        try:
            saved = read_state_file(args.state_file)
        except StateFileError as exc:
            raise StartError(str(exc)) from None
        remove_stale_temp_files(args.state_file)
    state = FakeState(profile=args.profile, journal_limit=args.journal_limit)
    if args.sendbird_app and "sendbird" not in state.stores:
        raise StartError("--sendbird-app: this build of fakepush has no Sendbird provider")
    # The file first: loading replaces the apps, and the flags' apps come beside (or
    # update) the ones it held.
    if saved is not None:
        try:
            state.load(saved)
        except ValueError as exc:
            raise StartError(f"state file {args.state_file} cannot be loaded: {exc}") from None
    try:
        for config in args.backendless_app:
            state.backendless.add_app(config)
        for config in args.sendbird_app:
            state.stores["sendbird"].add_app(config)
    except ValueError as exc:
        raise StartError(str(exc)) from None
    state.admin_token = args.admin_token
    state.allowed_hosts = frozenset(name.lower().rstrip(".") for name in args.allowed_host)
    state.bound_host = args.host
    return state


def _log_request(response):  # type: ignore[no-untyped-def]
    """One line per request: method, path, status, duration, provider error code."""
    from flask import g, request

    started = g.get("fakepush_started")
    duration = "" if started is None else f" {(time.perf_counter() - started) * 1000:.1f}ms"
    if g.get("fakepush_dropped"):
        log.info(
            "%s %s dropped (fault %s)%s",
            request.method,
            request.path,
            g.get("fakepush_fault"),
            duration,
        )
        return response
    code = ""
    if response.status_code >= 400 and response.is_json:
        payload = response.get_json(silent=True)
        if isinstance(payload, dict) and isinstance(payload.get("code"), int):
            code = f" code={payload['code']}"
    fault = f" (fault {g.fakepush_fault})" if g.get("fakepush_fault") else ""
    log.info(
        "%s %s %s%s%s%s", request.method, request.path, response.status_code, duration, code, fault
    )
    return response


def banner(url: str, state: FakeState, args: argparse.Namespace) -> str:
    """What ``serve`` prints at start: where it listens, every app, a curl per provider."""
    lines = [f"fakepush serving on {url} (profile {state.profile})"]
    dashboard = f"{url}/_fakepush/"
    if state.admin_token:
        lines.append(f"  dashboard {dashboard}?token=<admin token>  (admin API needs the token)")
    else:
        lines.append(f"  dashboard {dashboard}   admin API {url}/_fakepush/")
    if args.state_file:
        lines.append(f"  state file {args.state_file} (written on exit)")
    lines.append("Backendless apps:")
    for app in state.backendless.app_configs():
        subdomain = app["subdomain"] or "-"
        lines.append(f"  app_id={app['app_id']} api_key={app['api_key']} subdomain={subdomain}")
        lines.append(f"    serverURL {url}  base URL {url}/{app['app_id']}/{app['api_key']}")
    sendbird = state.stores.get("sendbird")
    if sendbird is not None:
        lines.append("Sendbird apps (any Host but api-{app_id}.* means the default app, listed first):")
        for app in sendbird.app_configs():
            secondary = ",".join(app.get("secondary_tokens") or []) or "-"
            lines.append(
                f"  app_id={app['app_id']} api_token={app['api_token']} secondary={secondary}"
            )
    lines.append("Try:")
    default = state.backendless.app_configs()[0]
    registration = json.dumps(
        {"deviceId": "device-1", "deviceToken": "token-1", "os": "ANDROID", "osVersion": "14"},
        separators=(",", ":"),
    )
    lines.append(
        "  curl -X POST "
        + shlex.quote(f"{url}/{default['app_id']}/{default['api_key']}/messaging/registrations")
        + " -H 'Content-Type: application/json' -d "
        + shlex.quote(registration)
    )
    if sendbird is not None:
        app = sendbird.app_configs()[0]
        user = json.dumps(
            {"user_id": "user-1", "nickname": "User 1", "profile_url": ""}, separators=(",", ":")
        )
        lines.append(
            f"  curl -X POST {shlex.quote(url + '/v3/users')} -H "
            + shlex.quote(f"Api-Token: {app['api_token']}")
            + " -H 'Content-Type: application/json' -d "
            + shlex.quote(user)
        )
    lines.append("Stop with Ctrl-C (or SIGTERM).")
    return "\n".join(lines)


def serve(args: argparse.Namespace) -> int:
    from fakepush.app import create_app
    from fakepush.server import LiveServer

    try:
        state = build_state(args)
    except StartError as exc:
        print(f"fakepush: {exc}", file=sys.stderr)
        return EXIT_USAGE

    # Every line the server writes to stderr goes through one queue that never blocks
    # (fakepush/quietlog.py): a pipe nobody reads cannot stall requests or the shutdown.
    output = log_to(sys.stderr.fileno(), "%(asctime)s %(message)s", "%H:%M:%S")
    log.setLevel(logging.INFO)
    # Our own line replaces Werkzeug's access log; its warnings and errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    app = create_app(state)  # never debug mode: no flag or variable turns it on
    app.after_request(_log_request)
    writer = None
    if args.state_file:
        writer = StateFileWriter(args.state_file, state.export, output.say)
        app.after_request(_marks_changes(writer))
    try:
        server = LiveServer(app, args.host, args.port)
    except OSError as exc:
        print(f"fakepush: cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1

    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server.start()
    if writer is not None:
        writer.start()
    print(banner(server.url, state, args), flush=True)
    try:
        while not stop.wait(0.2):
            pass
    finally:
        server.stop()
        for sig, old in previous.items():
            signal.signal(sig, old)
    output.say("fakepush: stopped")
    status = 0
    if writer is not None:
        if writer.stop():
            output.say(f"fakepush: state written to {args.state_file}")
        else:
            status = 1
    output.drain(timeout=0.5)
    return status


def _marks_changes(writer: StateFileWriter):  # type: ignore[no-untyped-def]
    """An after-request hook: an answered write request marks the state for the writer.

    It runs before the answer leaves, so the change is marked before anyone is told of it.
    """

    def mark(response):  # type: ignore[no-untyped-def]
        from flask import request  # here, as in _log_request: the CLI loads Flask only to serve

        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 500:
            writer.changed()
        return response

    return mark


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "contract":
        return args.contract_func(args)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
