"""``fakepush serve`` killed and restarted on one state file: every start shows its banner.

The hang the crash check (bench/crash.py) once saw, one start in about thirty without a
banner in 30 s, was the banner itself: ``print`` wrote it in two ``write`` calls (the
text, then the final newline) when stdout was unbuffered (``PYTHONUNBUFFERED``) or the
banner was longer than the stdout buffer. The check's stdout was a temporary file shared
with the server, the same open file and so the same file offset; its reader rewound that
offset to read the file again, and a newline written just after a rewind landed on the
banner's first byte: ``\\nakepush serving on ...``, a banner nobody could find any more.
The server now writes its banner in one ``write``. The reader here rewinds the shared
offset as fast as it can, so a banner in two writes is torn in about every other start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.reliability.serve_process import REGISTRATIONS, call, device, device_ids

pytestmark = pytest.mark.slow

RESTARTS = 12
START_TIMEOUT = 30
LAST_LINE = b"Stop with Ctrl-C (or SIGTERM).\n"
TORN_SECONDS = 2


@contextmanager
def rewinding_reader_start(command: list[str], env: dict[str, str]) -> Iterator[bytes]:
    """Start serve with stdout on a file whose offset this reader keeps rewinding; yields
    the output once the banner's last line is there (no banner in time fails the test);
    SIGKILLs the server at the end."""
    with tempfile.TemporaryFile() as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.DEVNULL, env=env)
        try:
            deadline = time.monotonic() + START_TIMEOUT
            written = b""
            # Done at the banner's last line with its newline; a torn banner (its newline
            # on its first byte) is seen as the last line without one for a while.
            while not written.endswith(LAST_LINE):
                if LAST_LINE.strip() in written:
                    deadline = min(deadline, time.monotonic() + TORN_SECONDS)
                assert time.monotonic() < deadline, f"no whole banner: {written!r}"
                assert process.poll() is None, f"serve exited {process.returncode}"
                for _ in range(200):  # what a reader that reads the file again does first
                    os.lseek(out.fileno(), 0, os.SEEK_SET)
                written = os.pread(out.fileno(), 1 << 20, 0)  # reads without moving it
            yield written
        finally:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=10)


def url_of(banner: bytes) -> str:
    first = banner.split(b"\n", 1)[0].decode()
    assert first.startswith("fakepush serving on http://"), f"torn banner: {banner[:60]!r}"
    return first.split()[3]


@pytest.mark.parametrize("stdout", ["unbuffered", "longer-than-the-buffer"])
def test_every_restart_after_a_sigkill_prints_a_whole_banner(tmp_path, stdout):
    state_file = tmp_path / "state.json"
    command = [sys.executable, "-m", "fakepush", "serve", "--port", "0",
               "--state-file", str(state_file)]
    env = dict(os.environ)
    env.pop("PYTHONUNBUFFERED", None)
    if stdout == "unbuffered":
        env["PYTHONUNBUFFERED"] = "1"
    else:  # about 12 KiB of banner, past the 8 KiB stdout buffer
        for i in range(60):
            command += ["--backendless-app", f"BANNER-APP-{i:03}:key-{i:03}:banner{i:03}"]
    registered: set[str] = set()
    for restart in range(RESTARTS):
        with rewinding_reader_start(command, env) as banner:
            url = url_of(banner)
            status, export = call(url + "/_fakepush/state")
            # Killed right after its registration: the file may miss it, never hold more.
            assert status == 200 and device_ids(export) <= registered
            assert call(url + REGISTRATIONS, "POST", device(f"restart-{restart}"))[0] == 200
            registered.add(f"restart-{restart}")
