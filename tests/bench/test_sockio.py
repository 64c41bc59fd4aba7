"""A connection's files time out as Python's socket timeout would, with the kernel's timeouts."""

from __future__ import annotations

import socket
import time

import pytest

from fakepush.web import sockio


def test_read_that_waits_past_the_timeout_raises_socket_timeout():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        rfile, _ = sockio.open_files(ours, 0.2)
        started = time.monotonic()
        with pytest.raises(socket.timeout):
            rfile.readline()
        assert 0.1 < time.monotonic() - started < 5


def test_read_timeout_can_be_changed_between_reads():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        rfile, wfile = sockio.open_files(ours, 30)
        theirs.sendall(b"first\r\n")
        assert rfile.readline() == b"first\r\n"
        sockio.set_read_timeout(ours, 0.1)
        with pytest.raises(socket.timeout):
            rfile.readline()
        theirs.sendall(b"second\r\n")  # the file still reads after a timeout
        assert rfile.readline() == b"second\r\n"
        assert wfile.write(b"answer") == 6 and theirs.recv(100) == b"answer"


def test_write_to_a_client_that_never_reads_raises_socket_timeout():
    ours, theirs = socket.socketpair()
    with ours, theirs:
        _, wfile = sockio.open_files(ours, 0.2)
        with pytest.raises(socket.timeout):
            for _ in range(10_000):
                wfile.write(b"x" * 65536)
