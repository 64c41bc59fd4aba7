"""``fakepush serve``: the fake as a local stand-in server for an app under development."""

from __future__ import annotations

import argparse
import json
import logging
import shlex
import signal
import sys
import threading
import time
from collections.abc import Sequence
from typing import Any

from flask import Response, g, request

from fakepush import __version__
from fakepush.app import create_app
from fakepush.contract.cli import add_contract_command
from fakepush.handle import LiveServer
from fakepush.hosts import is_loopback
from fakepush.journal import DEFAULT_JOURNAL_LIMIT
from fakepush.providers import ALL
from fakepush.providers.base import Provider
from fakepush.quietlog import log_to, print_whole, stderr_fd
from fakepush.state import DEFAULT_PROFILE, PROFILES, FakeState
from fakepush.statefile import (
    StateFileError,
    StateFileWriter,
    read_state_file,
    remove_stale_temp_files,
)

# The help texts are plain text (argparse prints them as they are), never this docstring's reST.
DESCRIPTION = (
    "An in-memory fake of the {titles} push device-registration APIs, for tests and local "
    "development."
)
PROFILE_HELP = (
    "fidelity profile (default %(default)s): auto answers an official SDK (recognised by "
    "its User-Agent) in the shapes that SDK decodes and every other client in the "
    "documents' shapes; docs always answers in the documents' shapes; sdk always in the "
    "official SDKs' shapes (docs/profiles.md lists each difference)"
)

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


def _journal_limit(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 10_000_000:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of records (1-10000000)")
    return int(text)


def titles(providers: Sequence[Provider]) -> str:
    """The providers' names for people, as a sentence says them: "A, B and C"."""
    names = [provider.title for provider in providers]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) if names else ""


def build_parser(providers: Sequence[Provider] = ALL) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="fakepush", description=DESCRIPTION.format(titles=titles(providers))
    )
    parser.add_argument("--version", action="version", version=f"fakepush {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = commands.add_parser(
        "serve",
        help="run the fake as a local server",
        description=f"Run the fake {titles(providers)} APIs, with the admin API and "
        "dashboard under /_fakepush/.",
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument(
        "--port", type=_port, default=8080, help="port to bind (default 8080; 0 picks a free one)"
    )
    serve.add_argument("--profile", choices=PROFILES, default=DEFAULT_PROFILE, help=PROFILE_HELP)
    for provider in providers:
        option = provider.cli_option
        if option is not None:
            serve.add_argument(
                f"--{provider.name}-app",
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
        help="load the apps and data from PATH at start (if it exists); every acknowledged "
        "change is written there within 1 s, and on exit",
    )
    serve.add_argument(
        "--admin-token",
        metavar="TOKEN",
        help="require 'Authorization: Bearer TOKEN' on /_fakepush/*; needed off loopback "
        "(default: none, the admin API is open on loopback)",
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
        help="journal records kept, newest first, and as many outbox pushes "
        f"(default {DEFAULT_JOURNAL_LIMIT})",
    )
    add_contract_command(commands)
    return parser


# -- building the fake ------------------------------------------------------------------


def build_state(args: argparse.Namespace, providers: Sequence[Provider] = ALL) -> FakeState:
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
    state = FakeState(providers, profile=args.profile, journal_limit=args.journal_limit)
    # The file first: loading replaces the apps, and the flags' apps come beside (or
    # update) the ones it held.
    if saved is not None:
        try:
            state.load(saved)
        except ValueError as exc:
            raise StartError(f"state file {args.state_file} cannot be loaded: {exc}") from None
    try:
        for provider in state.providers:
            for config in getattr(args, f"{provider.name}_app", None) or []:
                state.stores[provider.name].add_app(config)
    except ValueError as exc:
        raise StartError(str(exc)) from None
    state.admin_token = args.admin_token
    state.allowed_hosts = frozenset(name.lower().rstrip(".") for name in args.allowed_host)
    state.bound_host = args.host
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
        lines.append(f"  state file {args.state_file} (kept on disk within 1 s of each change)")
    options = [(p, p.cli_option) for p in state.providers if p.cli_option is not None]
    for provider, option in options:
        lines += option.banner(url, state.stores[provider.name].app_configs())
    lines.append("Try:")
    for provider, option in options:
        path, headers, body = option.example(state.stores[provider.name].app_configs()[0])
        lines.append(_curl(url + path, headers, body))
    lines.append("Stop with Ctrl-C (or SIGTERM).")
    return "\n".join(lines)


def _curl(url: str, headers: dict[str, str], body: dict[str, Any]) -> str:
    """A POST of ``body`` as JSON, as a shell line."""
    words = ["curl", "-X", "POST", url]
    for name, value in {**headers, "Content-Type": "application/json"}.items():
        words += ["-H", f"{name}: {value}"]
    words += ["-d", json.dumps(body, separators=(",", ":"))]
    return "  " + shlex.join(words)


def serve(args: argparse.Namespace) -> int:
    try:
        state = build_state(args)
    except StartError as exc:
        print(f"fakepush: {exc}", file=sys.stderr)
        return EXIT_USAGE

    # Every line the server writes to stderr goes through one queue that never blocks
    # (fakepush/quietlog.py): a pipe nobody reads cannot stall requests or the shutdown.
    output = log_to(stderr_fd(), "%(asctime)s %(message)s", "%H:%M:%S")
    log.setLevel(logging.INFO)
    # Our own line (with the duration and error code) replaces the live server's access
    # line; the server's warnings and errors still show.
    logging.getLogger("fakepush").setLevel(logging.WARNING)
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
        hint = "; pass --port 0 to pick a free port" if args.port else ""
        print(f"fakepush: cannot listen on {args.host}:{args.port}: {exc}{hint}", file=sys.stderr)
        return 1

    stop = threading.Event()

    def request_stop(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    server.start()
    if writer is not None:
        writer.start()
    print_whole(banner(server.url, state, args))
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

    def mark(response: Response) -> Response:
        if request.method not in ("GET", "HEAD", "OPTIONS") and response.status_code < 500:
            writer.changed()
        return response

    return mark


def parse_args(parser: argparse.ArgumentParser, argv: list[str] | None) -> argparse.Namespace:
    """``parse_args``, but an unknown flag is reported with the usage of its subcommand.

    argparse reports unrecognised arguments from the top-level parser, whose usage says
    nothing about ``serve``'s flags.
    """
    args, extra = parser.parse_known_args(argv)
    if extra:
        _innermost_parser(parser, args).error(f"unrecognized arguments: {' '.join(extra)}")
    return args


def _innermost_parser(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The parser of the (sub)command that was chosen, following ``dest`` of each level."""
    while True:
        actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not actions:
            return parser
        chosen = getattr(args, actions[0].dest, None)
        if chosen not in actions[0].choices:
            return parser
        parser = actions[0].choices[chosen]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(build_parser(), argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "contract":
        return args.contract_func(args)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
