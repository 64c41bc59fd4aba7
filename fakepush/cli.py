"""``fakepush serve``: the fake as a local stand-in server."""

from __future__ import annotations

import argparse
import ipaddress
import sys
from typing import Any

from fakepush.state import PROFILES


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="fakepush", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the fake as a local server")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to bind (default 8080)")
    serve.add_argument("--profile", choices=PROFILES, default="docs", help="fidelity profile")
    serve.add_argument(
        "--backendless-app",
        action="append",
        type=_backendless_app,
        default=[],
        metavar="APP_ID:API_KEY[:SUBDOMAIN]",
        help="add a Backendless app (repeatable)",
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


def serve(args: argparse.Namespace) -> int:
    from fakepush.server import FakePush

    try:
        fake = FakePush(
            profile=args.profile,
            backendless_apps=args.backendless_app,
            host=args.host,
            port=args.port,
        )
    except ValueError as exc:
        print(f"fakepush: {exc}", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print(
            f"fakepush: refusing to bind {args.host}: the fake has no authentication and is "
            "meant for loopback only",
            file=sys.stderr,
        )
        return 2
    fake.start()
    print(f"fakepush serving on {fake.url} (profile {args.profile})", flush=True)
    for app in fake.state.backendless.app_configs():
        print(
            f"  backendless app_id={app['app_id']} api_key={app['api_key']} "
            f"subdomain={app['subdomain']}  base URL {fake.url}/{app['app_id']}/{app['api_key']}",
            flush=True,
        )
    try:
        import threading

        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "contract":
        return args.contract_func(args)
    return 2


if __name__ == "__main__":
    sys.exit(main())
