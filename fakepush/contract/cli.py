"""``fakepush contract record`` and ``fakepush contract compare``: prove the fake against a real account.

``record`` runs the contract checks (pytest) against a target and writes every request and
response, secrets redacted. ``compare`` replays a record against a fresh in-process fake and
shows where status, error code or JSON shape differ.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from fakepush.contract.compare import compare
from fakepush.state import PROFILES


def add_contract_command(commands: Any) -> None:
    """Add ``contract record`` and ``contract compare`` to the ``fakepush`` subcommands."""
    contract = commands.add_parser(
        "contract", help="record the contract checks against a target, or compare a record"
    )
    actions = contract.add_subparsers(dest="contract_command", required=True)
    record = actions.add_parser(
        "record", help="run the contract checks and write every request and response to a file"
    )
    record.add_argument(
        "--target",
        default=None,
        metavar="PROVIDER=URL,...",
        help="where to run the checks (credentials from the FAKEPUSH_* environment variables); "
        "default: an in-process fake",
    )
    record.add_argument(
        "--profile",
        choices=("docs", "sdk"),
        default=None,
        help="profile of the in-process fake (default docs)",
    )
    record.add_argument("--out", required=True, metavar="FILE", help="the JSON file to write")
    record.add_argument(
        "pytest_args", nargs="*", metavar="PYTEST_ARG", help="more pytest arguments (after --)"
    )
    record.set_defaults(contract_func=record_command)
    compare = actions.add_parser(
        "compare", help="replay a record against a fresh fake and show the differences"
    )
    compare.add_argument("file", metavar="FILE", help="a file written by fakepush contract record")
    compare.add_argument(
        "--profile",
        choices=PROFILES,
        default="docs",
        help="profile of the fresh fake (default %(default)s)",
    )
    compare.set_defaults(contract_func=compare_command)


def record_command(args: argparse.Namespace) -> int:
    try:
        import pytest  # optional (the test extra): without it, say so instead of a traceback
    except ImportError:
        print("fakepush contract record needs pytest: pip install pytest", file=sys.stderr)
        return 2
    pytest_args = [
        "--pyargs",
        "fakepush.contract",
        "-p",
        "no:cacheprovider",
        "-p",
        "no:xdist",  # one process, so one record in request order
        "-o",
        "addopts=",
        "-q",
        # Installed from a wheel, fakepush is a plugin distribution, so pytest wants to
        # rewrite its asserts; this process imported it already, so it would warn
        # "Module already imported so cannot be rewritten: fakepush" (the checks' own
        # modules are imported by pytest itself and still rewritten).
        "-W",
        "ignore::pytest.PytestAssertRewriteWarning",
        "--fakepush-record",
        args.out,
    ]
    if args.target:
        pytest_args += ["--fakepush-target", args.target]
    if args.profile:
        pytest_args += ["--fakepush-profile", args.profile]
    code = int(pytest.main(pytest_args + list(args.pytest_args)))
    try:
        with open(args.out, encoding="utf-8") as handle:
            count = len(json.load(handle)["exchanges"])
    except (OSError, ValueError, KeyError):
        print(
            f"fakepush contract record: no record written (pytest exit status {code})",
            file=sys.stderr,
        )
        return code or 1
    print(f"recorded {count} exchanges to {args.out} (pytest exit status {code})")
    return code


def compare_command(args: argparse.Namespace) -> int:
    try:
        with open(args.file, encoding="utf-8") as handle:
            record = json.load(handle)
    except (OSError, ValueError) as exc:
        print(f"fakepush contract compare: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    if not isinstance(record, dict) or not isinstance(record.get("exchanges"), list):
        print(f"fakepush contract compare: {args.file} is not a contract record", file=sys.stderr)
        return 2
    count, differences = compare(record, args.profile)
    for difference in differences:
        print(difference)
    distinct: dict[tuple[str, str, str], list[Any]] = {}
    for d in differences:
        key = (
            d.what,
            json.dumps(d.recorded, sort_keys=True),
            json.dumps(d.replayed, sort_keys=True),
        )
        distinct.setdefault(key, []).append(d)
    if distinct:
        print(f"\n{len(distinct)} distinct divergence(s):")
        for (what, recorded, replayed), items in distinct.items():
            print(f"- {what} x{len(items)}, first at {items[0].request} ({items[0].check})")
            print(f"    recorded {recorded}\n    replayed {replayed}")
    print(
        f"{count} exchanges replayed against a fresh fake (profile {args.profile}): "
        f"{len(differences)} difference(s)"
    )
    return 1 if differences else 0
