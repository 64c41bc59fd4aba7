"""The ``--state-file`` of ``fakepush serve``: read at start, kept on disk while it runs.

The promise (docs/admin.md, "State file"): every acknowledged change is on disk within
one second of its answer, written atomically (a private temp file, fsync, ``os.replace``,
fsync of the directory), and once more on shutdown; a SIGKILL loses at most the last
second. Temp files a killed writer left behind are removed at start.
"""

from __future__ import annotations

import glob
import json
import os
import tempfile
import threading
from collections.abc import Callable
from typing import Any

from fakepush.jsonbody import InvalidJSON, parse_json

FLUSH_INTERVAL_SECONDS = 0.25


class StateFileError(Exception):
    """The state file cannot be used; the message says why and names it."""


def _temp_prefix(path: str) -> str:
    return f".{os.path.basename(path)}."


def read_state_file(path: str) -> Any:
    """The export in ``path``, or None if there is no such file; StateFileError if unusable."""
    if not os.path.lexists(path):
        directory = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(directory):
            raise StateFileError(
                f"cannot use state file {path}: directory {directory} does not exist"
            )
        return None
    try:
        with open(path, "rb") as file:
            data = file.read()
    except OSError as exc:
        raise StateFileError(f"cannot read state file {path}: {exc}") from None
    # The request bodies' strict parser: invalid UTF-8, lone surrogates and nesting too
    # deep for the recursion limit are refused with a reason, never a traceback.
    try:
        return parse_json(data)
    except InvalidJSON as exc:
        reason = exc.reason.replace("request body", "the file")
        raise StateFileError(f"state file {path} is not valid JSON: {reason}") from None


def remove_stale_temp_files(path: str) -> list[str]:
    """Delete the temp files a writer killed mid-write left beside ``path`` (they hold keys)."""
    directory = os.path.dirname(os.path.abspath(path))
    pattern = os.path.join(glob.escape(directory), glob.escape(_temp_prefix(path)) + "*.tmp")
    removed = []
    for stale in glob.glob(pattern, include_hidden=True):
        try:
            os.unlink(stale)
            removed.append(stale)
        except OSError:
            pass
    return removed


def write_state_file(path: str, data: Any) -> None:
    """Write atomically: a temp file in the same directory, fsync, then ``os.replace``.

    A crash mid-write leaves the old file whole; the temp file is private (mode 0600)
    because the export holds api keys and tokens. ``allow_nan=False``: the file is JSON.
    """
    directory = os.path.dirname(os.path.abspath(path))
    fd, temp_path = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            json.dump(data, file, indent=1, allow_nan=False)
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
    _fsync_directory(directory)


def _fsync_directory(directory: str) -> None:
    """Make the rename itself durable (POSIX: the directory entry lives in the directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class StateFileWriter:
    """Writes the fake's export to the state file whenever a change was acknowledged.

    A thread of its own: the fake's clock has no timer threads (expiry and scheduled
    delivery are lazy), but durability is about the disk, not the fake's time. Waiting
    for the next request to write would lose the last changes of a server that goes
    quiet and is then killed; writing inside each request would make every write
    request wait on fsync. So a request only marks the state dirty (``changed``), and
    this thread writes at most every ``FLUSH_INTERVAL_SECONDS``, well within the second
    that is promised.
    """

    def __init__(
        self, path: str, export: Callable[[], Any], on_error: Callable[[str], None]
    ) -> None:
        self.path = path
        self._export = export
        self._on_error = on_error
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._write_lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="fakepush:state-file", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def changed(self) -> None:
        """A change was made (called before its answer leaves)."""
        self._dirty.set()

    def _run(self) -> None:
        while not self._stop.wait(FLUSH_INTERVAL_SECONDS):
            if self._dirty.is_set():
                self.flush()

    def flush(self) -> bool:
        """Write now if a change is pending; False if the write failed (the reason is reported)."""
        with self._write_lock:
            # Cleared before the export: a change made while writing marks it dirty again.
            self._dirty.clear()
            try:
                write_state_file(self.path, self._export())
            except (OSError, ValueError) as exc:
                self._dirty.set()
                self._on_error(f"cannot write state file {self.path}: {exc}")
                return False
            return True

    def stop(self) -> bool:
        """Stop the thread and write the final state; False if that write failed."""
        self._stop.set()
        self._thread.join(timeout=5)
        return self.flush()
