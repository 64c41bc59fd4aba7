"""``fakepush serve``: the fake as a local stand-in server for an app under development."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import tempfile
import threading
import time
from typing import Any

from flask import Response, g, request

from fakepush.app import create_app
from fakepush.contract.cli import add_contract_command
from fakepush.handle import LiveServer
from fakepush.jsonbody import InvalidJSON, parse_json
from fakepush.providers import ALL
from fakepush.hosts import is_loopback
from fakepush.state import PROFILES, FakeState

log = logging.getLogger("fakepush.serve")

# Exit status for a refused start (bad flag, unreadable state file, unsafe host), as argparse.
EXIT_USAGE = 2


class StartError(Exception):
    """A reason not to start; printed as ``fakepush: <reason>`` with exit status 2."""


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (0-65535)")
    return port


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
    for provider in ALL:
        option = provider.cli_option
        if option is not None:
            serve.add_argument(
                option.flag,
                action="append",
                type=option.parse,
                default=[],
                dest=f"{provider.name}_app",
                metavar=option.metavar,
                help=option.help,
            )
    serve.add_argument(
        "--state-file",
        metavar="PATH",
        help="load the apps and data from PATH at start (if it exists), write them there on exit",
    )
    serve.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on /_fakepush/*; needed off loopback",
    )
    add_contract_command(commands)
    return parser


# -- state file -------------------------------------------------------------------------


def read_state_file(path: str) -> Any:
    """The export in ``path``, or None if there is no such file; StartError if unusable."""
    if not os.path.lexists(path):
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise StartError(f"cannot use state file {path}: directory {directory} does not exist")
        return None
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise StartError(f"cannot read state file {path}: {exc}") from None
    # The request bodies' strict parser: invalid UTF-8, lone surrogates and nesting too
    # deep for the recursion limit are refused with a reason, never a traceback.
    try:
        return parse_json(data)
    except InvalidJSON as exc:
        reason = exc.reason.replace("request body", "the file")
        raise StartError(f"state file {path} is not valid JSON: {reason}") from None


def write_state_file(path: str, data: Any) -> None:
    """Write atomically: a temp file in the same directory, then ``os.replace``.

    A crash mid-write leaves the old file whole; the temp file is private (mode 0600)
    because the export holds api keys and tokens.
    """
    directory = os.path.dirname(os.path.abspath(path))
    fd, temp_path = tempfile.mkstemp(
        prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory
    )
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=2)
            file.write("\n")
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_path, path)
    except BaseException:
        try:
            os.unlink(temp_path)
        except OSError:
            pass
        raise


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
    saved = read_state_file(args.state_file) if args.state_file else None
    state = FakeState(ALL, profile=args.profile)
    try:
        for provider in state.providers:
            for config in getattr(args, f"{provider.name}_app", None) or []:
                state.stores[provider.name].add_app(config)
    except ValueError as exc:
        raise StartError(str(exc)) from None
    if saved is not None:
        try:
            state.load(saved)
        except ValueError as exc:
            raise StartError(f"state file {args.state_file} cannot be loaded: {exc}") from None
    state.admin_token = args.admin_token
    return state


def _log_request(response: Response) -> Response:
    """One line per request: method, path, status, duration, provider error code."""
    info = g.get("fakepush")
    duration = "" if info is None else f" {(time.perf_counter() - info.started) * 1000:.1f}ms"
    fault = None if info is None else info.fault
    if info is not None and info.dropped:
        log.info("%s %s dropped (fault %s)%s", request.method, request.path, fault, duration)
        return response
    code = ""
    if response.status_code >= 400 and response.is_json:
        payload = response.get_json(silent=True)
        if isinstance(payload, dict) and isinstance(payload.get("code"), int):
            code = f" code={payload['code']}"
    fault_text = f" (fault {fault})" if fault else ""
    log.info(
        "%s %s %s%s%s%s",
        request.method,
        request.path,
        response.status_code,
        duration,
        code,
        fault_text,
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
    options = [(p, p.cli_option) for p in state.providers if p.cli_option is not None]
    for provider, option in options:
        lines += option.banner(url, state.stores[provider.name].app_configs())
    lines.append("Try:")
    for provider, option in options:
        lines.append(option.try_line(url, state.stores[provider.name].app_configs()[0]))
    lines.append("Stop with Ctrl-C (or SIGTERM).")
    return "\n".join(lines)


def serve(args: argparse.Namespace) -> int:
    try:
        state = build_state(args)
    except StartError as exc:
        print(f"fakepush: {exc}", file=sys.stderr)
        return EXIT_USAGE

    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%H:%M:%S"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    # Our own line replaces Werkzeug's access log; its warnings and errors still show.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    app = create_app(state)  # never debug mode: no flag or variable turns it on
    app.after_request(_log_request)
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
    print(banner(server.url, state, args), flush=True)
    try:
        while not stop.wait(1):
            pass
    finally:
        server.stop()
        for sig, old in previous.items():
            signal.signal(sig, old)
    print("fakepush: stopped", file=sys.stderr, flush=True)
    if args.state_file:
        try:
            write_state_file(args.state_file, state.export())
        except OSError as exc:
            print(f"fakepush: cannot write state file {args.state_file}: {exc}", file=sys.stderr)
            return 1
        print(f"fakepush: state written to {args.state_file}", file=sys.stderr, flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "contract":
        return args.contract_func(args)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
