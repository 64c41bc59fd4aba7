"""Logging that never blocks the server: a bounded queue and one writer thread.

CI often pipes ``fakepush serve``'s output to a file or nowhere. A write to a pipe
nobody reads blocks once its buffer (64 KiB on Linux) is full; with a plain
``StreamHandler`` that write happens in a request thread holding the handler's lock, so
every later request waits behind it and shutdown never comes. Here a request only puts
the line in a bounded queue (dropping it when the queue is full); a daemon thread writes
the lines with ``os.write`` on the raw descriptor, so a blocked write holds no lock any
other thread needs, and the process can exit while it is stuck.
"""

from __future__ import annotations

import logging
import os
import queue
import sys
import threading
import time
from typing import TextIO

QUEUE_LINES = 10_000


class NonBlockingHandler(logging.Handler):
    """Formats a record and queues its line; a full queue drops it (counted, never waits)."""

    def __init__(self, fd: int) -> None:
        super().__init__()
        self.fd = fd
        self.dropped = 0
        self._lines: queue.Queue[bytes] = queue.Queue(QUEUE_LINES)
        self._thread = threading.Thread(target=self._write_lines, name="fakepush:log", daemon=True)
        self._thread.start()

    # The base class takes a lock around emit; nothing here needs one (the queue has its own).
    def handle(self, record: logging.LogRecord) -> bool:  # type: ignore[override]
        if self.filter(record):
            self.emit(record)
        return True

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = (self.format(record) + "\n").encode("utf-8", "replace")
        except Exception:
            self.handleError(record)
            return
        self.put(line)

    def put(self, line: bytes) -> None:
        try:
            self._lines.put_nowait(line)
        except queue.Full:
            self.dropped += 1

    def say(self, text: str) -> None:
        """A line of the server's own (not a log record), through the same queue."""
        self.put((text + "\n").encode("utf-8", "replace"))

    def _write_lines(self) -> None:
        while True:
            data = self._lines.get()
            while not self._lines.empty() and len(data) < 65536:
                data += self._lines.get_nowait()
            try:
                while data:
                    data = data[os.write(self.fd, data):]
            except OSError:  # stderr closed: nothing more to say
                return

    def drain(self, timeout: float) -> None:
        """Give the writer up to ``timeout`` seconds to take what is queued (at shutdown)."""
        deadline = time.monotonic() + timeout
        while not self._lines.empty() and time.monotonic() < deadline:
            time.sleep(0.01)


def log_to(fd: int, fmt: str, datefmt: str | None = None) -> NonBlockingHandler:
    """Send every log record of the process (the root logger's) to ``fd`` without blocking.

    On the root logger, so werkzeug's logger finds a handler and never adds its own
    ``StreamHandler`` (werkzeug._internal._log does when none is found).
    """
    handler = NonBlockingHandler(fd)
    handler.setFormatter(logging.Formatter(fmt, datefmt))
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return handler


def stderr_fd() -> int:
    """The descriptor of stderr, or of /dev/null for a process started with stderr closed
    (``2>&-``: ``sys.stderr`` is None); the lines have nowhere to go, the server still runs."""
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return os.open(os.devnull, os.O_WRONLY)


def print_whole(text: str, stream: TextIO | None = None) -> None:
    """Print ``text`` and its newline in one ``write`` (the banner of ``fakepush serve``).

    ``print`` writes the text and the newline in two calls when the stream is unbuffered
    (``PYTHONUNBUFFERED``, ``-u``) or the text is longer than its buffer. A reader that
    shares the output file with the server (the same open file, so the same offset, as a
    ``subprocess`` stdout given a file object) and rewinds it to read again made the
    second write land on the first byte: a banner torn that way is never found
    (tests/reliability/test_serve_restart.py). One write leaves nothing to interleave.
    """
    stream = sys.stdout if stream is None else stream
    if stream is None:  # started with stdout closed: nobody to tell
        return
    stream.flush()
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # not a file (pytest's capture)
        stream.write(text + "\n")
        stream.flush()
        return
    data = (text + "\n").encode(stream.encoding or "utf-8", "backslashreplace")
    while data:  # a regular file takes it whole; a pipe may take it in parts
        data = data[os.write(fd, data) :]
