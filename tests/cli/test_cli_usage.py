"""The command line as a new user meets it: --version, usage of the right subcommand, plain help."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

import fakepush
from fakepush.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_version_prints_the_package_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert (code, out.strip()) == (0, f"fakepush {fakepush.__version__}")


def test_a_bad_flag_of_serve_prints_the_usage_of_serve(capsys):
    code, _, err = run(capsys, "serve", "--bogus")
    assert code == 2
    assert err.startswith("usage: fakepush serve ")
    assert "--profile" in err and "fakepush serve: error: unrecognized arguments: --bogus" in err


def test_a_bad_flag_of_contract_compare_prints_the_usage_of_compare(capsys):
    code, _, err = run(capsys, "contract", "compare", "x.json", "--bogus")
    assert code == 2
    assert err.startswith("usage: fakepush contract compare ")


@pytest.mark.parametrize(
    "argv",
    [(), ("serve",), ("contract",), ("contract", "record"), ("contract", "compare")],
)
def test_help_texts_are_plain_text(capsys, argv):
    code, out, _ = run(capsys, *argv, "--help")
    assert code == 0
    assert "`" not in out, out


def test_serve_help_names_every_default_and_what_each_profile_means(capsys):
    _, out, _ = run(capsys, "serve", "--help")
    text = " ".join(out.split())
    assert "default 127.0.0.1" in text and "default 8080" in text
    assert "fidelity profile (default " in text
    for meaning in (
        "auto answers an official SDK",
        "docs always answers in the documents' shapes",
        "sdk always in the official SDKs' shapes",
    ):
        assert meaning in text


def test_a_busy_port_suggests_port_0():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = subprocess.run(
            [sys.executable, "-m", "fakepush", "serve", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr
    assert "pass --port 0 to pick a free port" in result.stderr
